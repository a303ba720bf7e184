"""The rules a practice write-up follows, shared by the exchange format, forms and models."""

from __future__ import annotations

import enum
from datetime import date

from flask_babel import lazy_gettext as _l


class Status(enum.StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    CHANGES_REQUESTED = "changes_requested"
    PUBLISHED = "published"
    ARCHIVED = "archived"


class PreventionLevel(enum.StrEnum):
    UNIVERSAL = "universal"
    SELECTIVE = "selective"
    INDICATED = "indicated"


class Evaluation(enum.StrEnum):
    NONE = "none"
    PROCESS = "process"
    OUTCOME = "outcome"
    IMPACT = "impact"


PREVENTION_LEVEL_LABELS = {
    PreventionLevel.UNIVERSAL: _l("Universal (general prevention)"),
    PreventionLevel.SELECTIVE: _l("Selective (early prevention)"),
    PreventionLevel.INDICATED: _l("Indicated (targeted prevention)"),
}

EVALUATION_LABELS = {
    Evaluation.NONE: _l("Not evaluated"),
    Evaluation.PROCESS: _l("Process evaluation"),
    Evaluation.OUTCOME: _l("Outcome evaluation"),
    Evaluation.IMPACT: _l("Impact evaluation (with a comparison group)"),
}

# Maximum lengths in characters; the database columns use the same numbers.
MAX_LENGTH = {
    "title": 200,
    "summary": 600,
    "english_summary": 600,
    "description": 20_000,
    "city": 100,
    "organisation": 200,
    "partner": 200,
    "evaluation_summary": 5_000,
    "results": 5_000,
    "resources": 2_000,
    "contact_name": 120,
    "contact_email": 254,
    "contact_role": 120,
    "link_title": 200,
    "link_url": 500,
}
MAX_PARTNERS = 30
MAX_LINKS = 20
EARLIEST_YEAR = 1950


def latest_year() -> int:
    """Practices may be planned to end a few years ahead, but cannot start in the future."""
    return date.today().year


REQUIRED_FIELDS = ("title", "summary", "description", "city", "country", "themes")


# A practice's status as the interface names it.
STATUS_LABELS = {
    "draft": _l("Draft"),
    "submitted": _l("Submitted for review"),
    "changes_requested": _l("Changes requested"),
    "published": _l("Published"),
    "archived": _l("Archived"),
}
