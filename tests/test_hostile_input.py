"""Hostile input against every form field, query parameter and API parameter.

Each request gets a clear answer: the right 4xx, or a 200/302 whose echo of the input is escaped.
Never a 500, and a refused request leaves the database and the search index as they were.
Read-only and always-refused requests share one demo library per module (`site`); requests
that may be accepted run on a second module app (`workshop`), compared before and after each.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import count
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest
from flask import Flask, request
from flask.testing import FlaskClient
from sqlalchemy import select

from nsc_library import create_app
from nsc_library.extensions import db
from nsc_library.models import (
    AccountToken,
    AuditEntry,
    Practice,
    ReviewNote,
    Revision,
    Role,
    Theme,
    TokenPurpose,
    User,
)
from nsc_library.practice_rules import Status
from nsc_library.services import accounts
from tests.support.apps import AppTemplates, seed_demo
from tests.support.databases import is_postgresql
from tests.support.factories import (
    PASSWORD,
    app_config,
    import_records,
    login,
    make_record,
    make_user,
)
from tests.support.watch import data_version, stop_watching


class Escaped(str):
    """Percent-escapes sent as they are: bytes that are not UTF-8 text."""


PAYLOADS: dict[str, str | bytes] = {
    "script": "<script>alert(1)</script>",
    "img_onerror": '"><img src=x onerror=alert(1)>',
    "javascript_url": "javascript:alert(document.cookie)",
    "sql_or": "' OR 1=1 --",
    "sql_drop": '"; DROP TABLE practice; --',
    "traversal": "../../etc/passwd",
    "encoded_traversal": "%2e%2e%2f%2e%2e%2fetc%2fpasswd",  # sent as these characters
    "rtl_override": "report\u202etxt.exe",
    "zero_width": "mal\u200dmo\u200b",
    "nul": "a\x00b",
    "lone_surrogate": Escaped("%ED%A0%80"),  # U+D800 encoded: not UTF-8
    "invalid_utf8": Escaped("%FF%FE%C0%AF"),
    "raw_invalid_bytes": b"\xff\xfe\xc0\xaf",  # unescaped in a form body
    "one_megabyte": "x" * 1_000_000,
    "whoosh_field": "title:",
    "whoosh_star": "*",
    "whoosh_not_not": "NOT NOT x",
    "whoosh_quote": '"unbalanced',
    "whoosh_parens": "((a OR b",
    "whoosh_and": "AND",
    "whoosh_minus": "-",
    "whoosh_boost": "^2",
    "whoosh_fuzzy": "~",
    "whoosh_range": "[a TO z]",
}
URL_PAYLOADS = [name for name in PAYLOADS if name != "raw_invalid_bytes"]  # same bytes, escaped
# Refused by every address and form with a 400 that names the problem.
NOT_TEXT = {"nul": "NUL character", "lone_surrogate": "UTF-8", "invalid_utf8": "UTF-8",
            "raw_invalid_bytes": "UTF-8"}  # fmt: skip
# What must never reach a page as markup, and its escaped form where the input is shown.
RAW = {"script": "<script>alert(1)", "img_onerror": "<img src=x", "javascript_url": "javascript:"}
ESCAPED = {"script": "&lt;script&gt;alert(1)", "img_onerror": "&lt;img src=x"}
DEMO_SLUG = "the-aarhus-model-prevention-of-radicalisation-and-exit-support-aarhus"
FORM = "application/x-www-form-urlencoded"
WATCHED = (Practice, Revision, User, AuditEntry, Theme, ReviewNote, AccountToken)
# On PostgreSQL: plain SQL without parameters, compiled once, every row as stored.
SNAPSHOT_SQL = {
    model.__tablename__: str(select(model.__table__).order_by(model.__table__.c.id))
    for model in WATCHED
}
_numbers = count(1)


def in_url(value: str | bytes) -> str:
    return str(value) if isinstance(value, Escaped) else quote(value, safe="")


def form_body(fields: dict[str, str | bytes | list[str]]) -> bytes:
    """An urlencoded body; a bytes value goes in unescaped, exactly as given."""
    parts = []
    for name, value in fields.items():
        for one in value if isinstance(value, list) else [value]:
            encoded = one if isinstance(one, bytes) else in_url(one).encode("ascii")
            parts.append(quote(name).encode("ascii") + b"=" + encoded)
    return b"&".join(parts)


def post(client: FlaskClient, path: str, fields: dict, address: str = "127.0.0.1"):
    return client.post(path, data=form_body(fields), content_type=FORM,
                       environ_base={"REMOTE_ADDR": address})  # fmt: skip


def index_files(app: Flask) -> list[tuple[str, int, int]]:
    """Every file of the search index as written.

    Any write to the index (a segment, a table of contents, the outbox position) adds, removes
    or changes a file: quicker than searching the whole library before and after each request.
    """
    index = Path(app.config["INDEX_DIR"])
    files = [(path, path.stat()) for path in index.rglob("*") if path.is_file()]
    return sorted(
        (str(path.relative_to(index)), stat.st_size, stat.st_mtime_ns) for path, stat in files
    )


def watched_rows(app: Flask) -> dict[str, list]:
    with app.app_context():
        connection = db.session.connection()
        rows = {
            name: connection.exec_driver_sql(sql).fetchall() for name, sql in SNAPSHOT_SQL.items()
        }
        db.session.remove()
    return rows


def state(app: Flask) -> dict:
    """What any write changes: on SQLite any commit at all, on PostgreSQL the watched rows."""
    database = watched_rows(app) if is_postgresql() else data_version(app)
    return {"database": database, "index": index_files(app)}


class Unchanged:
    """Asserts that the watched rows and the search index are as they were when it was made.

    Some refused requests commit on purpose (a failed login is recorded for throttling), so the
    check is on the watched rows. On SQLite they are read only when the data version says that
    something was committed since the last check.
    """

    def __init__(self, app: Flask) -> None:
        self.app = app
        self.rows = watched_rows(app)
        self.index = index_files(app)
        self.version = None if is_postgresql() else data_version(app)

    def __call__(self) -> None:
        assert index_files(self.app) == self.index, (
            "a refused or read-only request wrote to the index"
        )
        if self.version is not None:
            version = data_version(self.app)
            if version == self.version:
                return
        assert watched_rows(self.app) == self.rows, (
            "a refused or read-only request changed something"
        )
        if self.version is not None:
            self.version = version


def check_answer(response, payload: str, echoes: bool = False) -> None:
    """Never a 5xx; markup in the input never comes back as markup; a clear refusal of non-text."""
    assert response.status_code < 500, response.status_code
    text = response.get_data().decode("utf-8")
    # A country code is shown in capitals. Folded only for the payloads looked for in the page:
    # folding the answer to a megabyte of input takes a tenth of a second.
    folded = text.casefold() if payload in RAW else ""  # ESCAPED has a subset of its keys
    if payload in NOT_TEXT:
        assert response.status_code == 400
        assert NOT_TEXT[payload] in text
    if payload in RAW:
        marker = RAW[payload]
        if payload == "javascript_url":
            assert f'href="{marker}' not in text and f"href='{marker}" not in text
        else:
            assert marker.casefold() not in folded, "the input came back as markup"
    if response.mimetype == "application/json":
        answer = json.loads(text)
        if response.status_code >= 400:
            assert answer["error"]["code"] and answer["error"]["message"]
        if echoes and payload in ESCAPED:  # echoed, but as \u003c... inside a JSON string
            assert RAW[payload].casefold() in answer["error"]["message"].casefold()
    elif echoes and payload in ESCAPED and response.mimetype == "text/html":
        assert ESCAPED[payload].casefold() in folded, "the input is not shown back, escaped"


# --- the demo library, shared by the read-only and always-refused requests ---


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, app_templates: AppTemplates):
    with app_templates.app(tmp_path_factory.mktemp("hostile-site"), seed_demo) as app:
        make_user(app, "contributor@example.org", "contributor", "Malmö")
        make_user(app, "admin@example.org", "admin")
        with app.app_context():
            assert db.session.scalar(select(Practice.id).where(Practice.slug == DEMO_SLUG))
        unchanged = Unchanged(app)
        assert unchanged.index, "the demo library has a search index"
        yield app, unchanged
        stop_watching(app)


@pytest.fixture
def site_app(site) -> Flask:
    return site[0]


@pytest.fixture
def unchanged(site) -> Unchanged:
    """Asserts that the demo library is as it was when the module started."""
    return site[1]


@dataclass
class Get:
    """A GET address with {} where the payload goes, and the answer it must give."""

    name: str
    url: str
    status: int
    echoes: bool = False
    exceptions: dict[str, int] = field(default_factory=dict)


SEARCH_DIMENSIONS = ("theme", "approach", "target_group", "country", "prevention_level",
                     "evaluation", "decade")  # fmt: skip
PUBLIC = [
    Get("search q", "/practices?q={}", 200, echoes=True, exceptions={"one_megabyte": 400}),
    *(Get(f"search {d}", f"/practices?{d}={{}}", 400, echoes=True) for d in SEARCH_DIMENSIONS),
    Get("search sort", "/practices?sort={}", 400, echoes=True),
    Get("search page", "/practices?page={}", 400, echoes=True),
    Get("search year_from", "/practices?year_from={}", 400, echoes=True),
    Get("search year_to", "/practices?year_to={}", 400, echoes=True),
    Get("search correct", "/practices?q=malmo&correct={}", 200),
    Get("search unknown name", "/practices?{}=1", 200),
    Get("theme slug", "/themes/{}", 404),
    Get("theme page", "/themes/youth-crime?page={}", 400, echoes=True),
    Get("country code", "/countries/{}", 404),
    Get("country page", "/countries/SE?page={}", 400, echoes=True),
    Get("practice slug", "/practices/{}", 404),
    Get("compare", f"/compare?p={{}}&p={DEMO_SLUG}", 404),
    Get("compare one", "/compare?p={}", 302),  # back to the shortlist, which says why
    Get("login next", "/login?next={}", 200, echoes=True),
    Get("theme feed", "/feeds/themes/{}.atom", 404),
    Get("country feed", "/feeds/countries/{}.atom", 404),
    Get("export csv q", "/practices/export.csv?q={}", 200, exceptions={"one_megabyte": 400}),
    Get("export csv theme", "/practices/export.csv?theme={}", 400, echoes=True),
    Get("export json sort", "/practices/export.json?sort={}", 400, echoes=True),
    Get("export json year", "/practices/export.json?year_from={}", 400, echoes=True),
]
API_PARAMETERS = (*SEARCH_DIMENSIONS, "sort", "page", "per_page", "year_from", "year_to", "correct")
API = [
    Get("api q", "/api/v1/practices?q={}", 200, exceptions={"one_megabyte": 400}),
    *(Get(f"api {p}", f"/api/v1/practices?{p}={{}}", 400, echoes=True) for p in API_PARAMETERS),
    Get("api unknown name", "/api/v1/practices?{}=1", 400, echoes=True),
    Get("api slug", "/api/v1/practices/{}", 404),
    Get("api csv q", "/api/v1/practices.csv?q={}", 200, exceptions={"one_megabyte": 400}),
    Get("api csv theme", "/api/v1/practices.csv?theme={}", 400, echoes=True),
    Get("api json country", "/api/v1/practices.json?country={}", 400, echoes=True),
    Get("api json sort", "/api/v1/practices.json?sort={}", 400, echoes=True),
    Get("api json page", "/api/v1/practices.json?page={}", 400),
]


@pytest.mark.parametrize("payload", URL_PAYLOADS)
@pytest.mark.parametrize("target", PUBLIC + API, ids=lambda t: t.name)
def test_every_parameter_gives_a_clear_answer(
    site_app: Flask, unchanged, target: Get, payload: str
) -> None:
    response = site_app.test_client().get(target.url.format(in_url(PAYLOADS[payload])))
    expected = 400 if payload in NOT_TEXT else target.exceptions.get(payload, target.status)
    assert response.status_code == expected, response.get_data(as_text=True)[:300]
    check_answer(response, payload, target.echoes)
    if target.url.startswith("/api/"):
        assert response.mimetype in ("application/json", "text/csv")
    if response.mimetype == "text/csv":
        assert response.headers["Content-Disposition"].startswith("attachment")
    unchanged()


@pytest.mark.parametrize(
    "url",
    ["/static/../../etc/passwd", "/static/%2e%2e/%2e%2e/etc/passwd", "/static/..%2f..%2fsetup.cfg",
     "/static/%2e%2e%2f%2e%2e%2fsetup.cfg", "/static/....//....//setup.cfg",
     "/static/..%5c..%5csetup.cfg", "/static/%c0%ae%c0%ae/setup.cfg", "/themes/..%2f..%2fsetup.cfg",
     "/api/v1/practices/..%2f..%2f..%2fsetup.cfg", "/feeds/themes/..%2f..%2fsetup.cfg"],
)  # fmt: skip
def test_path_traversal_never_reads_a_file(site_app: Flask, url: str) -> None:
    response = site_app.test_client().get(url)
    assert response.status_code in (400, 404)
    text = response.get_data(as_text=True)
    assert "root:" not in text and "[metadata]" not in text and "install_requires" not in text


# --- forms whose requests are always refused, or change only the visitor's session ---


def test_the_login_form(site_app: Flask, unchanged) -> None:
    """Sanity check of the form the table below attacks: the right password signs in."""
    response = post(site_app.test_client(), "/login",
                    {"email": "contributor@example.org", "password": PASSWORD})  # fmt: skip
    assert response.status_code == 302
    unchanged()


@pytest.mark.parametrize("payload", PAYLOADS)
@pytest.mark.parametrize("field_name", ["email", "password", "next", "remember"])
def test_login_form(site_app: Flask, unchanged, field_name: str, payload: str) -> None:
    number = next(_numbers)
    # A wrong password for the e-mail and password fields, the right one for the others.
    fields = {"email": f"nobody{number}@example.org", "password": PASSWORD, "next": "/"}
    if field_name in ("next", "remember"):
        fields["email"] = "contributor@example.org"
    fields[field_name] = PAYLOADS[payload]
    # Each attempt from its own address, so that throttling does not answer instead.
    response = post(
        site_app.test_client(), "/login", fields, address=f"10.9.{number // 250}.{number % 250}"
    )
    check_answer(response, payload, echoes=field_name == "email")
    if payload in NOT_TEXT:
        pass
    elif field_name in ("next", "remember"):
        assert response.status_code == 302
        target = urlsplit(response.headers["Location"])
        assert not target.scheme and not target.netloc and target.path.startswith("/")
        assert response.headers["Location"] in ("/", "/contribute/")
    elif payload == "one_megabyte":
        assert response.status_code == 400  # longer than the field allows
    else:
        assert response.status_code == 401
        assert "The e-mail address or password is not right." in response.get_data(as_text=True)
    unchanged()  # a failed login is recorded for throttling (login_failure) and nothing else


@pytest.mark.parametrize("payload", PAYLOADS)
@pytest.mark.parametrize("field_name", ["email", "role", "city"])
def test_invite_form(site_app: Flask, unchanged, field_name: str, payload: str) -> None:
    client = site_app.test_client()
    assert login(client, "admin@example.org").status_code == 302
    fields = {"email": "newcomer@example.org", "role": "editor", "city": ""}
    fields[field_name] = PAYLOADS[payload]
    response = post(client, "/admin/invite", fields)
    assert response.status_code == 400
    check_answer(response, payload, echoes=field_name == "email")
    unchanged()


@pytest.mark.parametrize(
    "email",
    ["<script>alert(1)</script>@example.org", "' OR 1=1 --@example.org", "a b@example.org",
     "\u202egro.elpmaxe@nimda", "ad\u200dmin@example.org", "x@y@example.org", "@example.org"],
)  # fmt: skip
def test_invitations_only_to_plain_addresses(site_app: Flask, unchanged, email: str) -> None:
    client = site_app.test_client()
    assert login(client, "admin@example.org").status_code == 302
    response = post(client, "/admin/invite", {"email": email, "role": "editor", "city": ""})
    assert response.status_code == 400
    assert "is not an e-mail address" in response.get_data(as_text=True)
    check_answer(response, "script", echoes=email.startswith("<script>"))
    unchanged()


@pytest.mark.parametrize("payload", PAYLOADS)
@pytest.mark.parametrize("field_name", ["slug", "next"])
@pytest.mark.parametrize("action", ["add", "remove"])
def test_shortlist_forms(
    site_app: Flask, unchanged, action: str, field_name: str, payload: str
) -> None:
    client = site_app.test_client()
    fields = {"slug": DEMO_SLUG, "next": "/shortlist"}
    fields[field_name] = PAYLOADS[payload]
    response = post(client, f"/shortlist/{action}", fields)
    check_answer(response, payload)
    too_long = payload == "one_megabyte"
    if payload in NOT_TEXT or (field_name == "slug" and (action == "add" or too_long)):
        assert response.status_code == 400  # not a published practice, or not a slug at all
    elif field_name == "next" and too_long:
        assert response.status_code == 400
    else:
        assert response.status_code == 302
        assert response.headers["Location"] == "/shortlist"  # never off the site
    listed = client.get("/shortlist").get_data(as_text=True)
    assert (DEMO_SLUG in listed) == (action == "add" and response.status_code == 302)
    unchanged()


# --- forms that may be accepted: one app for the module, compared before and after each ---


@pytest.fixture(scope="module")
def workshop(tmp_path_factory: pytest.TempPathFactory, app_templates: AppTemplates) -> Flask:
    with app_templates.app(tmp_path_factory.mktemp("hostile-workshop")) as app:
        import_records(app, [make_record(title="Published practice", city="Malmö")])
        make_user(app, "contributor@example.org", "contributor", "Malmö")
        make_user(app, "editor@example.org", "editor")
        make_user(app, "forgetful@example.org", "editor")
        yield app
        stop_watching(app)


@pytest.fixture(scope="module")
def writers(workshop: Flask) -> dict[str, FlaskClient]:
    """A signed-in client for each role, shared by the module's tests."""
    clients = {}
    for role in ("contributor", "editor"):
        clients[role] = workshop.test_client()
        assert login(clients[role], f"{role}@example.org").status_code == 302
    return clients


