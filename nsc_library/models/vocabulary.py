"""Controlled vocabularies that editors keep tidy: themes, approaches, target groups."""

from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, String
from sqlalchemy.orm import Mapped, mapped_column

from nsc_library.extensions import db


class VocabularyTerm(db.Model):
    __abstract__ = True

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(60), unique=True)
    label: Mapped[str] = mapped_column(String(100))
    description: Mapped[str] = mapped_column(String(300), default="")
    # Labels in the other interface languages: {"fi": {"label": ..., "description": ...}}.
    # `label` and `description` are the English ones, and stand in for a missing translation.
    translations: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    def label_in(self, language: str) -> str:
        """The label in `language`, else the English one."""
        return (self.translations or {}).get(language, {}).get("label") or self.label

    def description_in(self, language: str) -> str:
        return (self.translations or {}).get(language, {}).get("description") or self.description

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.slug}>"


class Theme(VocabularyTerm):
    __tablename__ = "theme"


class Approach(VocabularyTerm):
    __tablename__ = "approach"


class TargetGroup(VocabularyTerm):
    __tablename__ = "target_group"
