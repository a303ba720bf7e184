"""The practice form's "How to start it" part: repeating rows of phases, staff, costs, materials
and components, turned into the exchange format's `implementation` and checked by its rules.

Rows work without JavaScript: a few empty rows are always shown, and "Add another" posts the
form back with one more row, keeping everything typed. Empty rows are ignored.
"""

from __future__ import annotations

import re
from typing import Any

from flask_babel import gettext, lazy_gettext
from wtforms import FieldList, Form, FormField, SelectField, StringField, TextAreaField
from wtforms.validators import Length

from nsc_library.exchange import empty_implementation
from nsc_library.exchange.checks import FieldError, KnownTerms
from nsc_library.exchange.implementation import (
    MAX_ITEMS,
    TEXT_LIMIT,
    check_cost,
    check_material,
    check_phase,
    check_staff,
)
from nsc_library.forms import QuickRendering, options

EMPTY_ROWS = 1  # always this many empty rows at the end of each list


class QuickForm(Form):
    class Meta(QuickRendering, Form.Meta):
        pass


class PhaseRow(QuickForm):
    name = StringField(lazy_gettext("Phase"), validators=[Length(max=TEXT_LIMIT["name"])])
    duration_months = StringField(
        lazy_gettext("Months"), validators=[Length(max=10)], render_kw={"inputmode": "decimal"}
    )
    description = TextAreaField(
        lazy_gettext("What happens"), validators=[Length(max=TEXT_LIMIT["long"])]
    )


class StaffRow(QuickForm):
    role = StringField(lazy_gettext("Role"), validators=[Length(max=TEXT_LIMIT["role"])])
    fte = StringField(
        lazy_gettext("Full-time equivalents"),
        validators=[Length(max=10)],
        render_kw={"inputmode": "decimal"},
        description=lazy_gettext("1 = one full-time post; 0.5 = half-time."),
    )


class CostRow(QuickForm):
    kind = SelectField(lazy_gettext("Kind of cost"), default="start_up", validate_choice=False)
    amount = StringField(
        lazy_gettext("Amount"), validators=[Length(max=20)], render_kw={"inputmode": "decimal"}
    )
    # Checked against the EUR rate table by the exchange rules, as an import is.
    currency = SelectField(lazy_gettext("Currency"), default="", validate_choice=False)
    year = StringField(
        lazy_gettext("Year of the amount"),
        validators=[Length(max=10)],
        render_kw={"inputmode": "numeric"},
    )
    note = StringField(lazy_gettext("Note"), validators=[Length(max=TEXT_LIMIT["note"])])


class MaterialRow(QuickForm):
    title = StringField(lazy_gettext("Material"), validators=[Length(max=TEXT_LIMIT["name"])])
    url = StringField(
        lazy_gettext("Address (optional)"),
        validators=[Length(max=2000)],
        render_kw={"inputmode": "url"},
    )


def rows(row_form: type[Form], label: str) -> FieldList:
    return FieldList(
        FormField(row_form), label=label, min_entries=EMPTY_ROWS, max_entries=MAX_ITEMS
    )


def one_per_row(label: str) -> FieldList:
    field = StringField(validators=[Length(max=TEXT_LIMIT["item"])])
    return FieldList(field, label=label, min_entries=EMPTY_ROWS, max_entries=MAX_ITEMS)


ROW_LISTS = ("phases", "staffing", "costs", "materials")
LINE_LISTS = ("preconditions", "core_components", "adaptable_components")
# The exchange rules name a list's entries by these words ("cost 2 amount: ...").
WHERE_WORDS = {
    "phase": "phases",
    "staffing": "staffing",
    "cost": "costs",
    "material": "materials",
    "precondition": "preconditions",
    "core component": "core_components",
    "adaptable component": "adaptable_components",
}
WHERE = re.compile(r"^(?P<list>[a-z ]+?) (?P<number>\d+)(?: (?P<key>[a-z_]+))?: (?P<text>.*)$")


LINE_LABELS = {
    "preconditions": lazy_gettext("Precondition"),
    "core_components": lazy_gettext("Core component"),
    "adaptable_components": lazy_gettext("Adaptable component"),
}


def set_choices(form, currencies: frozenset[str]) -> None:
    """The cost rows' choices, and a label for each one-line entry ("Core component 2")."""
    for list_name, word in LINE_LABELS.items():
        for number_, entry in enumerate(getattr(form, list_name), 1):
            entry.label.text = f"{word} {number_}"
    kinds = [("start_up", gettext("Start-up (once)")), ("running", gettext("Running (per year)"))]
    money = [("", gettext("Choose"))] + [(code, code) for code in sorted(currencies)]
    for row in form.costs:
        row.kind.choices = options(kinds)
        row.currency.choices = options(money)


def number(text: str | None) -> float | int | str | None:
    """A number as typed, a decimal comma allowed; text that is no number is left for the
    exchange rules to refuse with their message."""
    text = (text or "").strip().replace(" ", "").replace("\u202f", "")
    if not text:
        return None
    try:
        value = float(text.replace(",", "."))
    except ValueError:
        return text
    return int(value) if value.is_integer() and "." not in text and "," not in text else value


def row_values(row, skip: tuple[str, ...] = ()) -> dict[str, Any]:
    return {name: sub.data for name, sub in row.form._fields.items() if name not in skip}


