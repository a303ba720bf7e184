"""The copying city's report on a practice it was inspired by: for each of the source's core
components kept, changed (how) or dropped; how its context differs; what happened."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext, lazy_gettext
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import FieldList, Form, FormField, HiddenField, RadioField, TextAreaField
from wtforms.validators import Length

from nsc_library.contribute import editing
from nsc_library.exchange.implementation import CONTEXT_KEYS, MAX_ITEMS, TEXT_LIMIT
from nsc_library.extensions import db
from nsc_library.forms import options
from nsc_library.models import Practice
from nsc_library.rendering import DECISION_LABELS
from nsc_library.services import adaptations, notifications, workflow

CONTEXT_LABELS = {
    "size": lazy_gettext("Size of the city and the target group"),
    "legal_basis": lazy_gettext("Laws and mandates"),
    "budget": lazy_gettext("Budget and staff"),
    "other": lazy_gettext("Anything else"),
}


class ComponentRow(Form):
    decision = RadioField(
        lazy_gettext("What you did with it"), default="kept", validate_choice=False
    )
    how = TextAreaField(lazy_gettext("How, and why"), validators=[Length(max=TEXT_LIMIT["long"])])


class AdaptationForm(FlaskForm):
    components = FieldList(FormField(ComponentRow), max_entries=MAX_ITEMS)
    size = TextAreaField(CONTEXT_LABELS["size"], validators=[Length(max=TEXT_LIMIT["long"])])
    legal_basis = TextAreaField(
        CONTEXT_LABELS["legal_basis"], validators=[Length(max=TEXT_LIMIT["long"])]
    )
    budget = TextAreaField(CONTEXT_LABELS["budget"], validators=[Length(max=TEXT_LIMIT["long"])])
    other = TextAreaField(CONTEXT_LABELS["other"], validators=[Length(max=TEXT_LIMIT["long"])])
    what_happened = TextAreaField(
        lazy_gettext("What happened"),
        validators=[Length(max=5000)],
        description=lazy_gettext("Results, surprises, and what you would do differently."),
    )
    base_revision = HiddenField()


def build_form(core: list[str], report: dict[str, Any] | None) -> AdaptationForm:
    """One row per core component of the source; a GET shows the saved report."""
    form = AdaptationForm()
    if not form.is_submitted():
        saved = {c["component"]: c for c in (report or {}).get("components") or []}
        form.components.process(None, [saved.get(text, {"decision": "kept"}) for text in core])
        for key in CONTEXT_KEYS:
            form[key].data = ((report or {}).get("context") or {}).get(key, "")
        form.what_happened.data = (report or {}).get("what_happened", "")
    while len(form.components) < len(core):
        form.components.append_entry({"decision": "kept"})
    for row in form.components:
        row.decision.choices = options(DECISION_LABELS.items())
    return form


def to_report(form: AdaptationForm, core: list[str]) -> dict[str, Any]:
    """The exchange format's adaptation report, component texts taken from the source."""
    return {
        "components": [
            {"component": text, "decision": row.decision.data, "how": row.how.data or ""}
            for text, row in zip(core, form.components, strict=False)
        ],
        "context": {key: form[key].data or "" for key in CONTEXT_KEYS},
        "what_happened": form.what_happened.data or "",
    }


def place_problems(form: AdaptationForm, problems: list[tuple[str, str]]) -> list[str]:
    """Messages of the exchange rules on the form's fields; those it cannot place, returned."""
    left = []
    for _key, message in problems:
        where, _, text = message.partition(": ")
        parts = where.split()
        # "adaptation 1 component 2 how", "adaptation 1 context budget", "... what_happened"
        if "component" in parts and parts[-1] in ("decision", "how"):
            index = int(parts[parts.index("component") + 1]) - 1
            if 0 <= index < len(form.components):
                target = form.components[index][parts[-1]]
                target.errors = [*target.errors, text]
                continue
        if parts and parts[-1] in (*CONTEXT_KEYS, "what_happened"):
            form[parts[-1]].errors = [*form[parts[-1]].errors, text]
            continue
        left.append(message)
    return left


def report_page(practice: Practice, source_id: int):
    """The report form on `practice`'s inspiration `source_id`, or the saved report's redirect."""
    source = next((p for p in practice.inspired_by if p.id == source_id), None)
    if source is None:
        abort(404, description=gettext("This practice does not name that one as its inspiration."))
    record = editing.current_record(practice)
    core = list((source.implementation or {}).get("core_components") or [])
    form = build_form(core, adaptations.current_report(record, source))
    status = 200
    if form.is_submitted():
        status = 400
        if form.validate():
            raw = adaptations.with_report(record, source, to_report(form, core))
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
        for message in place_problems(form, exc.problems):
            flash(message, "error")
        return 400
    except workflow.WorkflowError as exc:
        db.session.rollback()
        flash(str(exc), "error")
        return 409 if isinstance(exc, workflow.EditConflict) else 403
    if practice.status == practice.status.PUBLISHED:
        notifications.submitted(practice, current_user)  # the edit waits for an editor
        flash(gettext("Report saved. It is published once an editor approves the change."), "info")
    else:
        flash(gettext("Report saved."), "info")
    db.session.commit()
    return 302
