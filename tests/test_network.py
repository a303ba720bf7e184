"""City profiles, Nordic model pages, the map, their API and the editors' city form (issue 15)."""

from __future__ import annotations

import json
import re

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from nsc_library.extensions import db
from nsc_library.models import AuditEntry, City, Practice
from nsc_library.services import maps, network
from tests.support.factories import import_records, login, make_record, make_user

HOSTILE_SLUGS = ("nope", "OSLO", "oslo%00", "..%2F..%2Fetc", "<script>", "a" * 500, "%E2%80%AE")


# --- public pages on the demo library -------------------------------------------------------


def test_city_list_groups_cities_by_country_with_counts(demo_client: FlaskClient) -> None:
    html = demo_client.get("/cities").get_data(as_text=True)
    assert 'href="/cities/oslo"' in html and 'href="/cities/kobenhavn"' in html
    assert html.index(">Denmark<") < html.index(">Norway<")  # by country name, Nordic first
    assert html.index(">Sweden<") < html.index(">Germany<")  # international examples last


def test_city_page_shows_practices_newest_first_themes_contacts_and_lineage(
    demo_app: Flask, demo_client: FlaskClient
) -> None:
    page = demo_client.get("/cities/oslo")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "<h1>Oslo</h1>" in html and "Member of Nordic Safe Cities" in html
    with demo_app.app_context():
        profile = network.city_profile(network.city_by_slug("oslo"))
        titles = [p.title for p in profile.practices]
        published = [p.published_at for p in profile.practices]
        themes = profile.themes
    assert published == sorted(published, reverse=True)
    listed = html.split('id="city-practices-heading"', 1)[1]
    positions = [listed.index(title.replace("'", "&#39;")) for title in titles]
    assert positions == sorted(positions)
    assert themes and f">{themes[0].label}</a>" in html
    assert "#ask" in html  # contact points lead to the practice's question form
    assert "@" not in re.sub(r"<[^>]+>", "", html.split('id="contact-heading"')[1])


def test_city_page_never_prints_an_email_address(demo_client: FlaskClient) -> None:
    for slug in ("oslo", "malmo", "reykjavik", "aarhus"):
        html = demo_client.get(f"/cities/{slug}").get_data(as_text=True)
        assert "mailto:" not in html
        assert not re.search(r"[\w.+-]+@[\w-]+\.[\w.]+", html), slug


@pytest.mark.parametrize("path", [f"/cities/{s}" for s in HOSTILE_SLUGS]
                         + [f"/models/{s}" for s in HOSTILE_SLUGS])  # fmt: skip
def test_unknown_or_hostile_slugs_are_404_or_400_never_500(
    demo_client: FlaskClient, path: str
) -> None:
    assert demo_client.get(path).status_code in (400, 404)


def test_city_is_linked_from_practice_cards_practice_page_and_country_page(
    demo_app: Flask, demo_client: FlaskClient
) -> None:
    with demo_app.app_context():
        practice = db.session.scalar(
            select(Practice).join(Practice.city).where(City.slug == "oslo")
        )
        slug = practice.slug
    assert 'href="/cities/oslo"' in demo_client.get(f"/practices/{slug}").get_data(as_text=True)
    assert 'href="/cities/oslo"' in demo_client.get("/practices?q=oslo").get_data(as_text=True)
    assert 'href="/cities/oslo"' in demo_client.get("/countries/NO").get_data(as_text=True)
    assert 'href="/cities/' in demo_client.get("/").get_data(as_text=True)  # newest cards


def test_model_list_and_model_page_compare_local_versions(demo_client: FlaskClient) -> None:
    html = demo_client.get("/models").get_data(as_text=True)
    for slug in ("ssp", "slt", "salto", "psp", "aarhus-model", "anchor", "exit", "planet-youth",
                 "group-violence-intervention", "night-walkers", "infohus"):  # fmt: skip
        assert f'href="/models/{slug}"' in html
    page = demo_client.get("/models/exit").get_data(as_text=True)
    assert "Legal basis" in page and "Origin" in page
    table = page.split("<table", 1)[1]
    for city in ("Stockholm", "Oslo", "Berlin", "Malmö", "Aarhus"):
        assert f">{city}</a>" in table
    for column in ("Started", "Evidence level", "Start-up cost", "Staff", "Core components"):
        assert column in table


