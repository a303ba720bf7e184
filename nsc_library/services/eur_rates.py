"""The editors' EUR rate table: read it fresh, change one year's rate, save it atomically.

The table lives in a JSON file (EUR_RATES_FILE, else <instance>/eur-rates.json once an editor
has changed it, else the one shipped with the app). Every process re-reads it when the file
changes, so that a rate saved through one gunicorn worker is used by all of them.
"""

from __future__ import annotations

import json
import math
import os
import tempfile
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pycountry
from flask import current_app
from flask_babel import gettext

from nsc_library.extensions import db
from nsc_library.models import User
from nsc_library.practice_rules import EARLIEST_YEAR, latest_year
from nsc_library.rates import RateTable, load_table
from nsc_library.services import audit

INSTANCE_FILE = "eur-rates.json"
MAX_RATE = Decimal(100_000)  # euros for one unit: far above any currency's
ABOUT = (
    "Euros per one unit of each currency, yearly averages. Edited by the library's editors "
    "at /admin/rates; the shipped table is nsc_library/data/eur-rates.json."
)


class RateError(ValueError):
    """A rate the table cannot take; `field` names the input at fault."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


def table_path() -> Path:
    """The file an editor's change is saved to."""
    configured = current_app.config.get("EUR_RATES_FILE")
    return Path(configured) if configured else Path(current_app.instance_path) / INSTANCE_FILE


def current_table() -> RateTable:
    """The app's table, re-read when its file changed since this process last read it."""
    path = table_path()
    try:
        stamp = path.stat().st_mtime_ns
    except OSError:
        stamp = None  # still the shipped table
    cached = current_app.extensions.get("eur_rates_stamp", "unset")
    if stamp is not None and stamp != cached:
        current_app.extensions["eur_rates"] = load_table(path)
        current_app.extensions["eur_rates_stamp"] = stamp
    return current_app.extensions["eur_rates"]


def check_currency(value: str) -> str:
    code = (value or "").strip().upper()
    if len(code) != 3 or not code.isalpha() or pycountry.currencies.get(alpha_3=code) is None:
        raise RateError(
            "currency",
            gettext(
                "“%(code)s” is not an ISO 4217 currency code: write three letters such as "
                "SEK, NOK or ISK.",
                code=(value or "")[:10],
            ),
        )
    return code


def check_year(value: str) -> int:
    text = (value or "").strip()
    latest = latest_year() + 1
    if not text.isdigit() or not EARLIEST_YEAR <= int(text) <= latest:
        raise RateError(
            "year",
            gettext(
                "Write a year from %(earliest)d to %(latest)d as four digits.",
                earliest=EARLIEST_YEAR,
                latest=latest,
            ),
        )
    return int(text)


def check_rate(value: str) -> float:
    # A decimal comma is what Nordic editors type; it means the same as a point.
    text = (value or "").strip().replace(",", ".")
    try:
        rate = Decimal(text)
    except InvalidOperation:
        rate = None
    if rate is None or not rate.is_finite() or rate <= 0 or rate > MAX_RATE:
        raise RateError(
            "rate",
            gettext(
                "Write the euros one unit is worth as a number above 0, such as 0.0905 "
                "for one Swedish crown."
            ),
        )
    result = float(rate)
    if math.isinf(result) or result <= 0:
        raise RateError("rate", gettext("This number is too small to use as a rate."))
    return result


def set_rate(currency: str, year: str, rate: str, user: User) -> tuple[str, int, float]:
    """Add or change one year's rate of a currency; the audit entry is flushed with it.

    The file is replaced in one step (a temporary file renamed over it), so a reader sees the
    old table or the new one, never half of one. The caller commits the audit entry.
    """
    code, when, value = check_currency(currency), check_year(year), check_rate(rate)
    table = current_table()
    rates = {c: dict(years) for c, years in table.rates.items()}
    before = rates.get(code, {}).get(when)
    rates.setdefault(code, {})[when] = value
    audit.record(user, "eur_rate.set", f"{code} {when}", before=before, after=value)
    db.session.flush()
    path = table_path()
    write_table(path, RateTable(rates))
    current_app.extensions["eur_rates"] = RateTable(rates)
    current_app.extensions["eur_rates_stamp"] = path.stat().st_mtime_ns
    return code, when, value


def write_table(path: Path, table: RateTable) -> None:
    document = {
        "about": ABOUT,
        "rates": {
            code: {str(year): rate for year, rate in sorted(years.items())}
            for code, years in sorted(table.rates.items())
        },
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".eur-rates-", suffix=".json")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(document, out, indent=1, ensure_ascii=False)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
