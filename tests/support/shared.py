"""Results worked out once per test run and shared by its xdist workers (pickled in a file).

The pattern pytest-xdist documents: the first worker that needs a result makes it under a lock
in the run's common temporary folder, and the others wait for it and read it. A run without
xdist makes it in the process.
"""

from __future__ import annotations

import fcntl
import os
import pickle
from collections.abc import Callable
from typing import Any

import pytest


def once_per_run(name: str, factory: pytest.TempPathFactory, make: Callable[[], Any]) -> Any:
    if "PYTEST_XDIST_WORKER" not in os.environ:
        return make()
    folder = factory.getbasetemp().parent  # the run's folder, above each worker's own
    result = folder / f"{name}.pickle"
    with open(folder / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        if not result.exists():
            result.write_bytes(pickle.dumps(make()))
        return pickle.loads(result.read_bytes())  # noqa: S301 (written by this run, a moment ago)
