"""People who write and review practices."""

from __future__ import annotations

import enum
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import DateTime, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from nsc_library.extensions import db
from nsc_library.models.columns import enum_type, utcnow
from nsc_library.models.places import City


class Role(enum.StrEnum):
    CONTRIBUTOR = "contributor"
    EDITOR = "editor"
    ADMIN = "admin"


class User(UserMixin, db.Model):
    __tablename__ = "user_account"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str | None] = mapped_column(String(255))
    display_name: Mapped[str] = mapped_column(String(120), default="")
    role: Mapped[Role] = mapped_column(enum_type(Role))
    city_id: Mapped[int | None] = mapped_column(ForeignKey("city.id"), index=True)
    active: Mapped[bool] = mapped_column(default=True)
    # The interface language of their last sign-in: their e-mails are written in it.
    language: Mapped[str | None] = mapped_column(String(8))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    city: Mapped[City | None] = relationship()

    @property
    def is_active(self) -> bool:  # read by Flask-Login
        return self.active

    def __repr__(self) -> str:
        return f"<User {self.email} {self.role}>"
