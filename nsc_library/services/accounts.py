"""Accounts: creating users and checking passwords."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select

from nsc_library.extensions import db
from nsc_library.models import City, Role, User

MIN_PASSWORD_LENGTH = 12
_hasher = PasswordHasher()


class AccountError(ValueError):
    """A request about an account that cannot be carried out; the message says why."""


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def password_matches(user: User, password: str) -> bool:
    if not user.password_hash:
        return False
    try:
        return _hasher.verify(user.password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def check_password_rules(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"the password must be at least {MIN_PASSWORD_LENGTH} characters long")


def find_user(email: str) -> User | None:
    return db.session.scalar(select(User).where(func.lower(User.email) == email.strip().lower()))


def create_user(email: str, role: Role, password: str, city: City | None = None) -> User:
    """A new active account; contributors must belong to a city. Commits."""
    email = email.strip().lower()
    if "@" not in email:
        raise AccountError(f"{email!r} is not an e-mail address")
    if find_user(email):
        raise AccountError(f"an account for {email} exists already")
    if role == Role.CONTRIBUTOR and city is None:
        raise AccountError("a contributor belongs to a city: give --city")
    check_password_rules(password)
    user = User(email=email, role=role, city=city, password_hash=hash_password(password))
    db.session.add(user)
    db.session.commit()
    return user


def load_user(user_id: str) -> User | None:
    """Flask-Login's loader: the active account behind a session, if any."""
    if not user_id.isdigit():
        return None
    user = db.session.get(User, int(user_id))
    return user if user is not None and user.active else None
