"""The read side: every query that pages, the API, feeds, exports and forms share.

Views never build SQL; they ask here. Related rows are loaded in bulk (no query per row), and
every public read is limited to published practices.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from flask import has_request_context, url_for
from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import ColumnElement, Select, func, or_, select
from sqlalchemy.orm import load_only, selectinload

from nsc_library.exchange.writing import export_record
from nsc_library.extensions import db
from nsc_library.models import (
    Approach,
    City,
    Country,
    Practice,
    PracticeTranslation,
    TargetGroup,
    Theme,
    User,
    VocabularyTerm,
)
from nsc_library.models.columns import as_utc
from nsc_library.practice_rules import Status

LIST_LOADS = (
    selectinload(Practice.themes),
    selectinload(Practice.approaches),
    selectinload(Practice.target_groups),
    # Cards show a translation in the reader's language; exports write every translation.
    selectinload(Practice.translations).selectinload(PracticeTranslation.source_revision),
)
FULL_LOADS = (*LIST_LOADS, selectinload(Practice.links))
# The columns every short form of a practice shows: an API result, a card.
LISTED_COLUMNS = (
    Practice.slug,
    Practice.title,
    Practice.summary,
    Practice.language,
    Practice.city_id,
    Practice.start_year,
    Practice.end_year,
    Practice.evaluation,
    Practice.evidence_level,
    Practice.published_at,
    Practice.updated_at,
)
SUMMARY_LOADS = (
    load_only(*LISTED_COLUMNS, Practice.english_summary, Practice.prevention_level, raiseload=True),
    selectinload(Practice.themes),
    selectinload(Practice.approaches),
    selectinload(Practice.target_groups),
)
# What a practice card shows (templates/_macros.html): no long texts, no other vocabularies.
CARD_LOADS = (
    load_only(*LISTED_COLUMNS, Practice.model_id, raiseload=True),
    selectinload(Practice.themes),
    selectinload(Practice.translations).selectinload(PracticeTranslation.source_revision),
)
TERM_MODELS: dict[str, type[VocabularyTerm]] = {
    "theme": Theme,
    "approach": Approach,
    "target_group": TargetGroup,
}
# Last-Modified of a library that has never published anything.
LIBRARY_EPOCH = datetime(2026, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class Subset:
    """Published practices picked by a condition on the practice row (never an `id IN (...)`
    list, which keeps the database from using its indexes); `key` names the subset, for caches.
    `facet` is the same subset as a search filter (dimension, value), if it is one."""

    key: tuple[str, ...]
    condition: ColumnElement[bool]
    facet: tuple[str, str] | None = None


def published() -> Select[tuple[Practice]]:
    return select(Practice).where(Practice.status == Status.PUBLISHED)


def published_practice(slug: str) -> Practice | None:
    return db.session.scalar(
        published()
        .where(Practice.slug == slug)
        .options(*FULL_LOADS, selectinload(Practice.inspired_by), selectinload(Practice.inspired))
    )


def archived_practice(slug: str) -> Practice | None:
    """An archived practice, whose address answers 410 with links onwards."""
    return db.session.scalar(
        select(Practice)
        .where(Practice.slug == slug, Practice.status == Status.ARCHIVED)
        .options(selectinload(Practice.themes), selectinload(Practice.inspired))
    )


def practice_url(practice: Practice, public_url: str | None = None) -> str:
    """Absolute address of a practice page, inside a request or from the CLI."""
    if has_request_context() and public_url is None:
        return url_for("public.practice", slug=practice.slug, _external=True)
    return f"{(public_url or '').rstrip('/')}/practices/{practice.slug}"


def published_practices_for_export(public_url: str | None = None) -> list[dict[str, Any]]:
    practices = db.session.scalars(published().options(*FULL_LOADS).order_by(Practice.slug)).all()
    return [export_record(p, practice_url(p, public_url)) for p in practices]


def practices_by_ids(ids: list[int], full: bool = False) -> list[Practice]:
    """Published practices with these ids, in the order given (one query for all)."""
    return _in_order(ids, FULL_LOADS if full else LIST_LOADS)


def cards_by_ids(ids: list[int]) -> list[Practice]:
    """Published practices with these ids, in order, holding what a practice card shows."""
    return _in_order(ids, CARD_LOADS)


def result_summaries(ids: list[int]) -> list[Practice]:
    """Published practices with these ids, in order, holding only what the API shows of a search
    result: no long texts, no translations (reading any other column raises)."""
    return _in_order(ids, SUMMARY_LOADS)


def _in_order(ids: list[int], loads: tuple) -> list[Practice]:
    if not ids:
        return []
    rows = db.session.scalars(published().where(Practice.id.in_(ids)).options(*loads))
    by_id = {practice.id: practice for practice in rows}
    return [by_id[i] for i in ids if i in by_id]


def published_by_slugs(slugs: list[str], full: bool = False) -> list[Practice]:
    """Published practices with these slugs, in the order given; unknown slugs are left out."""
    if not slugs:
        return []
    loads = FULL_LOADS if full else LIST_LOADS
    rows = db.session.scalars(published().where(Practice.slug.in_(slugs)).options(*loads))
    by_slug = {practice.slug: practice for practice in rows}
    return [by_slug[s] for s in slugs if s in by_slug]


def paginate_subset(subset: Subset, page: int, per_page: int) -> Pagination:
    query = (
        select(Practice)
        .where(subset.condition)
        .options(*CARD_LOADS)
        .order_by(Practice.published_at.desc(), Practice.id.desc())
    )
    return db.paginate(query, page=page, per_page=per_page, error_out=False)


def latest_changed(subset: Subset, limit: int) -> list[Practice]:
    """The subset's practices, most recently published or updated first (for feeds)."""
    return list(
        db.session.scalars(
            select(Practice)
            .where(subset.condition)
            .options(*LIST_LOADS)
            .order_by(Practice.updated_at.desc(), Practice.id.desc())
            .limit(limit)
        )
    )


