"""HTTP answers shared by the areas: JSON bodies, CORS, and conditional answers.

Every open-data answer (API, downloads, feeds, sitemap) carries an ETag and Last-Modified and is
answered with 304 when the client is current.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

from flask import Response, current_app, request
from werkzeug.http import is_resource_modified

from nsc_library.services.catalogue import as_utc, last_public_change

READ_METHODS = "GET, HEAD, OPTIONS"
# Outside strings JSON has none of these characters, so escaping them keeps the same JSON while a
# parameter echoed in a message (or a title with markup) can never read as HTML if sniffed.
HTML_SAFE = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"})


def json_response(data: Any, status: int = 200) -> Response:
    """JSON with its keys in the documented order (Flask's jsonify would sort them)."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(HTML_SAFE)
    return current_app.response_class(text + "\n", status=status, mimetype="application/json")


def answer_preflight() -> Response | None:
    """OPTIONS on any API address: 204 with Allow (and CORS headers), never a page."""
    if request.method != "OPTIONS":
        return None
    response = Response(status=204)
    response.headers["Allow"] = READ_METHODS
    del response.headers["Content-Type"]
    return response


def allow_cors(response: Response) -> Response:
    """The data is public: any origin may read it, without credentials."""
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers["Access-Control-Allow-Methods"] = READ_METHODS
    response.headers["Access-Control-Allow-Headers"] = "If-None-Match, If-Modified-Since"
    response.headers["Access-Control-Expose-Headers"] = "ETag, Last-Modified"
    response.headers["Access-Control-Max-Age"] = "86400"
    return response


def timestamp(moment: datetime | None) -> str | None:
    """ISO 8601 in UTC with its offset, whatever the database gave back."""
    moment = as_utc(moment)
    return moment.isoformat() if moment else None


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
    changed = changed or last_public_change()
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
