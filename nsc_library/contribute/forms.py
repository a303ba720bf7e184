"""The practice form: every field of a write-up, grouped as the page shows them."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    HiddenField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from nsc_library.contribute import implementation
from nsc_library.contribute.implementation import (
    CostRow,
    MaterialRow,
    PhaseRow,
    StaffRow,
    one_per_row,
    rows,
)
from nsc_library.contribute.inspiration import MAX_SEARCH_CHARS, InspirationField
from nsc_library.exchange.checks import KnownTerms
from nsc_library.exchange.implementation import TEXT_LIMIT
from nsc_library.forms import (
    LINKS_TEXT_MAX,
    CheckboxesField,
    QuickRendering,
    form_message,
    lines,
    links_text,
    parse_links,
)
from nsc_library.models import TRANSLATED_FIELDS
from nsc_library.models.enquiry import MAX_ENQUIRY
from nsc_library.practice_rules import EARLIEST_YEAR, MAX_LENGTH, latest_year
from nsc_library.services.translations import FIELD_LABELS


def text(label, key: str, area: bool = False, description=""):
    field = TextAreaField if area else StringField
    return field(
        label, validators=[Optional(), Length(max=MAX_LENGTH[key])], description=description
    )


class PracticeForm(FlaskForm):
    class Meta(QuickRendering, FlaskForm.Meta):
        pass

    # The basics
    title = text(_l("Title"), "title")
    summary = text(
        _l("Summary"), "summary", area=True, description=_l("Plain text, up to 600 characters.")
    )
    city = text(_l("City"), "city", description=_l("With its Nordic letters, e.g. Malmö."))
    country = SelectField(_l("Country"), choices=[], default="")
    language = SelectField(_l("Language of the write-up"), choices=[], default="en")
    english_summary = text(
        _l("Summary in English"),
        "english_summary",
        area=True,
        description=_l(
            "For a write-up in another language: a few sentences in English, so that "
            "readers and search in other countries find it. Up to 600 characters."
        ),
    )
    # How it works
    description = text(_l("How it works"), "description", area=True, description=_l("Markdown."))
    organisation = text(_l("Lead organisation"), "organisation")
    partners = TextAreaField(
        _l("Partners"), validators=[Length(max=7000)], description=_l("One per line.")
    )
    resources = text(_l("Resources (staffing and cost)"), "resources", area=True)
    start_year = StringField(
        _l("Start year"),
        validators=[lambda form, field: check_year(field, ended=False)],
        description=_l("The year it began, four digits, e.g. 2019."),
    )
    end_year = StringField(
        _l("End year"),
        validators=[lambda form, field: check_year(field, ended=True)],
        description=_l("Empty while ongoing."),
    )
    # How to start it (the exchange format's `implementation`): repeating rows
    phases = rows(PhaseRow, _l("Phases"))
    staffing = rows(StaffRow, _l("Staffing"))
    costs = rows(CostRow, _l("Costs"))
    materials = rows(MaterialRow, _l("Materials"))
    preconditions = one_per_row(_l("Preconditions"))
    legal_basis = TextAreaField(_l("Legal basis"), validators=[Length(max=TEXT_LIMIT["long"])])
    core_components = one_per_row(_l("Core components"))
    adaptable_components = one_per_row(_l("Adaptable components"))
    # Who it is for
    themes = CheckboxesField(_l("Themes"), choices=[])
    approaches = CheckboxesField(_l("Approaches"), choices=[])
    target_groups = CheckboxesField(_l("Target groups"), choices=[])
    prevention_level = SelectField(_l("Prevention level"), choices=[], default="")
    inspired_by = InspirationField(
        _l("Inspired by practices in the library"), choices=[], coerce=int
    )
    # Not saved: the words a contributor looks for, and the button that looks (no JavaScript).
    inspired_by_search = StringField(
        _l("Find a practice by its title or city"),
        filters=[lambda value: (value or "")[:MAX_SEARCH_CHARS]],
    )
    find_inspiration = SubmitField(_l("Find practices"))
    # Results and evaluation
    results = text(_l("Results and lessons"), "results", area=True, description=_l("Markdown."))
    evaluation = SelectField(_l("Evaluation"), choices=[], default="")
    evaluation_summary = text(_l("Evaluation summary"), "evaluation_summary", area=True)
    # Contact and links
    contact_name = text(_l("Contact name"), "contact_name")
    contact_role = text(_l("Contact role"), "contact_role")
    contact_email = text(_l("Contact e-mail"), "contact_email")
    links = TextAreaField(
        _l("Links"),
        validators=[Length(max=LINKS_TEXT_MAX)],
        description=_l("One per line: Title | https://…"),
    )
    base_revision = HiddenField()
    save = SubmitField(_l("Save draft"))
    preview = SubmitField(_l("Preview"))
    submit_for_review = SubmitField(_l("Submit for review"))

    def to_raw(self) -> dict[str, Any]:
        """The form's content as an exchange-format record, for the shared validation."""
        return {
            "title": self.title.data,
            "summary": self.summary.data,
            "description": self.description.data,
            "city": self.city.data,
            "country": self.country.data,
            "themes": self.themes.data or [],
            "approaches": self.approaches.data or [],
            "target_groups": self.target_groups.data or [],
            "prevention_level": self.prevention_level.data or None,
            "organisation": self.organisation.data,
            "partners": lines(self.partners.data),
            "start_year": year_value(self.start_year.data),
            "end_year": year_value(self.end_year.data),
            "evaluation": self.evaluation.data or None,
            "evaluation_summary": self.evaluation_summary.data,
            "results": self.results.data,
            "resources": self.resources.data,
            "contact_name": self.contact_name.data,
            "contact_email": self.contact_email.data,
            "contact_role": self.contact_role.data,
            "links": parse_links(self.links.data),
            "language": self.language.data,
            "english_summary": self.english_summary.data,
            "implementation": implementation.to_implementation(self)[0],
        }

    def fill_from(self, record: dict[str, Any]) -> None:
        """Show a stored record in the form."""
        for key, value in record.items():
            if key in ("partners",):
                self.partners.data = "\n".join(value or [])
            elif key == "links":
                self.links.data = links_text(value)
            elif key == "implementation":
                implementation.fill(self, value)
            elif key in ("start_year", "end_year"):
                getattr(self, key).data = "" if value is None else str(value)
            elif hasattr(self, key):
                getattr(self, key).data = value if value is not None else ""

    def add_problems(self, problems: list[tuple[str, str]], known: KnownTerms) -> None:
        where = implementation.to_implementation(self)[1]
        for key, message in problems:
            if key == "implementation":
                # Every wrong row at once; the rules' own message if it is about the whole list.
                found = implementation.every_problem(self, known) or [message]
                placed = [m for m in found if implementation.place_problem(self, m, where)]
                if placed:
                    continue
            field = getattr(self, key, None) or self.title
            field.errors = [*field.errors, form_message(key, message)]