def published_slugs_and_changes() -> list[tuple[str, datetime | None]]:
    """(slug, last change in UTC) of every published practice, by slug (for the sitemap)."""
    rows = db.session.execute(
        published().with_only_columns(Practice.slug, Practice.updated_at).order_by(Practice.slug)
    )
    return [(slug, as_utc(updated)) for slug, updated in rows]


def published_translations_and_changes() -> list[tuple[str, str, datetime | None]]:
    """(slug, language, last change in UTC) of every translation of a published practice."""
    rows = db.session.execute(
        published()
        .join(PracticeTranslation, PracticeTranslation.practice_id == Practice.id)
        .with_only_columns(
            Practice.slug, PracticeTranslation.language, PracticeTranslation.updated_at
        )
        .order_by(Practice.slug, PracticeTranslation.language)
    )
    return [(slug, language, as_utc(updated)) for slug, language, updated in rows]


def last_public_change() -> datetime:
    """When public content last changed: the newest change to a practice that is or was published.

    Practices that left the library count too, so that their removal is not answered with a 304.
    """
    # Newest first along the index on updated_at: the first row that is or was published ends
    # the scan, where max() with this condition would read every practice (25 ms at 10,000).
    newest = db.session.scalar(
        select(Practice.updated_at)
        .where(or_(Practice.status == Status.PUBLISHED, Practice.published_at.is_not(None)))
        .order_by(Practice.updated_at.desc())
        .limit(1)
    )
    return as_utc(newest) or LIBRARY_EPOCH


def known_values(dimension: str, values: list[str]) -> set[str]:
    """Which of these theme, approach or target group slugs, or country codes, the library has."""
    column = Country.code if dimension == "country" else TERM_MODELS[dimension].slug
    return set(db.session.scalars(select(column).where(column.in_(values))))


def all_values(dimension: str) -> set[str]:
    """Every theme, approach or target group slug, or country code, the library has."""
    column = Country.code if dimension == "country" else TERM_MODELS[dimension].slug
    return set(db.session.scalars(select(column)))


def terms(dimension: str) -> list[VocabularyTerm]:
    """Every term of a vocabulary, by label."""
    model = TERM_MODELS[dimension]
    return list(db.session.scalars(select(model).order_by(model.label)))


def countries_nordic_first() -> list[Country]:
    return list(db.session.scalars(select(Country).order_by(Country.nordic.desc(), Country.name)))


def country_codes_nordic_first() -> tuple[str, ...]:
    """The countries' codes in the order of countries_nordic_first, without loading rows."""
    query = select(Country.code).order_by(Country.nordic.desc(), Country.name)
    return tuple(db.session.scalars(query))


def published_titles(except_id: int | None = None) -> list[tuple[int, str]]:
    """(id, title) of the published practices, by title; a practice may leave itself out."""
    query = select(Practice.id, Practice.title).where(Practice.status == Status.PUBLISHED)
    if except_id is not None:
        query = query.where(Practice.id != except_id)
    return [(row.id, row.title) for row in db.session.execute(query.order_by(Practice.title))]


def published_choices(ids: list[int], except_id: int | None = None) -> list[tuple[int, str, str]]:
    """(id, title, city) of those of these practices that are published, by title; a practice
    may leave itself out. Reads only the ids asked for, however large the library."""
    if not ids:
        return []
    query = (
        select(Practice.id, Practice.title, City.name)
        .join(City, Practice.city_id == City.id)
        .where(Practice.id.in_(ids), Practice.status == Status.PUBLISHED)
    )
    if except_id is not None:
        query = query.where(Practice.id != except_id)
    return [tuple(row) for row in db.session.execute(query.order_by(Practice.title, Practice.id))]


def published_titled(words: list[str], except_id: int | None, limit: int) -> list[int]:
    """Ids of published practices whose title or city contains every one of these words (any
    case; a part of a word, as typed so far), by title."""
    query = (
        select(Practice.id)
        .join(City, Practice.city_id == City.id)
        .where(Practice.status == Status.PUBLISHED)
    )
    for word in words:
        pattern = "%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        query = query.where(
            or_(Practice.title.ilike(pattern, escape="\\"), City.name.ilike(pattern, escape="\\"))
        )
    if except_id is not None:
        query = query.where(Practice.id != except_id)
    return list(db.session.scalars(query.order_by(Practice.title, Practice.id).limit(limit)))


def cities() -> list[City]:
    return list(db.session.scalars(select(City).order_by(City.name)))


def cities_named(name: str, country: str = "") -> list[City]:
    """Cities with this name (any case), in this country if one is given."""
    query = select(City).where(func.lower(City.name) == name.lower())
    if country:
        query = query.where(City.country_code == country.upper())
    return list(db.session.scalars(query))


def users() -> list[User]:
    """Every account, by email address."""
    return list(db.session.scalars(select(User).order_by(User.email)))


def practice_count() -> int:
    return db.session.scalar(select(func.count(Practice.id))) or 0
