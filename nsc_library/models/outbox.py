"""The index outbox: a change log of practices whose search-index document must be rewritten."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, DateTime, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from nsc_library.extensions import db
from nsc_library.models.columns import utcnow


class IndexChange(db.Model):
    """One practice to re-read into the index, written in the same transaction as the change.

    Ids only grow (AUTOINCREMENT on SQLite, a sequence on PostgreSQL): each index directory
    remembers the last id it applied and catches up from there. No foreign key: the practice
    may have been deleted, which is itself a change to apply.
    """

    __tablename__ = "index_outbox"
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    practice_id: Mapped[int] = mapped_column(Integer, index=True)
    reason: Mapped[str] = mapped_column(String(20), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    def __repr__(self) -> str:
        return f"<IndexChange {self.id} practice {self.practice_id} {self.reason}>"
