"""Reading practices for pages and exports, loading related rows in bulk (no query per row)."""

from __future__ import annotations

from typing import Any

from flask import has_request_context, url_for
from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import Select, select
from sqlalchemy.orm import selectinload

from nsc_library.export import export_record
from nsc_library.extensions import db
from nsc_library.models import Practice
from nsc_library.practice_rules import Status

LIST_LOADS = (
    selectinload(Practice.themes),
    selectinload(Practice.approaches),
    selectinload(Practice.target_groups),
)
FULL_LOADS = (*LIST_LOADS, selectinload(Practice.links))


def published() -> Select[tuple[Practice]]:
    return select(Practice).where(Practice.status == Status.PUBLISHED)


def newest_published(page: int, per_page: int) -> Pagination:
    query = (
        published().options(*LIST_LOADS).order_by(Practice.published_at.desc(), Practice.id.desc())
    )
    return db.paginate(query, page=page, per_page=per_page, error_out=False)


def published_practice(slug: str) -> Practice | None:
    return db.session.scalar(
        published()
        .where(Practice.slug == slug)
        .options(*FULL_LOADS, selectinload(Practice.inspired_by), selectinload(Practice.inspired))
    )


def practice_url(practice: Practice, public_url: str | None = None) -> str:
    """Absolute address of a practice page, inside a request or from the CLI."""
    if has_request_context() and public_url is None:
        return url_for("public.practice", slug=practice.slug, _external=True)
    return f"{(public_url or '').rstrip('/')}/practices/{practice.slug}"


def published_practices_for_export(public_url: str | None = None) -> list[dict[str, Any]]:
    practices = db.session.scalars(published().options(*FULL_LOADS).order_by(Practice.slug)).all()
    return [export_record(p, practice_url(p, public_url)) for p in practices]


def practices_by_ids(ids: list[int]) -> list[Practice]:
    """Published practices with these ids, in the order given (one query for all)."""
    if not ids:
        return []
    rows = db.session.scalars(published().where(Practice.id.in_(ids)).options(*LIST_LOADS))
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


def paginate_ids(ids: Select, page: int, per_page: int) -> Pagination:
    query = (
        select(Practice)
        .where(Practice.id.in_(ids))
        .options(*LIST_LOADS)
        .order_by(Practice.published_at.desc(), Practice.id.desc())
    )
    return db.paginate(query, page=page, per_page=per_page, error_out=False)
