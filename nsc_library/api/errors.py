"""JSON errors and CORS headers for the API: never an HTML page under /api/."""

from __future__ import annotations

import logging

from flask import Response, request
from werkzeug.exceptions import HTTPException, InternalServerError, MethodNotAllowed

from nsc_library import errors as site_errors
from nsc_library.api.serialise import json_response

API_PREFIX = "/api/"
READ_METHODS = "GET, HEAD, OPTIONS"
log = logging.getLogger(__name__)
CODES = {
    400: "bad_parameter",
    404: "not_found",
    405: "method_not_allowed",
    503: "search_unavailable",
}


def is_api_request() -> bool:
    return request.path.startswith(API_PREFIX)


def allow_cors(response: Response) -> Response:
    """The data is public: any origin may read it, without credentials."""
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers["Access-Control-Allow-Methods"] = READ_METHODS
    response.headers["Access-Control-Allow-Headers"] = "If-None-Match, If-Modified-Since"
    response.headers["Access-Control-Expose-Headers"] = "ETag, Last-Modified"
    response.headers["Access-Control-Max-Age"] = "86400"
    return response


def answer_preflight() -> Response | None:
    """OPTIONS on any API address: 204 with Allow (and CORS headers), never a page."""
    if request.method != "OPTIONS":
        return None
    response = Response(status=204)
    response.headers["Allow"] = READ_METHODS
    del response.headers["Content-Type"]
    return response


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
    if site_errors.is_database_outage(error):
        return site_errors.database_unavailable(error)
    log.exception("API request failed: %s", request.path)
    return json_http_error(InternalServerError("The API could not answer; please try again."))


def routing_error(error: HTTPException):
    """404 and 405 raised before a blueprint is chosen: JSON under /api/, else the site's page."""
    if is_api_request():
        return json_http_error(error)
    return site_errors.http_error(error)