def test_every_local_version_of_slt_side_by_side(demo_app: Flask, demo_client: FlaskClient) -> None:
    with demo_app.app_context():
        model = network.model_by_slug("slt")
        slugs = [p.slug for p in network.implementations(model)]
    assert slugs
    table = demo_client.get("/models/slt").get_data(as_text=True).split("<table", 1)[1]
    assert all(f'href="/practices/{slug}"' in table for slug in slugs)


@pytest.mark.parametrize(
    ("words", "model"),
    [("SLT", "slt"), ("Ankkuri", "anchor"), ("night walkers", "night-walkers"),
     ("natteravnene", "night-walkers"), ("SaLTo Oslo", "salto"),
     ("Icelandic model", "planet-youth"),
     ("aarhus model", "aarhus-model"), ("sluta skjut", "group-violence-intervention")],
)  # fmt: skip
def test_a_search_that_names_a_model_shows_the_model_first(
    demo_client: FlaskClient, words: str, model: str
) -> None:
    html = demo_client.get("/practices", query_string={"q": words}).get_data(as_text=True)
    card = html.index(f'href="/models/{model}"')
    assert "Model: " in html
    first_practice = html.find('class="card-title"><a href="/practices/')
    assert first_practice == -1 or card < first_practice
    answer = demo_client.get("/api/v1/practices", query_string={"q": words}).get_json()
    assert answer["model"]["slug"] == model


@pytest.mark.parametrize("words", ["hate crime", "mentoring", "", "salt", "exits"])
def test_a_search_without_a_model_name_shows_no_model_card(
    demo_client: FlaskClient, words: str
) -> None:
    html = demo_client.get("/practices", query_string={"q": words}).get_data(as_text=True)
    assert "Model: " not in html
    assert "model" not in demo_client.get("/api/v1/practices", query_string={"q": words}).get_json()


def test_map_page_draws_every_member_city_as_a_link_and_in_a_list(
    demo_app: Flask, demo_client: FlaskClient
) -> None:
    html = demo_client.get("/map").get_data(as_text=True)
    assert "<svg" in html and "<script" not in html.split("<main", 1)[1]
    svg = html[html.index("<svg") : html.index("</svg>")]
    assert "http" not in svg.replace('xmlns="http://www.w3.org/2000/svg"', "")  # no tiles
    with demo_app.app_context():
        nordic = [c for c in network.listed_cities() if c.city.country.nordic]
    for entry in nordic:
        link = f'href="/cities/{entry.city.slug}"'
        assert link in svg, entry.city.name
        assert html.count(link) >= 2, entry.city.name  # also in the list beside the map
    assert 'aria-label="Oslo, Norway: ' in svg
    for area in ("dk", "fi", "is", "no", "se", "ax", "fo", "gl"):
        assert f"land-{area}" in svg
    assert 'href="/countries/DE"' in html  # other countries' practices beside it


def test_home_page_has_a_small_map_and_reaches_a_city_in_two_clicks(
    demo_client: FlaskClient,
) -> None:
    home = demo_client.get("/").get_data(as_text=True)
    assert 'class="nordic-map"' in home and 'href="/map"' in home and 'href="/cities"' in home
    assert 'href="/cities/torshavn"' in demo_client.get("/map").get_data(as_text=True)
    assert 'href="/cities/torshavn"' in demo_client.get("/cities").get_data(as_text=True)


def test_points_grow_with_practices_and_places_project_inside_the_map() -> None:
    assert maps.radius(0) < maps.radius(1) < maps.radius(9)
    for lon, lat in ((10.75, 59.91), (-21.94, 64.15), (19.93, 60.10), (-6.77, 62.01)):
        x, y = maps.MAIN.project(lon, lat)
        assert 0 <= x <= maps.WIDTH and 0 <= y <= maps.HEIGHT
    x, y = maps.INSET.project(-51.69, 64.18)  # Nuuk, in Greenland's box
    left, top = maps.INSET.left, maps.INSET.top
    width, height = maps.INSET.size
    assert left <= x <= left + width and top <= y <= top + height


