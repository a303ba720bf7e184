"""Configuration: defaults, then instance/config.py, then NSC_* variables, then a test's mapping."""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from datetime import timedelta
from pathlib import Path
from typing import Any

from flask import Flask

ENV_PREFIX = "NSC"


class Defaults:
    DATABASE_URL: str | None = None  # default: SQLite file in the instance folder
    INDEX_DIR: str | None = None  # default: index/ in the instance folder
    SECRET_KEY: str | None = None  # default: generated once, kept in the instance folder
    PUBLIC_URL = "http://127.0.0.1:5000"  # base of absolute links made outside a request
    PRACTICES_PER_PAGE = 20
    SQLITE_BUSY_TIMEOUT = 15.0  # seconds a SQLite writer waits for another process's write
    MAX_CONTENT_LENGTH = 5 * 1024 * 1024
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    BEHIND_PROXY = False  # true: trust one reverse proxy's X-Forwarded-* headers (ProxyFix)
    PREFER_HTTPS: bool | None = None  # secure cookies and https links; None: same as BEHIND_PROXY
    # A signed-in session ends after this long without a request; "remember me" lasts longer.
    PERMANENT_SESSION_LIFETIME = timedelta(minutes=60)
    REMEMBER_COOKIE_DURATION = timedelta(days=14)
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    JSON_SORT_KEYS = False
    # Euro rates for costs (docs/exchange-format.md): a JSON file editors keep; default: the
    # instance folder's eur-rates.json if there is one, else the table shipped with the app.
    EUR_RATES_FILE: str | None = None
    # A full rebuild of the search index of at least this many published practices indexes them
    # in two processes (one segment each); for fewer, starting the processes costs more.
    SEARCH_PARALLEL_FROM = 2000
    # Requests per address, counted in the database (shared by all workers and hosts); "off"
    # switches one off. See nsc_library/rate_limits.py for which requests each one counts.
    # /.well-known/security.txt (RFC 9116): served once a contact and an expiry date are set.
    SECURITY_CONTACT: str | list[str] | None = None  # "mailto:..." or "https://..."
    SECURITY_TXT_EXPIRES: str | None = None  # "2027-06-30": renew it before then
    SECURITY_TXT_LANGUAGES = "en, sv, da, nb, fi"
    SECURITY_POLICY_URL: str | None = None  # the published vulnerability disclosure policy
    RATE_LIMITS_ENABLED = True
    RATE_LIMIT_SIGN_IN = "20/minute"
    RATE_LIMIT_ACCOUNT_LINKS = "20/minute"
    RATE_LIMIT_API = "300/minute"
    RATE_LIMIT_FORMS = "60/minute"
    # Questions to cities and reports of wrong information, together, per address.
    RATE_LIMIT_ENQUIRIES = "10/hour"
    # An editor may not publish or approve a change they wrote while another editor exists.
    FOUR_EYES = True
    # E-mail: with no SMTP_HOST, messages are written to MAIL_DIR (default instance/mail/).
    MAIL_FROM = "library@localhost"
    MAIL_DIR: str | None = None
    # The secretariat: told of every question to a city and every report; default: the editors.
    SECRETARIAT_EMAIL: str | None = None
    SMTP_HOST: str | None = None
    SMTP_PORT = 25
    SMTP_USERNAME: str | None = None
    SMTP_PASSWORD: str | None = None
    SMTP_STARTTLS = False
    SMTP_SSL = False
    SMTP_TIMEOUT = 10.0


def checkout_instance_path() -> Path:
    """instance/ beside the package: in a checkout, the repository's instance/ folder."""
    return Path(__file__).resolve().parent.parent / "instance"


def instance_path_for(test_config: Mapping[str, Any] | None) -> Path:
    if test_config and test_config.get("INSTANCE_PATH"):
        return Path(test_config["INSTANCE_PATH"])
    if os.environ.get(f"{ENV_PREFIX}_INSTANCE_PATH"):
        return Path(os.environ[f"{ENV_PREFIX}_INSTANCE_PATH"])
    return checkout_instance_path()


def load_config(app: Flask, test_config: Mapping[str, Any] | None) -> None:
    """Fill app.config in the documented order and derive what is left unset."""
    app.config.from_object(Defaults)
    app.config.from_pyfile("config.py", silent=True)
    app.config.from_prefixed_env(ENV_PREFIX)
    if test_config:
        app.config.update(test_config)
    instance = Path(app.instance_path)
    if not app.config["DATABASE_URL"]:
        app.config["DATABASE_URL"] = f"sqlite:///{instance / 'nsc_library.sqlite3'}"
    if not app.config["INDEX_DIR"]:
        app.config["INDEX_DIR"] = str(instance / "index")
    if not app.config["SECRET_KEY"]:
        app.config["SECRET_KEY"] = stored_secret_key(instance)
    if not app.config["EUR_RATES_FILE"] and (instance / "eur-rates.json").is_file():
        app.config["EUR_RATES_FILE"] = str(instance / "eur-rates.json")
    app.config["SQLALCHEMY_DATABASE_URI"] = app.config["DATABASE_URL"]
    app.config.setdefault("SQLALCHEMY_ENGINE_OPTIONS", {"pool_pre_ping": True})


def stored_secret_key(instance: Path) -> str:
    """Read the instance's secret key, creating it (readable by the owner only) the first time."""
    path = instance / "secret_key"
    if not path.exists():
        key = secrets.token_hex(32)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(key)
    return path.read_text().strip()
