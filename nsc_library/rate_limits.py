"""Which requests are rate-limited, and the 429 answer: before any view runs, so a refused
request reads no form and writes nothing. The counting lives in services/limits.py."""

from __future__ import annotations

import logging

from flask import Flask, Response, current_app, render_template, request
from flask_babel import gettext as _
from sqlalchemy.exc import DBAPIError
from werkzeug.exceptions import TooManyRequests

from nsc_library.errors import API_PREFIX, error_response
from nsc_library.services.limits import count_request, parse_limit

log = logging.getLogger(__name__)
# Setting (RATE_LIMIT_<NAME>) per group of pages; the group is also the counter's name.
PAGE_GROUPS = {
    "auth.login": "SIGN_IN",
    "auth.accept_invitation": "ACCOUNT_LINKS",
    "auth.reset_password": "ACCOUNT_LINKS",
    "public.ask_city": "ENQUIRIES",
    "public.report_problem": "ENQUIRIES",
}


def init_app(app: Flask) -> None:
    """Check every limit in the settings now, so that a typo stops the app from starting."""
    for name in ("SIGN_IN", "ACCOUNT_LINKS", "API", "FORMS", "ENQUIRIES"):
        parse_limit(app.config.get(f"RATE_LIMIT_{name}"))
    app.before_request(refuse_over_limit)


def groups_of_this_request() -> list[str]:
    groups = []
    if request.path.startswith(API_PREFIX):
        groups.append("API")
    if request.endpoint in PAGE_GROUPS:
        groups.append(PAGE_GROUPS[request.endpoint])
    if request.method == "POST":  # every form on the site, public or signed in
        groups.append("FORMS")
    return groups


def refuse_over_limit() -> Response | None:
    if not current_app.config.get("RATE_LIMITS_ENABLED") or request.endpoint == "static":
        return None
    address = request.remote_addr or "unknown"
    for group in groups_of_this_request():
        limit = parse_limit(current_app.config.get(f"RATE_LIMIT_{group}"))
        if limit is None:
            continue
        try:
            wait = count_request(group.lower(), address, limit)
        except DBAPIError:
            # Fail open: without its database the request fails on its own, with the right 503.
            log.warning("rate limit %s not counted: database unavailable", group, exc_info=True)
            return None
        if wait is not None:
            log.info("rate limit %s reached by %s", group, address)
            return too_many_requests(wait)
    return None


def too_many_requests(wait: int) -> Response:
    message = _("Too many requests from your address; try again in %(wait)s seconds.", wait=wait)
    if request.path.startswith(API_PREFIX):
        # With CORS headers also for an unknown API address, outside the API blueprint.
        response = error_response(429, message, code="rate_limited")
    else:
        page = render_template("error.html", error=TooManyRequests(message))
        response = current_app.response_class(page, mimetype="text/html")
    response.status_code = 429
    response.headers["Retry-After"] = str(wait)
    response.headers["Cache-Control"] = "no-store"
    return response
