"""Countries (ISO 3166-1) and the cities that publish practices."""

from __future__ import annotations

from sqlalchemy import Float, ForeignKey, Integer, String, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from nsc_library.extensions import db

NORDIC_CODES = ("DK", "FI", "IS", "NO", "SE", "AX", "FO", "GL")
CITY_SLUG_MAX = 120
CITY_DESCRIPTION_MAX = 600


class Country(db.Model):
    __tablename__ = "country"

    code: Mapped[str] = mapped_column(String(2), primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    nordic: Mapped[bool] = mapped_column(default=False)

    cities: Mapped[list[City]] = relationship(back_populates="country")

    def __repr__(self) -> str:
        return f"<Country {self.code}>"


class City(db.Model):
    __tablename__ = "city"
    __table_args__ = (UniqueConstraint("name", "country_code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    country_code: Mapped[str] = mapped_column(ForeignKey("country.code"), index=True)
    # The address of the city's profile; made once from the name and kept when the name changes.
    slug: Mapped[str] = mapped_column(String(CITY_SLUG_MAX), unique=True, index=True)
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    description: Mapped[str] = mapped_column(String(CITY_DESCRIPTION_MAX), default="")
    member: Mapped[bool] = mapped_column(default=False, server_default=false())
    member_since: Mapped[int | None] = mapped_column(Integer)

    country: Mapped[Country] = relationship(back_populates="cities", lazy="joined")

    def __repr__(self) -> str:
        return f"<City {self.name}, {self.country_code}>"
