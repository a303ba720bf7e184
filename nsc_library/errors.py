"""Every error answer of the site, in one place: a page in the site's style, JSON under /api/.

The site gets a clear message and a way back, never a traceback; the API always answers with its
JSON error shape. The factory calls `register`; the API blueprint adds `api_error_handlers`.
"""

from __future__ import annotations

import logging

from flask import (
    Blueprint,
    Flask,
    Response,
    current_app,
    jsonify,
    redirect,
    render_template,
    request,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from werkzeug.exceptions import (
    HTTPException,
    InternalServerError,
    MethodNotAllowed,
    RequestEntityTooLarge,
)

from nsc_library import stash
from nsc_library.extensions import db
from nsc_library.i18n import current_language
from nsc_library.responses import READ_METHODS, allow_cors, json_response

log = logging.getLogger(__name__)

API_PREFIX = "/api/"
RETRY_AFTER_SECONDS = 30
UNAVAILABLE_MESSAGE = "The library cannot reach its database at the moment; try again shortly."
# The site's words for the usual errors; Werkzeug's own names and descriptions are English.
ERROR_NAMES = {
    400: _l("Bad Request"),
    401: _l("Unauthorized"),
    403: _l("Forbidden"),
    404: _l("Not Found"),
    405: _l("Method Not Allowed"),
    409: _l("Conflict"),
    410: _l("Gone"),
    413: _l("Request Entity Too Large"),
    429: _l("Too Many Requests"),
    500: _l("Internal Server Error"),
    503: _l("Service Unavailable"),
}
ERROR_DESCRIPTIONS = {
    400: _l("The library could not understand this request."),
    401: _l("Sign in to see this page."),
    403: _l("Your account may not see this page."),
    404: _l("The library has no page at this address. Check the address, or search for it."),
    405: _l("This address does not accept this kind of request."),
    410: _l("This page has been removed."),
    429: _l("Too many requests from your address; try again in a minute."),
    500: _l("The library could not show this page. The error has been logged; try again later."),
    503: _l("This part of the library is unavailable for a moment; try again shortly."),
}
# SQLite reports a missing table or a syntax error as an OperationalError too: those are bugs
# (a 500), while these messages mean the file is busy or out of reach for now.
SQLITE_TRANSIENT = (
    "database is locked",
    "database table is locked",
    "unable to open database file",
    "disk i/o error",
    "database or disk is full",
    "readonly database",
)
CODES = {
    400: "bad_parameter",
    404: "not_found",
    405: "method_not_allowed",
    503: "search_unavailable",
}


def error_name(error: HTTPException) -> str:
    return str(ERROR_NAMES.get(error.code or 500, error.name))


def error_description(error: HTTPException) -> str:
    """The view's own message if it gave one, else the site's words for the code."""
    default = type(error).description
    if error.description and error.description != default:
        return str(error.description)
    return str(ERROR_DESCRIPTIONS.get(error.code or 500, error.description or ""))


def register(app: Flask) -> None:
    app.add_template_filter(error_name, "error_name")
    app.add_template_filter(error_description, "error_description")
    app.register_error_handler(HTTPException, http_error)
    app.register_error_handler(DBAPIError, database_error)
    app.register_error_handler(Exception, unexpected_error)
    app.register_error_handler(RequestEntityTooLarge, request_too_large)
    app.register_error_handler(CSRFError, form_expired)
    # Unknown URLs and write methods fail while routing, before a blueprint is chosen.
    app.register_error_handler(404, routing_error)
    app.register_error_handler(405, routing_error)


def api_error_handlers(bp: Blueprint) -> None:
    """Inside the API every error, expected or not, answers in the API's JSON shape."""
    bp.register_error_handler(HTTPException, json_http_error)
    bp.register_error_handler(Exception, json_unexpected_error)


def is_api_request() -> bool:
    return request.path.startswith(API_PREFIX)


# The site's pages


def http_error(error: HTTPException):
    try:
        return render_template("error.html", error=error), error.code
    except DBAPIError as exc:  # the page's navigation reads the database, which may be down
        if is_database_outage(exc):
            return database_unavailable(exc)
        raise


def unexpected_error(error: Exception):
    # The traceback goes to the log; the user gets the 500 page without details.
    if isinstance(error, HTTPException):
        return http_error(error)
    current_app.logger.exception("Unexpected error", exc_info=error)
    return http_error(InternalServerError())


def routing_error(error: HTTPException):
    """404 and 405 raised before a blueprint is chosen: JSON under /api/, else the site's page."""
    if is_api_request():
        return json_http_error(error)
    return http_error(error)


def request_too_large(error: RequestEntityTooLarge):
    limit = request.max_content_length
    if limit is not None and (request.content_length or 0) > limit:
        message = _(
            "The request is larger than the %(size)s the library accepts.",
            size=readable_size(limit),
        )
    else:  # one form field or too many parts (MAX_FORM_MEMORY_SIZE, MAX_FORM_PARTS)
        message = _("A part of the request is larger than the library accepts.")
    message += " " + _("Send a smaller file or less text.")
    if is_api_request():
        return jsonify(error={"code": "request_too_large", "message": message}), 413
    error.description = message
    return render_template("error.html", error=error), 413


EXPIRED_FORM = _l(
    "This form had expired: the page was open longer than a signed-in session lasts "
    "(60 minutes without activity), or the browser refused the library's cookie. "
    "Nothing was changed. Go back, reload the page and try again."
)


def form_expired(error: CSRFError):
    """A post without a valid token: keep a practice form's text; elsewhere, say what to do."""
    if is_api_request():
        return json_http_error(error)
    if request.method == "POST" and request.endpoint in stash.KEPT_ENDPOINTS:
        stash.keep(request.form, request.path)  # the login page and the form then say so
        return redirect(request.path)
    error.description = str(EXPIRED_FORM)
    return render_template("error.html", error=error, heading=_("This form had expired")), 400


def readable_size(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):g} MB"
    if size >= 1024:
        return f"{size / 1024:g} kB"
    return f"{size} bytes"


