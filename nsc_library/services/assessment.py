"""An editor places a practice on the evidence scale of /evidence, with a reason, and says which
Nordic model (/models) it is a local version of."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import func, select

from nsc_library.evidence import EvidenceLevel
from nsc_library.exchange import practice_record
from nsc_library.extensions import db
from nsc_library.models import NordicModel, Practice, ReviewNote, User
from nsc_library.practice_rules import Status
from nsc_library.quoting import quoted
from nsc_library.services import audit
from nsc_library.services.policy import Action, may
from nsc_library.services.practices import add_revision

MAX_REASON = 2000


class AssessmentError(ValueError):
    """The level cannot be set; the message says why."""


def assign_evidence_level(practice: Practice, editor: User, level: str, reason: str = "") -> bool:
    """Set the level, saving a revision, an audit entry and the reason as a review note.

    Flushes nothing itself and leaves the commit to the caller; False when nothing changed.
    """
    if not may(editor, Action.PUBLISH, practice):
        raise AssessmentError(_("Only an editor may set the evidence level."))
    try:
        new = EvidenceLevel(level)
    except ValueError:
        allowed = ", ".join(v.value for v in EvidenceLevel)
        raise AssessmentError(
            _(
                "“%(level)s” is not a level of the scale (%(allowed)s).",
                level=level,
                allowed=allowed,
            )
        ) from None
    reason = reason.strip()
    if len(reason) > MAX_REASON:
        raise AssessmentError(
            _("The reason is longer than %(count)s characters.", count=MAX_REASON)
        )
    before = practice_record(practice)["evidence_level"]
    if before == new.value:
        return False
    practice.evidence_level = new
    add_revision(practice, editor, note=f"evidence level: {new.value}")
    audit.record(editor, "practice.evidence_level", practice.slug, before=before, after=new.value)
    if reason:
        practice.review_notes.append(
            ReviewNote(author=editor, body=f"Evidence level set to {new.value}: {reason}")
        )
    return True


def published_level_counts() -> dict[str, int]:
    """How many published practices stand at each level of the scale."""
    rows = db.session.execute(
        select(Practice.evidence_level, func.count(Practice.id))
        .where(Practice.status == Status.PUBLISHED)
        .group_by(Practice.evidence_level)
    )
    counts = {level.value: 0 for level in EvidenceLevel}
    counts.update({level.value: n for level, n in rows})
    return counts


def assign_model(practice: Practice, editor: User, slug: str) -> bool:
    """Mark the practice as a local version of a Nordic model ('' for none), with a revision
    and an audit entry. Flushes nothing itself; False when nothing changed."""
    if not may(editor, Action.PUBLISH, practice):
        raise AssessmentError("Only an editor may say which model a practice implements.")
    model = None
    if slug:
        model = db.session.scalar(select(NordicModel).where(NordicModel.slug == slug))
        if model is None:
            raise AssessmentError(f"{quoted(slug[:80])} is not a Nordic model of the library.")
    before = practice.model.slug if practice.model else None
    if before == (model.slug if model else None):
        return False
    practice.model = model
    add_revision(practice, editor, note=f"model: {model.slug if model else 'none'}")
    after = model.slug if model else None
    audit.record(editor, "practice.model", practice.slug, before=before, after=after)
    return True
