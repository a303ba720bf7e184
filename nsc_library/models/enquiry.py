"""What visitors send about a practice: questions to its city, and reports of wrong information."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from nsc_library.extensions import db
from nsc_library.models.account import User
from nsc_library.models.columns import enum_type, utcnow
from nsc_library.models.places import City
from nsc_library.models.practice import Practice

# Lengths in characters, shared by the forms and the columns.
MAX_ENQUIRY = {"name": 120, "email": 254, "organisation": 200, "text": 3_000, "answer": 5_000}


class QuestionStatus(enum.StrEnum):
    OPEN = "open"
    ANSWERED = "answered"


class CorrectionStatus(enum.StrEnum):
    OPEN = "open"
    CLOSED = "closed"


class Question(db.Model):
    """A visitor's question to the city that owns a practice ("ask the city")."""

    __tablename__ = "question"

    id: Mapped[int] = mapped_column(primary_key=True)
    practice_id: Mapped[int] = mapped_column(
        ForeignKey("practice.id", ondelete="CASCADE"), index=True
    )
    city_id: Mapped[int] = mapped_column(ForeignKey("city.id"), index=True)
    name: Mapped[str] = mapped_column(String(MAX_ENQUIRY["name"]))
    email: Mapped[str] = mapped_column(String(MAX_ENQUIRY["email"]))
    organisation: Mapped[str] = mapped_column(String(MAX_ENQUIRY["organisation"]), default="")
    text: Mapped[str] = mapped_column(Text)
    study_visit: Mapped[bool] = mapped_column(default=False)
    status: Mapped[QuestionStatus] = mapped_column(
        enum_type(QuestionStatus), default=QuestionStatus.OPEN, index=True
    )
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    answered_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    answer: Mapped[str] = mapped_column(Text, default="")
    answered_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )

    practice: Mapped[Practice] = relationship()
    city: Mapped[City] = relationship()
    answered_by: Mapped[User | None] = relationship()


class Correction(db.Model):
    """A report that a practice holds outdated or wrong information: a task for the editors."""

    __tablename__ = "correction"

    id: Mapped[int] = mapped_column(primary_key=True)
    practice_id: Mapped[int] = mapped_column(
        ForeignKey("practice.id", ondelete="CASCADE"), index=True
    )
    text: Mapped[str] = mapped_column(Text)
    email: Mapped[str] = mapped_column(String(MAX_ENQUIRY["email"]), default="")
    status: Mapped[CorrectionStatus] = mapped_column(
        enum_type(CorrectionStatus), default=CorrectionStatus.OPEN, index=True
    )
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    closed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # "reply": an editor answered; "edit": a published edit of the practice closed it.
    closed_by: Mapped[str] = mapped_column(String(20), default="")
    reply: Mapped[str] = mapped_column(Text, default="")
    closed_by_user_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )

    practice: Mapped[Practice] = relationship()
