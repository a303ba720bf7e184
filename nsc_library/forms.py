"""Form pieces shared by the areas: choices, a bare action button, a comment to contributors,
a coordinate field that takes the decimal comma, quick rendering of text fields."""

from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from markupsafe import Markup, escape
from wtforms import FloatField, SelectChoice, SelectMultipleField, TextAreaField, widgets
from wtforms.validators import Length, StopValidation
from wtforms.widgets import TextInput


class CheckboxesField(SelectMultipleField):
    """A multi-select shown as a list of checkboxes, usable with keyboard and screen readers."""

    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


def options(pairs) -> list[SelectChoice]:
    """WTForms choices from (value, label) pairs."""
    return [SelectChoice(value=value, label=label) for value, label in pairs]


def attribute_name(key: str) -> str:
    """WTForms' spelling of a keyword as an attribute: `class_` is class, `data_x` is data-x."""
    key = key.rstrip("_")
    return key.replace("_", "-") if key.startswith(("data_", "aria_")) else key


def html_attributes(**attributes) -> str:
    """What WTForms' html_params writes (by name, escaped, True bare, False left out), without
    its Markup.format per attribute, which was most of the practice form's rendering time."""
    parts = []
    for key, value in sorted(attributes.items()):
        if value is True:
            parts.append(attribute_name(key))
        elif value is not False:
            parts.append(f'{attribute_name(key)}="{escape(value)}"')
    return " ".join(parts)


class QuickTextInput(widgets.TextInput):
    html_params = staticmethod(html_attributes)


class QuickTextArea(widgets.TextArea):
    def __call__(self, field, **kwargs) -> Markup:
        kwargs.setdefault("id", field.id)
        flags = getattr(field, "flags", {})
        for k in dir(flags):
            if k in self.validation_attrs and k not in kwargs:
                kwargs[k] = getattr(flags, k)
        params = html_attributes(name=field.name, **kwargs)  # escaped there
        text = escape(field._value())
        return Markup(f"<textarea {params}>\r\n{text}</textarea>")  # noqa: S704 (escaped)


class QuickEmailInput(widgets.EmailInput):
    html_params = staticmethod(html_attributes)


class QuickCheckboxInput(widgets.CheckboxInput):
    html_params = staticmethod(html_attributes)


QUICK_WIDGETS = {
    widgets.TextInput: QuickTextInput(),
    widgets.TextArea: QuickTextArea(),
    widgets.EmailInput: QuickEmailInput(),
    widgets.CheckboxInput: QuickCheckboxInput(),
}


class QuickRendering:
    """A form's Meta: text, e-mail and checkbox inputs and text areas written as WTForms writes
    them, only quicker (tests/test_forms.py compares the two); any other widget is WTForms' own."""

    def render_field(self, field, render_kw):
        quick = QUICK_WIDGETS.get(type(field.widget))
        if quick is None:
            return super().render_field(field, render_kw)
        merged = {attribute_name(k): v for k, v in (field.render_kw or {}).items()}
        merged.update((attribute_name(k), v) for k, v in render_kw.items())
        return quick(field, **merged)


# Decimal degrees as people type them: a point or, as many Nordic users write, a comma ("59,91").
# Not Python's float syntax: no "nan", "inf", exponents, underscores or other scripts' digits.
DECIMAL_DEGREES = re.compile(r"[+-]?[0-9]{1,3}(?:[.,][0-9]+)?")


def decimal_degrees(text: str) -> float | None:
    """The number in "59.91" or "59,91"; None when the text is not such a number."""
    text = text.strip().replace("\N{MINUS SIGN}", "-")
    if not DECIMAL_DEGREES.fullmatch(text):
        return None
    return float(text.replace(",", "."))


