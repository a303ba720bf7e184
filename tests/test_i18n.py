"""The interface in six languages: marked strings, catalogues, how a language is chosen, and
what follows it (labels, country names, formats, e-mails, the API's `lang`)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from datetime import date
from email.parser import BytesParser
from email.policy import default
from pathlib import Path

import flask_babel
import pytest
from babel.messages.pofile import read_po
from babel.support import Translations
from flask import Flask, render_template_string
from flask_babel import force_locale, gettext, lazy_gettext
from markupsafe import Markup
from sqlalchemy import select

from nsc_library.extensions import db
from nsc_library.forms import form_message
from nsc_library.i18n import LANGUAGE_COOKIE, LANGUAGES
from nsc_library.models import City, Practice, Role, Theme, User
from nsc_library.rendering import link_to, long_date, money, months
from nsc_library.services import accounts, network, notifications
from tests.support.factories import login, make_user

ROOT = Path(__file__).resolve().parent.parent
CATALOGUES = ROOT / "nsc_library" / "translations"
TEMPLATE = CATALOGUES / "messages.pot"
TRANSLATED = [code for code in LANGUAGES if code != "en"]
# Pages everyone sees, signed out; {slug} is a published practice of the demo library.
MAIN_PAGES = [
    "/",
    "/practices",
    "/practices?q=hate+crime",
    "/practices/{slug}",
    "/practices/{slug}/how-to-start",
    "/themes",
    "/themes/hate-crime",
    "/countries",
    "/countries/SE",
    "/shortlist",
    "/evidence",
    "/about",
    "/accessibility",
    "/api",
    "/login",
    "/no-such-page",
]

# -- (a) every string is marked ------------------------------------------------------------------


def test_the_committed_template_equals_a_fresh_extraction(tmp_path: Path) -> None:
    """A string marked but not extracted (or extracted and since removed) fails here:
    run `bash scripts/translations.sh update` and commit messages.pot and the .po files."""
    fresh = tmp_path / "fresh.pot"
    pybabel = Path(sys.executable).with_name("pybabel")
    subprocess.run(
        ["bash", "scripts/translations.sh", "extract-to", str(fresh)],
        cwd=ROOT,
        check=True,
        env={**os.environ, "PYBABEL": str(pybabel)},
    )
    assert messages(fresh) == messages(TEMPLATE)


def messages(path: Path) -> list[tuple[object, tuple]]:
    with path.open("rb") as f:
        return [(m.id, tuple(m.flags)) for m in read_po(f) if m.id]


# What may stand in a template outside _() and {% trans %}: no words, only these.
NOT_WORDS = re.compile(r"^[\s·,.;:()\[\]/|×→–—“”‘’\"'!?+=*&#%@\-0-9]*$")
BRAND_AND_CODE = {"FTE", "EUR", "JSON", "CSV", "API"}
STRIPPED = [
    re.compile(r"\{#.*?#\}", re.S),  # comments
    re.compile(r"\{%-?\s*trans\b.*?\{%-?\s*endtrans\s*-?%\}", re.S),  # translated blocks
    re.compile(r"\{\{.*?\}\}", re.S),  # expressions: their words are marked where they are made
    re.compile(r"\{%.*?%\}", re.S),
    re.compile(r"<(script|style|pre|code)\b.*?</\1>", re.S),  # code samples, data for scripts
    re.compile(r"&[a-z]+;|&#\d+;"),  # entities
]
TEXT_ATTRIBUTES = re.compile(r'\b(title|alt|placeholder|aria-label|data-confirm)="([^"]*)"')


def unmarked_text(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8")
    for pattern in STRIPPED:
        text = pattern.sub(" ", text)
    found = [m.group(0) for m in TEXT_ATTRIBUTES.finditer(text) if not NOT_WORDS.match(m.group(2))]
    descriptions = re.findall(r'<meta name="description" content="([^"]*)"', text)
    found += [d for d in descriptions if not NOT_WORDS.match(d)]
    for node in re.sub(r"<[^>]*>", "\n", text).splitlines():
        node = node.strip()
        if node and not NOT_WORDS.match(node) and node not in BRAND_AND_CODE:
            found.append(node)
    return found


@pytest.mark.parametrize(
    "template", sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "templates").rglob("*.html"))
)
def test_no_template_has_words_outside_translation_marks(template: str) -> None:
    assert unmarked_text(ROOT / template) == []


def test_the_check_finds_an_unmarked_word(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text(
        '<h1>{{ _("Marked") }}</h1><p title="Hover text">12</p><p>Plain words</p>'
        "<pre><code>curl 'x'</code></pre><p>{% trans %}Block{% endtrans %} · 12</p>",
        encoding="utf-8",
    )
    assert unmarked_text(page) == ['title="Hover text"', "Plain words"]


# -- (b) the catalogues ---------------------------------------------------------------------------


def catalogue(language: str):
    with (CATALOGUES / language / "LC_MESSAGES" / "messages.po").open("rb") as f:
        return read_po(f)


@pytest.mark.parametrize("language", TRANSLATED)
def test_each_catalogue_holds_exactly_the_template_strings(language: str) -> None:
    """`pybabel update` keeps them in step: no string missing, none left over."""
    with TEMPLATE.open("rb") as f:
        expected = {m.id for m in read_po(f) if m.id}
    assert {m.id for m in catalogue(language) if m.id} == expected


PLACEHOLDER = re.compile(r"%\((\w+)\)[sdr]")
TAG = re.compile(r"</?([a-z]+)\b")


@pytest.mark.parametrize("language", TRANSLATED)
def test_translations_keep_placeholders_and_markup(language: str) -> None:
    """A translation names the same %(placeholders)s and HTML tags as its English text."""
    wrong = []
    for message in catalogue(language):
        if not message.id or not message.string:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for text in strings:
            if not text:
                continue
            if set(PLACEHOLDER.findall(text)) - set(PLACEHOLDER.findall(ids[-1])) or sorted(
                TAG.findall(text)
            ) != sorted(TAG.findall(ids[0])):
                wrong.append((ids[0], text))
    assert wrong == []


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_catalogue_entry_is_translated_and_not_fuzzy(language: str) -> None:
    untranslated = [
        m.id
        for m in catalogue(language)
        if m.id and (m.fuzzy or not m.string or (isinstance(m.string, tuple) and not all(m.string)))
    ]
    assert untranslated == []


# -- (c) how the language is chosen --------------------------------------------------------------


@pytest.fixture(scope="module")
def practice_slug(demo_app: Flask) -> str:
    with demo_app.app_context():
        return db.session.scalar(
            select(Practice.slug).where(Practice.published_at.is_not(None)).limit(1)
        )


def html_lang(html: str) -> str:
    return re.search(r'<html lang="([^"]+)">', html).group(1)


@pytest.mark.parametrize("language", list(LANGUAGES))
@pytest.mark.parametrize("page", MAIN_PAGES)
def test_each_main_page_renders_in_each_language(
    demo_client, practice_slug: str, page: str, language: str
) -> None:
    url = page.format(slug=practice_slug)
    response = demo_client.get(url + ("&" if "?" in url else "?") + f"lang={language}")
    assert response.status_code == (404 if page == "/no-such-page" else 200)
    html = response.get_data(as_text=True)
    assert html_lang(html) == language
    assert "Accept-Language" in response.headers["Vary"] and "Cookie" in response.headers["Vary"]


def test_the_browser_language_is_used_when_nothing_else_is_chosen(demo_client) -> None:
    page = demo_client.get("/", headers={"Accept-Language": "fi-FI,fi;q=0.9,en;q=0.5"})
    assert html_lang(page.get_data(as_text=True)) == "fi"
    page = demo_client.get("/", headers={"Accept-Language": "de-DE,de;q=0.9"})
    assert html_lang(page.get_data(as_text=True)) == "en"
    assert html_lang(demo_client.get("/").get_data(as_text=True)) == "en"


def test_the_switcher_sets_the_cookie_and_returns_to_the_page(demo_client) -> None:
    response = demo_client.get("/language/sv?next=/themes%3Fpage%3D1")
    assert response.status_code == 302 and response.headers["Location"] == "/themes?page=1"
    cookie = response.headers["Set-Cookie"]
    assert f"{LANGUAGE_COOKIE}=sv" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    # The cookie beats the browser's language; `?lang=` beats the cookie for one page.
    page = demo_client.get("/themes", headers={"Accept-Language": "fi"})
    assert html_lang(page.get_data(as_text=True)) == "sv"
    assert html_lang(demo_client.get("/themes?lang=da").get_data(as_text=True)) == "da"
    assert html_lang(demo_client.get("/themes").get_data(as_text=True)) == "sv"


@pytest.mark.parametrize(
    "target",
    ["https://evil.example/", "//evil.example/", "/\\evil.example", "javascript:alert(1)", ""],
)
def test_the_switcher_never_redirects_off_the_site(demo_client, target: str) -> None:
    response = demo_client.get("/language/fi", query_string={"next": target})
    assert response.status_code == 302 and response.headers["Location"] == "/"


@pytest.mark.parametrize("code", ["xx", "EN", "fi-FI", "<script>"])
def test_an_unknown_language_is_a_404_and_sets_nothing(demo_client, code: str) -> None:
    response = demo_client.get(f"/language/{code}?next=/")
    assert response.status_code == 404 and "Set-Cookie" not in response.headers


def test_a_forged_cookie_or_parameter_falls_back(demo_client) -> None:
    demo_client.set_cookie(LANGUAGE_COOKIE, "../../etc")
    page = demo_client.get("/?lang=<b>", headers={"Accept-Language": "nb"})
    assert html_lang(page.get_data(as_text=True)) == "nb"


def test_every_page_offers_the_switcher_and_its_alternates(demo_client) -> None:
    html = demo_client.get("/themes?page=1&lang=fi").get_data(as_text=True)
    for code, name in LANGUAGES.items():
        assert f'hreflang="{code}" href="http://localhost/themes?page=1&amp;lang={code}"' in html
        assert re.search(
            rf'<a href="/language/{code}\?next=[^"]+" lang="{code}"[^>]*>{name}</a>', html
        )
    assert (
        '<link rel="alternate" hreflang="x-default" href="http://localhost/themes?page=1">' in html
    )
    assert 'aria-current="true">Suomi<' in html


def test_a_megabyte_in_the_address_is_not_copied_into_every_language_link(demo_client) -> None:
    # Copied, the page grew by a dozen encoded megabytes and took seconds of a worker's time.
    response = demo_client.get("/themes?page=1&junk=" + "x" * 1_000_000)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert len(html) < 200_000
    assert 'hreflang="sv" href="http://localhost/themes?lang=sv"' in html


# -- what follows the language ---------------------------------------------------------------------


def test_labels_country_names_and_numbers_follow_the_language(demo_client) -> None:
    html = demo_client.get("/themes/hate-crime?lang=fi").get_data(as_text=True)
    assert "<h1>Viharikokset</h1>" in html
    html = demo_client.get("/countries?lang=fi").get_data(as_text=True)
    assert "Ruotsi" in html and "Tanska" in html  # Sweden, Denmark: Babel's CLDR names
    html = demo_client.get("/countries?lang=is").get_data(as_text=True)
    assert "Svíþjóð" in html


def test_dates_and_money_are_written_the_language_s_way(demo_app: Flask) -> None:
    with demo_app.test_request_context("/?lang=fi"):
        assert long_date(date(2026, 12, 2)) == "2. joulukuuta 2026"
        assert money(53680, "EUR") == "53\xa0680\xa0€"
    with demo_app.test_request_context("/?lang=da"):
        assert money(53680, "DKK") == "53.680\xa0kr."
    with demo_app.test_request_context("/"):
        assert long_date(date(2026, 12, 2)) == "2 December 2026"
        assert money(53680, "EUR") == "€53,680"


def test_the_api_is_english_unless_lang_asks(demo_client) -> None:
    english = demo_client.get("/api/v1/themes", headers={"Accept-Language": "fi"}).get_json()
    finnish = demo_client.get("/api/v1/themes?lang=fi").get_json()
    assert [t["slug"] for t in english["results"]] != [] and {
        t["slug"] for t in english["results"]
    } == {t["slug"] for t in finnish["results"]}
    labels = {t["slug"]: t["label"] for t in finnish["results"]}
    assert labels["hate-crime"] == "Viharikokset"
    english_labels = {t["slug"]: t["label"] for t in english["results"]}
    assert english_labels["hate-crime"] == "Hate crime"
    countries = demo_client.get("/api/v1/countries?lang=sv").get_json()["results"]
    assert {c["code"]: c["name"] for c in countries}["FI"] == "Finland"
    assert {c["code"]: c["name"] for c in countries}["DK"] == "Danmark"


@pytest.mark.parametrize(
    "query", ["lang=xx", "lang=fi&lang=sv", "lang=", "language=fi", "lang=fi%00"]
)
def test_the_api_refuses_a_bad_lang(demo_client, query: str) -> None:
    response = demo_client.get(f"/api/v1/themes?{query}")
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "bad_parameter"


def test_editors_edit_a_label_per_language(app: Flask, client) -> None:
    make_user(app, "editor@example.org", "editor")
    login(client, "editor@example.org")
    page = client.get("/admin/vocabularies").get_data(as_text=True)
    assert 'name="label_fi" value="Viharikokset"' in page
    form = {
        "label": "Hate crime",
        "description": "Crimes motivated by prejudice.",
        "label_fi": "Viharikos",
        "description_fi": "",
        "label_sv": "",
        "csrf_token": "",
    }
    assert client.post("/admin/vocabularies/theme/hate-crime", data=form).status_code == 302
    with app.app_context():
        term = db.session.scalar(select(Theme).where(Theme.slug == "hate-crime"))
        assert term.label_in("fi") == "Viharikos"
        assert term.label_in("sv") == "Hate crime"  # emptied: the English label stands in
        assert "sv" not in term.translations
    html = client.get("/themes/hate-crime?lang=fi").get_data(as_text=True)
    assert "<h1>Viharikos</h1>" in html
    too_long = {**form, "label_da": "x" * 101}
    assert client.post("/admin/vocabularies/theme/hate-crime", data=too_long).status_code == 400


def test_a_contributor_cannot_edit_labels(app: Flask, client) -> None:
    make_user(app, "writer@example.org", "contributor", "Malmö")
    login(client, "writer@example.org")
    form = {"label": "Hate crime", "label_fi": "Hacked"}
    assert client.post("/admin/vocabularies/theme/hate-crime", data=form).status_code == 403


def test_signing_in_keeps_the_interface_language_for_e_mails(app: Flask, client) -> None:
    make_user(app, "writer@example.org", "contributor", "Malmö")
    client.set_cookie(LANGUAGE_COOKIE, "fi")
    assert login(client, "writer@example.org").status_code == 302
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == "writer@example.org"))
        assert user.language == "fi"


def test_e_mails_are_written_in_the_recipient_s_language(app: Flask) -> None:
    make_user(app, "fi@example.org", "editor")
    make_user(app, "en@example.org", "editor")
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == "fi@example.org"))
        user.language = "fi"
        db.session.commit()
        groups = notifications.languages_of(["fi@example.org", "en@example.org", "x@example.org"])
        assert groups == {"fi": ["fi@example.org"], "en": ["en@example.org", "x@example.org"]}

        def compose() -> tuple[str, str]:
            return "Reminder", long_date(date(2026, 12, 2))

        # No SMTP server configured: each message is written to the mail folder, once the
        # transaction that queued it is committed.
        assert (
            len(notifications.send_in_languages(["fi@example.org", "en@example.org"], compose)) == 2
        )
        db.session.commit()
        folder = Path(app.config.get("MAIL_DIR") or Path(app.instance_path) / "mail")
        written = {}
        for path in folder.glob("*.eml"):
            message = BytesParser(policy=default).parsebytes(path.read_bytes())
            written[message["To"]] = message.get_content()
        assert written["fi@example.org"].startswith("2. joulukuuta 2026")
        assert written["en@example.org"].startswith("2 December 2026")


def test_accepting_an_invitation_keeps_the_interface_language(app: Flask, client) -> None:
    with app.app_context():
        secret = accounts.invite("new@example.org", Role.EDITOR, None, None)
        db.session.commit()
    client.set_cookie(LANGUAGE_COOKIE, "is")
    form = {
        "display_name": "Sigga",
        "password": "a long enough one",
        "confirm": "a long enough one",
    }
    assert client.post(f"/invitation/{secret}", data=form).status_code == 302
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == "new@example.org"))
        assert user.language == "is"


# -- whole sentences: a link or a name is a placeholder inside the translated sentence ----------


def translated(language: str, message: str, **values: object) -> str:
    """The sentence as the page writes it: the catalogue's words, the values escaped."""
    words = Translations.load(CATALOGUES, [language]).gettext(message)
    return str(Markup(words) % values)  # noqa: S704  (as Jinja's gettext marks the catalogue's words)


