"""The practice form's "Inspired by" picker: the chosen practices, and a search to add others.

However large the library, the form lists only the practices already ticked. "Find practices"
posts the form back (keeping everything typed, as "Add another" does) with up to
MAX_MATCHES matching published practices as unticked boxes; with JavaScript the same search
asks `find_practices` as the contributor types. Only the ids posted are looked up, to label them
and to refuse any that is not another published practice.
"""

from __future__ import annotations

import re

from flask import Response
from flask_babel import gettext as _
from flask_babel import ngettext
from werkzeug.datastructures import MultiDict
from wtforms.validators import StopValidation, ValidationError

from nsc_library.forms import CheckboxesField, options
from nsc_library.models import Practice, User
from nsc_library.responses import json_response
from nsc_library.search import SearchQuery, SearchUnavailable, search_practices
from nsc_library.services import catalogue
from nsc_library.services.policy import may_create

MAX_MATCHES = 20
MAX_CHOSEN = 100  # ticked boxes in one post; more is not a contributor's doing
MAX_SEARCH_CHARS = 200
MAX_WORDS = 6  # of a title or city, for the search by part of a word
FIND_BUTTON = "find_inspiration"
# A practice's id as posted: ASCII digits, short enough for any database's integer.
PRACTICE_NUMBER = re.compile(r"[0-9]{1,15}")

Choice = tuple[int, str, str]  # id, title, city


class InspirationField(CheckboxesField):
    """Other published practices, by id. Its choices are only those of the ids posted and the
    matches of a search (`set_choices`), so each refusal can say which box is wrong."""

    own_id: int | None = None

    def process_formdata(self, valuelist: list[str]) -> None:
        if len(valuelist) > MAX_CHOSEN:
            raise ValueError(_("Tick at most %(count)d practices.", count=MAX_CHOSEN))
        wrong = next((v for v in valuelist if not PRACTICE_NUMBER.fullmatch(v)), None)
        if wrong is not None:
            raise ValueError(
                _(
                    "Tick practices from the list: “%(typed)s” is not the number of a practice.",
                    typed=wrong[:20],
                )
            )
        self.data = [int(v) for v in valuelist]

    def pre_validate(self, form) -> None:
        if self.process_errors:
            raise StopValidation()
        allowed = {choice.value for choice in self.choices or []}
        for number in self.data or []:
            if number == self.own_id:
                raise ValidationError(_("A practice cannot be inspired by itself: untick it."))
            if number not in allowed:
                raise ValidationError(
                    _(
                        "Practice number %(number)d is not a published practice of the library: "
                        "tick only practices from the list.",
                        number=number,
                    )
                )


def wants_search(formdata: MultiDict) -> bool:
    """Whether the "Find practices" button was pressed."""
    return FIND_BUTTON in formdata


def label(choice: Choice) -> str:
    _id, title, city = choice
    return _("%(title)s (%(city)s)", title=title, city=city)


def set_choices(form, practice: Practice | None, found: list[Choice] = ()) -> None:
    """The boxes to show: the ticked practices that may be chosen, then the matches found."""
    own_id = practice.id if practice else None
    field = form.inspired_by
    chosen = catalogue.published_choices(list(field.data or []), except_id=own_id)
    shown = {c[0] for c in chosen}
    field.choices = options(
        (c[0], label(c)) for c in [*chosen, *(c for c in found if c[0] not in shown)]
    )
    field.own_id = own_id


def search_text(text: str | None) -> str:
    return (text or "").strip()[:MAX_SEARCH_CHARS]


def matches(text: str, own_id: int | None) -> list[Choice]:
    """Up to MAX_MATCHES published practices whose words match, best first; never `own_id`.

    Raises SearchUnavailable when the index cannot be read."""
    if not text:
        return []
    query = SearchQuery(text=text, per_page=MAX_MATCHES + 1, correct=False)
    results = search_practices(query)
    # Practices that match only in meaning are left out: the contributor looks for a name.
    hits = results.hits[: results.all_words or results.word_matches]
    ids = [hit.practice_id for hit in hits if hit.practice_id != own_id][:MAX_MATCHES]
    if not ids:  # a word being typed ("malm"): titles and cities that contain it
        ids = catalogue.published_titled(text.split()[:MAX_WORDS], own_id, MAX_MATCHES)
    by_id = {c[0]: c for c in catalogue.published_choices(ids, except_id=own_id)}
    return [by_id[i] for i in ids if i in by_id]


def find(form, practice: Practice | None) -> str:
    """Show the matches of the typed search as unticked boxes; what was found, in words."""
    text = search_text(form.inspired_by_search.data)
    if not text:
        return _("Type some words of a practice's title or city, then press “Find practices”.")
    try:
        found = matches(text, practice.id if practice else None)
    except SearchUnavailable:
        return _("Search is unavailable right now; try again shortly.")
    set_choices(form, practice, found)
    return found_message(text, len(found))


def found_message(text: str, count: int) -> str:
    if not count:
        return _("No published practice matches “%(text)s”.", text=text)
    return ngettext(
        "%(num)d practice matches “%(text)s”: tick it if this practice learnt from it.",
        "%(num)d practices match “%(text)s”: tick those this practice learnt from.",
        count,
        text=text,
    )


def find_answer(args: MultiDict, user: User) -> Response:
    """The JSON answer of the picker's search: {"practices": [{"id", "label"}], "message"}."""
    if not may_create(user):
        return refusal(403, _("Your account may not write practices."))
    text = args.get("q", "")
    own = args.get("practice", "")
    if not text.strip() or len(text) > MAX_SEARCH_CHARS:
        return refusal(
            400,
            _(
                "Send q: some words of a title or city, up to %(limit)d characters.",
                limit=MAX_SEARCH_CHARS,
            ),
        )
    if own and not PRACTICE_NUMBER.fullmatch(own):
        return refusal(400, _("Send practice as the number of the practice being written."))
    text = search_text(text)
    try:
        found = matches(text, int(own) if own else None)
    except SearchUnavailable:
        return refusal(503, _("Search is unavailable right now; try again shortly."))
    return json_response(
        {
            "practices": [{"id": c[0], "label": label(c)} for c in found],
            "message": found_message(text, len(found)),
        }
    )


def refusal(status: int, message: str) -> Response:
    return json_response({"error": {"code": f"http_{status}", "message": message}}, status)