# The API's JSON errors


def error_response(status: int, message: str, code: str | None = None) -> Response:
    """The API's error shape: {"error": {"code": ..., "message": ...}}."""
    error = {"code": code or CODES.get(status, f"http_{status}"), "message": message}
    return allow_cors(json_response({"error": error}, status))


def json_http_error(error: HTTPException) -> Response:
    if isinstance(error, MethodNotAllowed):
        response = error_response(405, "The API is read-only: only GET and HEAD are allowed.")
        response.headers["Allow"] = READ_METHODS
        return response
    return error_response(error.code or 500, error.description or error.name)


def json_unexpected_error(error: Exception) -> Response:
    if isinstance(error, HTTPException):
        return json_http_error(error)
    if is_database_outage(error):
        return database_unavailable(error)
    log.exception("API request failed: %s", request.path)
    return json_http_error(InternalServerError("The API could not answer; please try again."))


# The database out of reach


def database_error(error: DBAPIError):
    if not is_database_outage(error):
        return unexpected_error(error)
    return database_unavailable(error)


def is_database_outage(error: BaseException) -> bool:
    """A database that is down, unreachable, restarting or busy beyond the wait: worth a retry."""
    if not isinstance(error, DBAPIError):
        return False
    if error.connection_invalidated or isinstance(error, InterfaceError):
        return True
    if not isinstance(error, OperationalError):
        return False
    if type(error.orig).__module__ == "sqlite3":
        message = str(error.orig).lower()
        return any(phrase in message for phrase in SQLITE_TRANSIENT)
    return True  # PostgreSQL: connection lost or refused, server shutting down, lock timeout


def database_unavailable(error: DBAPIError):
    """503 with Retry-After: the page under /api/ is JSON, elsewhere a page needing no database."""
    try:
        db.session.rollback()  # nothing half-done is kept; the pool reconnects when it is back
    except DBAPIError:
        log.debug("rollback after a database outage failed", exc_info=True)
    log.error("database unavailable for %s %s: %s", request.method, request.path, error.orig)
    if is_api_request():
        response = error_response(503, UNAVAILABLE_MESSAGE, code="database_unavailable")
    else:
        # Rendered without the context processors: they read the signed-in account from the
        # database, which would raise again here.
        template = current_app.jinja_env.get_template("unavailable.html")
        unsaved = request.method not in ("GET", "HEAD", "OPTIONS")
        response = current_app.response_class(
            template.render(unsaved=unsaved, current_language=current_language()),
            status=503,
            mimetype="text/html",
        )
    response.status_code = 503
    response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response.headers["Cache-Control"] = "no-store"
    return response
