"""Invitations not yet accepted: listing, revoking and sending them again."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select

from nsc_library.extensions import db
from nsc_library.models import AccountToken, TokenPurpose, User
from nsc_library.models.columns import as_utc, utcnow
from nsc_library.services import accounts, audit


class InvitationError(ValueError):
    """An invitation that cannot be revoked or sent again; the message says why."""


def pending() -> list[AccountToken]:
    """Unused, unexpired invitations, newest first."""
    tokens = db.session.scalars(
        select(AccountToken)
        .where(AccountToken.purpose == TokenPurpose.INVITATION, AccountToken.used_at.is_(None))
        .order_by(AccountToken.id.desc())
    )
    now = utcnow()
    return [t for t in tokens if as_utc(t.expires_at) > now]


def open_invitation(token_id: int) -> AccountToken:
    token = db.session.get(AccountToken, token_id)
    if token is None or token.purpose != TokenPurpose.INVITATION or token.used_at is not None:
        raise InvitationError(_("This invitation has been accepted or does not exist."))
    return token


def revoke(token_id: int, actor: User) -> str:
    """End an invitation now: its link stops working. Returns the e-mail. Flushes."""
    token = open_invitation(token_id)
    token.expires_at = utcnow()
    audit.record(actor, "account.invitation_revoked", token.email)
    db.session.flush()
    return token.email


def resend(token_id: int, actor: User) -> tuple[str, str]:
    """Replace an invitation by a fresh one (the old link stops working): (e-mail, secret)."""
    token = open_invitation(token_id)
    token.expires_at = utcnow()
    db.session.flush()
    secret = accounts.invite(token.email, token.role, token.city, actor)
    return token.email, secret
