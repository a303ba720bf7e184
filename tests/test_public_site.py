"""The public site: home, search and browse, theme and country pages, practice pages."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from flask import Flask
from sqlalchemy import func, select

from nsc_library.extensions import db
from nsc_library.models import City, Practice, Theme
from nsc_library.practice_rules import Status
from nsc_library.search import warm_up
from tests.support.factories import import_records, make_record


def html_of(client, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    return response.get_data(as_text=True)


def result_titles(html: str) -> list[str]:
    return re.findall(r'<h3 class="card-title"><a href="[^"]+">([^<]+)</a>', html)


def published_count(app: Flask, **where) -> int:
    with app.app_context():
        query = select(func.count(Practice.id)).where(Practice.status == Status.PUBLISHED)
        if "theme" in where:
            query = query.where(Practice.themes.any(Theme.slug == where["theme"]))
        if "country" in where:
            query = query.where(Practice.city.has(City.country_code == where["country"]))
        return db.session.scalar(query)


def test_home_puts_search_first_and_counts_themes_and_countries(demo_app, demo_client) -> None:
    html = html_of(demo_client, "/")
    assert html.index('role="search"') < html.index('id="themes-heading"')
    hate_crime = published_count(demo_app, theme="hate-crime")
    assert re.search(
        rf'href="/themes/hate-crime">Hate crime</a> <span class="count">{hate_crime}</span>', html
    )
    sweden = published_count(demo_app, country="SE")
    assert re.search(rf'href="/countries/SE">Sweden</a> <span class="count">{sweden}</span>', html)
    assert html.count('class="card"') == 6
    assert "written up by the city behind it" in html


def test_search_finds_and_highlights(demo_client) -> None:
    html = html_of(demo_client, "/practices?q=exit")
    titles = result_titles(html)
    assert all("exit" in t.lower() for t in titles[:3]), titles
    assert "<mark>" in html


def test_filters_combine_or_within_and_across_dimensions(demo_app, demo_client) -> None:
    one = len(result_titles(html_of(demo_client, "/practices?theme=hate-crime&per_page=100")))
    both = html_of(demo_client, "/practices?theme=hate-crime&theme=gang-crime")
    with demo_app.app_context():
        expected_or = db.session.scalar(
            select(func.count(Practice.id)).where(
                Practice.themes.any(Theme.slug.in_(["hate-crime", "gang-crime"]))
            )
        )
    assert f'<h2 id="results-heading" class="results-count">{expected_or} practices' in both
    assert expected_or > one or one == 20
    across = html_of(demo_client, "/practices?theme=hate-crime&country=SE")
    titles = result_titles(across)
    assert titles and all(t for t in titles)
    assert "Police hate crime unit" in " ".join(titles)
    assert "Hämeenlinna" not in across.split('id="results-heading"')[1]


def test_chip_removes_only_its_own_filter(demo_client) -> None:
    html = html_of(demo_client, "/practices?q=youth&theme=youth-crime&country=NO")
    chips = re.findall(r'<li><a href="([^"]+)" aria-label="Remove filter ([^"]+)"', html)
    assert {label for _, label in chips} == {"theme: Youth crime", "country: Norway"}
    remove_country = next(url for url, label in chips if "Norway" in label).replace("&amp;", "&")
    args = parse_qs(urlsplit(remove_country).query)
    assert args == {"q": ["youth"], "theme": ["youth-crime"]}


def test_facet_counts_ignore_their_own_selection(demo_app, demo_client) -> None:
    html = html_of(demo_client, "/practices?country=SE")
    norway = published_count(demo_app, country="NO")
    assert re.search(
        rf'name="country" value="NO"[^>]*>\s*<label[^>]*>Norway <span class="count">\({norway}\)',
        html,
    )


@pytest.mark.parametrize(
    ("url", "status", "message"),
    [
        ("/practices?page=0", 400, "page must be a whole number"),
        ("/practices?page=abc", 400, "page must be a whole number"),
        ("/practices?page=999", 404, "There is no page 999"),
        ("/practices?theme=no-such-theme", 400, "unknown theme: “no-such-theme”"),
        ("/practices?country=XX", 400, "unknown country"),
        ("/practices?sort=random", 400, "sort must be one of"),
        ("/practices?decade=1234", 400, "unknown start decade"),
        ("/themes/no-such-theme", 404, "no theme with this address"),
        ("/countries/XX", 404, "no country with this code"),
        ("/countries/Sweden", 404, "no country with this code"),
        ("/themes/hate-crime?page=x", 400, "page number must be a whole number"),
        ("/practices?q=" + "a" * 10_000, 400, "the search text is 10,000 characters long"),
        ("/compare?p=a&p=b", 404, "not published"),
    ],
)
def test_bad_addresses_get_clear_errors(demo_client, url: str, status: int, message: str) -> None:
    html = html_of(demo_client, url, status)
    assert message in html
    assert 'role="search"' in html or status == 400


def test_page_two_continues_page_one(demo_client) -> None:
    first = result_titles(html_of(demo_client, "/practices?sort=title"))
    second = result_titles(html_of(demo_client, "/practices?sort=title&page=2"))
    assert len(first) == 20 and second
    assert not set(first) & set(second)
    assert first == sorted(first, key=str.casefold)


def test_country_code_in_lower_case_redirects(demo_client) -> None:
    response = demo_client.get("/countries/se")
    assert response.status_code == 301
    assert response.headers["Location"].endswith("/countries/SE")


def test_theme_page_lists_its_practices_and_other_facets(demo_app, demo_client) -> None:
    html = html_of(demo_client, "/themes/honour-related-violence")
    assert "Honour-related violence" in html
    count = published_count(demo_app, theme="honour-related-violence")
    assert html.count('class="card"') == count
    assert "<h2>Approaches</h2>" in html and "<h2>Countries</h2>" in html
    assert "<h2>Themes</h2>" not in html
    assert "/practices?theme=honour-related-violence&amp;country=SE" in html


def test_practice_page_has_facts_citation_and_related(demo_app, demo_client) -> None:
    with demo_app.app_context():
        slug = db.session.scalar(
            select(Practice.slug).where(Practice.title.like("The Aarhus model%"))
        )
    html = html_of(demo_client, f"/practices/{slug}")
    assert "Key facts" in html and "Lead organisation" in html
    assert f"http://localhost/practices/{slug}" in html  # permalink
    assert "Nordic Safe Cities Practice Library" in html.split('class="citation"')[1]
    related = html.split('id="related-heading"')[1]
    assert related.count('class="card"') >= 1
    assert f'/practices/{slug}"' not in related


def test_out_of_date_note_after_two_years(app: Flask, client) -> None:
    import_records(app, [make_record(title="Old practice")])
    with app.app_context():
        practice = db.session.scalar(select(Practice))
        slug = practice.slug
        assert "may be out of date" not in html_of(client, f"/practices/{slug}")
        practice.last_verified = practice.last_verified.replace(
            year=practice.last_verified.year - 3
        )
        db.session.commit()
    assert "may be out of date" in html_of(client, f"/practices/{slug}")


HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def test_user_text_is_escaped_everywhere(app: Flask, client) -> None:
    record = make_record(
        title=f"Title {HOSTILE}",
        summary=f"Summary {HOSTILE}",
        organisation=f"Org {HOSTILE}",
        resources=f"Resources {HOSTILE}",
        contact_name=f"Name {HOSTILE}",
        city=f"City{HOSTILE}"[:100],
        partners=[f"Partner {HOSTILE}"],
        links=[{"title": f"Link {HOSTILE}", "url": "https://example.org/"}],
    )
    other = make_record(title="Another practice")
    import_records(app, [record, other])
    with app.app_context():
        slugs = list(db.session.scalars(select(Practice.slug)))
    client.post("/shortlist/add", data={"slug": slugs[0], "next": "/"})
    pages = [
        "/", "/practices", "/practices?q=summary", f"/practices/{slugs[0]}", "/themes/polarisation",
        "/countries/SE", "/shortlist", f"/compare?p={slugs[0]}&p={slugs[1]}",
        f"/practices?q={HOSTILE}",
    ]  # fmt: skip
    for url in pages:
        html = html_of(client, url)
        assert "<script>alert" not in html, url
        assert "<img src=x" not in html, url


def test_query_text_is_echoed_escaped(demo_client) -> None:
    html = html_of(demo_client, '/practices?q="><script>alert(1)</script>')
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_shortlist_and_compare(demo_app, demo_client) -> None:
    with demo_app.app_context():
        slugs = list(db.session.scalars(select(Practice.slug).order_by(Practice.id).limit(3)))
    for slug in slugs:
        response = demo_client.post("/shortlist/add", data={"slug": slug, "next": "/practices"})
        assert response.status_code == 302
        # Back to the same button, not the top of the page.
        assert response.headers["Location"] == f"/practices#shortlist-{slug}"
    html = html_of(demo_client, "/shortlist")
    assert all(f'value="{slug}"' in html for slug in slugs)
    assert f'id="shortlist-{slugs[0]}"' in html_of(demo_client, f"/practices/{slugs[0]}")
    assert 'Shortlist <span class="count">(3)</span>' in html
    compare = html_of(demo_client, "/compare?" + "&".join(f"p={s}" for s in slugs))
    assert compare.count('<th scope="col">') == 3
    demo_client.post("/shortlist/remove", data={"slug": slugs[0]})
    assert f'value="{slugs[0]}"' not in html_of(demo_client, "/shortlist")


@pytest.mark.parametrize("target", ["//evil.example/", "https://evil.example/", "/\\evil.example"])
def test_shortlist_redirect_stays_on_the_site(demo_app, demo_client, target: str) -> None:
    with demo_app.app_context():
        slug = db.session.scalar(select(Practice.slug).limit(1))
    response = demo_client.post("/shortlist/add", data={"slug": slug, "next": target})
    assert response.headers["Location"] == "/shortlist"


def test_shortlist_refuses_unknown_practices(demo_client) -> None:
    response = demo_client.post("/shortlist/add", data={"slug": "no-such-practice"})
    assert response.status_code == 400
    assert "Shortlist <span" not in html_of(demo_client, "/")


def test_compare_refuses_more_than_four(demo_app, demo_client) -> None:
    with demo_app.app_context():
        slugs = list(db.session.scalars(select(Practice.slug).limit(5)))
    response = demo_client.get("/compare?" + "&".join(f"p={s}" for s in slugs))
    assert response.status_code == 302 and response.location.endswith("/shortlist")
    html = html_of(demo_client, "/shortlist")
    assert "Tick two to four practices to compare; you ticked 5." in html


def test_compare_with_one_ticked_says_so_on_the_shortlist(demo_client) -> None:
    response = demo_client.get("/compare?p=a", follow_redirects=True)
    assert response.status_code == 200
    assert "you ticked 1." in response.get_data(as_text=True)


def test_about_and_accessibility_pages(demo_client) -> None:
    assert "Who writes it" in html_of(demo_client, "/about")
    assert "WCAG 2.1 level AA" in html_of(demo_client, "/accessibility")


def test_unexpected_errors_get_the_500_page_without_details(app: Flask) -> None:
    @app.get("/boom")
    def boom():
        raise RuntimeError("secret internal detail")

    app.config["PROPAGATE_EXCEPTIONS"] = False
    response = app.test_client().get("/boom")
    assert response.status_code == 500
    html = response.get_data(as_text=True)
    assert "Internal Server Error" in html and "secret internal detail" not in html
    assert 'href="/practices"' in html


def test_pages_need_nothing_from_other_hosts_and_stay_light(demo_client) -> None:
    html = html_of(demo_client, "/practices?q=youth")
    # What a browser fetches to show the page: scripts, stylesheets and icons (not feed links).
    assets = re.findall(r'<script[^>]+src="([^"]+)"', html) + re.findall(
        r'<link rel="(?:stylesheet|icon)" href="([^"]+)"', html
    )
    assert len(assets) >= 3 and all(a.startswith("/") for a in assets), assets
    weight = len(html.encode())
    for asset in assets:
        with demo_client.get(asset) as response:
            assert response.status_code == 200
            weight += len(response.data)
    assert weight < 100_000


class StatementCounter:
    def __init__(self, app: Flask) -> None:
        self.count = 0
        with app.app_context():
            self.engine = db.engine

    def __enter__(self):
        from sqlalchemy import event

        event.listen(self.engine, "before_cursor_execute", self.tick)
        return self

    def __exit__(self, *exc) -> None:
        from sqlalchemy import event

        event.remove(self.engine, "before_cursor_execute", self.tick)

    def tick(self, *args) -> None:
        self.count += 1


@pytest.mark.parametrize(
    "url", ["/practices?q=dialogue", "/practices", "/themes/polarisation", "/"]
)
def test_lists_do_not_query_once_per_row(app: Flask, client, url: str) -> None:
    import_records(app, [make_record() for _ in range(2)])
    client.get(url)  # warm up
    # Counts are kept until the library changes: both measured pages follow a change.
    import_records(app, [make_record()])
    with StatementCounter(app) as few:
        assert client.get(url).status_code == 200
    import_records(app, [make_record() for _ in range(8)])
    with StatementCounter(app) as many:
        html = client.get(url).get_data(as_text=True)
    assert html.count('class="card"') >= 6
    assert many.count == few.count


def test_a_new_empty_library_searches_without_error(app: Flask, client) -> None:
    html = html_of(client, "/practices?q=anything")
    assert ">0 practices</h2>" in html
    assert "No practices match this search." in html


@pytest.mark.parametrize("sort", ["newest", "title", "start_year"])
def test_a_new_empty_library_warms_up_and_lists_in_every_order(
    app: Flask, client, sort: str
) -> None:
    """A server process warms the index up before its first request (wsgi.py), even a new
    library's, which has no documents and so no columns."""
    with app.app_context():
        warm_up()
    html = html_of(client, f"/practices?sort={sort}")
    assert ">0 practices</h2>" in html