def is_empty(values: dict[str, Any]) -> bool:
    return not any((v or "").strip() if isinstance(v, str) else v for v in values.values())


def to_implementation(form) -> tuple[dict[str, Any], dict[tuple[str, int], int]]:
    """The exchange-format implementation from the form, and where each entry came from:
    (list, number in the record) -> row in the form."""
    where: dict[tuple[str, int], int] = {}
    result = empty_implementation()

    def keep(list_name: str, position: int, value: Any) -> None:
        result[list_name].append(value)
        where[(list_name, len(result[list_name]))] = position

    for position, row in enumerate(form.phases):
        values = row_values(row)
        if not is_empty(values):
            values["duration_months"] = number(values["duration_months"])
            keep("phases", position, values)
    for position, row in enumerate(form.staffing):
        values = row_values(row)
        if not is_empty(values):
            keep("staffing", position, {**values, "fte": number(values["fte"])})
    for position, row in enumerate(form.costs):
        if not is_empty(row_values(row, skip=("kind",))):
            values = row_values(row)
            values["amount"], values["year"] = number(values["amount"]), number(values["year"])
            keep("costs", position, values)
    for position, row in enumerate(form.materials):
        values = row_values(row)
        if not is_empty(values):
            keep("materials", position, values)
    for list_name in LINE_LISTS:
        for position, entry in enumerate(getattr(form, list_name)):
            if (entry.data or "").strip():
                keep(list_name, position, entry.data)
    result["legal_basis"] = form.legal_basis.data or ""
    return result, where


def fill(form, implementation: dict[str, Any] | None) -> None:
    """Show a stored implementation in the form's rows."""
    implementation = implementation or {}
    for list_name in ROW_LISTS:
        entries = [
            {k: "" if v is None else str(v) if not isinstance(v, str) else v for k, v in e.items()}
            for e in implementation.get(list_name) or []
        ]
        getattr(form, list_name).process(None, entries)
    for list_name in LINE_LISTS:
        getattr(form, list_name).process(None, list(implementation.get(list_name) or []))
    form.legal_basis.data = implementation.get("legal_basis") or ""


def pad(form, add_to: str | None = None) -> None:
    """Empty rows at the end of each list, and one more in `add_to` ("Add another")."""
    for list_name in ROW_LISTS + LINE_LISTS:
        field = getattr(form, list_name)
        wanted = EMPTY_ROWS + (1 if list_name == add_to else 0)
        empty_at_end = 0
        for entry in reversed(field.entries):
            values = row_values(entry) if hasattr(entry, "form") else {"v": entry.data}
            if list_name == "costs":
                values.pop("kind", None)
            if not is_empty(values):
                break
            empty_at_end += 1
        while empty_at_end < wanted and len(field.entries) < MAX_ITEMS:
            field.append_entry()
            empty_at_end += 1


# The exchange rules for one entry of each list, with the words they name it by.
ENTRY_CHECKS = {
    "phases": ("phase", check_phase),
    "staffing": ("staffing", check_staff),
    "costs": ("cost", check_cost),
    "materials": ("material", check_material),
}


def every_problem(form, known: KnownTerms) -> list[str]:
    """The exchange rules' message for every wrong entry, not only the first one: the import
    stops at the first, but a contributor wants to correct all rows at once."""
    implementation, _ = to_implementation(form)
    messages = []
    for list_name, (word, check) in ENTRY_CHECKS.items():
        for number_, entry in enumerate(implementation[list_name], 1):
            try:
                check(entry, f"{word} {number_}", known)
            except FieldError as exc:
                messages.append(str(exc))
    return messages


def place_problem(form, message: str, where: dict[tuple[str, int], int]) -> bool:
    """Put an exchange-rule message about `implementation` on the field it is about."""
    if message.startswith("legal_basis: "):
        form.legal_basis.errors = [*form.legal_basis.errors, plain(message[13:])]
        return True
    found = WHERE.match(message)
    if not found or found["list"] not in WHERE_WORDS:
        return False
    list_name = WHERE_WORDS[found["list"]]
    position = where.get((list_name, int(found["number"])))
    if position is None:
        return False
    entry = getattr(form, list_name)[position]
    target = entry.form._fields.get(found["key"] or "") if hasattr(entry, "form") else entry
    target = target or next(iter(entry.form._fields.values()))
    target.errors = [*target.errors, plain(found["text"])]
    return True


def plain(text: str) -> str:
    """The exchange rules' wording, as a contributor reads it in the form."""
    if text.startswith("expected a number"):
        return gettext("Write a number, such as 2 or 0.5.")
    if text == "is required":
        return gettext("Fill this in, or empty the whole row.")
    over = re.match(r"(\S+) is over the limit of (\S+)", text)
    if over:
        return gettext(
            "%(value)s is more than the library takes: at most %(limit)s.",
            value=over[1],
            limit=over[2],
        )
    if "must be more than 0" in text:
        return gettext("Write a number above 0.")
    if "must be 0 or more" in text:
        return gettext("Cannot be negative: write 0 or more.")
    if "is not in the EUR rate table" in text:
        listed = text[text.rfind("(") + 1 : -1]
        return gettext(
            "Choose a currency of the library's rate table (%(listed)s); editors can add others.",
            listed=listed,
        )
    return text
