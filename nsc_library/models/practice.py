"""A prevention practice, its links, lineage and saved revisions."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from nsc_library.evidence import EvidenceLevel
from nsc_library.extensions import db
from nsc_library.models.account import User
from nsc_library.models.activity import ReviewNote
from nsc_library.models.adaptation import Adaptation
from nsc_library.models.columns import enum_type, utcnow
from nsc_library.models.nordic_model import NordicModel
from nsc_library.models.places import City
from nsc_library.models.translation import PracticeTranslation
from nsc_library.models.vocabulary import Approach, TargetGroup, Theme
from nsc_library.practice_rules import MAX_LENGTH, Evaluation, PreventionLevel, Status


def _link_table(name: str, term_table: str) -> Table:
    return Table(
        name,
        db.metadata,
        Column("practice_id", ForeignKey("practice.id", ondelete="CASCADE"), primary_key=True),
        Column(f"{term_table}_id", ForeignKey(f"{term_table}.id"), primary_key=True),
    )


practice_theme = _link_table("practice_theme", "theme")
practice_approach = _link_table("practice_approach", "approach")
practice_target_group = _link_table("practice_target_group", "target_group")

practice_lineage = Table(
    "practice_lineage",
    db.metadata,
    Column("practice_id", ForeignKey("practice.id", ondelete="CASCADE"), primary_key=True),
    Column("inspired_by_id", ForeignKey("practice.id", ondelete="CASCADE"), primary_key=True),
)


class Practice(db.Model):
    __tablename__ = "practice"
    # Browsing the published library without reading its rows: newest first, and per city.
    __table_args__ = (
        Index("ix_practice_status_published", "status", "published_at", "id"),
        Index("ix_practice_status_city", "status", "city_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(120), unique=True)
    title: Mapped[str] = mapped_column(String(MAX_LENGTH["title"]))
    summary: Mapped[str] = mapped_column(String(MAX_LENGTH["summary"]), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    # For write-ups in another language: what the practice is, for readers and search in English.
    english_summary: Mapped[str] = mapped_column(String(MAX_LENGTH["english_summary"]), default="")
    city_id: Mapped[int] = mapped_column(ForeignKey("city.id"), index=True)
    prevention_level: Mapped[PreventionLevel | None] = mapped_column(enum_type(PreventionLevel))
    organisation: Mapped[str] = mapped_column(String(MAX_LENGTH["organisation"]), default="")
    partners: Mapped[list[str]] = mapped_column(JSON, default=list)
    start_year: Mapped[int | None] = mapped_column(Integer)
    end_year: Mapped[int | None] = mapped_column(Integer)
    evaluation: Mapped[Evaluation | None] = mapped_column(enum_type(Evaluation))
    evaluation_summary: Mapped[str] = mapped_column(Text, default="")
    results: Mapped[str] = mapped_column(Text, default="")
    resources: Mapped[str] = mapped_column(Text, default="")
    contact_name: Mapped[str] = mapped_column(String(MAX_LENGTH["contact_name"]), default="")
    contact_email: Mapped[str] = mapped_column(String(MAX_LENGTH["contact_email"]), default="")
    contact_role: Mapped[str] = mapped_column(String(MAX_LENGTH["contact_role"]), default="")
    language: Mapped[str] = mapped_column(String(8), default="en")
    # Format 2: the level on the scale of /evidence (set by an editor), and how to start it.
    evidence_level: Mapped[EvidenceLevel] = mapped_column(
        enum_type(EvidenceLevel), default=EvidenceLevel.NOT_ASSESSED, index=True
    )
    implementation: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    # The Nordic model this practice is a local version of, if any (set by editors). No ON
    # DELETE rule: SQLite cannot add one to an existing table without copying it (migration 0008).
    model_id: Mapped[int | None] = mapped_column(ForeignKey("nordic_model.id"), index=True)
    status: Mapped[Status] = mapped_column(enum_type(Status), default=Status.DRAFT, index=True)
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow, index=True
    )
    published_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    last_verified: Mapped[date | None] = mapped_column(Date)
    # Optimistic locking: a save based on an older version is refused instead of overwriting.
    version: Mapped[int] = mapped_column(Integer, default=1)

    city: Mapped[City] = relationship(lazy="joined")
    model: Mapped[NordicModel | None] = relationship()
    owner: Mapped[User | None] = relationship()
    themes: Mapped[list[Theme]] = relationship(secondary=practice_theme, order_by=Theme.label)
    approaches: Mapped[list[Approach]] = relationship(
        secondary=practice_approach, order_by=Approach.label
    )
    target_groups: Mapped[list[TargetGroup]] = relationship(
        secondary=practice_target_group, order_by=TargetGroup.label
    )
    links: Mapped[list[PracticeLink]] = relationship(
        back_populates="practice", order_by="PracticeLink.position", cascade="all, delete-orphan"
    )
    inspired_by: Mapped[list[Practice]] = relationship(
        secondary=practice_lineage,
        primaryjoin=lambda: Practice.id == practice_lineage.c.practice_id,
        secondaryjoin=lambda: Practice.id == practice_lineage.c.inspired_by_id,
        back_populates="inspired",
    )
    inspired: Mapped[list[Practice]] = relationship(
        secondary=practice_lineage,
        primaryjoin=lambda: Practice.id == practice_lineage.c.inspired_by_id,
        secondaryjoin=lambda: Practice.id == practice_lineage.c.practice_id,
        back_populates="inspired_by",
    )
    adaptations: Mapped[list[Adaptation]] = relationship(
        foreign_keys=[Adaptation.practice_id],
        back_populates="practice",
        cascade="all, delete-orphan",
    )
    adopted: Mapped[list[Adaptation]] = relationship(
        foreign_keys=[Adaptation.source_id], back_populates="source", cascade="all, delete-orphan"
    )
    revisions: Mapped[list[Revision]] = relationship(
        back_populates="practice", order_by="Revision.number", cascade="all, delete-orphan"
    )

    translations: Mapped[list[PracticeTranslation]] = relationship(
        back_populates="practice",
        order_by="PracticeTranslation.language",
        cascade="all, delete-orphan",
    )

    review_notes: Mapped[list[ReviewNote]] = relationship(
        order_by="ReviewNote.created_at.desc()", cascade="all, delete-orphan"
    )

    __mapper_args__ = {"version_id_col": version}

    @property
    def country(self):
        return self.city.country

    @property
    def is_published(self) -> bool:
        return self.status == Status.PUBLISHED

    def __repr__(self) -> str:
        return f"<Practice {self.slug} {self.status}>"


class PracticeLink(db.Model):
    __tablename__ = "practice_link"

    id: Mapped[int] = mapped_column(primary_key=True)
    practice_id: Mapped[int] = mapped_column(
        ForeignKey("practice.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)
    title: Mapped[str] = mapped_column(String(MAX_LENGTH["link_title"]))
    url: Mapped[str] = mapped_column(String(MAX_LENGTH["link_url"]))

    practice: Mapped[Practice] = relationship(back_populates="links")


class Revision(db.Model):
    """One saved version of a practice's content, in the exchange format."""

    __tablename__ = "revision"
    __table_args__ = (UniqueConstraint("practice_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    practice_id: Mapped[int] = mapped_column(ForeignKey("practice.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)
    content: Mapped[dict[str, Any]] = mapped_column(JSON)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"), index=True)
    note: Mapped[str] = mapped_column(String(300), default="")
    # A pending revision is an edit of a published practice that waits for an editor.
    pending: Mapped[bool] = mapped_column(default=False, server_default=false())
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    practice: Mapped[Practice] = relationship(back_populates="revisions")
    author: Mapped[User | None] = relationship()
