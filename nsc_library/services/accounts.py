"""Accounts: creating users, invitations, password resets, deactivation and login checks.

Each function flushes its changes and their audit entry; the view or command commits.
"""

from __future__ import annotations

import hashlib
import re
import secrets
import unicodedata
from datetime import timedelta
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from argon2.profiles import CHEAPEST
from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import delete, func, select

from nsc_library.extensions import db
from nsc_library.i18n import DEFAULT_LANGUAGE, LANGUAGES
from nsc_library.models import AccountToken, City, LoginFailure, Role, TokenPurpose, User
from nsc_library.models.columns import as_utc, utcnow
from nsc_library.services import audit

MIN_PASSWORD_LENGTH = 12
TOKEN_LIFETIME = timedelta(days=7)
FAILURE_WINDOW = timedelta(minutes=15)
MAX_FAILURES_PER_ACCOUNT = 5
MAX_FAILURES_PER_ADDRESS = 20
# One @ between two non-empty parts; none of the characters that only a quoted or hostile
# address holds (spaces, angle brackets, quotes, separators), so an address is safe to show.
EMAIL_SHAPE = re.compile(r"[^@\s<>()\[\]\\,;:\"]+@[^@\s<>()\[\]\\,;:\"]+")
INVISIBLE_CATEGORIES = ("Cc", "Cf", "Cs", "Co", "Cn")  # controls, bidi and zero-width marks


@cache
def _hasher(cheap: bool) -> PasswordHasher:
    # The test suite may ask for Argon2's cheapest profile; production uses the defaults.
    return PasswordHasher.from_parameters(CHEAPEST) if cheap else PasswordHasher()


def hasher() -> PasswordHasher:
    return _hasher(bool(current_app and current_app.config.get("CHEAP_PASSWORD_HASHES")))


@cache
def _dummy_hash(cheap: bool) -> str:
    # Verifying against a throwaway hash keeps unknown e-mails as slow as known ones.
    return _hasher(cheap).hash("not a real password, only for timing")


class AccountError(ValueError):
    """A request about an account that cannot be carried out; the message says why."""


class TooManyAttempts(AccountError):
    """Too many failed logins recently for this account or address."""


def hash_password(password: str) -> str:
    return hasher().hash(password)


