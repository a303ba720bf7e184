"""The practice form: every field of a write-up, grouped as the page shows them."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    HiddenField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
    widgets,
)
from wtforms.validators import Length, Optional

from nsc_library.models import TRANSLATED_FIELDS
from nsc_library.practice_rules import MAX_LENGTH
from nsc_library.services.translations import FIELD_LABELS


class CheckboxesField(SelectMultipleField):
    """A multi-select shown as a list of checkboxes, usable with keyboard and screen readers."""

    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


def text(label: str, key: str, area: bool = False, description: str = ""):
    field = TextAreaField if area else StringField
    return field(
        label, validators=[Optional(), Length(max=MAX_LENGTH[key])], description=description
    )


class PracticeForm(FlaskForm):
    # The basics
    title = text("Title", "title")
    summary = text("Summary", "summary", area=True, description="Plain text, up to 600 characters.")
    city = text("City", "city", description="With its Nordic letters, e.g. Malmö.")
    country = SelectField("Country", choices=[], default="")
    language = SelectField("Language of the write-up", choices=[], default="en")
    english_summary = text(
        "Summary in English",
        "english_summary",
        area=True,
        description="For a write-up in another language: a few sentences in English, so that "
        "readers and search in other countries find it. Up to 600 characters.",
    )
    # How it works
    description = text("How it works", "description", area=True, description="Markdown.")
    organisation = text("Lead organisation", "organisation")
    partners = TextAreaField("Partners", validators=[Length(max=7000)], description="One per line.")
    resources = text("Resources (staffing and cost)", "resources", area=True)
    start_year = StringField("Start year", validators=[Length(max=4)])
    end_year = StringField(
        "End year", validators=[Length(max=4)], description="Empty while ongoing."
    )
    # Who it is for
    themes = CheckboxesField("Themes", choices=[])
    approaches = CheckboxesField("Approaches", choices=[])
    target_groups = CheckboxesField("Target groups", choices=[])
    prevention_level = SelectField("Prevention level", choices=[], default="")
    inspired_by = CheckboxesField("Inspired by practices in the library", choices=[], coerce=int)
    # Results and evaluation
    results = text("Results and lessons", "results", area=True, description="Markdown.")
    evaluation = SelectField("Evaluation", choices=[], default="")
    evaluation_summary = text("Evaluation summary", "evaluation_summary", area=True)
    # Contact and links
    contact_name = text("Contact name", "contact_name")
    contact_role = text("Contact role", "contact_role")
    contact_email = text("Contact e-mail", "contact_email")
    links = TextAreaField(
        "Links", validators=[Length(max=12000)], description="One per line: Title | https://…"
    )
    base_revision = HiddenField()
    save = SubmitField("Save draft")
    preview = SubmitField("Preview")
    submit_for_review = SubmitField("Submit for review")

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
        }

    def fill_from(self, record: dict[str, Any]) -> None:
        """Show a stored record in the form."""
        for key, value in record.items():
            if key in ("partners",):
                self.partners.data = "\n".join(value or [])
            elif key == "links":
                self.links.data = "\n".join(f"{x['title']} | {x['url']}" for x in value or [])
            elif key in ("start_year", "end_year"):
                getattr(self, key).data = "" if value is None else str(value)
            elif hasattr(self, key):
                getattr(self, key).data = value if value is not None else ""

    def add_problems(self, problems: list[tuple[str, str]]) -> None:
        for key, message in problems:
            message = FORM_WORDS.get((key, message), message)
            field = getattr(self, key, None) or self.title
            field.errors = [*field.errors, message]


# The exchange format's messages speak of codes and slugs; the form says the same in its words.
FORM_WORDS = {
    ("country", "is required (an ISO 3166-1 alpha-2 code such as 'SE')"): "choose a country",
    ("themes", "at least one is required"): "tick at least one theme",
}


def lines(text_value: str | None) -> list[str]:
    return [line.strip() for line in (text_value or "").splitlines() if line.strip()]


def year_value(text_value: str | None) -> int | str | None:
    text_value = (text_value or "").strip()
    if not text_value:
        return None
    return int(text_value) if text_value.isdigit() else text_value


def parse_links(text_value: str | None) -> list[dict[str, str]]:
    links = []
    for line in lines(text_value):
        title, _, url = line.rpartition("|")
        links.append({"title": title.strip(), "url": url.strip()})
    return links


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