def attempt(app: Flask, send: Callable[[], object]):
    """The response, and whether the database or the index changed."""
    before = state(app)
    response = send()
    return response, state(app) != before


TEXT_FIELDS = ("title", "summary", "city", "description", "organisation", "partners", "resources",
               "results", "evaluation_summary", "contact_name", "contact_role")  # fmt: skip
CHOICE_FIELDS = ("language", "themes", "approaches", "target_groups", "prevention_level",
                 "inspired_by", "evaluation")  # fmt: skip
PRACTICE_FIELDS = (*TEXT_FIELDS, *CHOICE_FIELDS, "country", "start_year", "end_year",
                   "contact_email", "links", "base_revision")  # fmt: skip


def practice_form(**changes) -> dict:
    number = next(_numbers)
    fields = {"title": f"Night walks {number}", "summary": "Adults walk the streets at night.",
              "description": "Volunteers walk in pairs.", "city": "Malmö", "country": "SE",
              "language": "en", "themes": ["polarisation"], "base_revision": "0",
              "save": "Save"}  # fmt: skip
    return {**fields, **changes}


@pytest.mark.parametrize("payload", PAYLOADS)
@pytest.mark.parametrize("field_name", PRACTICE_FIELDS)
@pytest.mark.parametrize("role", ["contributor", "editor"])
def test_practice_form(
    workshop: Flask, writers: dict, role: str, field_name: str, payload: str
) -> None:
    client = writers[role]
    fields = practice_form(**{field_name: PAYLOADS[payload]})
    response, changed = attempt(workshop, lambda: post(client, "/contribute/new", fields))
    shown_again = field_name in (*TEXT_FIELDS, "contact_email", "links")
    check_answer(response, payload, echoes=shown_again and response.status_code == 400)
    assert response.status_code in (302, 400), response.status_code
    fixed_by_city = role == "contributor" and field_name in ("city", "country")
    if payload in NOT_TEXT or (field_name in CHOICE_FIELDS and not fixed_by_city):
        assert response.status_code == 400  # no hostile text is one of the choices
    if field_name in ("start_year", "end_year", "contact_email", "links"):
        assert response.status_code == 400  # none of the payloads is a year, address or URL
    if payload == "one_megabyte" and not fixed_by_city and field_name != "base_revision":
        assert response.status_code == 400
    if response.status_code == 400:
        assert not changed, "a refused form changed something"
        return
    assert changed
    page = client.get(response.headers["Location"])
    check_answer(page, payload)
    if payload in (*RAW, "rtl_override", "zero_width"):  # the form shows every field again
        edit = client.get(response.headers["Location"] + "/edit")
        check_answer(edit, payload, echoes=field_name in TEXT_FIELDS and not fixed_by_city)