def password_matches(user: User, password: str) -> bool:
    if not user.password_hash:
        return False
    try:
        return hasher().verify(user.password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def check_password_rules(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(
            _("the password must be at least %(count)s characters long", count=MIN_PASSWORD_LENGTH)
        )
    if len(password) > 1000:
        raise AccountError(_("the password must be at most 1000 characters long"))


def find_user(email: str) -> User | None:
    return db.session.scalar(select(User).where(func.lower(User.email) == email.strip().lower()))


def normalised_email(email: str) -> str:
    email = email.strip().lower()
    if (
        len(email) > 254
        or not EMAIL_SHAPE.fullmatch(email)
        or any(unicodedata.category(c) in INVISIBLE_CATEGORIES for c in email)
    ):
        raise AccountError(_("“%(email)s” is not an e-mail address", email=email[:254]))
    return email


def create_user(
    email: str, role: Role, password: str, city: City | None = None, actor: User | None = None
) -> User:
    """A new active account; contributors must belong to a city."""
    email = normalised_email(email)
    if find_user(email):
        raise AccountError(_("an account for %(email)s exists already", email=email))
    if role == Role.CONTRIBUTOR and city is None:
        raise AccountError("a contributor belongs to a city: give --city")
    check_password_rules(password)
    user = User(email=email, role=role, city=city, password_hash=hash_password(password))
    db.session.add(user)
    audit.record(actor, "account.created", email, role=role.value)
    db.session.flush()
    return user


def load_user(user_id: str) -> User | None:
    """Flask-Login's loader: the active account behind a session, if any."""
    if not user_id.isdigit():
        return None
    user = db.session.get(User, int(user_id))
    return user if user is not None and user.active else None


def authenticate(email: str, password: str, address: str) -> User:
    """The account for these credentials; the same error whether or not the e-mail exists."""
    email = email.strip().lower()[:254]
    check_not_throttled(email, address)
    user = find_user(email)
    valid = password_matches(user, password) if user else _dummy_verify(password)
    if not valid or user is None or not user.active:
        db.session.add(LoginFailure(email=email, address=address[:64]))
        db.session.flush()
        raise AccountError(_("The e-mail address or password is not right."))
    db.session.execute(delete(LoginFailure).where(LoginFailure.email == email))
    db.session.flush()
    return user


def _dummy_verify(password: str) -> bool:
    try:
        cheap = bool(current_app.config.get("CHEAP_PASSWORD_HASHES"))
        _hasher(cheap).verify(_dummy_hash(cheap), password)
    except (VerificationError, InvalidHashError):
        pass
    return False


def check_not_throttled(email: str, address: str) -> None:
    since = utcnow() - FAILURE_WINDOW
    recent = select(func.count(LoginFailure.id)).where(LoginFailure.created_at > since)
    by_account = db.session.scalar(recent.where(LoginFailure.email == email))
    by_address = db.session.scalar(recent.where(LoginFailure.address == address[:64]))
    if by_account >= MAX_FAILURES_PER_ACCOUNT or by_address >= MAX_FAILURES_PER_ADDRESS:
        minutes = int(FAILURE_WINDOW.total_seconds() // 60)
        raise TooManyAttempts(
            _("Too many failed attempts. Try again in %(minutes)s minutes.", minutes=minutes)
        )


def _new_token(**fields) -> tuple[AccountToken, str]:
    secret = secrets.token_urlsafe(32)
    token = AccountToken(
        token_hash=token_digest(secret), expires_at=utcnow() + TOKEN_LIFETIME, **fields
    )
    db.session.add(token)
    return token, secret


def token_digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def invite(email: str, role: Role, city: City | None, actor: User | None) -> str:
    """An invitation link secret for a new account; valid once, for seven days."""
    email = normalised_email(email)
    if find_user(email):
        raise AccountError(_("an account for %(email)s exists already", email=email))
    if role == Role.CONTRIBUTOR and city is None:
        raise AccountError(_("a contributor belongs to a city: choose one"))
    _token, secret = _new_token(
        purpose=TokenPurpose.INVITATION,
        email=email,
        role=role,
        city=city,
        created_by_id=actor and actor.id,
    )
    audit.record(actor, "account.invited", email, role=role.value, city=city and city.name)
    db.session.flush()
    return secret


def password_reset_link(user: User, actor: User | None) -> str:
    """A single-use password-reset secret for an account."""
    _token, secret = _new_token(
        purpose=TokenPurpose.PASSWORD_RESET,
        email=user.email,
        user_id=user.id,
        created_by_id=actor and actor.id,
    )
    audit.record(actor, "account.reset_link", user.email)
    db.session.flush()
    return secret


def usable_token(secret: str, purpose: TokenPurpose) -> AccountToken:
    token = db.session.scalar(
        select(AccountToken).where(
            AccountToken.token_hash == token_digest(secret), AccountToken.purpose == purpose
        )
    )
    if token is None:
        raise AccountError(_("This link is not valid. Ask an administrator for a new one."))
    if token.used_at is not None:
        raise AccountError(
            _("This link has been used already. Ask an administrator for a new one.")
        )
    if as_utc(token.expires_at) < utcnow():
        raise AccountError(_("This link has expired. Ask an administrator for a new one."))
    return token


def accept_invitation(secret: str, password: str, display_name: str) -> User:
    """Create the invited account with its password; the link cannot be used again."""
    token = usable_token(secret, TokenPurpose.INVITATION)
    check_password_rules(password)
    if find_user(token.email):
        raise AccountError(_("an account for %(email)s exists already", email=token.email))
    user = User(
        email=token.email,
        role=token.role,
        city_id=token.city_id,
        display_name=display_name.strip()[:120],
        password_hash=hash_password(password),
    )
    db.session.add(user)
    token.used_at = utcnow()
    audit.record(None, "account.created", token.email, role=token.role.value, via="invitation")
    db.session.flush()
    return user


def reset_password(secret: str, password: str) -> User:
    token = usable_token(secret, TokenPurpose.PASSWORD_RESET)
    check_password_rules(password)
    user = token.user
    user.password_hash = hash_password(password)
    token.used_at = utcnow()
    audit.record(None, "account.password_reset", user.email)
    db.session.flush()
    return user


def set_active(user: User, active: bool, actor: User) -> None:
    if user.id == actor.id and not active:
        raise AccountError(_("You cannot deactivate your own account."))
    user.active = active
    audit.record(actor, "account.activated" if active else "account.deactivated", user.email)
    db.session.flush()


def remember_language(user: User, language: str) -> None:
    """Keep the interface language someone signed in with: their e-mails are written in it.
    No language stored means English, so signing in in English writes nothing."""
    if language in LANGUAGES and (user.language or DEFAULT_LANGUAGE) != language:
        user.language = language
        db.session.flush()
