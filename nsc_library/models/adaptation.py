"""Adaptation reports: what a practice kept, changed or dropped of one it was inspired by."""

from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, ForeignKey, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from nsc_library.extensions import db


class Adaptation(db.Model):
    """Recorded by the copying city (`practice`) about its source (`source`), on their lineage."""

    __tablename__ = "practice_adaptation"
    __table_args__ = (UniqueConstraint("practice_id", "source_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    practice_id: Mapped[int] = mapped_column(ForeignKey("practice.id", ondelete="CASCADE"))
    source_id: Mapped[int] = mapped_column(
        ForeignKey("practice.id", ondelete="CASCADE"), index=True
    )
    # [{"component", "decision": kept|changed|dropped, "how"}], one per core component of source
    components: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    # {"size", "legal_basis", "budget", "other"}: how the copying city differs
    context: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    what_happened: Mapped[str] = mapped_column(Text, default="")

    # Practice is named, not imported: practice.py imports this module.
    practice: Mapped["Practice"] = relationship(  # noqa: F821, UP037
        foreign_keys=[practice_id], back_populates="adaptations"
    )
    source: Mapped["Practice"] = relationship(  # noqa: F821, UP037
        foreign_keys=[source_id], back_populates="adopted"
    )