def submitted_practice(app: Flask) -> int:
    record = make_record(title=f"Submitted practice {next(_numbers)}", city="Malmö")
    import_records(app, [record], status=Status.DRAFT)
    with app.app_context():
        practice = db.session.scalar(select(Practice).where(Practice.title == record["title"]))
        practice.status = Status.SUBMITTED
        db.session.commit()
        return practice.id


@pytest.mark.parametrize("payload", PAYLOADS)
def test_request_changes_comment(workshop: Flask, writers: dict, payload: str) -> None:
    practice_id = submitted_practice(workshop)
    client = writers["editor"]
    path = f"/review/{practice_id}/request-changes"
    response, changed = attempt(
        workshop, lambda: post(client, path, {"comment": PAYLOADS[payload]})
    )
    check_answer(response, payload)
    if payload in NOT_TEXT or payload == "one_megabyte":
        assert response.status_code == 400 and not changed
        return
    assert response.status_code == 302 and changed
    with workshop.app_context():
        assert db.session.get(Practice, practice_id).status == Status.CHANGES_REQUESTED
    check_answer(client.get(f"/contribute/{practice_id}"), payload, echoes=True)


@pytest.mark.parametrize("payload", PAYLOADS)
@pytest.mark.parametrize("field_name", ["label", "description", "slug"])
def test_vocabulary_term_form(
    workshop: Flask, writers: dict, field_name: str, payload: str
) -> None:
    client = writers["editor"]
    fields = {"label": "Hate crime", "description": "Crimes motivated by prejudice."}
    slug = "hate-crime"
    if field_name == "slug":
        slug = in_url(PAYLOADS[payload]) if isinstance(PAYLOADS[payload], str) else "%FF"
    else:
        fields[field_name] = PAYLOADS[payload]
    send = lambda: post(client, f"/admin/vocabularies/theme/{slug}", fields)  # noqa: E731
    response, changed = attempt(workshop, send)
    check_answer(response, payload)
    if payload in NOT_TEXT or payload == "one_megabyte" and field_name != "slug":
        assert response.status_code == 400 and not changed
    elif field_name == "slug":
        assert response.status_code == 404 and not changed
    else:
        assert response.status_code == 302
        for page in ("/themes", "/themes/hate-crime", "/admin/vocabularies"):
            check_answer(client.get(page), payload, echoes=field_name == "label")


