"""Editors keep the Nordic models' texts up to date and add new models. Functions flush; the
request that called them commits.

A model's names are what a search recognises (services/network.model_named_in reads them for each
search), so a changed name or other name is found at once; the search index holds none of them.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from flask_babel import gettext as _
from slugify import slugify
from sqlalchemy import select

from nsc_library.exchange.checks import FieldError, KnownTerms, text
from nsc_library.exchange.validation import check_links
from nsc_library.extensions import db
from nsc_library.models import Country, NordicModel, User
from nsc_library.models.nordic_model import (
    MODEL_NAME_MAX,
    MODEL_OTHER_NAMES_MAX,
    MODEL_SLUG_MAX,
    MODEL_TEXT_MAX,
)
from nsc_library.practice_rules import EARLIEST_YEAR, latest_year
from nsc_library.services import audit
from nsc_library.services.cities import fold

# The texts an editor writes, in the order the form and the model's page show them.
TEXT_FIELDS = ("origin", "idea", "how_it_works", "legal_basis")
# Addresses under /admin/models/ that are not a model's.
RESERVED_SLUGS = ("new",)
# Links refer to nothing in the library: the exchange format's checks need no known terms.
NOTHING_KNOWN = KnownTerms(frozenset(), frozenset(), frozenset(), frozenset())


class ModelError(ValueError):
    """What is wrong with an editor's changes: (field, message). The exchange format's checks
    speak English (the form says them in the page's language: forms.form_message)."""

    def __init__(self, problems: list[tuple[str, str]]) -> None:
        super().__init__(" ".join(message for _field, message in problems))
        self.problems = problems


@dataclass(frozen=True)
class ModelDetails:
    name: str
    other_names: tuple[str, ...] = ()
    origin_country_code: str = ""
    origin_year: int | None = None
    origin: str = ""
    idea: str = ""
    how_it_works: str = ""
    legal_basis: str = ""
    materials: tuple[dict[str, Any], ...] = ()


def update_model(model: NordicModel, details: ModelDetails, actor: User) -> None:
    """Save an editor's changes to a model, with an audit entry; ModelError lists the problems.
    The slug, and so the model's address, stays."""
    apply(model, checked(model, details))
    audit.record(actor, "model.edited", model.name, slug=model.slug)
    db.session.flush()


def add_model(details: ModelDetails, actor: User) -> NordicModel:
    """A new model, with an audit entry; ModelError lists the problems. Flushes."""
    details = checked(None, details)
    model = NordicModel(slug=unique_model_slug(details.name))
    apply(model, details)
    db.session.add(model)
    audit.record(actor, "model.added", model.name, slug=model.slug)
    db.session.flush()
    return model


def apply(model: NordicModel, details: ModelDetails) -> None:
    model.name = details.name
    model.other_names = list(details.other_names)
    model.origin_country_code = details.origin_country_code or None
    model.origin_year = details.origin_year
    for name in TEXT_FIELDS:
        setattr(model, name, getattr(details, name))
    model.materials = list(details.materials)


def checked(model: NordicModel | None, details: ModelDetails) -> ModelDetails:
    """The details as they are saved (texts normalised, other names once each), for `model`
    (None: a new one); ModelError with every problem."""
    problems: list[tuple[str, str]] = []

    def check(key: str, checker, value: Any) -> Any:
        try:
            return checker(value, NOTHING_KNOWN)
        except FieldError as exc:
            problems.append((key, str(exc)))
            return value

    name = check("name", text(MODEL_NAME_MAX, required=True), details.name)
    if not problems and name_taken(model, name):
        problems.append(("name", _("another model is called %(name)s", name=name)))
    other_names = unique_names(
        [check("other_names", text(MODEL_NAME_MAX), other) for other in details.other_names]
    )
    if len(other_names) > MODEL_OTHER_NAMES_MAX:
        problems.append(
            ("other_names", _("give at most %(limit)s other names", limit=MODEL_OTHER_NAMES_MAX))
        )
    code = (details.origin_country_code or "").strip().upper()
    if code and db.session.get(Country, code) is None:
        problems.append(("origin_country", _("choose a country")))
    year = details.origin_year
    if year is not None and not EARLIEST_YEAR <= year <= latest_year():
        message = _(
            "give a year from %(first)s to %(last)s", first=EARLIEST_YEAR, last=latest_year()
        )
        problems.append(("origin_year", message))
    texts = {key: check(key, text(MODEL_TEXT_MAX), getattr(details, key)) for key in TEXT_FIELDS}
    materials = check("materials", check_links, list(details.materials))
    if problems:
        raise ModelError(problems)
    return replace(
        details,
        name=name,
        other_names=tuple(other_names),
        origin_country_code=code,
        materials=tuple(materials),
        **texts,
    )


def name_taken(model: NordicModel | None, name: str) -> bool:
    """Whether another model has this name, told apart only by case or accents."""
    models = db.session.scalars(select(NordicModel))
    return any(fold(other.name) == fold(name) and other is not model for other in models)


def unique_model_slug(name: str) -> str:
    """A slug from the name; a number is added when it is taken."""
    base = slugify(name, max_length=MODEL_SLUG_MAX - 4, word_boundary=True) or "model"
    taken = {*db.session.scalars(select(NordicModel.slug)), *RESERVED_SLUGS}
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


def unique_names(names: list[str]) -> list[str]:
    """Each name once (the first spelling kept), without empty ones."""
    kept: dict[str, str] = {}
    for name in names:
        if name:
            kept.setdefault(fold(name), name)
    return list(kept.values())