def test_an_image_in_markdown_becomes_a_link_that_says_what_it_was() -> None:
    from nsc_library.rendering import markdown_to_html

    html = markdown_to_html("Before ![Map of the walks](https://example.org/map.png) after")
    assert (
        '[Image: <a href="https://example.org/map.png" rel="nofollow noopener noreferrer">' in html
    )
    assert "Map of the walks</a>]" in html
    assert "<img" not in markdown_to_html("![x](javascript:alert(1))")


def count_shown(html: str, label: str) -> int:
    """The number a browse list shows beside `label` (e.g. "Polarisation (3)")."""
    match = re.search(re.escape(label) + r"\D{0,80}?(\d+)", html)
    assert match, f"{label} not listed"
    return int(match.group(1))


def test_counts_follow_every_change_to_the_published_library(app: Flask, client) -> None:
    """Counts are kept between requests; publishing or archiving a practice shows at once on the
    home, themes, countries and theme pages."""
    import_records(app, [make_record(country="FO", city="Tórshavn") for _ in range(2)])
    pages = ("/", "/themes", "/countries")
    before = {page: client.get(page).get_data(as_text=True) for page in pages}
    import_records(app, [make_record(country="FO", city="Tórshavn")])
    after = {page: client.get(page).get_data(as_text=True) for page in pages}
    assert count_shown(after["/themes"], "Polarisation") == 3
    assert count_shown(after["/countries"], "Faroe Islands") == 3
    assert after["/"] != before["/"]
    with app.app_context():
        practice = db.session.scalar(select(Practice).order_by(Practice.id.desc()))
        practice.status = Status.ARCHIVED
        db.session.commit()
    assert count_shown(client.get("/themes").get_data(as_text=True), "Polarisation") == 2
    assert count_shown(client.get("/countries").get_data(as_text=True), "Faroe Islands") == 2
    theme_page = client.get("/themes/polarisation").get_data(as_text=True)
    assert theme_page.count('class="card"') == 2