@pytest.mark.parametrize("payload", PAYLOADS)
@pytest.mark.parametrize("field_name", ["name", "other_names", "idea", "materials"])
def test_nordic_model_form(workshop: Flask, writers: dict, field_name: str, payload: str) -> None:
    client = writers["editor"]
    fields = {"name": "Exit (leaving violent groups)", "origin_country": "NO",
              "idea": "Help to leave violent groups.", field_name: PAYLOADS[payload]}  # fmt: skip
    send = lambda: post(client, "/admin/models/exit", fields)  # noqa: E731
    response, changed = attempt(workshop, send)
    check_answer(response, payload, echoes=response.status_code == 400)
    # No payload is an http(s) link, and a megabyte is longer than any of the texts.
    if payload in NOT_TEXT or payload == "one_megabyte" or field_name == "materials":
        assert response.status_code == 400 and not changed
        return
    assert response.status_code == 302 and changed
    for page in ("/models/exit", "/models", "/admin/models", "/practices?q=exit"):
        check_answer(client.get(page), payload)
    check_answer(client.get("/admin/models/exit"), payload, echoes=True)


@pytest.mark.parametrize("payload", PAYLOADS)
@pytest.mark.parametrize("field_name", ["display_name", "password", "confirm"])
@pytest.mark.parametrize("purpose", [TokenPurpose.INVITATION, TokenPurpose.PASSWORD_RESET])
def test_set_password_forms(
    workshop: Flask, purpose: TokenPurpose, field_name: str, payload: str
) -> None:
    with workshop.app_context():
        if purpose == TokenPurpose.INVITATION:
            email = f"invited{next(_numbers)}@example.org"
            secret = accounts.invite(email, Role.EDITOR, None, None)
            path = f"/invitation/{secret}"
        else:
            user = db.session.scalar(select(User).where(User.email == "forgetful@example.org"))
            path = f"/reset-password/{accounts.password_reset_link(user, None)}"
        db.session.commit()
    fields = {"display_name": "New colleague", "password": PASSWORD, "confirm": PASSWORD}
    fields[field_name] = PAYLOADS[payload]
    client = workshop.test_client()
    response, changed = attempt(workshop, lambda: post(client, path, fields))
    check_answer(response, payload)
    if payload in NOT_TEXT or field_name != "display_name" or payload == "one_megabyte":
        assert response.status_code == 400 and not changed  # the passwords differ, or too long
        return
    assert response.status_code == 302 and changed
    check_answer(client.get("/contribute/"), payload)


@pytest.mark.parametrize("payload", URL_PAYLOADS)
@pytest.mark.parametrize("kind", ["invitation", "reset-password"])
def test_tokens_in_the_address(workshop: Flask, kind: str, payload: str) -> None:
    url = f"/{kind}/{in_url(PAYLOADS[payload])}"
    response, changed = attempt(workshop, lambda: workshop.test_client().get(url))
    assert response.status_code == (400 if payload in NOT_TEXT else 404)
    check_answer(response, payload)
    assert not changed


def test_payload_catalogue_reaches_the_server_as_sent(tmp_path: Path) -> None:
    """The encoding helpers send each payload's characters, or its bytes, unchanged."""
    app = create_app(app_config(tmp_path))

    @app.post("/_test/echo")
    def echo():
        return json.dumps({"args": request.args.get("v"), "form": request.form.get("v")})

    client = app.test_client()
    for name in ("script", "rtl_override", "zero_width", "encoded_traversal", "one_megabyte"):
        value = PAYLOADS[name]
        response = client.post(f"/_test/echo?v={in_url(value)}", data=form_body({"v": value}),
                               content_type=FORM)  # fmt: skip
        assert json.loads(response.get_data(as_text=True)) == {"args": value, "form": value}
