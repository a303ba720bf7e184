"""Every result of a search as exchange records, and the CSV and JSON downloads made of them."""

from __future__ import annotations

import json
from dataclasses import replace

from flask import Response, request, url_for
from werkzeug.datastructures import MultiDict

from nsc_library.api.caching import conditional
from nsc_library.api.serialise import export_records
from nsc_library.export import records_to_csv
from nsc_library.extensions import db
from nsc_library.models import Practice
from nsc_library.search import SearchQuery, search_practices
from nsc_library.services.queries import FULL_LOADS, published

DOWNLOAD_NAME = "nordic-safe-cities-practices"
PAGING = ("page", "per_page")


def all_result_ids(query: SearchQuery) -> list[int]:
    """The ids of every hit, page by page, in the search's order."""
    ids: list[int] = []
    page = 1
    while True:
        results = search_practices(replace(query, page=page))
        ids.extend(hit.practice_id for hit in results.hits)
        if page >= results.pages or not results.hits:
            return list(dict.fromkeys(ids))
        page += 1


def practices_in_order(ids: list[int]) -> list[Practice]:
    """Published practices with everything an export writes, in the order of `ids`."""
    if not ids:
        return []
    rows = db.session.scalars(published().where(Practice.id.in_(ids)).options(*FULL_LOADS))
    by_id = {practice.id: practice for practice in rows}
    return [by_id[i] for i in ids if i in by_id]


def download_url(extension: str) -> str:
    """The current search's results as a download: its query and filters, without paging."""
    args = MultiDict((k, v) for k, v in request.args.items(multi=True) if k not in PAGING)
    return url_for(f"site.export_{extension}", **args.to_dict(flat=False))


def search_records(query: SearchQuery) -> list[dict]:
    return export_records(practices_in_order(all_result_ids(query)))


def csv_download(records: list[dict]) -> Response:
    response = Response(records_to_csv(records), mimetype="text/csv")
    return download(response, "csv")


def json_download(records: list[dict]) -> Response:
    text = json.dumps(records, ensure_ascii=False, indent=2) + "\n"
    return download(Response(text, mimetype="application/json"), "json")


def download(response: Response, extension: str) -> Response:
    response.headers["Content-Disposition"] = f'attachment; filename="{DOWNLOAD_NAME}.{extension}"'
    return conditional(response)
