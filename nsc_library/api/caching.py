"""Conditional answers: ETag and Last-Modified on every open-data answer, 304 when unchanged."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from flask import Response, request
from sqlalchemy import func, or_, select
from werkzeug.http import is_resource_modified

from nsc_library.extensions import db
from nsc_library.models import Practice
from nsc_library.practice_rules import Status

# Last-Modified of a library that has never published anything.
LIBRARY_EPOCH = datetime(2026, 1, 1, tzinfo=UTC)


def as_utc(moment: datetime | None) -> datetime | None:
    """SQLite gives back naive datetimes; the library stores UTC, so mark them as such."""
    if moment is None:
        return None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def library_last_modified() -> datetime:
    """When public content last changed: the newest change to a practice that is or was published.

    Practices that left the library count too, so that their removal is not answered with a 304.
    """
    newest = db.session.scalar(
        select(func.max(Practice.updated_at)).where(
            or_(Practice.status == Status.PUBLISHED, Practice.published_at.is_not(None))
        )
    )
    return as_utc(newest) or LIBRARY_EPOCH


def now() -> datetime:
    return datetime.now(UTC)


def advertised_date(changed: datetime, at: datetime) -> datetime:
    """The Last-Modified to send for content changed at `changed`, answering at `at`.

    HTTP dates have whole seconds. A date in the second that is still running would hide a
    second change within it from If-Modified-Since, so that date is sent one second earlier.
    """
    whole = changed.replace(microsecond=0)
    return whole if at.replace(microsecond=0) > whole else whole - timedelta(seconds=1)


def conditional(response: Response, changed: datetime | None = None) -> Response:
    """Add a strong ETag of the body and Last-Modified, then answer 304 if the client is current."""
    changed = changed or library_last_modified()
    response.add_etag()
    response.last_modified = advertised_date(changed, now())
    # Clients must revalidate, but may keep the answer meanwhile.
    response.cache_control.public = True
    response.cache_control.no_cache = True
    if request.method in ("GET", "HEAD") and not is_resource_modified(
        request.environ, etag=response.get_etag()[0], last_modified=changed
    ):
        response.status_code = 304
    return response
