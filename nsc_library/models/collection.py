"""Collections: named, ordered lists of practices that editors curate, with an introduction."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from nsc_library.extensions import db
from nsc_library.models.columns import utcnow
from nsc_library.models.practice import Practice

MAX_COLLECTION_TITLE = 200
MAX_COLLECTION_SLUG = 120
MAX_INTRODUCTION = 10_000


class Collection(db.Model):
    __tablename__ = "practice_collection"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(MAX_COLLECTION_SLUG), unique=True)
    title: Mapped[str] = mapped_column(String(MAX_COLLECTION_TITLE))
    introduction: Mapped[str] = mapped_column(Text, default="")  # Markdown, sanitised when shown
    published: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )

    items: Mapped[list[CollectionItem]] = relationship(
        back_populates="collection",
        order_by="CollectionItem.position",
        cascade="all, delete-orphan",
    )

    def __repr__(self) -> str:
        return f"<Collection {self.slug}>"


class CollectionItem(db.Model):
    """One practice at one place in a collection."""

    __tablename__ = "collection_item"

    collection_id: Mapped[int] = mapped_column(
        ForeignKey("practice_collection.id", ondelete="CASCADE"), primary_key=True
    )
    practice_id: Mapped[int] = mapped_column(
        ForeignKey("practice.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)

    collection: Mapped[Collection] = relationship(back_populates="items")
    practice: Mapped[Practice] = relationship()
