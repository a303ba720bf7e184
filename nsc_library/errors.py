"""Error pages in the site's style: a clear message and a way back, never a traceback."""

from __future__ import annotations

import logging

from flask import Flask, current_app, render_template, request
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from werkzeug.exceptions import HTTPException, InternalServerError

from nsc_library.extensions import db

log = logging.getLogger(__name__)

API_PREFIX = "/api/"
RETRY_AFTER_SECONDS = 30
UNAVAILABLE_MESSAGE = "The library cannot reach its database at the moment; try again shortly."
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


def register(app: Flask) -> None:
    app.register_error_handler(HTTPException, http_error)
    app.register_error_handler(DBAPIError, database_error)
    app.register_error_handler(Exception, unexpected_error)


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
    if request.path.startswith(API_PREFIX):
        from nsc_library.api.errors import error_response

        response = error_response(503, UNAVAILABLE_MESSAGE, code="database_unavailable")
    else:
        # Rendered without the context processors: they read the signed-in account from the
        # database, which would raise again here.
        template = current_app.jinja_env.get_template("unavailable.html")
        unsaved = request.method not in ("GET", "HEAD", "OPTIONS")
        response = current_app.response_class(
            template.render(unsaved=unsaved), status=503, mimetype="text/html"
        )
    response.status_code = 503
    response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response.headers["Cache-Control"] = "no-store"
    return response
