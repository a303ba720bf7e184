"""Text a person was saving when their session ended, kept until they have signed in again.

A form post that fails only because the session (and its CSRF token) expired is not lost: its
fields are written to a file under instance/stash/, the file's random name goes into the new
session, and the form page hands the text back once, after the person has signed in again.
"""

from __future__ import annotations

import json
import os
import secrets
import time
from pathlib import Path

from flask import current_app, session
from werkzeug.datastructures import MultiDict

SESSION_KEY = "stash"
LIFETIME_SECONDS = 2 * 24 * 3600
# The pages whose posts are kept; their GET view calls `take`.
KEPT_ENDPOINTS = frozenset(
    {
        "contribute.new_practice",
        "contribute.edit_practice",
        "contribute.new_translation",
        "contribute.edit_translation",
    }
)


def folder() -> Path:
    path = Path(current_app.instance_path) / "stash"
    path.mkdir(mode=0o700, exist_ok=True)
    return path


def keep(form: MultiDict, path: str) -> None:
    """Keep a post's fields (without its stale token) for the page at `path`."""
    purge_old()
    name = secrets.token_urlsafe(24)
    items = [(k, v) for k, v in form.items(multi=True) if k != "csrf_token"]
    fd = os.open(folder() / f"{name}.json", os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump({"path": path, "items": items}, handle)
    session[SESSION_KEY] = name


def take(path: str) -> MultiDict | None:
    """The fields kept for this page in this session, once; None if there are none."""
    name = session.get(SESSION_KEY)
    if not isinstance(name, str) or not name.replace("-", "").replace("_", "").isalnum():
        return None
    file = folder() / f"{name}.json"
    try:
        kept = json.loads(file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        session.pop(SESSION_KEY, None)
        return None
    if kept.get("path") != path:
        return None
    session.pop(SESSION_KEY, None)
    file.unlink(missing_ok=True)
    return MultiDict([tuple(pair) for pair in kept["items"]])


def carried_over() -> str | None:
    """The session's stash name, to carry across the session reset at sign-in."""
    name = session.get(SESSION_KEY)
    return name if isinstance(name, str) else None


def purge_old() -> None:
    cutoff = time.time() - LIFETIME_SECONDS
    for file in folder().glob("*.json"):
        try:
            if file.stat().st_mtime < cutoff:
                file.unlink()
        except OSError:
            pass
