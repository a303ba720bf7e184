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

from nsc_library.forms import form_message
from nsc_library.practice_rules import MAX_LENGTH


class CheckboxesField(SelectMultipleField):
    """A multi-select shown as a list of checkboxes, usable with keyboard and screen readers."""

    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


def text(label, key: str, area: bool = False, description=""):
    field = TextAreaField if area else StringField
    return field(
        label, validators=[Optional(), Length(max=MAX_LENGTH[key])], description=description
    )


class PracticeForm(FlaskForm):
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
    start_year = StringField(_l("Start year"), validators=[Length(max=4)])
    end_year = StringField(
        _l("End year"), validators=[Length(max=4)], description=_l("Empty while ongoing.")
    )
    # Who it is for
    themes = CheckboxesField(_l("Themes"), choices=[])
    approaches = CheckboxesField(_l("Approaches"), choices=[])
    target_groups = CheckboxesField(_l("Target groups"), choices=[])
    prevention_level = SelectField(_l("Prevention level"), choices=[], default="")
    inspired_by = CheckboxesField(
        _l("Inspired by practices in the library"), choices=[], coerce=int
    )
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
        validators=[Length(max=12000)],
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
            field = getattr(self, key, None) or self.title
            field.errors = [*field.errors, form_message(key, message)]


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
