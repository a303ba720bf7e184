"""Translations of a write-up: pinned to a revision, shown in the reader's language, out of date
when the original changes, listed for editors, found by search, carried by the API, the exchange
format and backups."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from babel.support import Translations
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

import nsc_library
from nsc_library import create_app
from nsc_library.exchange import validate_record
from nsc_library.exchange.checks import KnownTerms
from nsc_library.exchange.translations import check_translations
from nsc_library.extensions import db
from nsc_library.models import AuditEntry, Practice, PracticeTranslation
from nsc_library.services import practices, translations
from tests.support.apps import dispose
from tests.support.factories import app_config, import_records, login, make_record, make_user
from tests.test_api import response_validator
from tests.test_csrf import token_from
from tests.test_forms import sign_in

DANISH = {
    "title": "Forældrenetværk mod radikalisering",
    "summary": "Forældre mødes med en koordinator, når de er bekymrede for et barn.",
    "description": "Forældre, der er bekymrede, mødes **hver måned** med andre forældre.",
    "results": "Forældrene følte sig mindre alene.",
    "city": "Aarhus",
    "country": "DK",
    "language": "da",
    "english_summary": "A parents' network in Aarhus for parents worried about radicalisation.",
}
FINNISH = {
    "title": "Vanhempainverkosto radikalisoitumista vastaan",
    "summary": "Huolestuneet vanhemmat tapaavat koordinaattorin.",
    "description": "Huolestuneet vanhemmat tapaavat **joka kuukausi** muita vanhempia.",
    "results": "Vanhemmat kokivat olevansa vähemmän yksin.",
}


def danish_practice(app: Flask, **overrides: Any) -> int:
    record = make_record(**{**DANISH, **overrides})
    import_records(app, [record])
    with app.app_context():
        return db.session.scalar(select(Practice.id).where(Practice.title == record["title"]))


def signed_in(app: Flask, email: str, role: str, city: str | None = None, country: str = "DK"):
    make_user(app, email, role, city, country)
    client = app.test_client()
    login(client, email)
    return client


def base_saved(client: FlaskClient, path: str) -> str:
    """The stamp the translation form carries: when the translation was last saved."""
    html = client.get(path).get_data(as_text=True)
    return re.search(r'name="base_saved" type="hidden" value="([^"]*)"', html).group(1)


def form(language: str | None = None, **fields: str) -> dict[str, str]:
    data = {**FINNISH, "source_revision": "1", **fields}
    if language is not None:
        data["language"] = language
    return data


def change_original(app: Flask, pid: int, **changes: str) -> None:
    """An import that updates the practice: a new revision with different text."""
    with app.app_context():
        practice = db.session.get(Practice, pid)
        record = {**practices.practice_record(practice), **changes}
    import_records(app, [record])


# The interface's own words as a Finnish reader sees them.
FI = Translations.load(Path(nsc_library.__file__).parent / "translations", ["fi"])
OUTDATED = FI.gettext("Translated from an earlier version.")
CHANGED = (
    "The original has changed since: %(num)d word was removed or added. Check the original "
    "before you rely on the details.",
    "The original has changed since: %(num)d words were removed or added. Check the original "
    "before you rely on the details.",
)


def finnish_reader(app: Flask) -> FlaskClient:
    client = app.test_client()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "fi-FI,fi;q=0.9,en;q=0.5"
    return client


def translate_into_finnish(app: Flask, pid: int) -> None:
    writer = signed_in(app, "writer@aarhus.example.org", "contributor", "Aarhus")
    answer = writer.post(f"/contribute/{pid}/translations/new", data=form("fi"))
    assert answer.status_code == 302, answer.get_data(as_text=True)


def slug_of(app: Flask, pid: int) -> str:
    with app.app_context():
        return db.session.get(Practice, pid).slug


# The form: who may translate, and what is refused.


def test_a_contributor_of_the_city_translates_and_a_finnish_reader_sees_it(app: Flask) -> None:
    pid = danish_practice(app)
    writer = signed_in(app, "writer@aarhus.example.org", "contributor", "Aarhus")
    page = writer.get(f"/contribute/{pid}/translations/new")
    assert page.status_code == 200 and "Translate this practice" in page.get_data(as_text=True)
    assert writer.post(f"/contribute/{pid}/translations/new", data=form("fi")).status_code == 302
    overview = writer.get(f"/contribute/{pid}").get_data(as_text=True)
    assert "Finnish</a>" in overview and "up to date" in overview

    slug = slug_of(app, pid)
    answer = finnish_reader(app).get(f"/practices/{slug}")
    html = answer.get_data(as_text=True)
    assert FINNISH["title"] in html and "joka kuukausi" in html
    assert DANISH["title"] not in html.split("<article")[1].split(FI.gettext("Key facts"))[0]
    assert f'href="/practices/{slug}/da"' in html and FI.gettext("See the original") in html
    assert f'hreflang="fi" href="http://localhost/practices/{slug}/fi"' in html
    assert f'hreflang="x-default" href="http://localhost/practices/{slug}"' in html
    assert "Accept-Language" in answer.headers["Vary"]
    assert OUTDATED not in html

    original = finnish_reader(app).get(f"/practices/{slug}/da").get_data(as_text=True)
    assert (
        DANISH["title"] in original
        and FINNISH["title"] not in original.split(FI.gettext("Also in:"))[0]
    )
    english = app.test_client().get(f"/practices/{slug}").get_data(as_text=True)
    assert DANISH["title"] in english and "Also in:" in english
    chooser = app.test_client()
    chooser.set_cookie("lang", "fi")  # the reader's own choice of language
    assert FINNISH["title"] in chooser.get(f"/practices/{slug}").get_data(as_text=True)
    assert app.test_client().get(f"/practices/{slug}/fi").status_code == 200
    assert app.test_client().get(f"/practices/{slug}/sv").status_code == 404


def test_an_editor_edits_a_translation_and_the_audit_log_says_who(app: Flask) -> None:
    pid = danish_practice(app)
    translate_into_finnish(app, pid)
    editor = signed_in(app, "editor@example.org", "editor")
    page = editor.get(f"/contribute/{pid}/translations/fi").get_data(as_text=True)
    assert FINNISH["title"] in page and "The original" in page
    path = f"/contribute/{pid}/translations/fi"
    edited = form(title="Vanhempien verkosto", base_saved=base_saved(editor, path))
    assert editor.post(path, data=edited).status_code == 302
    with app.app_context():
        translation = db.session.scalar(select(PracticeTranslation))
        assert translation.title == "Vanhempien verkosto"
        assert translation.translator.email == "editor@example.org"
        entries = db.session.scalars(select(AuditEntry).where(AuditEntry.action.like("%transl%")))
        assert [(e.actor.email, e.details["language"]) for e in entries] == [
            ("writer@aarhus.example.org", "fi"),
            ("editor@example.org", "fi"),
        ]


@pytest.mark.parametrize(
    ("who", "status"),
    [("contributor of another city", 403), ("anonymous", 302)],
)
def test_others_may_not_translate(app: Flask, who: str, status: int) -> None:
    pid = danish_practice(app)
    if who == "anonymous":
        client = app.test_client()
    else:
        client = signed_in(app, "writer@malmo.example.org", "contributor", "Malmö", "SE")
    assert client.get(f"/contribute/{pid}/translations/new").status_code == status
    answer = client.post(f"/contribute/{pid}/translations/new", data=form("fi"))
    assert answer.status_code == status
    if who == "anonymous":
        assert "/login" in answer.headers["Location"]
    with app.app_context():
        assert db.session.scalar(select(PracticeTranslation)) is None


@pytest.mark.parametrize(
    ("path", "data", "status", "message"),
    [
        ("new", form("xx"), 400, "choose one of the library"),
        ("new", form(""), 400, "choose one of the library"),
        ("new", form("da"), 400, "this is the language of the original"),
        ("da", form(), 400, "this is the language of the original"),
        ("new", form("fi", title="x" * 201), 400, "Field cannot be longer than 200"),
        ("new", form("fi", title=""), 400, "is required"),
        ("new", form("fi", source_revision="99"), 400, "has no revision 99"),
        ("xx", form(), 404, ""),
    ],
)
def test_hostile_translations_are_refused_with_a_reason(
    app: Flask, path: str, data: dict, status: int, message: str
) -> None:
    pid = danish_practice(app)
    writer = signed_in(app, "writer@aarhus.example.org", "contributor", "Aarhus")
    answer = writer.post(f"/contribute/{pid}/translations/{path}", data=data)
    assert answer.status_code == status
    assert message in answer.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(PracticeTranslation)) is None


def test_a_second_translation_into_the_same_language_is_refused(app: Flask) -> None:
    pid = danish_practice(app)
    translate_into_finnish(app, pid)
    writer = app.test_client()
    login(writer, "writer@aarhus.example.org")
    answer = writer.post(f"/contribute/{pid}/translations/new", data=form("fi", title="Toinen"))
    assert answer.status_code == 400
    assert "there is a translation into this language already" in answer.get_data(as_text=True)
    with app.app_context():
        assert [t.title for t in db.session.scalars(select(PracticeTranslation))] == [
            FINNISH["title"]
        ]


# Out of date: the original changed after the translation was made.


def test_a_translation_of_an_earlier_version_says_so_and_shows_what_changed(app: Flask) -> None:
    pid = danish_practice(app)
    translate_into_finnish(app, pid)
    change_original(app, pid, results="Forældrene følte sig mindre alene og bad om flere møder.")
    html = finnish_reader(app).get(f"/practices/{slug_of(app, pid)}").get_data(as_text=True)
    assert OUTDATED in html
    assert FI.ngettext(*CHANGED, 7) % {"num": 7} in html  # "alene." replaced by six words
    assert "<ins>" in html and "flere møder." in html

    editor = signed_in(app, "editor@example.org", "editor")
    page = editor.get(f"/contribute/{pid}/translations/fi").get_data(as_text=True)
    assert "The original has changed since this translation was made" in page
    assert 'name="source_revision" type="hidden" value="2"' in page
    path = f"/contribute/{pid}/translations/fi"
    data = form(source_revision="2", base_saved=base_saved(editor, path))
    assert editor.post(path, data=data).status_code == 302
    html = finnish_reader(app).get(f"/practices/{slug_of(app, pid)}").get_data(as_text=True)
    assert OUTDATED not in html


def test_two_translators_cannot_overwrite_each_other(app: Flask) -> None:
    pid = danish_practice(app)
    translate_into_finnish(app, pid)
    path = f"/contribute/{pid}/translations/fi"
    editor = signed_in(app, "editor@example.org", "editor")
    writer = app.test_client()
    login(writer, "writer@aarhus.example.org")
    stamp = base_saved(editor, path)
    assert writer.post(path, data=form(title="Kirjoittajan", base_saved=stamp)).status_code == 302
    late = editor.post(path, data=form(title="Toimittajan", base_saved=stamp))
    html = late.get_data(as_text=True)
    assert late.status_code == 409 and "Someone else saved this translation" in html
    assert 'value="Toimittajan"' in html  # the late text is kept in the form
    with app.app_context():
        assert db.session.scalar(select(PracticeTranslation.title)) == "Kirjoittajan"
    again = re.search(r'name="base_saved" type="hidden" value="([^"]*)"', html).group(1)
    assert editor.post(path, data=form(title="Toimittajan", base_saved=again)).status_code == 302


def test_confirming_a_practice_does_not_make_its_translations_outdated(app: Flask) -> None:
    pid = danish_practice(app)
    translate_into_finnish(app, pid)
    writer = app.test_client()
    login(writer, "writer@aarhus.example.org")
    assert writer.post(f"/contribute/{pid}/confirm").status_code == 302
    with app.app_context():
        practice = db.session.get(Practice, pid)
        assert len(practice.revisions) == 2
        assert not translations.find(practice, "fi").outdated
        assert translations.current_revision(practice).number == 2


def test_the_queue_lists_outdated_translations_most_changed_first(app: Flask) -> None:
    small = danish_practice(app)
    large = danish_practice(app, title="Natteravne i Aarhus")
    translate_into_finnish(app, small)
    writer = app.test_client()
    login(writer, "writer@aarhus.example.org")
    assert writer.post(f"/contribute/{large}/translations/new", data=form("fi")).status_code == 302
    change_original(app, small, results="Forældrene følte sig mindre alene nu.")
    change_original(app, large, description="Helt ny tekst om natteravne " * 5)
    editor = signed_in(app, "editor@example.org", "editor")
    html = editor.get("/review/translations").get_data(as_text=True)
    assert "Out of date (2)" in html
    assert 'Translations to update</a> <span class="count">(2)' in editor.get("/review/").get_data(
        True
    )
    assert html.index("Natteravne i Aarhus") < html.index(DANISH["title"])
    assert writer.get("/review/translations").status_code == 403
    assert app.test_client().get("/review/translations").status_code == 302
    assert editor.get("/review/translations?language=zz").status_code == 400


def test_the_queue_lists_practices_not_yet_translated_into_a_language(app: Flask) -> None:
    pid = danish_practice(app)
    editor = signed_in(app, "editor@example.org", "editor")
    html = editor.get("/review/translations?language=fi").get_data(as_text=True)
    assert DANISH["title"] in html and f"/contribute/{pid}/translations/fi" in html
    html = editor.get("/review/translations?language=da").get_data(as_text=True)
    assert DANISH["title"] not in html


# Search, API, exchange format, backup.


def test_search_finds_the_practice_by_a_word_of_its_translation(app: Flask, runner) -> None:
    pid = danish_practice(app)
    slug = slug_of(app, pid)
    assert slug not in app.test_client().get("/practices?q=vanhempainverkosto").get_data(True)
    translate_into_finnish(app, pid)
    answer = app.test_client().get("/api/v1/practices?q=vanhempainverkosto").get_json()
    assert [r["slug"] for r in answer["results"]] == [slug]
    assert runner.invoke(args=["check-index", "--no-catch-up"]).exit_code == 0

    writer = app.test_client()
    login(writer, "writer@aarhus.example.org")
    other = signed_in(app, "writer@malmo.example.org", "contributor", "Malmö", "SE")
    assert other.post(f"/contribute/{pid}/translations/fi/delete").status_code == 403
    assert writer.post(f"/contribute/{pid}/translations/sv/delete").status_code == 404
    assert writer.post(f"/contribute/{pid}/translations/fi/delete").status_code == 302
    answer = app.test_client().get("/api/v1/practices?q=vanhempainverkosto").get_json()
    assert answer["total"] == 0
    assert app.test_client().get(f"/practices/{slug}/fi").status_code == 404


def test_the_sitemap_lists_each_translation(app: Flask) -> None:
    pid = danish_practice(app)
    translate_into_finnish(app, pid)
    sitemap = app.test_client().get("/sitemap.xml").get_data(as_text=True)
    assert f"<loc>http://localhost/practices/{slug_of(app, pid)}/fi</loc>" in sitemap


def test_a_finnish_reader_sees_the_finnish_title_in_the_results(app: Flask) -> None:
    pid = danish_practice(app)
    translate_into_finnish(app, pid)
    results = finnish_reader(app).get("/practices?q=vanhempainverkosto").get_data(as_text=True)
    assert f'lang="fi">{FINNISH["title"]}</a>' in results
    assert FINNISH["summary"] in results
    english = app.test_client().get("/practices?q=vanhempainverkosto").get_data(as_text=True)
    assert DANISH["title"] in english and FINNISH["title"] not in english


def test_the_api_carries_translations_and_whether_they_are_outdated(app: Flask) -> None:
    pid = danish_practice(app)
    translate_into_finnish(app, pid)
    change_original(app, pid, summary="Forældre mødes med en koordinator.")
    client = app.test_client()
    answer = client.get(f"/api/v1/practices/{slug_of(app, pid)}").get_json()
    document = client.get("/api/v1/openapi.json").get_json()
    validator = response_validator(document, "/practices/{slug}", "200")
    assert not list(validator.iter_errors(answer))
    (finnish,) = answer["translations"]
    assert finnish["language"] == "fi" and finnish["title"] == FINNISH["title"]
    assert finnish["source_revision"] == 1 and finnish["outdated"] is True
    assert finnish["url"].endswith(f"/practices/{slug_of(app, pid)}/fi")


def test_exchange_round_trip_keeps_translations(app: Flask, runner) -> None:
    pid = danish_practice(app)
    translate_into_finnish(app, pid)
    # The operators' export: the public one withholds the contact's e-mail address.
    exported = json.loads(runner.invoke(args=["export-practices"]).output)
    (record,) = [r for r in exported if r["title"] == DANISH["title"]]
    assert record["translations"][0]["source_revision"] == 1
    with app.app_context():
        report = practices.import_practices(exported)
        db.session.commit()
        assert report.ok and report.unchanged == 1 and report.updated == 0
    record["translations"][0]["title"] = "Vanhempien verkosto"
    with app.app_context():
        report = practices.import_practices([record])
        db.session.commit()
        assert report.ok, report.problems
        assert db.session.scalar(select(PracticeTranslation.title)) == "Vanhempien verkosto"


@pytest.mark.parametrize(
    ("translation", "message"),
    [
        ({"language": "xx", "title": "T"}, "“xx” is not a language of the library"),
        ({"language": "da", "title": "T"}, "“da” is the language of the original"),
        ({"language": "fi"}, "title: is required"),
        ({"language": "fi", "title": "T" * 201}, "the limit is 200"),
        ({"language": "fi", "title": "T", "source_revision": "1"}, "expected a revision number"),
        ({"language": "fi", "title": "T", "colour": "red"}, "colour: unknown field"),
    ],
)
def test_the_exchange_format_explains_a_wrong_translation(translation: dict, message: str) -> None:
    known = KnownTerms(frozenset({"polarisation"}), frozenset(), frozenset(), frozenset({"DK"}))
    raw = make_record(**DANISH, themes=["polarisation"], approaches=[], target_groups=[])
    raw["translations"] = [translation]
    _record, problems = validate_record(raw, known)
    assert any(key == "translations" and message in text for key, text in problems), problems


def test_the_exchange_format_refuses_two_translations_into_one_language() -> None:
    with pytest.raises(ValueError, match="translated twice"):
        check_translations(
            [{"language": "fi", "title": "A"}, {"language": "fi", "title": "B"}], "da"
        )


def test_importing_a_translation_of_a_revision_that_does_not_exist_writes_nothing(
    app: Flask,
) -> None:
    record = make_record(**DANISH)
    record["translations"] = [{"language": "fi", "title": "T", "source_revision": 7}]
    with app.app_context():
        report = practices.import_practices([record])
        assert not report.ok
        assert "has no revision 7 in this library (it has 1)" in str(report.problems[0])
        db.session.rollback()
        assert db.session.scalar(select(Practice)) is None


def test_backup_and_restore_keep_translations(app: Flask, runner, tmp_path: Path) -> None:
    pid = danish_practice(app)
    translate_into_finnish(app, pid)
    archive = tmp_path / "backup.json"
    assert runner.invoke(args=["backup", str(archive)]).exit_code == 0
    fresh = create_app(app_config(tmp_path / "fresh"))
    fresh_runner = fresh.test_cli_runner()
    assert fresh_runner.invoke(args=["init-db"]).exit_code == 0
    result = fresh_runner.invoke(args=["restore", str(archive)])
    assert result.exit_code == 0, result.output
    with fresh.app_context():
        (translation,) = db.session.scalars(select(PracticeTranslation))
        assert translation.title == FINNISH["title"] and translation.source_revision.number == 1
    answer = fresh.test_client().get("/api/v1/practices?q=vanhempainverkosto").get_json()
    assert answer["total"] == 1
    dispose(fresh)


def test_a_translation_posted_after_the_session_ended_comes_back(tmp_path: Path) -> None:
    app = create_app(app_config(tmp_path, WTF_CSRF_ENABLED=True))
    assert app.test_cli_runner().invoke(args=["init-db"]).exit_code == 0
    pid = danish_practice(app)
    make_user(app, "editor@example.org", "editor")
    client = app.test_client()
    sign_in(client, "editor@example.org")
    path = f"/contribute/{pid}/translations/fi"
    token = token_from(client.get(path).get_data(as_text=True))
    client.delete_cookie("session")  # the session ended while the translator typed
    assert client.post(path, data={**form(), "csrf_token": token}).status_code == 302
    with app.app_context():
        assert db.session.scalar(select(PracticeTranslation)) is None
    sign_in(client, "editor@example.org")
    html = client.get(path).get_data(as_text=True)
    assert "is back in the form" in html and FINNISH["title"] in html
    dispose(app)
