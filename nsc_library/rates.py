"""Euro rates by currency and year, from a small table shipped with the app (or the editors' own).

Costs are stored in the currency and year a city reported them in; the euro amount is worked out
when shown, so that correcting the table corrects every page.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

SHIPPED_FILE = "eur-rates.json"


class RateTableError(ValueError):
    """The rate file cannot be read or has a wrong shape."""


@dataclass(frozen=True)
class RateTable:
    """Euros per unit of each currency, by year."""

    rates: dict[str, dict[int, float]]

    @property
    def currencies(self) -> frozenset[str]:
        return frozenset(self.rates)

    def rate(self, currency: str, year: int | None) -> float | None:
        """The rate of that year, else of the nearest year in the table."""
        by_year = self.rates.get(currency)
        if not by_year:
            return None
        if year is None or year not in by_year:
            year = min(by_year, key=lambda known: (abs(known - (year or max(by_year))), -known))
        return by_year[year]

    def to_eur(self, amount: float, currency: str, year: int | None) -> float | None:
        rate = self.rate(currency, year)
        return None if rate is None else round(amount * rate, 2)


def parse_table(text: str) -> RateTable:
    try:
        data = json.loads(text)
        table = {
            code.upper(): {int(year): float(rate) for year, rate in years.items()}
            for code, years in data["rates"].items()
        }
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise RateTableError(f"the EUR rate table is not readable: {exc}") from None
    if any(not years or min(years.values()) <= 0 for years in table.values()):
        raise RateTableError("every currency needs at least one year with a positive rate")
    return RateTable(table)


def load_table(path: str | Path | None = None) -> RateTable:
    """The table at `path` (EUR_RATES_FILE), or the one shipped with the app."""
    if path:
        return parse_table(Path(path).read_text(encoding="utf-8"))
    return parse_table(files("nsc_library.data").joinpath(SHIPPED_FILE).read_text("utf-8"))


SHIPPED_CURRENCIES = load_table().currencies


@dataclass(frozen=True)
class ImplementationTotals:
    """What starting a practice takes, summed for pages and the compare table."""

    start_up_eur: float | None
    running_eur: float | None
    fte: float | None
    months: float | None
    # Costs whose currency the table does not know are left out of the sums and counted here.
    unconverted: int = 0


def implementation_totals(implementation: dict | None, table: RateTable) -> ImplementationTotals:
    """Start-up and yearly running costs in EUR, staff in FTE, duration of the phases."""
    implementation = implementation or {}
    sums: dict[str, float | None] = {"start_up": None, "running": None}
    unconverted = 0
    for cost in implementation.get("costs") or []:
        eur = table.to_eur(cost["amount"], cost["currency"], cost.get("year"))
        if eur is None:
            unconverted += 1
            continue
        sums[cost["kind"]] = (sums[cost["kind"]] or 0) + eur
    staffing = implementation.get("staffing") or []
    months = [p["duration_months"] for p in implementation.get("phases") or []]
    known_months = [m for m in months if m is not None]
    return ImplementationTotals(
        start_up_eur=sums["start_up"],
        running_eur=sums["running"],
        fte=round(sum(s["fte"] for s in staffing), 2) if staffing else None,
        months=sum(known_months) if known_months else None,
        unconverted=unconverted,
    )