def check_year(field, ended: bool) -> None:
    """A year the contributor can correct from the message alone: what is wrong, what to write."""
    raw = (field.data or "").strip()
    if not raw:
        return
    if not raw.isdigit() or len(raw) != 4:
        raise ValidationError(
            _(
                "Write the year as four digits, for example 2019. “%(typed)s” is not a year.",
                typed=raw[:20],
            )
        )
    year = int(raw)
    if year < EARLIEST_YEAR:
        raise ValidationError(
            _(
                "Write %(earliest)d or a later year: the library starts at %(earliest)d.",
                earliest=EARLIEST_YEAR,
            )
        )
    if year > latest_year() and ended:
        raise ValidationError(
            _(
                "%(year)d has not come yet. Leave the end year empty while the practice runs.",
                year=year,
            )
        )
    if year > latest_year():
        raise ValidationError(
            _(
                "%(year)d has not come yet. Write the year the practice began, %(latest)d "
                "or earlier.",
                year=year,
                latest=latest_year(),
            )
        )


def year_value(text_value: str | None) -> int | str | None:
    text_value = (text_value or "").strip()
    if not text_value:
        return None
    return int(text_value) if text_value.isdigit() else text_value


class AnswerForm(FlaskForm):
    """The city's answer to a visitor's question, e-mailed to the visitor."""

    answer = TextAreaField(
        _l("Your answer"),
        description=_l("Plain text; it is e-mailed to the person who asked."),
        validators=[
            DataRequired(_l("Write the answer to send.")),
            Length(max=MAX_ENQUIRY["answer"], message=_l("Use at most 5,000 characters.")),
        ],
    )


class TranslationForm(FlaskForm):
    language = SelectField(_l("Language of the translation"), choices=[], default="")
    title = text(FIELD_LABELS["title"], "title")
    summary = text(FIELD_LABELS["summary"], "summary", area=True)
    description = text(
        FIELD_LABELS["description"], "description", area=True, description=_l("Markdown.")
    )
    results = text(FIELD_LABELS["results"], "results", area=True, description=_l("Markdown."))
    evaluation_summary = text(FIELD_LABELS["evaluation_summary"], "evaluation_summary", area=True)
    resources = text(FIELD_LABELS["resources"], "resources", area=True)
    source_revision = HiddenField(validators=[Optional(), Length(max=10)])
    base_saved = HiddenField(validators=[Optional(), Length(max=40)])
    save = SubmitField(_l("Save the translation"))

    def add_problems(self, problems: list[tuple[str, str]]) -> None:
        for key, message in problems:
            field = getattr(self, key, None)
            field = field if key in (*TRANSLATED_FIELDS, "language") else self.title
            field.errors = [*field.errors, message]
