"""Request counts per address and time window, shared by every worker and host of the library."""

from __future__ import annotations

from sqlalchemy import Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from nsc_library.extensions import db


class RateLimitWindow(db.Model):
    """How many requests one address made to one group of pages in one fixed window."""

    __tablename__ = "rate_limit_window"

    bucket: Mapped[str] = mapped_column(String(40), primary_key=True)
    address: Mapped[str] = mapped_column(String(64), primary_key=True)
    # Seconds since the epoch: integers compare the same way on SQLite and PostgreSQL.
    window_start: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    expires_at: Mapped[int] = mapped_column(Integer, index=True)
    hits: Mapped[int] = mapped_column(Integer)
