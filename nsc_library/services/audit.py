"""The audit log: every state change and account change, with who made it."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from nsc_library.extensions import db
from nsc_library.models import AuditEntry, User


def record(actor: User | None, action: str, subject: str, **details: Any) -> AuditEntry:
    """Add an entry to the current transaction; it is saved with the change it describes."""
    entry = AuditEntry(actor=actor, action=action, subject=subject[:200], details=details)
    db.session.add(entry)
    return entry


def recent_entries(limit: int = 200, before_id: int | None = None) -> list[AuditEntry]:
    query = select(AuditEntry).order_by(AuditEntry.id.desc()).limit(limit)
    if before_id:
        query = query.where(AuditEntry.id < before_id)
    return list(db.session.scalars(query))
