"""Column helpers shared by the models."""

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
