"""Rate limits per address: fixed windows counted in the database, so that every worker and
every host behind a load balancer shares the same counts with nothing else to run."""

from __future__ import annotations

import math
import re
import time
from dataclasses import dataclass

from sqlalchemy import delete
from sqlalchemy.dialects import postgresql, sqlite

from nsc_library.extensions import db
from nsc_library.models import RateLimitWindow
from nsc_library.quoting import quoted

PERIODS = {"second": 1, "minute": 60, "hour": 3600, "day": 86400}
LIMIT_SHAPE = re.compile(r"\s*(\d+)\s*(?:/|per)\s*(second|minute|hour|day)\s*", re.IGNORECASE)
OFF = ("", "off", "none")


@dataclass(frozen=True)
class Limit:
    requests: int
    seconds: int


def parse_limit(text: str | None) -> Limit | None:
    """'300/minute' (or '300 per minute') as a Limit; None for '', 'off' or None."""
    if text is None or str(text).strip().lower() in OFF:
        return None
    match = LIMIT_SHAPE.fullmatch(str(text))
    if not match:
        raise ValueError(f"a rate limit looks like '300/minute'; got {quoted(text)}")
    return Limit(int(match[1]), PERIODS[match[2].lower()])


def count_request(bucket: str, address: str, limit: Limit, now: float | None = None) -> int | None:
    """Count one request of `address` to `bucket`; the seconds to wait if it is over the limit.

    Committed on a connection of its own, at once: a request that is refused, or that fails
    later, still counts, and the count never waits for the request's own transaction.
    """
    now = time.time() if now is None else now
    start = int(now // limit.seconds * limit.seconds)
    ends = start + limit.seconds
    table = RateLimitWindow.__table__
    insert = postgresql.insert if db.engine.dialect.name == "postgresql" else sqlite.insert
    statement = (
        insert(table)
        .values(bucket=bucket, address=address[:64], window_start=start, expires_at=ends, hits=1)
        .on_conflict_do_update(
            index_elements=["bucket", "address", "window_start"],
            set_={"hits": table.c.hits + 1},
        )
        .returning(table.c.hits)
    )
    with db.engine.begin() as connection:
        hits = connection.execute(statement).scalar_one()
        if hits == 1:  # a new window: the ended ones of every address go
            connection.execute(delete(table).where(table.c.expires_at < int(now)))
    return max(1, math.ceil(ends - now)) if hits > limit.requests else None
