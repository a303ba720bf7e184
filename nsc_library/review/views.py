"""URL table for editors: the review queue and the actions on a practice."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from nsc_library.actions import practice_or_404, run_action
from nsc_library.extensions import db
from nsc_library.forms import ActionForm, CommentForm
from nsc_library.review.forms import EvidenceForm
from nsc_library.services import assessment, dashboards, notifications, workflow
from nsc_library.services.policy import Action, is_editor

bp = Blueprint("review", __name__, url_prefix="/review")


@bp.before_request
@login_required
def editors_only() -> None:
    if not is_editor(current_user):
        abort(403, description=_("Only editors review practices."))


@bp.get("/")
def queue():
    submitted, pending = dashboards.review_queue()
    return render_template("review/queue.html", submitted=submitted, pending=pending)


@bp.post("/<int:practice_id>/publish")
def publish(practice_id: int):
    return run_action(
        practice_id,
        Action.PUBLISH,
        workflow.publish_practice,
        _("Published."),
        tell=told("published"),
    )


def told(kind: str):
    """The e-mail to the contributors once an editor's decision is committed."""
    return lambda practice, editor: notifications.decision(practice, kind, editor)


@bp.post("/<int:practice_id>/approve")
def approve(practice_id: int):
    return run_action(
        practice_id,
        Action.PUBLISH,
        workflow.approve_revision,
        _("The change is approved and published."),
        tell=told("approved"),
    )


@bp.get("/<int:practice_id>/archive")
def confirm_archive(practice_id: int):
    """Ask before archiving: the practice leaves the library and its page answers 410."""
    practice = practice_or_404(practice_id, Action.ARCHIVE)
    return render_template("review/confirm_archive.html", practice=practice, form=ActionForm())


@bp.post("/<int:practice_id>/archive")
def archive(practice_id: int):
    return run_action(practice_id, Action.ARCHIVE, workflow.archive_practice, _("Archived."))


@bp.post("/<int:practice_id>/unarchive")
def unarchive(practice_id: int):
    return run_action(
        practice_id, Action.ARCHIVE, workflow.unarchive_practice, _("Published again.")
    )


@bp.post("/<int:practice_id>/evidence-level")
def evidence_level(practice_id: int):
    """The editor places the practice on the scale of /evidence, with the criteria beside it."""
    practice = practice_or_404(practice_id, Action.PUBLISH)
    form = EvidenceForm()
    if not form.validate_on_submit():
        abort(
            400, description=_("Choose a level of the scale; the reason may be 2,000 characters.")
        )
    try:
        changed = assessment.assign_evidence_level(
            practice, current_user, form.level.data, form.reason.data or ""
        )
    except assessment.AssessmentError as exc:
        flash(str(exc), "error")
    else:
        db.session.commit()
        flash(
            _("Evidence level saved.") if changed else _("The level was already this one."), "info"
        )
    return redirect(url_for("contribute.view_practice", practice_id=practice.id))


@bp.post("/<int:practice_id>/request-changes")
def request_changes(practice_id: int):
    practice = practice_or_404(practice_id, Action.REQUEST_CHANGES)
    form = CommentForm()
    if not form.validate_on_submit():
        abort(400, description=_("The form had expired or the comment is too long."))
    try:
        workflow.request_changes(practice, current_user, form.comment.data or "")
    except workflow.InvalidPractice:
        flash(_("Write a comment that says what should change."), "error")
    except workflow.WorkflowError as exc:
        flash(str(exc), "error")
    else:
        db.session.commit()
        notifications.decision(practice, "changes_requested", current_user, form.comment.data)
        flash(_("Sent back to the contributors with your comment."), "info")
    return redirect(url_for("contribute.view_practice", practice_id=practice.id))
