"""The practice form's page: shown, grown by a row, searched for an inspiration, previewed, or
saved (and submitted) in one transaction."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from nsc_library import stash
from nsc_library.contribute import editing, inspiration
from nsc_library.extensions import db
from nsc_library.models import Practice
from nsc_library.rendering import markdown_to_html
from nsc_library.services import notifications, practices, workflow


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