# --- API and sitemap ---------------------------------------------------------------------------


def test_api_lists_cities_and_models_paginated(demo_client: FlaskClient) -> None:
    cities = demo_client.get("/api/v1/cities").get_json()
    assert cities["total"] == len(cities["results"]) and cities["page"] == 1
    oslo = next(c for c in cities["results"] if c["slug"] == "oslo")
    assert oslo["country"] == "NO" and oslo["member"] and 59.8 < oslo["latitude"] < 60.0
    second = demo_client.get("/api/v1/cities?per_page=5&page=2").get_json()
    assert second["per_page"] == 5 and second["results"] == cities["results"][5:10]
    models = demo_client.get("/api/v1/models").get_json()
    assert models["total"] == 11
    assert next(m for m in models["results"] if m["slug"] == "exit")["count"] >= 5


def test_api_city_and_model_details(demo_client: FlaskClient) -> None:
    city = demo_client.get("/api/v1/cities/malmo").get_json()
    assert city["name"] == "Malmö" and city["practices"] and city["themes"]
    assert all("@" not in json.dumps(c) for c in city["contacts"])
    model = demo_client.get("/api/v1/models/group-violence-intervention").get_json()
    assert model["origin_country"] == "US" and model["legal_basis"]
    assert {i["city"] for i in model["implementations"]} >= {"Malmö", "Boston"}
    assert all(i["model"] == "group-violence-intervention" for i in model["implementations"])


@pytest.mark.parametrize(
    "query",
    ["page=0", "page=x", "per_page=101", "per_page=-1", "page=1&page=2", "sort=name", "page=١"],
)
def test_api_listings_refuse_bad_parameters_with_400(demo_client: FlaskClient, query: str) -> None:
    for path in ("/api/v1/cities", "/api/v1/models"):
        answer = demo_client.get(f"{path}?{query}")
        assert answer.status_code == 400, (path, query)
        assert answer.get_json()["error"]["code"] == "bad_parameter"


@pytest.mark.parametrize("slug", HOSTILE_SLUGS)
def test_api_unknown_city_or_model_is_a_json_404(demo_client: FlaskClient, slug: str) -> None:
    for path in (f"/api/v1/cities/{slug}", f"/api/v1/models/{slug}"):
        answer = demo_client.get(path)
        assert answer.status_code in (400, 404)
        assert "error" in answer.get_json()


def test_sitemap_lists_city_model_and_map_pages(demo_client: FlaskClient) -> None:
    xml = demo_client.get("/sitemap.xml").get_data(as_text=True)
    for path in ("/cities", "/cities/oslo", "/cities/nuuk", "/map", "/models", "/models/slt"):
        assert f"{path}</loc>" in xml


# --- editors: cities and models ----------------------------------------------------------------


@pytest.fixture
def editor(app: Flask, client: FlaskClient) -> FlaskClient:
    make_user(app, "erik@example.org", "editor")
    make_user(app, "anna@example.org", "contributor", "Malmö")
    assert login(client, "erik@example.org").status_code == 302
    return client


def city_id(app: Flask, slug: str = "malmo") -> int:
    with app.app_context():
        return network.city_by_slug(slug).id


GOOD_CITY = {"name": "Malmö", "country": "SE", "latitude": "55.605", "longitude": "13.0038",
             "description": "Sweden's third city.", "member": "y",
             "member_since": "2016"}  # fmt: skip


def test_an_editor_edits_a_city_and_the_slug_stays(app: Flask, editor: FlaskClient) -> None:
    number = city_id(app)
    assert editor.get("/admin/cities").status_code == 200
    assert editor.get(f"/admin/cities/{number}").status_code == 200
    answer = editor.post(f"/admin/cities/{number}", data={**GOOD_CITY, "name": "Malmö stad"})
    assert answer.status_code == 302
    with app.app_context():
        city = db.session.get(City, number)
        assert (city.name, city.slug, city.member_since) == ("Malmö stad", "malmo", 2016)
        assert city.country_code == "SE"
        assert city.latitude == pytest.approx(55.605)
        assert db.session.scalar(select(AuditEntry).where(AuditEntry.action == "city.edited"))


