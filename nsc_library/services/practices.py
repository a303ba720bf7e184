"""Writing practices: creating, updating from a record, revisions and bulk import."""

from __future__ import annotations

from collections.abc import Container
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from flask import current_app
from slugify import slugify
from sqlalchemy import func, select

from nsc_library import progress
from nsc_library.evidence import EvidenceLevel
from nsc_library.exchange import (
    TRANSLATIONS_KEY,
    V2_KEYS,
    KnownTerms,
    RecordProblem,
    practice_record,
    validate_records,
)
from nsc_library.extensions import db
from nsc_library.models import (
    Approach,
    City,
    Country,
    NordicModel,
    Practice,
    PracticeLink,
    Revision,
    TargetGroup,
    Theme,
    User,
)
from nsc_library.models.columns import utcnow
from nsc_library.practice_rules import Evaluation, PreventionLevel, Status
from nsc_library.rates import SHIPPED_CURRENCIES
from nsc_library.services import eur_rates, translations
from nsc_library.services.adaptations import UnknownSource, dependency_order, set_adaptations
from nsc_library.services.references import References

SLUG_MAX = 100


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    problems: list[RecordProblem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def known_terms() -> KnownTerms:
    """The vocabulary slugs and country codes that records may use."""
    return KnownTerms(
        themes=frozenset(db.session.scalars(select(Theme.slug))),
        approaches=frozenset(db.session.scalars(select(Approach.slug))),
        target_groups=frozenset(db.session.scalars(select(TargetGroup.slug))),
        countries=frozenset(db.session.scalars(select(Country.code))),
        currencies=eur_currencies(),
        models=frozenset(db.session.scalars(select(NordicModel.slug))),
    )


def eur_currencies() -> frozenset[str]:
    """The currencies of the app's EUR rate table (the shipped one outside an app)."""
    return eur_rates.current_table().currencies if current_app else SHIPPED_CURRENCIES


def import_practices(
    raw_records: list[Any],
    status: Status = Status.DRAFT,
    dry_run: bool = False,
    author: User | None = None,
) -> ImportReport:
    """Validate every record, then write all of them, or nothing; the caller commits.

    A dry run writes them too, to see that they fit, then rolls the transaction back.
    """
    checked = validate_records(raw_records, known_terms())
    report = ImportReport(problems=checked.problems)
    if checked.problems:
        return report
    existing = practice_keys()
    slugs = set(db.session.scalars(select(Practice.slug)))
    references = References.preloaded()
    for done, index in enumerate(dependency_order(checked.records), 1):
        record = checked.records[index]
        translated = record.pop(TRANSLATIONS_KEY, None)
        key = practice_key(record["title"], record["city"], record["country"])
        found = existing.get(key)
        practice = db.session.get(Practice, found) if isinstance(found, int) else found
        keep_absent(practice, raw_records[index], record)
        try:
            if practice is None:
                existing[key] = create_practice(
                    record, status, author, "imported", taken_slugs=slugs, references=references
                )
                report.created += 1
            elif update_practice(practice, record, author, "imported", references):
                report.updated += 1
            else:
                report.unchanged += 1
        except UnknownSource as exc:
            report.problems.append(
                RecordProblem(index + 1, record["title"][:80], "adaptations", str(exc))
            )
        else:
            if translated:
                written = existing[key] if practice is None else practice
                report.problems.extend(
                    RecordProblem(index + 1, record["title"][:80], TRANSLATIONS_KEY, message)
                    for message in translations.import_translations(written, translated, author)
                )
        progress.report("Writing practices", done, len(checked.records))
    if report.problems:
        db.session.rollback()
        report.created = report.updated = report.unchanged = 0
        return report
    if dry_run:
        db.session.rollback()
    else:
        db.session.flush()
    return report


PracticeKey = tuple[str, str, str]


def practice_key(title: str, city: str, country: str) -> PracticeKey:
    """What makes two records the same practice: title and city without regard to case."""
    return title.lower(), city.lower(), country.upper()


def practice_keys() -> dict[PracticeKey, int | Practice]:
    """The key of every practice in the library, with its id: one query for a whole import,
    where a lookup per record would read the table once per record."""
    rows = db.session.execute(
        select(Practice.title, City.name, City.country_code, Practice.id).join(Practice.city)
    )
    return {practice_key(title, city, code): pid for title, city, code, pid in rows}


def find_practice(title: str, city: str, country: str) -> Practice | None:
    """The practice with this title in this city, compared without regard to case."""
    return db.session.scalar(
        select(Practice)
        .join(Practice.city)
        .where(
            func.lower(Practice.title) == title.lower(),
            func.lower(City.name) == city.lower(),
            City.country_code == country,
        )
    )


def keep_absent(practice: Practice | None, raw: Any, record: dict[str, Any]) -> None:
    """Format 2's keys that a record leaves out (a format 1 file, a form that does not show
    them) keep the practice's current values instead of emptying them."""
    if practice is None or not isinstance(raw, dict):
        return
    current = practice_record(practice)
    for key in V2_KEYS:
        if key not in raw:
            record[key] = current[key]


def create_practice(
    record: dict[str, Any],
    status: Status,
    author: User | None,
    note: str = "",
    taken_slugs: set[str] | None = None,
    references: References | None = None,
) -> Practice:
    """A new practice from a validated record, with its first revision. The caller commits.

    `taken_slugs`, when given, holds every slug in use and gains the new one, and `references`
    what records name (an import reads them once instead of once per record)."""
    practice = Practice(status=status, owner=author, partners=[])
    # The slug first: its query flushes, and the practice's adaptations must not flush before
    # the practice is in the session.
    practice.slug = unique_slug(record["title"], record["city"], taken_slugs)
    if taken_slugs is not None:
        taken_slugs.add(practice.slug)
    apply_record(practice, record, references)
    if status == Status.PUBLISHED:
        practice.published_at = utcnow()
        practice.last_verified = date.today()
    db.session.add(practice)
    add_revision(practice, author, note)
    return practice


def update_practice(
    practice: Practice,
    record: dict[str, Any],
    author: User | None,
    note: str = "",
    references: References | None = None,
) -> bool:
    """Apply a validated record; saves a revision and returns True only if something changed."""
    if practice_record(practice) == record:
        return False
    apply_record(practice, record, references)
    add_revision(practice, author, note)
    return True


def apply_record(
    practice: Practice, record: dict[str, Any], references: References | None = None
) -> None:
    references = references or References()
    practice.city = references.city(record["city"], record["country"])
    for key in (
        "title",
        "summary",
        "description",
        "organisation",
        "start_year",
        "end_year",
        "evaluation_summary",
        "results",
        "resources",
        "contact_name",
        "contact_email",
        "contact_role",
        "language",
    ):
        setattr(practice, key, record[key])
    # Revisions saved before the English summary existed do not have it.
    practice.english_summary = record.get("english_summary", "")
    practice.partners = list(record["partners"])
    level, evaluation = record["prevention_level"], record["evaluation"]
    practice.prevention_level = PreventionLevel(level) if level else None
    practice.evaluation = Evaluation(evaluation) if evaluation else None
    practice.themes = references.terms(Theme, record["themes"])
    practice.approaches = references.terms(Approach, record["approaches"])
    practice.target_groups = references.terms(TargetGroup, record["target_groups"])
    practice.links = [
        PracticeLink(position=i, title=link["title"], url=link["url"])
        for i, link in enumerate(record["links"])
    ]
    apply_format_2(practice, record, references)


def apply_format_2(practice: Practice, record: dict[str, Any], references: References) -> None:
    """Evidence level, implementation and adaptations; revisions older than format 2 lack them."""
    practice.evidence_level = EvidenceLevel(record.get("evidence_level") or "not_assessed")
    implementation = record.get("implementation") or {}
    practice.implementation = implementation if any(implementation.values()) else None
    practice.model = references.model(record.get("model"))
    # Last: no query may flush a new practice's adaptations before the practice is added.
    set_adaptations(practice, record.get("adaptations") or [], find_practice)


def add_revision(practice: Practice, author: User | None, note: str = "") -> Revision:
    number = len(practice.revisions) + 1
    revision = Revision(number=number, content=practice_record(practice), author=author, note=note)
    practice.revisions.append(revision)
    return revision


def unique_slug(title: str, city: str, taken: Container[str] | None = None) -> str:
    """A readable slug from title and city; a number is added when it is taken."""
    base = slugify(f"{title} {city}", max_length=SLUG_MAX, word_boundary=True) or "practice"
    if taken is None:
        taken = set(db.session.scalars(select(Practice.slug).where(Practice.slug.like(f"{base}%"))))
    slug, n = base, 2
    while slug in taken:
        slug = f"{base}-{n}"
        n += 1
    return slug