class DecimalDegreesField(FloatField):
    """A latitude or longitude; a text box, since a number box refuses the decimal comma."""

    widget = TextInput()

    def __init__(self, label=None, validators=None, **kwargs) -> None:
        render_kw = {"inputmode": "decimal", "autocomplete": "off", **kwargs.pop("render_kw", {})}
        super().__init__(label, validators, render_kw=render_kw, **kwargs)

    def process_formdata(self, valuelist: list[str]) -> None:
        if not valuelist or not valuelist[0].strip():
            self.data = None
            return
        self.data = decimal_degrees(valuelist[0])
        if self.data is None:
            raise ValueError(str(_l("Write the degrees as a number, such as 59.91 or 59,91.")))

    def pre_validate(self, form) -> None:
        # Text that is no number gets its own message only, not a second one about the range.
        if self.process_errors:
            raise StopValidation()


class CommentForm(FlaskForm):
    comment = TextAreaField(_l("Comment to the contributors"), validators=[Length(max=5000)])


class ActionForm(FlaskForm):
    """A button with nothing to fill in; the form carries the CSRF token."""


# The exchange format's messages speak of codes and slugs, in English for files and the API;
# the form says the same in its words and in the page's language.
FORM_WORDS = {
    ("country", "is required (an ISO 3166-1 alpha-2 code such as 'SE')"): _l("choose a country"),
    ("themes", "at least one is required"): _l("tick at least one theme"),
}
FIXED_MESSAGES = {
    "is required": _l("is required"),
    "at least one is required": _l("at least one is required"),
    "contains control characters": _l("contains control characters"),
    "say what should change": _l("say what should change"),
}
# Messages with numbers in them: the pattern, and the message with the same numbers by name.
PATTERN_MESSAGES = (
    (
        re.compile(r"is (?P<length>\d+) characters long; the limit is (?P<limit>\d+)"),
        _l("is %(length)s characters long; the limit is %(limit)s"),
    ),
    (
        re.compile(r"(?P<end>\d+) is before the start year, (?P<start>\d+)"),
        _l("%(end)s is before the start year, %(start)s"),
    ),
    (
        re.compile(r"(?P<year>\d+) is before (?P<earliest>\d+)"),
        _l("%(year)s is before %(earliest)s"),
    ),
    (
        re.compile(r"(?P<year>\d+) is in the future"),
        _l("%(year)s is in the future; leave it empty while ongoing"),
    ),
    (re.compile(r"expected a whole year"), _l("expected a whole year such as 2019")),
    (
        re.compile(r"(?P<value>“.*”) is not a valid e-mail address"),
        _l("%(value)s is not a valid e-mail address"),
    ),
    (re.compile(r"(?P<value>“.*”) is not an http\(s\) URL"), _l("%(value)s is not an http(s) URL")),
    (
        re.compile(r"has (?P<count>\d+) partners; the limit is (?P<limit>\d+)"),
        _l("has %(count)s partners; the limit is %(limit)s"),
    ),
    (
        re.compile(r"has (?P<count>\d+) links; the limit is (?P<limit>\d+)"),
        _l("has %(count)s links; the limit is %(limit)s"),
    ),
)


# A text area of links, one per line (the exchange format then checks each link).
LINKS_TEXT_MAX = 12000


def lines(text_value: str | None) -> list[str]:
    """The non-empty lines of a text area, trimmed."""
    return [line.strip() for line in (text_value or "").splitlines() if line.strip()]


def parse_links(text_value: str | None) -> list[dict[str, str]]:
    """Links written one per line as "Title | https://…" (a line without a bar is a URL)."""
    links = []
    for line in lines(text_value):
        title, _bar, url = line.rpartition("|")
        links.append({"title": title.strip(), "url": url.strip()})
    return links


def links_text(links: list[dict[str, str]] | None) -> str:
    """Links as parse_links reads them."""
    return "\n".join(f"{link['title']} | {link['url']}" for link in links or [])


def form_message(key: str, message: str) -> str:
    """An exchange-format message about a field, as the form says it in the page's language."""
    if (key, message) in FORM_WORDS:
        return str(FORM_WORDS[key, message])
    if message in FIXED_MESSAGES:
        return str(FIXED_MESSAGES[message])
    for pattern, words in PATTERN_MESSAGES:
        found = pattern.search(message)
        if found:
            return str(words) % found.groupdict() if found.groupdict() else str(words)
    return message
