"""The review screen's content: a practice as it will be published, and its changes."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pycountry

from nsc_library.contribute.history import FieldChange, as_text
from nsc_library.exchange import EXCHANGE_KEYS, practice_record
from nsc_library.models import Practice
from nsc_library.services import catalogue, workflow
from nsc_library.textdiff import word_diff

DIMENSIONS = {"themes": "theme", "approaches": "approach", "target_groups": "target_group"}


def to_be_published(practice: Practice) -> SimpleNamespace:
    """The text an approval publishes: the waiting edit if there is one, else the practice."""
    pending = workflow.pending_revision(practice)
    record = dict(pending.content if pending else practice_record(practice))
    for key, dimension in DIMENSIONS.items():
        known = {t.slug: t for t in catalogue.terms(dimension)}
        record[key] = [known[slug] for slug in record.get(key) or [] if slug in known]
    country = (
        pycountry.countries.get(alpha_2=record.get("country") or "")
        if record.get("country")
        else None
    )
    record["country_name"] = country.name if country else record.get("country") or ""
    return SimpleNamespace(**record)


def changes_from_published(practice: Practice) -> list[FieldChange] | None:
    """Field by field, what the waiting edit changes in the published text; None if no edit."""
    pending = workflow.pending_revision(practice)
    if pending is None:
        return None
    old: dict[str, Any] = practice_record(practice)
    new = pending.content
    return [
        FieldChange(key.replace("_", " "), word_diff(as_text(old.get(key)), as_text(new.get(key))))
        for key in EXCHANGE_KEYS
        if old.get(key) != new.get(key)
    ]
