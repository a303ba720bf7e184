"""Column helpers shared by the models (the declarative base is `Base` in extensions.py)."""

import enum
from datetime import UTC, datetime

from sqlalchemy import Enum


def utcnow() -> datetime:
    return datetime.now(UTC)


def enum_type(enum_class: type[enum.Enum]) -> Enum:
    """A portable enum column: VARCHAR plus a CHECK constraint, storing the values."""
    return Enum(
        enum_class,
        native_enum=False,
        length=20,
        create_constraint=True,
        name=enum_class.__name__.lower(),
        values_callable=lambda members: [m.value for m in members],
    )


def as_utc(moment: datetime | None) -> datetime | None:
    """SQLite gives back naive datetimes; the library stores UTC, so mark them as such."""
    if moment is None:
        return None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
