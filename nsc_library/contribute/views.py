"""URL table for contributors: dashboard, writing and editing practices, history."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from nsc_library import stash
from nsc_library.actions import practice_or_404, run_action
from nsc_library.contribute import (
    adaptation,
    editing,
    history,
    inspiration,
    preview,
    translating,
)
from nsc_library.contribute.forms import AnswerForm
from nsc_library.extensions import db
from nsc_library.forms import ActionForm, CommentForm
from nsc_library.models import Practice
from nsc_library.rendering import markdown_to_html
from nsc_library.services import (
    adaptations,
    dashboards,
    mail,
    network,
    notifications,
    practices,
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
    return edit_page(None)


@bp.route("/<int:practice_id>/edit", methods=["GET", "POST"])
def edit_practice(practice_id: int):
    return edit_page(practice_or_404(practice_id, Action.EDIT))


def edit_page(practice: Practice | None):
    restored = None if request.method == "POST" else stash.take(request.path)
    form = editing.form_for(practice, current_user, restored)
    preview = None
    status = 200
    add_to = editing.row_to_add(request.form) if form.is_submitted() else None
    found = None
    if add_to:
        pass  # "Add another": the same form again with one more row, nothing saved
    elif form.is_submitted() and inspiration.wants_search(request.form):
        found = inspiration.find(form, practice)  # the same form with the matches, nothing saved
    elif form.is_submitted():
        if not form.validate():
            status = 400
        elif form.preview.data:
            preview = {k: markdown_to_html(form[k].data) for k in ("description", "results")}
        else:
            try:
                practice = save(form, practice)
            except workflow.InvalidPractice as exc:
                form.add_problems(exc.problems, practices.known_terms())
                status = 400
            except workflow.EditConflict as exc:
                flash(str(exc), "error")
                status = 409
            except workflow.WorkflowError as exc:
                flash(str(exc), "error")
                status = 403 if isinstance(exc, workflow.NotAllowed) else 400
            else:
                return redirect(url_for("contribute.view_practice", practice_id=practice.id))
    editing.finish_rows(form, add_to)
    return render_template(
        "contribute/edit.html",
        form=form,
        practice=practice,
        preview=preview,
        comment=editing.open_comment(practice),
        restored=restored is not None,
        added=add_to,
        found=found,
    ), status


@bp.get("/practices/find")
def find_practices():
    """Published practices matching `q`, for the "Inspired by" picker's search as one types."""
    return inspiration.find_answer(request.args, current_user)


def save(form, practice: Practice | None) -> Practice:
    """Save, and submit if asked: one transaction, so a refused submission saves nothing."""
    try:
        practice = save_and_submit(form, practice)
    except workflow.WorkflowError:
        db.session.rollback()
        raise
    if form.submit_for_review.data and practice.status != practice.status.PUBLISHED:
        notifications.submitted(practice, current_user)
        flash(_("Saved and submitted for review."), "info")
    elif practice.status == practice.status.PUBLISHED:
        notifications.submitted(practice, current_user)  # the edit waits for an editor
        flash(_("Saved. The published text stays until an editor approves your change."), "info")
    else:
        flash(_("Draft saved."), "info")
    db.session.commit()  # the change and its messages, together
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
    practice = practice_or_404(practice_id, Action.EDIT)
    source = next((p for p in practice.inspired_by if p.id == source_id), None)
    if source is None:
        abort(404, description=_("This practice does not name that one as its inspiration."))
    record = editing.current_record(practice)
    core = list((source.implementation or {}).get("core_components") or [])
    form = adaptation.build_form(core, adaptations.current_report(record, source))
    status = 200
    if form.is_submitted():
        status = 400
        if form.validate():
            raw = adaptations.with_report(record, source, adaptation.to_report(form, core))
            status = save_report(practice, form, raw)
            if status == 302:
                return redirect(url_for("contribute.view_practice", practice_id=practice.id))
    else:
        form.base_revision.data = str(workflow.latest_revision_number(practice))
    return render_template(
        "contribute/adaptation.html", practice=practice, source=source, core=core, form=form
    ), status


def save_report(practice: Practice, form, raw: dict) -> int:
    """Save the record with its new report, as an edit of the practice; the HTTP status."""
    try:
        workflow.save_practice(practice, raw, current_user, editing.base_revision(form))
    except workflow.InvalidPractice as exc:
        db.session.rollback()
        for message in adaptation.place_problems(form, exc.problems):
            flash(message, "error")
        return 400
    except workflow.WorkflowError as exc:
        db.session.rollback()
        flash(str(exc), "error")
        return 409 if isinstance(exc, workflow.EditConflict) else 403
    if practice.status == practice.status.PUBLISHED:
        notifications.submitted(practice, current_user)  # the edit waits for an editor
        flash(_("Report saved. It is published once an editor approves the change."), "info")
    else:
        flash(_("Report saved."), "info")
    db.session.commit()
    return 302
