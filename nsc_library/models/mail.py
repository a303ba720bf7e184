"""The mail outbox: messages waiting to be sent, written in the transaction that caused them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, BigInteger, DateTime, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from nsc_library.extensions import db
from nsc_library.models.columns import utcnow


class OutgoingMail(db.Model):
    """One message until an SMTP server (or the mail folder) has taken it; then it is deleted.

    A failed attempt stays here with its error and the time of the next try, so a message is
    never lost to a server that was down: `flask send-mail` and later commits try again.
    """

    __tablename__ = "mail_outbox"
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    recipients: Mapped[list[str]] = mapped_column(JSON)
    subject: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    # Also the lease of a process sending it: set ahead while one tries, so no other sends twice.
    next_attempt_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, index=True
    )
    last_error: Mapped[str] = mapped_column(String(500), default="")

    def __repr__(self) -> str:
        return f"<OutgoingMail {self.id} {self.subject!r} attempts={self.attempts}>"
