"""Security basics for every answer: headers, HTTPS behind a proxy, cookies, request size."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any
from urllib.parse import unquote_to_bytes

from flask import Flask, Response, request
from flask_babel import gettext as _
from werkzeug.exceptions import BadRequest, RequestEntityTooLarge
from werkzeug.middleware.proxy_fix import ProxyFix

# No inline script or style anywhere: scripts and stylesheets come from /static only.
CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "frame-ancestors 'none'",
        "form-action 'self'",
        "base-uri 'self'",
        "object-src 'none'",
    )
)
HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Frame-Options": "DENY",
}
HSTS = "max-age=31536000; includeSubDomains"
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def init_app(app: Flask) -> None:
    """Trust the proxy if configured, harden cookies, add headers, refuse oversized requests."""
    if app.config["BEHIND_PROXY"]:
        # One proxy in front: its X-Forwarded-For/-Proto/-Host/-Prefix are believed, no others.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=1, x_prefix=1)
    if serves_https(app):
        app.config.update(
            SESSION_COOKIE_SECURE=True, REMEMBER_COOKIE_SECURE=True, PREFERRED_URL_SCHEME="https"
        )
    app.config.update(
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        REMEMBER_COOKIE_HTTPONLY=True,
        REMEMBER_COOKIE_SAMESITE="Lax",
    )
    security_txt_expiry(app.config)  # a malformed date stops the app now, not a request later
    app.before_request(refuse_oversized_request)
    app.before_request(refuse_invalid_utf8)
    app.before_request(refuse_nul_characters)
    app.after_request(add_security_headers)


def serves_https(app: Flask) -> bool:
    """PREFER_HTTPS when set; otherwise a site behind a proxy is taken to be served over HTTPS."""
    prefer = app.config.get("PREFER_HTTPS")
    return bool(app.config["BEHIND_PROXY"] if prefer is None else prefer)


def add_security_headers(response: Response) -> Response:
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    # Only over HTTPS: an HSTS header sent over plain HTTP is ignored, and may be a forgery.
    if request.is_secure:
        response.headers.setdefault("Strict-Transport-Security", HSTS)
    return response


def refuse_oversized_request() -> None:
    """Refuse by the announced length, before any view or form reads the body.

    Werkzeug also stops a body without a length once it passes MAX_CONTENT_LENGTH.
    """
    limit = request.max_content_length
    if limit is not None and (request.content_length or 0) > limit:
        raise RequestEntityTooLarge()


def refuse_invalid_utf8() -> None:
    """An address or form that is not UTF-8 is refused with a clear 400. Werkzeug would keep
    undecodable %xx escapes as literal text, and drop a whole form body it cannot decode, so a
    save would go ahead with garbled or empty fields. Runs before anything reads the form."""
    # WSGI's path holds the decoded bytes as latin-1; the address as sent (kept by gunicorn and
    # Werkzeug) also shows escapes that a server has already decoded with replacement marks.
    raw_uri = request.environ.get("RAW_URI") or request.environ.get("REQUEST_URI")
    parts = [
        request.environ.get("PATH_INFO", "").encode("latin-1", "replace"),
        unquote_to_bytes(raw_uri or request.query_string),
    ]
    if request.method == "POST" and request.mimetype == FORM_TYPES[0]:
        # Cached, so that the form is parsed from these same bytes afterwards.
        parts.append(unquote_to_bytes(request.get_data(cache=True)))
    try:
        for part in parts:
            part.decode("utf-8")
    except UnicodeDecodeError:
        raise BadRequest(
            "The address or the form is not valid UTF-8 text; send it as UTF-8."
        ) from None


def refuse_nul_characters() -> None:
    """A NUL character has no place in an address or a form, and PostgreSQL cannot store one:
    refused here, it is a clear 400 instead of a database error on some pages."""
    fields = request.args.items(multi=True)
    if request.method == "POST" and request.mimetype in FORM_TYPES:
        fields = [*fields, *request.form.items(multi=True)]
    if "\x00" in request.path or any("\x00" in k or "\x00" in v for k, v in fields):
        raise BadRequest(_("The address or the form contains a NUL character; remove it."))


def security_txt_expiry(config: Mapping[str, Any]) -> datetime | None:
    """SECURITY_TXT_EXPIRES ('2027-06-30' or a full ISO date-time) as an aware UTC datetime."""
    value = config.get("SECURITY_TXT_EXPIRES")
    if not value:
        return None
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(UTC)


def security_txt(config: Mapping[str, Any], canonical: str) -> str | None:
    """The RFC 9116 security.txt of this site; None until a contact and an expiry are set."""
    contacts = config.get("SECURITY_CONTACT")
    expires = security_txt_expiry(config)
    if not contacts or expires is None:
        return None
    lines = [f"Contact: {contact}" for contact in _as_list(contacts)]
    lines.append(f"Expires: {expires.strftime('%Y-%m-%dT%H:%M:%SZ')}")
    lines.append(f"Preferred-Languages: {config.get('SECURITY_TXT_LANGUAGES') or 'en'}")
    lines.append(f"Canonical: {canonical}")
    if config.get("SECURITY_POLICY_URL"):
        lines.append(f"Policy: {config['SECURITY_POLICY_URL']}")
    return "\n".join(lines) + "\n"


def _as_list(value: str | list[str]) -> list[str]:
    return [value] if isinstance(value, str) else list(value)
