"""Reading exchange files: a JSON array of records, or JSON Lines."""

from __future__ import annotations

import json
from typing import Any


class ExchangeFileError(ValueError):
    """The file as a whole cannot be read: not UTF-8, not JSON, not a list of records."""


def parse_records(data: bytes) -> list[Any]:
    """A JSON array of records, or JSON Lines (one record per line)."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ExchangeFileError(f"the file is not UTF-8 text (byte {exc.start})") from None
    stripped = text.strip()
    if not stripped:
        raise ExchangeFileError("the file is empty")
    if stripped.startswith("["):
        try:
            records = json.loads(stripped)
        except json.JSONDecodeError as exc:
            raise ExchangeFileError(f"invalid JSON: {exc.msg} at line {exc.lineno}") from None
        if not isinstance(records, list):
            raise ExchangeFileError("expected a JSON array of practice objects")
        return records
    if not stripped.startswith("{"):
        raise ExchangeFileError("expected a JSON array of practice objects, or JSON Lines")
    records = []
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip():
            try:
                records.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise ExchangeFileError(f"invalid JSON on line {number}: {exc.msg}") from None
    return records
