"""What a signed-in person sees first: their city's practices, or the editors' queue."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from nsc_library.extensions import db
from nsc_library.models import Practice, Revision, User
from nsc_library.practice_rules import Status
from nsc_library.services import corrections
from nsc_library.services.policy import is_editor

NEEDS_CHECKING_AFTER = timedelta(days=730)


@dataclass
class Board:
    by_status: dict[Status, list[Practice]] = field(default_factory=dict)
    needs_checking: list[Practice] = field(default_factory=list)
    queue: list[Practice] = field(default_factory=list)
    pending_edits: list[Practice] = field(default_factory=list)


def for_user(user: User) -> Board:
    board = Board()
    query = select(Practice).options(selectinload(Practice.review_notes)).order_by(Practice.title)
    if not is_editor(user):
        query = query.where(Practice.city_id == (user.city_id or -1))
    practices = list(db.session.scalars(query))
    for status in Status:
        board.by_status[status] = [p for p in practices if p.status == status]
    limit = date.today() - NEEDS_CHECKING_AFTER
    board.needs_checking = [
        p
        for p in board.by_status[Status.PUBLISHED]
        if p.last_verified is None or p.last_verified < limit
    ]
    if is_editor(user):
        board.queue, board.pending_edits = review_queue()
    return board


def review_queue() -> tuple[list[Practice], list[Practice]]:
    """Submissions and published practices with an edit waiting, oldest first."""
    submitted = list(
        db.session.scalars(
            select(Practice)
            .where(Practice.status == Status.SUBMITTED)
            .order_by(Practice.updated_at)
        )
    )
    waiting = (
        select(Practice, func.min(Revision.created_at).label("since"))
        .join(Revision, Revision.practice_id == Practice.id)
        .where(Revision.pending.is_(True), Practice.status == Status.PUBLISHED)
        .group_by(Practice.id)
        .order_by("since")
    )
    return submitted, [row[0] for row in db.session.execute(waiting)]


def queue_size() -> int:
    """What waits for the editors: submissions, edits of published practices, visitors' reports."""
    submitted = select(func.count(Practice.id)).where(Practice.status == Status.SUBMITTED)
    pending = (
        select(func.count(func.distinct(Revision.practice_id)))
        .join(Practice, Practice.id == Revision.practice_id)
        .where(Revision.pending.is_(True), Practice.status == Status.PUBLISHED)
    )
    # One statement: editors see this number in the navigation of every page.
    counts = select(
        submitted.scalar_subquery(),
        pending.scalar_subquery(),
        corrections.open_count_query().scalar_subquery(),
    )
    return sum(db.session.execute(counts).one())
