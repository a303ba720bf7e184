"""Writing practices: creating, updating from a record, revisions and bulk import."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from slugify import slugify
from sqlalchemy import func, select

from nsc_library.exchange import KnownTerms, RecordProblem, practice_record, validate_records
from nsc_library.extensions import db
from nsc_library.models import (
    Approach,
    City,
    Country,
    Practice,
    PracticeLink,
    Revision,
    TargetGroup,
    Theme,
    User,
)
from nsc_library.models.columns import utcnow
from nsc_library.practice_rules import Evaluation, PreventionLevel, Status

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
    )


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
    for record in checked.records:
        practice = find_practice(record["title"], record["city"], record["country"])
        if practice is None:
            create_practice(record, status=status, author=author, note="imported")
            report.created += 1
        elif update_practice(practice, record, author=author, note="imported"):
            report.updated += 1
        else:
            report.unchanged += 1
    if dry_run:
        db.session.rollback()
    else:
        db.session.flush()
    return report


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


def create_practice(
    record: dict[str, Any], status: Status, author: User | None, note: str = ""
) -> Practice:
    """A new practice from a validated record, with its first revision. The caller commits."""
    practice = Practice(status=status, owner=author, partners=[])
    apply_record(practice, record)
    practice.slug = unique_slug(record["title"], record["city"])
    if status == Status.PUBLISHED:
        practice.published_at = utcnow()
        practice.last_verified = date.today()
    db.session.add(practice)
    add_revision(practice, author, note)
    return practice


def update_practice(
    practice: Practice, record: dict[str, Any], author: User | None, note: str = ""
) -> bool:
    """Apply a validated record; saves a revision and returns True only if something changed."""
    if practice_record(practice) == record:
        return False
    apply_record(practice, record)
    add_revision(practice, author, note)
    return True


def apply_record(practice: Practice, record: dict[str, Any]) -> None:
    practice.city = get_or_create_city(record["city"], record["country"])
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
    practice.themes = terms(Theme, record["themes"])
    practice.approaches = terms(Approach, record["approaches"])
    practice.target_groups = terms(TargetGroup, record["target_groups"])
    practice.links = [
        PracticeLink(position=i, title=link["title"], url=link["url"])
        for i, link in enumerate(record["links"])
    ]


def terms(model: type, slugs_: list[str]) -> list:
    if not slugs_:
        return []
    return list(db.session.scalars(select(model).where(model.slug.in_(slugs_))))


def get_or_create_city(name: str, country_code: str) -> City:
    city = db.session.scalar(
        select(City).where(func.lower(City.name) == name.lower(), City.country_code == country_code)
    )
    if city is None:
        city = City(name=name, country_code=country_code)
        db.session.add(city)
        db.session.flush()
    return city


def add_revision(practice: Practice, author: User | None, note: str = "") -> Revision:
    number = len(practice.revisions) + 1
    revision = Revision(number=number, content=practice_record(practice), author=author, note=note)
    practice.revisions.append(revision)
    return revision


def unique_slug(title: str, city: str) -> str:
    """A readable slug from title and city; a number is added when it is taken."""
    base = slugify(f"{title} {city}", max_length=SLUG_MAX, word_boundary=True) or "practice"
    taken = set(db.session.scalars(select(Practice.slug).where(Practice.slug.like(f"{base}%"))))
    slug, n = base, 2
    while slug in taken:
        slug = f"{base}-{n}"
        n += 1
    return slug
