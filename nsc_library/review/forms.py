"""Editors' forms: the evidence level a practice is given at review."""

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
        _l("Evidence level"),
        choices=options((level.value, label) for level, label in EVIDENCE_LABELS.items()),
    )
    reason = TextAreaField(
        _l("Reason, for the contributors and the history"), validators=[Length(max=MAX_REASON)]
    )
