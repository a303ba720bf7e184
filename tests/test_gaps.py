"""The evidence-gap map at /gaps and /api/v1/gaps, counted against a small hand-made library."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from babel.support import Translations
from flask import Flask

import nsc_library
from nsc_library.practice_rules import Status
from tests.support.factories import import_records, make_record

CELL = "hate-crime", "mentoring"
CATALOGUES = Path(nsc_library.__file__).parent / "translations"


@pytest.fixture
def small(app: Flask) -> Flask:
    import_records(app, [
        make_record(themes=["hate-crime"], approaches=["mentoring", "policing"],
                    target_groups=["young-people"], prevention_level="indicated",
                    evaluation="outcome", evidence_level="promising"),
        make_record(themes=["hate-crime"], approaches=["mentoring"],
                    target_groups=["young-people"], prevention_level="indicated",
                    evaluation="none"),
        make_record(themes=["polarisation"], approaches=["community-engagement"],
                    target_groups=["general-public"], prevention_level="universal",
                    evaluation=None),
    ])  # fmt: skip
    draft = make_record(themes=["polarisation"], approaches=["mentoring"], evaluation="impact")
    import_records(app, [draft], status=Status.DRAFT)
    return app


def cells(client, view: str = "theme-approach") -> dict[tuple[str, str], dict]:
    answer = client.get(f"/api/v1/gaps?view={view}").get_json()
    return {(c["row"], c["column"]): c for c in answer["cells"]}


def test_cells_count_published_practices_by_evaluation_and_level(small) -> None:
    found = cells(small.test_client())
    mixed = found[CELL]
    assert (mixed["total"], mixed["evaluated"], mixed["state"]) == (2, 1, "evaluated")
    assert mixed["evaluation"] == {"none": 1, "process": 0, "outcome": 1, "impact": 0,
                                   "not_stated": 0}  # fmt: skip
    assert mixed["evidence_level"]["promising"] == 1
    assert mixed["evidence_level"]["not_assessed"] == 1
    assert mixed["practices"].endswith("/practices?theme=hate-crime&approach=mentoring")
    assert found["hate-crime", "policing"]["total"] == 1
    unevaluated = found["polarisation", "community-engagement"]
    assert (unevaluated["total"], unevaluated["state"]) == (1, "unevaluated")
    assert unevaluated["evaluation"]["not_stated"] == 1
    assert found["polarisation", "mentoring"]["state"] == "empty"  # the draft does not count
    assert sum(c["total"] for c in found.values()) == 4


def test_the_other_view_is_target_group_by_prevention_level(small) -> None:
    found = cells(small.test_client(), "group-level")
    assert found["young-people", "indicated"]["total"] == 2
    assert found["general-public", "universal"]["state"] == "unevaluated"
    assert found["young-people", "universal"]["state"] == "empty"
    assert {c for _, c in found} == {"universal", "selective", "indicated"}


def test_the_page_marks_cells_in_text_and_links_each_to_the_search(small) -> None:
    client = small.test_client()
    page = client.get("/gaps").get_data(as_text=True)
    assert 'href="/practices?theme=hate-crime&amp;approach=mentoring"' in page
    assert "No practice" in page and "None evaluated" in page and "1 evaluated" in page
    assert 'class="gap-unevaluated"' in page and 'class="gap-empty"' in page
    other = client.get("/gaps?view=group-level").get_data(as_text=True)
    assert 'href="/practices?target_group=young-people&amp;prevention_level=indicated"' in other
    search = client.get("/practices?theme=hate-crime&approach=mentoring")
    assert search.status_code == 200


def test_the_csv_has_one_line_per_cell(small) -> None:
    client = small.test_client()
    for url in ("/api/v1/gaps.csv", "/api/v1/gaps?format=csv"):
        response = client.get(url)
        assert response.mimetype == "text/csv"
        rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
        row = next(r for r in rows if (r["row"], r["column"]) == CELL)
        assert (row["total"], row["evaluated"], row["evaluation_outcome"]) == ("2", "1", "1")
        assert len(rows) == len(cells(client))


@pytest.mark.parametrize(
    "url",
    ["/gaps?view=nope", "/api/v1/gaps?view=%3Cscript%3E", "/api/v1/gaps?format=xml",
     "/api/v1/gaps.csv?view=theme", "/api/v1/gaps?view=", "/api/v1/gaps?format="],
)  # fmt: skip
def test_bad_parameters_are_a_400_with_a_clear_message(small, url: str) -> None:
    response = small.test_client().get(url)
    assert response.status_code == 400
    text = response.get_data(as_text=True)
    assert "must be" in text and "<script>" not in text


@pytest.fixture
def one_and_two(app: Flask) -> Flask:
    """hate crime × mentoring: two evaluated practices; hate crime × policing: one."""
    import_records(app, [
        make_record(themes=["hate-crime"], approaches=["mentoring", "policing"],
                    evaluation="outcome"),
        make_record(themes=["hate-crime"], approaches=["mentoring"], evaluation="process"),
    ])  # fmt: skip
    return app


EVALUATED = "%(num)d evaluated"


def test_a_cell_counts_its_evaluated_practices_with_the_plural_of_the_language(
    one_and_two: Flask,
) -> None:
    client = one_and_two.test_client()
    page = client.get("/gaps").get_data(as_text=True)
    assert "<span>1 evaluated</span>" in page and "<span>2 evaluated</span>" in page
    icelandic = Translations.load(CATALOGUES, ["is"])
    one, two = (icelandic.ngettext(EVALUATED, EVALUATED, n) % {"num": n} for n in (1, 2))
    assert one.replace("1", "") != two.replace("2", "")  # the catalogue has two forms
    page = client.get("/gaps?lang=is").get_data(as_text=True)
    assert f"<span>{one}</span>" in page and f"<span>{two}</span>" in page
