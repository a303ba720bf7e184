"""Editors' forms: the evidence level and the Nordic model a practice is given at review."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, TextAreaField
from wtforms.validators import Length

from nsc_library.evidence import EVIDENCE_LABELS
from nsc_library.forms import options
from nsc_library.services.assessment import MAX_REASON


class EvidenceForm(FlaskForm):
    level = SelectField(
        "Evidence level",
        choices=options((level.value, label) for level, label in EVIDENCE_LABELS.items()),
    )
    reason = TextAreaField(
        "Reason, for the contributors and the history", validators=[Length(max=MAX_REASON)]
    )


class ModelForm(FlaskForm):
    """Choices are the library's models, set by the view; the service checks the slug again."""

    model = SelectField(
        _l("A local version of the Nordic model"), choices=[], validate_choice=False
    )
