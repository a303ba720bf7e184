"""Editors' forms: the evidence level and the Nordic model a practice is given at review,
replies to reports, collections."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Regexp

from nsc_library.evidence import EVIDENCE_LABELS
from nsc_library.forms import options
from nsc_library.models.collection import (
    MAX_COLLECTION_SLUG,
    MAX_COLLECTION_TITLE,
    MAX_INTRODUCTION,
)
from nsc_library.models.enquiry import MAX_ENQUIRY
from nsc_library.models.nordic_model import MODEL_SLUG_MAX
from nsc_library.services.assessment import MAX_REASON
from nsc_library.services.collections import SLUG_SHAPE


class EvidenceForm(FlaskForm):
    level = SelectField(
        _l("Evidence level"),
        choices=options((level.value, label) for level, label in EVIDENCE_LABELS.items()),
    )
    reason = TextAreaField(
        _l("Reason, for the contributors and the history"), validators=[Length(max=MAX_REASON)]
    )


class ModelForm(FlaskForm):
    """Choices are the library's models, set by the view; the service checks the slug again."""

    model = SelectField(
        _l("A local version of the Nordic model"),
        choices=[],
        validate_choice=False,
        validators=[Length(max=MODEL_SLUG_MAX)],
    )


class ReplyForm(FlaskForm):
    """The editors' reply that closes a report of wrong information."""

    reply = TextAreaField(
        _l("Reply, e-mailed to the visitor if they left an address"),
        validators=[
            DataRequired(_l("Write a reply that says what was done.")),
            Length(max=MAX_ENQUIRY["answer"], message=_l("Use at most 5,000 characters.")),
        ],
    )


class CollectionForm(FlaskForm):
    title = StringField(
        _l("Title"),
        validators=[
            DataRequired(_l("Give the collection a title.")),
            Length(max=MAX_COLLECTION_TITLE, message=_l("Use at most 200 characters.")),
        ],
    )
    slug = StringField(
        _l("Address"),
        description=_l("Lower-case letters, digits and hyphens: /collections/start-here"),
        validators=[
            DataRequired(_l("Give the collection an address.")),
            Length(max=MAX_COLLECTION_SLUG, message=_l("Use at most 120 characters.")),
            Regexp(f"{SLUG_SHAPE.pattern}$", message=_l("Use letters a-z, digits and hyphens.")),
        ],
    )
    introduction = TextAreaField(
        _l("Introduction"),
        description=_l("Markdown: who the collection is for and why these practices."),
        validators=[Length(max=MAX_INTRODUCTION, message=_l("Use at most 10,000 characters."))],
    )
    published = BooleanField(_l("Published: shown at /collections"))


class AddPracticeForm(FlaskForm):
    practice = SelectField(_l("Add a published practice"), coerce=int, validate_choice=True)
