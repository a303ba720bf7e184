"""URL table for editors: the review queue and the actions on a practice."""

from __future__ import annotations

from collections.abc import Callable

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from flask_wtf import FlaskForm

from nsc_library.actions import practice_or_404, run_action
from nsc_library.extensions import db
from nsc_library.forms import ActionForm, CommentForm
from nsc_library.i18n import LANGUAGES, language_name
from nsc_library.models import Practice
from nsc_library.review import collection_editing as editing
from nsc_library.review.forms import (
    EvidenceForm,
    ModelForm,
    ReplyForm,
)
from nsc_library.services import (
    assessment,
    corrections,
    dashboards,
    notifications,
    translations,
    workflow,
)
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
    return render_template(
        "review/queue.html",
        submitted=submitted,
        pending=pending,
        reports=corrections.open_corrections(),
        reply_form=ReplyForm(),
        outdated_translations=len(translations.outdated_queue()),
    )


@bp.post("/corrections/<int:correction_id>/close")
def close_correction(correction_id: int):
    """Close a visitor's report with a reply (a published edit of the practice closes it too)."""
    task = corrections.correction(correction_id)
    if task is None:
        abort(404, description=_("There is no report with this number."))
    form = ReplyForm()
    if not form.validate():
        flash(_("Write a reply of at most 5,000 characters."), "error")
        return redirect(url_for("review.queue", _anchor=f"report-{task.id}")), 303
    try:
        corrections.close_with_reply(task, current_user, form.reply.data)
    except corrections.CorrectionError as exc:
        flash(str(exc), "error")
        return redirect(url_for("review.queue")), 303
    notifications.correction_replied(task)
    db.session.commit()
    flash(_("The report is closed."), "info")
    return redirect(url_for("review.queue"))


# The editors' collections, in review/collection_editing.py.
bp.add_url_rule("/collections", view_func=editing.collection_list)
bp.add_url_rule("/collections", view_func=editing.create_collection, methods=["POST"])
bp.add_url_rule("/collections/<int:collection_id>", view_func=editing.edit_collection)
bp.add_url_rule(
    "/collections/<int:collection_id>",
    view_func=editing.update_collection,
    methods=["POST"],
)
bp.add_url_rule(
    "/collections/<int:collection_id>/practices",
    view_func=editing.add_to_collection,
    methods=["POST"],
)
bp.add_url_rule(
    "/collections/<int:collection_id>/practices/<int:practice_id>/<move>",
    view_func=editing.move_in_collection,
    methods=["POST"],
)


@bp.get("/translations")
def translations_queue():
    """Out-of-date translations, the most changed original first; and, for one language,
    published practices not yet translated into it."""
    language = request.args.get("language", "")
    if language and language not in translations.TRANSLATION_LANGUAGES:
        abort(400, description=_("The library has no such language."))
    return render_template(
        "review/translations.html",
        outdated=translations.outdated_queue(),
        language=language,
        untranslated=translations.untranslated(language) if language else [],
        languages=LANGUAGES,
        language_name=language_name,
    )


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
    form = EvidenceForm()
    return assess(
        practice_id,
        form,
        _("Choose a level of the scale; the reason may be 2,000 characters."),
        lambda practice: assessment.assign_evidence_level(
            practice, current_user, form.level.data, form.reason.data or ""
        ),
        _("Evidence level saved."),
        _("The level was already this one."),
    )


@bp.post("/<int:practice_id>/model")
def practice_model(practice_id: int):
    """The editor marks the practice as a local version of a Nordic model, or of none."""
    form = ModelForm()
    return assess(
        practice_id,
        form,
        _("Choose one of the library's Nordic models, or none."),
        lambda practice: assessment.assign_model(practice, current_user, form.model.data or ""),
        _("Model saved."),
        _("The model was already this one."),
    )


def assess(
    practice_id: int,
    form: FlaskForm,
    refused: str,
    assign: Callable[[Practice], bool],
    saved: str,
    unchanged: str,
):
    """An editor's assessment of a practice: check the form, call `assign(practice)`, commit.

    A refusal by the service is a 400 with its reason; `assign` says whether anything changed."""
    practice = practice_or_404(practice_id, Action.PUBLISH)
    if not form.validate_on_submit():
        abort(400, description=refused)
    try:
        changed = assign(practice)
    except assessment.AssessmentError as exc:
        db.session.rollback()
        abort(400, description=str(exc))
    db.session.commit()
    flash(saved if changed else unchanged, "info")
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
        notifications.decision(practice, "changes_requested", current_user, form.comment.data)
        db.session.commit()
        flash(_("Sent back to the contributors with your comment."), "info")
    return redirect(url_for("contribute.view_practice", practice_id=practice.id))
