"""Whether anything was committed to an app's SQLite database since an earlier look.

SQLite's `PRAGMA data_version`, read on a connection of the test's own, changes whenever another
connection commits to the file, whatever the table; reading it costs the same however large the
database is. The connection is made once per app and never used by the app.
"""

from __future__ import annotations

import sqlite3

from flask import Flask

from nsc_library.extensions import db

WATCHER = "tests.watcher"


def data_version(app: Flask) -> int:
    watcher = app.extensions.get(WATCHER)
    if watcher is None:
        with app.app_context():
            path = db.engine.url.database
        watcher = app.extensions[WATCHER] = sqlite3.connect(path, check_same_thread=False)
    return watcher.execute("PRAGMA data_version").fetchone()[0]


def stop_watching(app: Flask) -> None:
    watcher = app.extensions.pop(WATCHER, None)
    if watcher is not None:
        watcher.close()
