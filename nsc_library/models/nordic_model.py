"""A named Nordic model (SSP, SLT, Exit, ...) that local practices implement."""

from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from nsc_library.extensions import db
from nsc_library.models.places import Country

MODEL_SLUG_MAX = 80
MODEL_NAME_MAX = 120
MODEL_OTHER_NAMES_MAX = 20
# Each of a model's texts (origin, idea, how it works, legal basis): a few paragraphs.
MODEL_TEXT_MAX = 5000


class NordicModel(db.Model):
    """Named `NordicModel` because `Model` is Flask-SQLAlchemy's base class."""

    __tablename__ = "nordic_model"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(MODEL_SLUG_MAX), unique=True)
    name: Mapped[str] = mapped_column(String(MODEL_NAME_MAX), unique=True)
    # Acronyms, local and English names: a search for any of them shows the model first.
    other_names: Mapped[list[str]] = mapped_column(JSON, default=list)
    origin_country_code: Mapped[str | None] = mapped_column(ForeignKey("country.code"))
    origin_year: Mapped[int | None] = mapped_column(Integer)
    origin: Mapped[str] = mapped_column(Text, default="")
    idea: Mapped[str] = mapped_column(Text, default="")
    how_it_works: Mapped[str] = mapped_column(Text, default="")
    legal_basis: Mapped[str] = mapped_column(Text, default="")
    # [{"title": ..., "url": ...}] manuals and materials, in the order shown.
    materials: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)

    origin_country: Mapped[Country | None] = relationship(lazy="joined")

    def __repr__(self) -> str:
        return f"<NordicModel {self.slug}>"
