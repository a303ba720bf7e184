"""URL table for contributors: dashboard, writing and editing practices, history."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from nsc_library import stash
from nsc_library.actions import practice_or_404, run_action
from nsc_library.contribute import editing, history, preview
from nsc_library.extensions import db
from nsc_library.forms import ActionForm, CommentForm
from nsc_library.models import Practice
from nsc_library.rendering import markdown_to_html
from nsc_library.services import dashboards, notifications, workflow
from nsc_library.services.policy import Action, is_editor, may, may_create

bp = Blueprint("contribute", __name__, url_prefix="/contribute")


@bp.app_context_processor
def review_context() -> dict:
    """The size of the review queue, shown to editors in the navigation."""
    if is_editor(current_user):
        return {"review_count": dashboards.queue_size()}
    return {"review_count": None}


@bp.before_request
@login_required
def signed_in() -> None:
    """Every page here needs an account; anonymous visitors go to the login page."""


@bp.get("/")
def dashboard():
    return render_template("contribute/dashboard.html", board=dashboards.for_user(current_user))


@bp.route("/new", methods=["GET", "POST"])
def new_practice():
    if not may_create(current_user):
        abort(403, description=_("Your account may not write practices."))
    return edit_page(None)


@bp.route("/<int:practice_id>/edit", methods=["GET", "POST"])
def edit_practice(practice_id: int):
    return edit_page(practice_or_404(practice_id, Action.EDIT))


def edit_page(practice: Practice | None):
    restored = None if request.method == "POST" else stash.take(request.path)
    form = editing.form_for(practice, current_user, restored)
    preview = None
    status = 200
    if form.is_submitted():
        if not form.validate():
            status = 400
        elif form.preview.data:
            preview = {k: markdown_to_html(form[k].data) for k in ("description", "results")}
        else:
            try:
                practice = save(form, practice)
            except workflow.InvalidPractice as exc:
                form.add_problems(exc.problems)
                status = 400
            except workflow.EditConflict as exc:
                flash(str(exc), "error")
                status = 409
            except workflow.WorkflowError as exc:
                flash(str(exc), "error")
                status = 403 if isinstance(exc, workflow.NotAllowed) else 400
            else:
                return redirect(url_for("contribute.view_practice", practice_id=practice.id))
    return render_template(
        "contribute/edit.html",
        form=form,
        practice=practice,
        preview=preview,
        comment=editing.open_comment(practice),
        restored=restored is not None,
    ), status


def save(form, practice: Practice | None) -> Practice:
    """Save, and submit if asked: one transaction, so a refused submission saves nothing."""
    try:
        practice = save_and_submit(form, practice)
    except workflow.WorkflowError:
        db.session.rollback()
        raise
    db.session.commit()
    if form.submit_for_review.data and practice.status != practice.status.PUBLISHED:
        notifications.submitted(practice, current_user)
        flash(_("Saved and submitted for review."), "info")
    elif practice.status == practice.status.PUBLISHED:
        notifications.submitted(practice, current_user)  # the edit waits for an editor
        flash(_("Saved. The published text stays until an editor approves your change."), "info")
    else:
        flash(_("Draft saved."), "info")
    return practice


def save_and_submit(form, practice: Practice | None) -> Practice:
    practice = workflow.save_practice(
        practice,
        editing.raw_for(form, current_user),
        current_user,
        editing.base_revision(form),
        inspired_by=form.inspired_by.data or [],
    )
    if form.submit_for_review.data and practice.status != practice.status.PUBLISHED:
        workflow.submit_practice(practice, current_user)
    return practice


@bp.get("/<int:practice_id>")
def view_practice(practice_id: int):
    practice = practice_or_404(practice_id)
    return render_template(
        "contribute/practice.html",
        practice=practice,
        pending=workflow.pending_revision(practice),
        shown=preview.to_be_published(practice),
        changes=preview.changes_from_published(practice),
        action_form=ActionForm(),
        comment_form=CommentForm(),
        may=may,
        Action=Action,
        is_editor=is_editor(current_user),
    )


@bp.post("/<int:practice_id>/submit")
def submit(practice_id: int):
    return run_action(
        practice_id,
        Action.SUBMIT,
        workflow.submit_practice,
        _("Submitted for review."),
        tell=notifications.submitted,
    )


@bp.post("/<int:practice_id>/confirm")
def confirm(practice_id: int):
    return run_action(
        practice_id,
        Action.CONFIRM,
        workflow.confirm_up_to_date,
        _("Thank you: the practice is marked as checked today."),
    )


@bp.get("/<int:practice_id>/history")
def practice_history(practice_id: int):
    practice = practice_or_404(practice_id, Action.HISTORY)
    a, b = request.args.get("a", type=int), request.args.get("b", type=int)
    diff = history.compare(practice, a, b) if a and b else None
    if (a or b) and diff is None:
        abort(404, description=_("One of these revisions does not exist."))
    return render_template(
        "contribute/history.html",
        practice=practice,
        diff=diff,
        a=a,
        b=b,
        action_form=ActionForm(),
        may_restore=may(current_user, Action.RESTORE_REVISION, practice),
    )


@bp.post("/<int:practice_id>/restore/<int:number>")
def restore(practice_id: int, number: int):
    return run_action(
        practice_id,
        Action.RESTORE_REVISION,
        workflow.restore_revision,
        _("Revision %(number)s restored as a new revision.", number=number),
        number,
    )