@pytest.mark.parametrize("language", ["fi", "da"])
def test_the_city_page_writes_whole_sentences_around_its_links(
    demo_app: Flask, demo_client, language: str
) -> None:
    with demo_app.app_context():
        profile = next(
            p
            for p in map(network.city_profile, db.session.scalars(select(City)))
            if p.inspired and any(x.model for x in p.practices)
        )
        model = next(x.model for x in profile.practices if x.model)
        link = profile.inspired[0]
        local_version = translated(
            language,
            "A local version of %(model)s",
            model=link_to(f"/models/{model.slug}", model.name),
        )
        lineage = translated(
            language,
            "%(practice)s (%(city)s), inspired by %(own)s",
            practice=link_to(f"/practices/{link.other.slug}", link.other.title),
            city=link_to(f"/cities/{link.other.city.slug}", link.other.city.name),
            own=link.own.title,
        )
        slug = profile.city.slug
    html = demo_client.get(f"/cities/{slug}?lang={language}").get_data(as_text=True)
    assert local_version in html and lineage in html
    assert "A local version of" not in local_version  # the catalogue's words, not the English


def test_the_api_page_links_the_evidence_scale_inside_its_sentence(demo_client) -> None:
    sentence = translated(
        "fi",
        'Where the practice stands on the library\'s <a href="%(url)s">evidence scale</a>, '
        "as an editor assessed it. One of:",
        url="/evidence",
    )
    assert sentence in demo_client.get("/api?lang=fi").get_data(as_text=True)


