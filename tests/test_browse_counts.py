"""The library's counts (home, theme and country pages, the API's lists) come from the search
index's facets, and from the database when the index is unavailable: both give the same."""

from __future__ import annotations

import shutil

from flask import Flask

from nsc_library.search.storage import index_root
from nsc_library.services import browse

DIMENSIONS = ("theme", "approach", "target_group")


def all_counts(app: Flask) -> dict:
    """Each subset's counts, as fresh requests read them."""
    found = {}
    with app.test_request_context():
        subsets = {"library": browse.whole_library()}
        subsets |= {
            f"theme {c.key}": browse.with_term("theme", c.key) for c in browse.term_counts("theme")
        }
        subsets |= {f"country {c.key}": browse.in_country(c.key) for c in browse.country_counts()}
    for name, subset in subsets.items():
        with app.test_request_context():
            found[name] = {d: browse.term_counts(d, within=subset) for d in DIMENSIONS}
            found[name]["country"] = browse.country_counts(within=subset)
    return found


def test_counts_from_the_index_and_from_the_database_agree(demo_app: Flask) -> None:
    from_index = all_counts(demo_app)
    with demo_app.app_context():
        root = index_root()
    shutil.move(root, root.with_name("index-away"))
    try:
        from_database = all_counts(demo_app)
    finally:
        shutil.move(root.with_name("index-away"), root)
    assert len(from_index) > 10
    assert from_index["library"]["theme"] and from_index["library"]["country"]
    assert from_index == from_database


def test_theme_page_counts_show_without_an_index(demo_app: Flask) -> None:
    client = demo_app.test_client()
    with_index = client.get("/themes/polarisation").get_data(as_text=True)
    with demo_app.app_context():
        root = index_root()
    shutil.move(root, root.with_name("index-away"))
    try:
        without = client.get("/themes/polarisation")
    finally:
        shutil.move(root.with_name("index-away"), root)
    assert without.status_code == 200
    assert without.get_data(as_text=True) == with_index
