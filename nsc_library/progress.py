"""Progress of long work (imports, index builds, backups), for a command to show.

Services and the search writer report `(done, total)` to whatever a command set here; they know
nothing of terminals. Nothing is set in a web request, so reporting costs nothing there.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

Reporter = Callable[[str, int, int], None]

_reporter: ContextVar[Reporter | None] = ContextVar("nsc_progress", default=None)
# Reporting every item of a 50,000-item loop would cost more than it shows.
EVERY = 50


def report(stage: str, done: int, total: int) -> None:
    """Tell the command running this work, if any, that `done` of `total` items of `stage` are
    done. Cheap: reports only every EVERY items and at the end."""
    reporter = _reporter.get()
    if reporter is not None and (done % EVERY == 0 or done == total):
        reporter(stage, done, total)


class Counter:
    """Counts the items of one stage as they are done, in ones or in batches, and reports them
    as `report` does: each time the count passes a multiple of EVERY, and at the end."""

    def __init__(self, stage: str, total: int) -> None:
        self.stage = stage
        self.total = total
        self.done = 0

    def add(self, count: int = 1) -> None:
        before = self.done
        self.done += count
        reporter = _reporter.get()
        if reporter is None:
            return
        if self.done // EVERY != before // EVERY or self.done == self.total:
            reporter(self.stage, self.done, self.total)


@contextmanager
def reporting_to(reporter: Reporter) -> Iterator[None]:
    token = _reporter.set(reporter)
    try:
        yield
    finally:
        _reporter.reset(token)