@pytest.mark.parametrize(
    "changes",
    [{"latitude": "91"}, {"latitude": "-90.5"}, {"longitude": "181"}, {"latitude": "abc"},
     {"latitude": "nan"}, {"longitude": "inf"}, {"latitude": ""}, {"name": ""},
     {"name": "x" * 101}, {"description": "x" * 601}, {"member_since": "1800"},
     {"member_since": "twenty"}, {"member_since": "3000"}, {"country": "XX"},
     {"country": ""}],
)  # fmt: skip
def test_a_bad_city_form_is_a_400_and_writes_nothing(
    app: Flask, editor: FlaskClient, changes: dict[str, str]
) -> None:
    number = city_id(app)
    answer = editor.post(f"/admin/cities/{number}", data={**GOOD_CITY, **changes})
    assert answer.status_code == 400
    assert "There is a problem" in answer.get_data(as_text=True)
    with app.app_context():
        city = db.session.get(City, number)
        assert city.name == "Malmö" and city.description == "" and city.member_since is None
        assert city.country_code == "SE"
        assert not db.session.scalar(select(AuditEntry).where(AuditEntry.action == "city.edited"))


def test_a_citys_problems_are_told_in_the_editors_language(app: Flask, editor: FlaskClient) -> None:
    number = city_id(app)
    assert editor.get("/language/da").status_code == 302
    answer = editor.post(f"/admin/cities/{number}", data={**GOOD_CITY, "longitude": ""})
    assert answer.status_code == 400
    page = answer.get_data(as_text=True)
    assert "Angiv både breddegrad og længdegrad, eller ingen af dem." in page
    assert "or neither" not in page


@pytest.mark.parametrize(
    ("latitude", "longitude"),
    [("55,605", "13,0038"), ("55.605", "13,0038"), (" 55,605 ", "13.0038")],
)
def test_a_coordinate_may_be_typed_with_a_decimal_comma(
    app: Flask, editor: FlaskClient, latitude: str, longitude: str
) -> None:
    number = city_id(app)
    data = {**GOOD_CITY, "latitude": latitude, "longitude": longitude}
    assert editor.post(f"/admin/cities/{number}", data=data).status_code == 302
    with app.app_context():
        city = db.session.get(City, number)
        assert city.latitude == pytest.approx(55.605)
        assert city.longitude == pytest.approx(13.0038)


@pytest.mark.parametrize(
    "changes",
    [{"latitude": "59,9,1"}, {"latitude": "59.9.1"}, {"latitude": "59,9.1"}, {"longitude": "abc"},
     {"latitude": "1e1"}, {"latitude": "5_9"}, {"latitude": ","}, {"latitude": "91,5"},
     {"longitude": "-180,5"}, {"latitude": "59,91<b>"},
     {"latitude": "\u0665\u0669,\u0669"}, {"latitude": "59 , 91"}],
)  # fmt: skip
def test_a_coordinate_that_is_no_number_is_a_400_that_says_why(
    app: Flask, editor: FlaskClient, changes: dict[str, str]
) -> None:
    number = city_id(app)
    with app.app_context():
        before = db.session.get(City, number).latitude, db.session.get(City, number).longitude
    answer = editor.post(f"/admin/cities/{number}", data={**GOOD_CITY, **changes})
    assert answer.status_code == 400
    html = answer.get_data(as_text=True)
    assert html.count('class="error-message"') == 1  # one reason, not a second about the range
    out_of_range = {"latitude": "91,5", "longitude": "-180,5"}
    if changes.items() <= out_of_range.items():
        assert "Number must be between" in html
    else:
        assert "Write the degrees as a number, such as 59.91 or 59,91." in html
    with app.app_context():
        city = db.session.get(City, number)
        assert (city.latitude, city.longitude) == before and city.description == ""
        assert not db.session.scalar(select(AuditEntry).where(AuditEntry.action == "city.edited"))


