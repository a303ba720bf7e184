"""Recording index work in the database transaction that causes it, and reading it back.

A session listener notices every flushed change that can alter a published practice's index
document (a practice created, edited, published, unpublished or deleted; a translation of it
added, edited or deleted; a theme, approach, target group, city or country renamed) and inserts
one `index_outbox` row per practice in the same transaction. After the commit the changes are
applied to the index; if that fails or the process dies first, the rows are still there for the
next process, start-up or CLI run.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from sqlalchemy import Connection, event, exists, func, insert, inspect, or_, select
from sqlalchemy.orm import Session

from nsc_library.extensions import db
from nsc_library.models import (
    Approach,
    City,
    Country,
    IndexChange,
    Practice,
    PracticeTranslation,
    TargetGroup,
    Theme,
)
from nsc_library.models.practice import practice_approach, practice_target_group, practice_theme
from nsc_library.practice_rules import Status
from nsc_library.search.storage import AppliedState

log = logging.getLogger(__name__)

PENDING = "nsc_index_changes"
_LINK_TABLES = {
    Theme: practice_theme,
    Approach: practice_approach,
    TargetGroup: practice_target_group,
}
_listeners: list[tuple[str, Callable]] = []


def register_listeners(on_commit: Callable[[], None]) -> None:
    """Listen to the app's sessions (once per process); `on_commit` runs after commits with work."""
    if _listeners:
        return

    def after_commit(session: Session) -> None:
        if session.info.pop(PENDING, False):
            on_commit()

    def after_rollback(session: Session) -> None:
        session.info.pop(PENDING, None)

    _listeners.extend(
        [("after_flush", record_changes), ("after_commit", after_commit)]
        + [("after_rollback", after_rollback)]
    )
    for name, listener in _listeners:
        event.listen(db.session, name, listener)


def record_changes(session: Session, _flush_context) -> None:
    """After a flush, add an outbox row for each published practice the flush affected."""
    connection = session.connection()
    changed: dict[int, str] = {}
    for obj in session.new:
        if isinstance(obj, Practice) and obj.status == Status.PUBLISHED:
            changed[obj.id] = "created"
    for obj in session.deleted:
        if isinstance(obj, Practice) and obj.id is not None:
            changed[obj.id] = "deleted"
    for obj in session.dirty:
        if isinstance(obj, Practice):
            if _was_or_is_published(obj) and session.is_modified(obj):
                changed.setdefault(obj.id, "updated")
        elif _renamed(obj):
            for practice_id in _practices_using(connection, obj):
                changed.setdefault(practice_id, "renamed")
    for practice_id in _translated(session):
        changed.setdefault(practice_id, "translated")
    if changed:
        connection.execute(
            insert(IndexChange),
            [{"practice_id": pid, "reason": reason} for pid, reason in sorted(changed.items())],
        )
        session.info[PENDING] = True


def _translated(session: Session) -> set[int]:
    """Published practices with a translation added, edited or deleted in this flush."""
    touched = [
        obj
        for obj in (*session.new, *session.dirty, *session.deleted)
        if isinstance(obj, PracticeTranslation)
        and (obj in session.new or obj in session.deleted or session.is_modified(obj))
    ]
    return {
        t.practice_id
        for t in touched
        if t.practice_id is not None and t.practice is not None and t.practice.is_published
    }


def _was_or_is_published(practice: Practice) -> bool:
    history = inspect(practice).attrs.status.history
    return practice.status == Status.PUBLISHED or Status.PUBLISHED in (history.deleted or ())


def _renamed(obj: object) -> bool:
    attribute = {City: "name", Country: "name"}.get(type(obj), "label")
    if not isinstance(obj, (City, Country, *_LINK_TABLES)):
        return False
    return inspect(obj).attrs[attribute].history.has_changes()


def _practices_using(connection: Connection, obj: object) -> list[int]:
    """Published practices whose index document shows this term, city or country."""
    query = select(Practice.id).where(Practice.status == Status.PUBLISHED)
    if isinstance(obj, City):
        query = query.where(Practice.city_id == obj.id)
    elif isinstance(obj, Country):
        query = query.join(City, Practice.city_id == City.id).where(City.country_code == obj.code)
    else:
        link = _LINK_TABLES[type(obj)]
        term_column = next(c for c in link.c if c.name != "practice_id")
        query = query.join(link, link.c.practice_id == Practice.id).where(term_column == obj.id)
    return list(connection.scalars(query))


def _pending_condition(state: AppliedState):
    condition = IndexChange.id > state.last_id
    if state.gaps:
        condition = or_(condition, IndexChange.id.in_(sorted(state.gaps)))
    return condition


def pending_changes(session: Session, state: AppliedState, limit: int) -> list[tuple[int, int]]:
    """(outbox id, practice id) pairs not yet applied to a generation in `state`, oldest first."""
    rows = session.execute(
        select(IndexChange.id, IndexChange.practice_id)
        .where(_pending_condition(state))
        .order_by(IndexChange.id)
        .limit(limit)
    )
    return [(row.id, row.practice_id) for row in rows]


def has_pending(session: Session, state: AppliedState) -> bool:
    return bool(session.scalar(select(exists().where(_pending_condition(state)))))


def snapshot_state(session: Session) -> AppliedState:
    """The state of an index built from what `session` sees now: every change so far applied."""
    latest = session.scalar(select(func.max(IndexChange.id))) or 0
    return AppliedState().advanced(
        list(session.scalars(select(IndexChange.id).where(IndexChange.id > latest - 1000)))
        or [latest]
    )
