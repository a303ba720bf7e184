"""Small factories for test data: exchange records, imported practices and configs."""

from __future__ import annotations

import json
from itertools import count
from pathlib import Path
from typing import Any

from flask import Flask

from nsc_library.extensions import db
from nsc_library.practice_rules import Status
from nsc_library.services import practices, references
from tests.support.databases import database_url

_numbers = count(1)


def app_config(tmp_path: Path, **overrides: Any) -> dict[str, Any]:
    return {
        "TESTING": True,
        "INSTANCE_PATH": str(tmp_path / "instance"),
        "DATABASE_URL": overrides.get("DATABASE_URL") or database_url(tmp_path),
        "INDEX_DIR": str(tmp_path / "index"),
        "SECRET_KEY": "test-secret-key",
        "WTF_CSRF_ENABLED": False,
        "CHEAP_PASSWORD_HASHES": True,
        "RATE_LIMITS_ENABLED": False,  # on only in the tests of the limits (test_rate_limits.py)
        **overrides,
    }


def make_record(**overrides: Any) -> dict[str, Any]:
    """A valid exchange-format record; each call gets a fresh title."""
    number = next(_numbers)
    record = {
        "title": f"Dialogue cafés for neighbours {number}",
        "summary": "Monthly evening meetings where residents, police and social workers talk.",
        "description": "## How it works\n\nResidents meet **every month**.\n\n- coffee\n- talk",
        "city": "Malmö",
        "country": "SE",
        "themes": ["polarisation"],
        "approaches": ["community-engagement"],
        "target_groups": ["general-public"],
        "prevention_level": "universal",
        "organisation": "Malmö city (invented example)",
        "partners": ["Police Region South"],
        "start_year": 2018,
        "end_year": None,
        "evaluation": "process",
        "evaluation_summary": "A process evaluation in 2021 found high attendance.",
        "results": "Trust rose; young men were hard to reach.",
        "resources": "One coordinator at half time.",
        "contact_name": "Anna Berg",
        "contact_email": "anna.berg@malmo.example.org",
        "contact_role": "Coordinator",
        "links": [{"title": "City page", "url": "https://example.org/dialogue"}],
        "language": "en",
        "english_summary": "",
    }
    record.update(overrides)
    return record


def import_records(
    app: Flask, records: list[dict[str, Any]], status: Status = Status.PUBLISHED
) -> practices.ImportReport:
    with app.app_context():
        report = practices.import_practices(records, status=status)
        db.session.commit()
    assert report.ok, [str(p) for p in report.problems]
    return report


def write_json(path: Path, records: Any) -> Path:
    path.write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")
    return path


PASSWORD = "correct horse battery staple"


def make_user(app: Flask, email: str, role: str, city: str | None = None, country: str = "SE"):
    """An active account; a contributor's city is created if it is not in the library yet."""
    from nsc_library.models import Role
    from nsc_library.services import accounts

    with app.app_context():
        place = references.get_or_create_city(city, country) if city else None
        user = accounts.create_user(email, Role(role), PASSWORD, place)
        db.session.commit()
        return user.id


def login(client, email: str, password: str = PASSWORD, **extra: str):
    return client.post("/login", data={"email": email, "password": password, **extra})
