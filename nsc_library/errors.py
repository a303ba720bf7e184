"""Error pages in the site's style: a clear message and a way back, never a traceback."""

from __future__ import annotations

from flask import Flask, current_app, render_template
from werkzeug.exceptions import HTTPException, InternalServerError


def register(app: Flask) -> None:
    app.register_error_handler(HTTPException, http_error)
    app.register_error_handler(Exception, unexpected_error)


def http_error(error: HTTPException):
    return render_template("error.html", error=error), error.code


def unexpected_error(error: Exception):
    # The traceback goes to the log; the user gets the 500 page without details.
    if isinstance(error, HTTPException):
        return http_error(error)
    current_app.logger.exception("Unexpected error", exc_info=error)
    return http_error(InternalServerError())
