"""Filling the practice form's choices and turning its buttons into workflow calls."""

from __future__ import annotations

from functools import lru_cache

from babel import Locale
from flask_babel import gettext as _
from werkzeug.datastructures import MultiDict

from nsc_library.contribute import implementation, inspiration
from nsc_library.contribute.forms import PracticeForm
from nsc_library.exchange import practice_record
from nsc_library.forms import options
from nsc_library.i18n import country_name_in, current_language
from nsc_library.models import Practice, User
from nsc_library.practice_rules import EVALUATION_LABELS, PREVENTION_LEVEL_LABELS
from nsc_library.services import catalogue, eur_rates, workflow

LANGUAGES = ("en", "da", "sv", "nb", "nn", "fi", "is", "fo", "kl", "se", "de", "fr", "nl")


def set_choices(form: PracticeForm, practice: Practice | None) -> None:
    language = current_language()
    for field, dimension in (
        (form.themes, "theme"),
        (form.approaches, "approach"),
        (form.target_groups, "target_group"),
    ):
        field.choices = options((t.slug, t.label_in(language)) for t in catalogue.terms(dimension))
    form.country.choices = options(
        [
            ("", _("Choose a country")),
            *country_names(catalogue.country_codes_nordic_first(), language),
        ]
    )
    names = Locale.parse(language).languages
    form.language.choices = options((code, names.get(code, code)) for code in LANGUAGES)
    form.prevention_level.choices = options(
        [("", _("Not stated"))] + [(k.value, str(v)) for k, v in PREVENTION_LEVEL_LABELS.items()]
    )
    form.evaluation.choices = options(
        [("", _("Not stated"))] + [(k.value, str(v)) for k, v in EVALUATION_LABELS.items()]
    )


@lru_cache(maxsize=64)
def country_names(codes: tuple[str, ...], language: str) -> tuple[tuple[str, str], ...]:
    """(code, name) in a language. Keyed on the codes themselves, so a country added to the
    library is never missing; Babel's names do not change while the server runs."""
    return tuple((code, country_name_in(code, language)) for code in codes)


def form_for(
    practice: Practice | None, user: User, restored: MultiDict | None = None
) -> PracticeForm:
    """A form filled from the request, from text kept when a session ended, or for a GET from
    the practice (its pending edit first)."""
    form = PracticeForm(formdata=restored) if restored is not None else PracticeForm()
    set_choices(form, practice)
    if user.role.value == "contributor":
        # A contributor's practices are always of their own city: the form does not ask.
        form.country.validate_choice = False
    if not (form.is_submitted() or restored is not None):
        fill_for_get(form, practice, user)
    inspiration.set_choices(form, practice)
    return form


def fill_for_get(form: PracticeForm, practice: Practice | None, user: User) -> None:
    if practice is None:
        form.language.data = "en"
        if user.city:
            form.city.data, form.country.data = user.city.name, user.city.country_code
        form.base_revision.data = "0"
        return
    form.fill_from(current_record(practice))
    form.inspired_by.data = [p.id for p in practice.inspired_by]
    form.base_revision.data = str(workflow.latest_revision_number(practice))


def finish_rows(form: PracticeForm, add_to: str | None = None) -> None:
    """Empty rows to type into (one more in `add_to`), and the choices of the cost rows."""
    implementation.pad(form, add_to)
    implementation.set_choices(form, eur_rates.current_table().currencies)


def row_to_add(formdata: MultiDict) -> str | None:
    """The list whose "Add another" button was pressed, if one was."""
    wanted = formdata.get("add_row")
    lists = implementation.ROW_LISTS + implementation.LINE_LISTS
    return wanted if wanted in lists else None


def current_record(practice: Practice) -> dict:
    """What the practice says now for its writers: its waiting edit, else its saved text."""
    pending = workflow.pending_revision(practice)
    return dict(pending.content) if pending else practice_record(practice)


def raw_for(form: PracticeForm, user: User) -> dict:
    """The record to save; a contributor's practices always stay in their own city."""
    raw = form.to_raw()
    if user.role.value == "contributor" and user.city:
        raw["city"], raw["country"] = user.city.name, user.city.country_code
    return raw


def base_revision(form: PracticeForm) -> int | None:
    value = form.base_revision.data or ""
    return int(value) if value.isdigit() else None


def open_comment(practice: Practice | None):
    """The editor's latest comment while the practice waits for the contributor's changes."""
    if practice is None or practice.status.value != "changes_requested":
        return None
    return practice.review_notes[0] if practice.review_notes else None
