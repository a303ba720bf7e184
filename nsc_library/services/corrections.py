"""Reports of outdated or wrong information: tasks in the editors' queue, tied to a practice."""

from __future__ import annotations

from sqlalchemy import Select, func, select
from sqlalchemy.orm import selectinload

from nsc_library.extensions import db
from nsc_library.models import Correction, CorrectionStatus, Practice, User
from nsc_library.models.columns import utcnow
from nsc_library.services import audit

CLOSED_BY_REPLY = "reply"
CLOSED_BY_EDIT = "edit"


class CorrectionError(Exception):
    """A report that cannot be closed as asked; the message says why."""


def report(practice: Practice, text: str, email: str) -> Correction:
    """Store a visitor's report as an open task for the editors. Plain text, escaped when shown."""
    correction = Correction(
        practice=practice,
        text=text.strip(),
        email=email.strip(),
        status=CorrectionStatus.OPEN,
        closed_by="",
        reply="",
    )
    db.session.add(correction)
    db.session.flush()
    return correction


def open_corrections() -> list[Correction]:
    """Open reports, oldest first, for the review queue."""
    return list(
        db.session.scalars(
            select(Correction)
            .where(Correction.status == CorrectionStatus.OPEN)
            .options(selectinload(Correction.practice))
            .order_by(Correction.created_at, Correction.id)
        )
    )


def open_count_query() -> Select:
    return select(func.count(Correction.id)).where(Correction.status == CorrectionStatus.OPEN)


def open_count() -> int:
    return db.session.scalar(open_count_query()) or 0


def correction(correction_id: int) -> Correction | None:
    return db.session.get(Correction, correction_id)


def close_with_reply(task: Correction, editor: User, reply: str) -> None:
    """An editor answers the report and closes it; the view e-mails the reply if it can."""
    if task.status == CorrectionStatus.CLOSED:
        raise CorrectionError("This report is closed already.")
    if not reply.strip():
        raise CorrectionError("Write a reply that says what was done.")
    close(task, editor, CLOSED_BY_REPLY, reply.strip())
    db.session.flush()


def close_by_edit(practice: Practice, editor: User) -> int:
    """A published edit of the practice closes its open reports; how many it closed."""
    tasks = db.session.scalars(
        select(Correction).where(
            Correction.practice_id == practice.id, Correction.status == CorrectionStatus.OPEN
        )
    ).all()
    for task in tasks:
        close(task, editor, CLOSED_BY_EDIT, "")
    return len(tasks)


def close(task: Correction, editor: User, how: str, reply: str) -> None:
    task.status = CorrectionStatus.CLOSED
    task.closed_at = utcnow()
    task.closed_by = how
    task.reply = reply
    task.closed_by_user_id = editor.id
    audit.record(editor, "correction.closed", task.practice.slug, correction=task.id, how=how)
