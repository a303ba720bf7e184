"""A translation of a practice's write-up, pinned to the revision of the original it came from."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from nsc_library.extensions import db
from nsc_library.models.account import User
from nsc_library.models.columns import utcnow
from nsc_library.practice_rules import MAX_LENGTH

# The free-text fields a translation carries, in the order the form and the page show them;
# names, places, vocabularies and contacts are not translated.
TRANSLATED_FIELDS = (
    "title",
    "summary",
    "description",
    "results",
    "evaluation_summary",
    "resources",
)


class PracticeTranslation(db.Model):
    __tablename__ = "practice_translation"
    __table_args__ = (UniqueConstraint("practice_id", "language"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    practice_id: Mapped[int] = mapped_column(ForeignKey("practice.id", ondelete="CASCADE"))
    language: Mapped[str] = mapped_column(String(8))
    title: Mapped[str] = mapped_column(String(MAX_LENGTH["title"]))
    summary: Mapped[str] = mapped_column(String(MAX_LENGTH["summary"]), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    results: Mapped[str] = mapped_column(Text, default="")
    evaluation_summary: Mapped[str] = mapped_column(Text, default="")
    resources: Mapped[str] = mapped_column(Text, default="")
    # The revision of the original the text was translated from: later changes make it outdated.
    source_revision_id: Mapped[int] = mapped_column(
        ForeignKey("revision.id", ondelete="CASCADE"), index=True
    )
    translator_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )

    # Practice and Revision are named, not imported: practice.py imports this module.
    practice: Mapped["Practice"] = relationship(back_populates="translations")  # noqa: F821, UP037
    source_revision: Mapped["Revision"] = relationship()  # noqa: F821, UP037
    translator: Mapped[User | None] = relationship()

    def original_text(self) -> dict[str, str]:
        """The translated fields of the original as they were in the pinned revision."""
        content = self.source_revision.content
        return {key: str(content.get(key) or "") for key in TRANSLATED_FIELDS}

    @property
    def outdated(self) -> bool:
        """Whether the original's text has changed since the pinned revision."""
        then = self.original_text()
        return any(then[key] != (getattr(self.practice, key) or "") for key in TRANSLATED_FIELDS)

    def __repr__(self) -> str:
        return f"<PracticeTranslation {self.practice_id} {self.language}>"