def test_a_city_cannot_take_the_name_of_another_in_its_country(
    app: Flask, editor: FlaskClient
) -> None:
    make_user(app, "lund@example.org", "contributor", "Lund")
    answer = editor.post(f"/admin/cities/{city_id(app, 'lund')}", data={**GOOD_CITY})
    assert answer.status_code == 400
    with app.app_context():
        assert network.city_by_slug("lund").name == "Lund"


def test_contributors_and_anonymous_visitors_cannot_edit_cities(
    app: Flask, client: FlaskClient
) -> None:
    make_user(app, "anna@example.org", "contributor", "Malmö")
    number = city_id(app)
    for path in ("/admin/cities", f"/admin/cities/{number}"):
        assert client.get(path).status_code == 302  # to the sign-in page
    assert client.post(f"/admin/cities/{number}", data=GOOD_CITY).status_code == 302
    login(client, "anna@example.org")
    assert client.get("/admin/cities").status_code == 403
    assert client.post(f"/admin/cities/{number}", data=GOOD_CITY).status_code == 403
    with app.app_context():
        assert db.session.get(City, number).description == ""


def test_an_editor_marks_a_practice_as_a_version_of_a_model(
    app: Flask, editor: FlaskClient
) -> None:
    import_records(app, [make_record(title="SLT in Lund", city="Lund")])
    with app.app_context():
        practice = db.session.scalar(select(Practice))
        number, slug = practice.id, practice.slug
    assert editor.post(f"/review/{number}/model", data={"model": "slt"}).status_code == 302
    assert "/models/slt" in editor.get(f"/practices/{slug}").get_data(as_text=True)
    for bad in ("nope", "x" * 500, "<b>"):
        assert editor.post(f"/review/{number}/model", data={"model": bad}).status_code == 400
    with app.app_context():
        assert db.session.get(Practice, number).model.slug == "slt"
    table = editor.get("/models/slt").get_data(as_text=True)
    assert f'href="/practices/{slug}"' in table
    assert editor.post(f"/review/{number}/model", data={"model": ""}).status_code == 302
    with app.app_context():
        assert db.session.get(Practice, number).model is None


def test_a_contributor_cannot_set_a_practices_model(app: Flask, client: FlaskClient) -> None:
    make_user(app, "anna@example.org", "contributor", "Malmö")
    import_records(app, [make_record(city="Malmö")])
    with app.app_context():
        number = db.session.scalar(select(Practice.id))
    assert client.post(f"/review/{number}/model", data={"model": "slt"}).status_code == 302
    login(client, "anna@example.org")
    assert client.post(f"/review/{number}/model", data={"model": "slt"}).status_code == 403
    with app.app_context():
        assert db.session.get(Practice, number).model is None


# --- exchange format and backup ---------------------------------------------------------------


def test_the_exchange_format_carries_a_practices_model(app: Flask, client: FlaskClient) -> None:
    import_records(app, [make_record(title="Exit in Lund", city="Lund", model="exit")])
    record = client.get("/api/v1/practices.json").get_json()[0]
    assert record["model"] == "exit"
    # A record without the key keeps the model; an unknown model is refused by name.
    import_records(app, [{k: v for k, v in record.items() if k != "model"}])
    with app.app_context():
        assert db.session.scalar(select(Practice)).model.slug == "exit"
        from nsc_library.services.practices import import_practices

        report = import_practices([make_record(model="no-such-model")], dry_run=True)
        assert [p.field for p in report.problems] == ["model"]


def test_a_new_city_gets_a_stable_unique_slug_and_known_coordinates(app: Flask) -> None:
    import_records(app, [make_record(city="Bergen", country="NO"),
                         make_record(title="Another", city="Bergen", country="GB")])  # fmt: skip
    with app.app_context():
        norway = network.city_by_slug("bergen")
        assert norway.country_code == "NO" and norway.member
        assert norway.latitude == pytest.approx(60.3913)
        other = db.session.scalar(select(City).where(City.country_code == "GB"))
        assert other.slug == "bergen-gb" and not other.member and other.latitude is None
