"""Checks of format 2's structured fields: evidence level, implementation and adaptations."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from nsc_library.evidence import EvidenceLevel
from nsc_library.exchange.checks import (
    FieldError,
    KnownTerms,
    check_country,
    check_url,
    json_type,
    text,
)
from nsc_library.quoting import quoted

MAX_ITEMS = 20
MAX_ADAPTATIONS = 10
MAX_FTE = 1000
MAX_AMOUNT = 10**12
MAX_MONTHS = 240
COST_KINDS = ("start_up", "running")
DECISIONS = ("kept", "changed", "dropped")
TEXT_LIMIT = {"name": 200, "role": 200, "item": 500, "long": 2000, "note": 300}
CONTEXT_KEYS = ("size", "legal_basis", "budget", "other")


def empty_implementation() -> dict[str, Any]:
    """The implementation of a write-up that says nothing about it."""
    return {
        "phases": [],
        "staffing": [],
        "costs": [],
        "materials": [],
        "legal_basis": "",
        "preconditions": [],
        "core_components": [],
        "adaptable_components": [],
    }


def check_evidence_level(value: Any, _known: KnownTerms) -> str:
    if value is None or value == "":
        return EvidenceLevel.NOT_ASSESSED.value
    allowed = [level.value for level in EvidenceLevel]
    if value not in allowed:
        raise FieldError(f"{quoted(value)} is not one of: {', '.join(allowed)} (see /evidence)")
    return value


def number(value: Any, where: str, low: float, high: float, low_open: bool = False) -> float | int:
    if isinstance(value, bool) or not isinstance(value, int | float) or value != value:
        raise FieldError(f"{where}: expected a number, got {json_type(value)}")
    if value < low or (low_open and value == low):
        bound = f"more than {low}" if low_open else f"{low} or more"
        raise FieldError(f"{where}: {value} is not allowed; it must be {bound}")
    if value > high:
        raise FieldError(f"{where}: {value} is over the limit of {high}")
    return int(value) if float(value).is_integer() else round(float(value), 2)


def items(value: Any, where: str, limit: int = MAX_ITEMS) -> list[Any]:
    value = [] if value is None else value
    if not isinstance(value, list):
        raise FieldError(f"{where}: expected a list, got {json_type(value)}")
    if len(value) > limit:
        raise FieldError(f"{where}: has {len(value)} entries; the limit is {limit}")
    return value


def entry(value: Any, where: str, keys: tuple[str, ...]) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise FieldError(f"{where}: expected an object, got {json_type(value)}")
    unknown = sorted(set(value) - set(keys))
    if unknown:
        raise FieldError(f"{where}: unknown key {quoted(unknown[0])} (allowed: {', '.join(keys)})")
    return value


def field_text(value: Any, where: str, limit: int, known: KnownTerms, required=False) -> str:
    try:
        return text(limit, required=required)(value, known)
    except FieldError as exc:
        raise FieldError(f"{where}: {exc}") from None


def text_list(value: Any, where: str, known: KnownTerms) -> list[str]:
    found = [
        field_text(v, f"{where} {n}", TEXT_LIMIT["item"], known)
        for n, v in enumerate(items(value, where), 1)
    ]
    return [v for v in found if v]


def check_phase(value: Any, where: str, known: KnownTerms) -> dict[str, Any]:
    value = entry(value, where, ("name", "duration_months", "description"))
    months = value.get("duration_months")
    return {
        "name": field_text(value.get("name"), f"{where} name", TEXT_LIMIT["name"], known, True),
        "duration_months": None
        if months is None
        else number(months, f"{where} duration_months", 0, MAX_MONTHS),
        "description": field_text(value.get("description"), where, TEXT_LIMIT["long"], known),
    }


def check_staff(value: Any, where: str, known: KnownTerms) -> dict[str, Any]:
    value = entry(value, where, ("role", "fte"))
    return {
        "role": field_text(value.get("role"), f"{where} role", TEXT_LIMIT["role"], known, True),
        "fte": number(value.get("fte"), f"{where} fte", 0, MAX_FTE, low_open=True),
    }


def check_cost(value: Any, where: str, known: KnownTerms) -> dict[str, Any]:
    value = entry(value, where, ("kind", "amount", "currency", "year", "note"))
    if value.get("kind") not in COST_KINDS:
        kind = quoted(value.get("kind"))
        raise FieldError(f"{where} kind: {kind} is not one of: start_up, running")
    currency = value.get("currency")
    code = currency.strip().upper() if isinstance(currency, str) else currency
    if code not in known.currencies:
        listed = ", ".join(sorted(known.currencies))
        raise FieldError(
            f"{where} currency: {quoted(currency)} is not in the EUR rate table ({listed})"
        )
    year = value.get("year")
    if year is not None:
        year = int(number(year, f"{where} year", 1950, 2100))
    return {
        "kind": value["kind"],
        "amount": number(value.get("amount"), f"{where} amount", 0, MAX_AMOUNT),
        "currency": code,
        "year": year,
        "note": field_text(value.get("note"), f"{where} note", TEXT_LIMIT["note"], known),
    }


def check_material(value: Any, where: str, known: KnownTerms) -> dict[str, str]:
    value = entry(value, where, ("title", "url"))
    title = field_text(value.get("title"), f"{where} title", TEXT_LIMIT["name"], known, True)
    url = value.get("url") or ""
    if url:
        try:
            url = check_url(url, known)
        except FieldError as exc:
            raise FieldError(f"{where} url: {exc}") from None
    return {"title": title, "url": url}


def listed(check: Callable, value: Any, where: str, known: KnownTerms) -> list[Any]:
    return [check(v, f"{where} {n}", known) for n, v in enumerate(items(value, where), 1)]


def check_implementation(value: Any, known: KnownTerms) -> dict[str, Any]:
    """How to start a practice: phases, staff, costs, materials, preconditions, components."""
    if value is None:
        return empty_implementation()
    value = entry(value, "implementation", tuple(empty_implementation()))
    return {
        "phases": listed(check_phase, value.get("phases"), "phase", known),
        "staffing": listed(check_staff, value.get("staffing"), "staffing", known),
        "costs": listed(check_cost, value.get("costs"), "cost", known),
        "materials": listed(check_material, value.get("materials"), "material", known),
        "legal_basis": field_text(
            value.get("legal_basis"), "legal_basis", TEXT_LIMIT["long"], known
        ),
        "preconditions": text_list(value.get("preconditions"), "precondition", known),
        "core_components": text_list(value.get("core_components"), "core component", known),
        "adaptable_components": text_list(
            value.get("adaptable_components"), "adaptable component", known
        ),
    }


def check_source(value: Any, where: str, known: KnownTerms) -> dict[str, str]:
    value = entry(value, where, ("title", "city", "country"))
    try:
        country = check_country(value.get("country"), known)
    except FieldError as exc:
        raise FieldError(f"{where} country: {exc}") from None
    return {
        "title": field_text(value.get("title"), f"{where} title", 200, known, True),
        "city": field_text(value.get("city"), f"{where} city", 100, known, True),
        "country": country,
    }


def check_component(value: Any, where: str, known: KnownTerms) -> dict[str, str]:
    value = entry(value, where, ("component", "decision", "how"))
    decision = value.get("decision")
    if decision not in DECISIONS:
        allowed = ", ".join(DECISIONS)
        raise FieldError(f"{where} decision: {quoted(decision)} is not one of: {allowed}")
    return {
        "component": field_text(
            value.get("component"), f"{where} component", TEXT_LIMIT["item"], known, True
        ),
        "decision": decision,
        "how": field_text(value.get("how"), f"{where} how", TEXT_LIMIT["long"], known),
    }


def check_context(value: Any, where: str, known: KnownTerms) -> dict[str, str]:
    value = entry({} if value is None else value, where, CONTEXT_KEYS)
    return {
        key: field_text(value.get(key), f"{where} {key}", TEXT_LIMIT["long"], known)
        for key in CONTEXT_KEYS
    }


def check_adaptation(value: Any, where: str, known: KnownTerms) -> dict[str, Any]:
    value = entry(value, where, ("inspired_by", "components", "context", "what_happened"))
    return {
        "inspired_by": check_source(value.get("inspired_by"), f"{where} inspired_by", known),
        "components": listed(check_component, value.get("components"), f"{where} component", known),
        "context": check_context(value.get("context"), f"{where} context", known),
        "what_happened": field_text(
            value.get("what_happened"), f"{where} what_happened", 5000, known
        ),
    }


def source_key(source: dict[str, str]) -> tuple[str, str, str]:
    """How practices are matched across libraries: title and city without case, and country."""
    return source["title"].lower(), source["city"].lower(), source["country"]


def check_adaptations(value: Any, known: KnownTerms) -> list[dict[str, Any]]:
    """What this practice kept, changed or dropped of each practice it was inspired by."""
    found = listed(
        check_adaptation, items(value, "adaptations", MAX_ADAPTATIONS), "adaptation", known
    )
    keys = [source_key(a["inspired_by"]) for a in found]
    if len(set(keys)) < len(keys):
        raise FieldError("two adaptations name the same practice in inspired_by")
    return sorted(found, key=lambda a: source_key(a["inspired_by"]))
