"""URL table for contributors: dashboard, writing and editing practices, history."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from nsc_library.actions import practice_or_404, run_action
from nsc_library.contribute import (
    adaptation,
    history,
    inspiration,
    preview,
    translating,
    writing,
)
from nsc_library.contribute.forms import AnswerForm
from nsc_library.extensions import db
from nsc_library.forms import ActionForm, CommentForm
from nsc_library.services import (
    dashboards,
    mail,
    network,
    notifications,
    questions,
    translations,
    workflow,
)
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
    return render_template(
        "contribute/dashboard.html",
        board=dashboards.for_user(current_user),
        open_questions=questions.open_count(current_user),
    )


@bp.get("/questions")
def inbox():
    """Questions to the contributor's city; for editors, every city's (the secretariat's inbox)."""
    return render_template(
        "contribute/inbox.html",
        items=questions.inbox(current_user),
        secretariat=is_editor(current_user),
    )


def question_or_404(question_id: int):
    found = questions.question_for(current_user, question_id)
    if found is None:
        abort(404, description=_("There is no question with this number in your inbox."))
    return found


@bp.get("/questions/<int:question_id>")
def question(question_id: int):
    return render_template(
        "contribute/question.html", question=question_or_404(question_id), form=AnswerForm()
    )


@bp.post("/questions/<int:question_id>/answer")
def answer(question_id: int):
    found = question_or_404(question_id)
    form = AnswerForm()
    if not form.validate():
        return render_template("contribute/question.html", question=found, form=form), 400
    try:
        questions.answer_question(found, current_user, form.answer.data)
    except questions.QuestionError as exc:
        db.session.rollback()
        flash(str(exc), "error")
        return render_template("contribute/question.html", question=found, form=form), 409
    queued = notifications.question_answered(found)
    db.session.commit()
    sent = mail.delivered(queued)
    flash(
        _("Answer sent.") if sent else _("Answer saved; the e-mail could not be sent."),
        "info",
    )
    return redirect(url_for("contribute.inbox"))


@bp.route("/new", methods=["GET", "POST"])
def new_practice():
    if not may_create(current_user):
        abort(403, description=_("Your account may not write practices."))
    return writing.edit_page(None)


@bp.route("/<int:practice_id>/edit", methods=["GET", "POST"])
def edit_practice(practice_id: int):
    return writing.edit_page(practice_or_404(practice_id, Action.EDIT))


@bp.get("/practices/find")
def find_practices():
    """Published practices matching `q`, for the "Inspired by" picker's search as one types."""
    return inspiration.find_answer(request.args, current_user)


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
        nordic_models=network.models() if is_editor(current_user) else [],
        translation_states=translations.states(practice),
        free_languages=translating.free_languages(practice),
        language_name=translating.language_name,
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


@bp.route("/<int:practice_id>/translations/new", methods=["GET", "POST"])
def new_translation(practice_id: int):
    return translating.translation_page(practice_or_404(practice_id, Action.EDIT), None)


@bp.route("/<int:practice_id>/translations/<language>", methods=["GET", "POST"])
def edit_translation(practice_id: int, language: str):
    return translating.translation_page(practice_or_404(practice_id, Action.EDIT), language)


@bp.post("/<int:practice_id>/translations/<language>/delete")
def delete_translation(practice_id: int, language: str):
    return translating.delete(practice_or_404(practice_id, Action.EDIT), language)


@bp.post("/<int:practice_id>/restore/<int:number>")
def restore(practice_id: int, number: int):
    return run_action(
        practice_id,
        Action.RESTORE_REVISION,
        workflow.restore_revision,
        _("Revision %(number)s restored as a new revision.", number=number),
        number,
    )


@bp.route("/<int:practice_id>/adaptations/<int:source_id>", methods=["GET", "POST"])
def adaptation_report(practice_id: int, source_id: int):
    """The copying city's report on a practice it was inspired by; its writers and editors."""
    return adaptation.report_page(practice_or_404(practice_id, Action.EDIT), source_id)