def test_a_name_in_a_sentence_is_escaped_and_its_link_kept() -> None:
    link = link_to("/models/x?a=1&b=2", '<script>alert("x")</script>')
    assert str(link) == (
        '<a href="/models/x?a=1&amp;b=2">&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;</a>'
    )
    sentence = Markup("A local version of %(model)s") % {"model": link}
    assert "<script>" not in str(sentence) and str(sentence).count("<a href=") == 1


def test_a_form_names_a_refused_value_in_the_reader_s_language(demo_app: Flask) -> None:
    with demo_app.test_request_context("/?lang=fi"):
        message = form_message("contact_email", "“x@” is not a valid e-mail address (no dot)")
    expected = Translations.load(CATALOGUES, ["fi"]).gettext(
        "%(value)s is not a valid e-mail address"
    ) % {"value": "“x@”"}
    assert message == expected


def test_a_duration_in_months_takes_the_singular_only_at_one(demo_app: Flask) -> None:
    with demo_app.test_request_context("/"):
        assert [months(m) for m in (1, 1.5, 2, 9)] == [
            "1 month",
            "1.5 months",
            "2 months",
            "9 months",
        ]
    icelandic = Translations.load(CATALOGUES, ["is"])
    with demo_app.test_request_context("/?lang=is"):
        for count, value in ((1, 1), (2, 2), (21, 21), (2, 1.5)):
            words = icelandic.ngettext("%(months)s month", "%(months)s months", count)
            assert months(value) == words % {"months": str(value).replace(".", ",")}


def test_a_language_forced_inside_a_request_is_used_and_then_left(demo_app: Flask) -> None:
    """A mail written during a Swedish page in its Finnish reader's language: the page's words
    before and after it stay Swedish (the request keeps the catalogue it found)."""
    page = "{{ _('Not stated') }}"
    with demo_app.test_request_context("/?lang=sv"):
        assert (render_template_string(page), gettext("Not stated")) == ("Ej angivet",) * 2
        with force_locale("fi"):
            assert render_template_string(page) == gettext("Not stated") == "Ei ilmoitettu"
        assert render_template_string(page) == gettext("Not stated") == "Ej angivet"
        flask_babel.refresh()  # as after a reader changes language
        assert str(lazy_gettext("Not stated")) == "Ej angivet"
