"""The review workflow: saving drafts, submitting, publishing, revisions and their history.

Every function checks permission with `policy.may`, changes state, writes an audit entry and
flushes; the index change is recorded in the same flush. The view or command that called it
commits, once for the whole user action ("save, then submit" is one transaction).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from nsc_library.evidence import EvidenceLevel
from nsc_library.exchange import EXCHANGE_KEYS, practice_record, validate_record
from nsc_library.exchange.validation import check_years
from nsc_library.extensions import db
from nsc_library.models import Practice, ReviewNote, Revision, Role, User
from nsc_library.models.columns import utcnow
from nsc_library.practice_rules import STATUS_LABELS, Status
from nsc_library.services import audit, corrections, practices
from nsc_library.services.adaptations import keep_lineage_only
from nsc_library.services.policy import Action, may, may_create

REQUIRED_MESSAGES = ("is required", "at least one is required")
TRANSITIONS: dict[str, tuple[set[Status], Status]] = {
    "submit": ({Status.DRAFT, Status.CHANGES_REQUESTED}, Status.SUBMITTED),
    "publish": ({Status.SUBMITTED}, Status.PUBLISHED),
    "request_changes": ({Status.SUBMITTED}, Status.CHANGES_REQUESTED),
    "archive": ({Status.PUBLISHED}, Status.ARCHIVED),
    "unarchive": ({Status.ARCHIVED}, Status.PUBLISHED),
}
# Whole sentences, one per action, so that each language can build its own.
REFUSED = {
    "submit": _l("This practice cannot be submitted: its status is “%(status)s”."),
    "publish": _l("This practice cannot be published: its status is “%(status)s”."),
    "request_changes": _l(
        "This practice cannot be sent back for changes: its status is “%(status)s”."
    ),
    "archive": _l("This practice cannot be archived: its status is “%(status)s”."),
    "unarchive": _l("This practice cannot be published again: its status is “%(status)s”."),
}
MAX_COMMENT = 5000


class WorkflowError(ValueError):
    """An action that cannot be taken; the message tells the user why."""


class NotAllowed(WorkflowError):
    pass


class EditConflict(WorkflowError):
    pass


class InvalidPractice(WorkflowError):
    def __init__(self, problems: list[tuple[str, str]]) -> None:
        super().__init__("Some fields need attention.")
        self.problems = problems


def check_record(raw: dict[str, Any], complete: bool) -> dict[str, Any]:
    """Validate with the exchange-format rules; a draft may leave required fields empty."""
    terms = practices.known_terms()
    record, problems = validate_record(raw, terms)
    if not complete:
        empties = {k for k, m in problems if m in REQUIRED_MESSAGES}
        problems = [(k, m) for k, m in problems if k not in empties]
        if not problems:
            raw = {**raw, **{k: [] if k == "themes" else "" for k in empties}}
            record, _problems = validate_record(raw, terms)
            record.update({k: raw[k] for k in empties})
            problems = check_years(record)  # a draft too may not end before it starts
    if problems:
        raise InvalidPractice(problems)
    return record


def require(allowed: bool, message: str | None = None) -> None:
    if not allowed:
        raise NotAllowed(message or _("You may not do this."))


def latest_revision_number(practice: Practice) -> int:
    return practice.revisions[-1].number if practice.revisions else 0


def pending_revision(practice: Practice) -> Revision | None:
    pending = [r for r in practice.revisions if r.pending]
    return pending[-1] if pending else None


def save_practice(
    practice: Practice | None,
    raw: dict[str, Any],
    user: User,
    base_revision: int | None,
    inspired_by: list[int] | None = None,
) -> Practice:
    """Save a draft or an edit. An edit of a published practice waits for an editor."""
    record = check_record(raw, complete=False)
    # Only an editor sets the evidence level (services/assessment.py); a save keeps it.
    practices.keep_absent(practice, {k: v for k, v in raw.items() if k != "evidence_level"}, record)
    if practice is None:
        record["evidence_level"] = EvidenceLevel.NOT_ASSESSED.value
    if practice is None:
        require(may_create(user))
        practice = practices.create_practice(record, Status.DRAFT, user, note="created")
        audit.record(user, "practice.created", practice.slug)
    else:
        require(may(user, Action.EDIT, practice))
        if base_revision != latest_revision_number(practice):
            raise EditConflict(
                _(
                    "Someone else saved this practice while you were editing it. Your text is "
                    "kept below: compare it with the history, then save again."
                )
            )
        if practice.status == Status.PUBLISHED:
            add_pending_revision(practice, record, user)
        else:
            practices.update_practice(practice, record, user, note="saved")
    if inspired_by is not None:
        set_lineage(practice, inspired_by)
    flush_or_conflict()
    return practice


def add_pending_revision(practice: Practice, record: dict[str, Any], user: User) -> None:
    number = latest_revision_number(practice) + 1
    practice.revisions.append(
        Revision(
            number=number, content=record, author=user, note="waiting for review", pending=True
        )
    )
    audit.record(user, "practice.revision_pending", practice.slug, revision=number)


def set_lineage(practice: Practice, ids: list[int]) -> None:
    chosen = [i for i in ids if i != practice.id]
    practice.inspired_by = (
        list(
            db.session.scalars(
                select(Practice).where(Practice.id.in_(chosen), Practice.status == Status.PUBLISHED)
            )
        )
        if chosen
        else []
    )
    keep_lineage_only(practice)


def flush_or_conflict() -> None:
    """Two saves racing for the same revision number: the later one is refused, not merged."""
    try:
        db.session.flush()
    except IntegrityError:
        # A failed flush has ended the transaction already; the session is usable only after
        # rollback(). The whole user action is undone: nothing of it is kept.
        db.session.rollback()
        raise EditConflict(
            _("Someone else saved this practice at the same moment. Reload it and save again.")
        ) from None


def transition(practice: Practice, user: User, name: str, action: Action) -> None:
    require(may(user, action, practice))
    sources, target = TRANSITIONS[name]
    if practice.status not in sources:
        status = STATUS_LABELS[practice.status.value]
        raise WorkflowError(str(REFUSED[name]) % {"status": status})
    audit.record(
        user, f"practice.{name}", practice.slug, before=practice.status.value, after=target.value
    )
    practice.status = target


def submit_practice(practice: Practice, user: User) -> None:
    require(may(user, Action.SUBMIT, practice))
    check_record(practice_record(practice), complete=True)
    transition(practice, user, "submit", Action.SUBMIT)
    db.session.flush()


def check_four_eyes(author: User | None, editor: User) -> None:
    """An editor does not approve their own change while another editor could (FOUR_EYES)."""
    if not current_app.config.get("FOUR_EYES", True) or author is None or author.id != editor.id:
        return
    others = db.session.scalar(
        select(func.count(User.id)).where(
            User.active.is_(True), User.role.in_((Role.EDITOR, Role.ADMIN)), User.id != editor.id
        )
    )
    if others:
        raise NotAllowed(
            _(
                "You wrote this change, so another editor reviews it (the four-eyes rule). "
                "It stays in the review queue for them."
            )
        )


def publish_practice(practice: Practice, editor: User) -> None:
    check_record(practice_record(practice), complete=True)
    if practice.revisions:
        check_four_eyes(practice.revisions[-1].author, editor)
    transition(practice, editor, "publish", Action.PUBLISH)
    practice.published_at = practice.published_at or utcnow()
    practice.last_verified = date.today()
    db.session.flush()


def request_changes(practice: Practice, editor: User, comment: str) -> None:
    """Send a submission back, or turn down a pending edit of a published practice."""
    comment = comment.strip()
    if not comment:
        raise InvalidPractice([("comment", "say what should change")])
    if len(comment) > MAX_COMMENT:
        raise InvalidPractice([("comment", _("at most %(count)s characters", count=MAX_COMMENT))])
    pending = pending_revision(practice)
    if practice.status == Status.PUBLISHED and pending:
        require(may(editor, Action.REQUEST_CHANGES, practice))
        for revision in practice.revisions:
            revision.pending = False
        pending.note = "changes requested"
        audit.record(editor, "practice.revision_declined", practice.slug, revision=pending.number)
    else:
        transition(practice, editor, "request_changes", Action.REQUEST_CHANGES)
    practice.review_notes.append(ReviewNote(author=editor, body=comment))
    db.session.flush()


def approve_revision(practice: Practice, editor: User) -> None:
    """Publish the newest pending edit of a published practice."""
    require(may(editor, Action.PUBLISH, practice))
    pending = pending_revision(practice)
    if pending is None:
        raise WorkflowError(_("This practice has no edit waiting for review."))
    check_four_eyes(pending.author, editor)
    record = check_record(pending.content, complete=True)
    practices.keep_absent(practice, pending.content, record)
    # The level an editor assigned since the edit was written stays.
    record["evidence_level"] = practice_record(practice)["evidence_level"]
    for revision in practice.revisions:
        revision.pending = False
    practices.update_practice(practice, record, editor, note=f"approved revision {pending.number}")
    practice.last_verified = date.today()
    audit.record(editor, "practice.revision_approved", practice.slug, revision=pending.number)
    corrections.close_by_edit(practice, editor)
    flush_or_conflict()


def archive_practice(practice: Practice, editor: User) -> None:
    transition(practice, editor, "archive", Action.ARCHIVE)
    db.session.flush()


def unarchive_practice(practice: Practice, editor: User) -> None:
    transition(practice, editor, "unarchive", Action.ARCHIVE)
    db.session.flush()


def restore_revision(practice: Practice, editor: User, number: int) -> None:
    """Make an older revision's content current again, as a new revision."""
    require(may(editor, Action.RESTORE_REVISION, practice))
    old = next((r for r in practice.revisions if r.number == number), None)
    if old is None:
        raise WorkflowError(_("This practice has no revision %(number)s.", number=number))
    old_raw = {k: old.content[k] for k in EXCHANGE_KEYS if k in old.content}
    record = check_record(old_raw, complete=False)
    practices.keep_absent(practice, old_raw, record)
    if not practices.update_practice(practice, record, editor, note=f"restored revision {number}"):
        raise WorkflowError(
            _("Revision %(number)s is the same as the current text.", number=number)
        )
    audit.record(editor, "practice.revision_restored", practice.slug, revision=number)
    corrections.close_by_edit(practice, editor)
    flush_or_conflict()


def confirm_up_to_date(practice: Practice, user: User) -> None:
    """A contributor confirms with one click that the write-up is still right."""
    require(may(user, Action.CONFIRM, practice))
    practice.last_verified = date.today()
    number = latest_revision_number(practice) + 1
    practice.revisions.append(
        Revision(
            number=number,
            content=practice_record(practice),
            author=user,
            note="confirmed up to date",
        )
    )
    audit.record(user, "practice.confirmed", practice.slug)
    flush_or_conflict()
