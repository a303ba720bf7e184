"""Progress bars for the commands that can run for minutes: a count and a rate per stage, on a
terminal only (nothing is printed when the output is a file or a pipe)."""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager

import click

from nsc_library.progress import reporting_to


@contextmanager
def progress_bars() -> Iterator[None]:
    """Show a bar for each stage reported while the block runs (see nsc_library.progress)."""
    if not sys.stderr.isatty():
        yield
        return
    bars: dict[str, tuple[click.progressbar, float]] = {}

    def show(stage: str, done: int, total: int) -> None:
        if stage not in bars:
            bar = click.progressbar(length=total, label=stage, show_pos=True, file=sys.stderr)
            bar.__enter__()
            bars[stage] = (bar, time.monotonic())
        bar, started = bars[stage]
        rate = done / max(time.monotonic() - started, 1e-6)
        bar.label = f"{stage} ({rate:,.0f}/s)"
        bar.update(done - bar.pos)
        if done >= total:
            bar.__exit__(None, None, None)
            del bars[stage]

    with reporting_to(show):
        yield
