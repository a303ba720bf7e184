"""A button on a practice's page: check CSRF and permission, call one workflow service, report.

Shared by the contributors' (contribute/) and the editors' (review/) buttons.
"""

from __future__ import annotations

from flask import abort, flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user

from nsc_library.extensions import db
from nsc_library.forms import ActionForm, form_message
from nsc_library.models import Practice
from nsc_library.rendering import field_label
from nsc_library.services import workflow
from nsc_library.services.policy import Action, may


def practice_or_404(practice_id: int, action: Action = Action.VIEW) -> Practice:
    practice = db.session.get(Practice, practice_id)
    if practice is None:
        abort(404, description=_("There is no practice with this number."))
    if not may(current_user, action, practice):
        abort(403, description=_("Your account may not do this with this practice."))
    return practice


def run_action(practice_id: int, action: Action, service, done: str, *args, tell=None):
    """Check CSRF and permission, call the workflow service and commit, report on the practice.
    `tell(practice, user)` queues the e-mails the change calls for, in the same transaction."""
    practice = practice_or_404(practice_id, action)
    if not ActionForm().validate_on_submit():
        abort(400, description=_("The form had expired. Please try again."))
    try:
        service(practice, current_user, *args)
    except workflow.InvalidPractice as exc:
        db.session.rollback()
        fields = ", ".join(
            f"{field_label(k).lower()} ({form_message(k, m)})" for k, m in exc.problems
        )
        flash(_("Not yet: please complete %(fields)s.", fields=fields), "error")
    except workflow.WorkflowError as exc:
        db.session.rollback()
        flash(str(exc), "error")
    else:
        if tell is not None:
            tell(practice, current_user)
        db.session.commit()
        flash(done, "info")
    return redirect(url_for("contribute.view_practice", practice_id=practice.id))
