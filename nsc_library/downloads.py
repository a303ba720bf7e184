"""Every result of a search as exchange records, and the CSV and JSON downloads made of them.

Shared by the API (/api/v1/practices.csv|json) and the site's download links (opendata).
"""

from __future__ import annotations

import json
from dataclasses import replace

from flask import Response, request, url_for
from werkzeug.datastructures import MultiDict

from nsc_library.exchange import export_record, public_record, records_to_csv
from nsc_library.models import Practice
from nsc_library.responses import conditional, timestamp
from nsc_library.search import SearchQuery, search_practices
from nsc_library.search.interface import MAX_PER_PAGE
from nsc_library.search_args import search_query_from_args
from nsc_library.services import catalogue

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


def download_query(args: MultiDict) -> SearchQuery:
    """The query of an export: every result of the search, so page and per_page do not apply."""
    kept = MultiDict((k, v) for k, v in args.items(multi=True) if k not in PAGING)
    return search_query_from_args(kept, MAX_PER_PAGE)


def download_url(extension: str) -> str:
    """The current search's results as a download: its query and filters, without paging."""
    args = MultiDict((k, v) for k, v in request.args.items(multi=True) if k not in PAGING)
    return url_for(f"opendata.export_{extension}", **args.to_dict(flat=False))


def export_records(practices: list[Practice]) -> list[dict]:
    """Re-importable exchange records, with UTC timestamps as the rest of the API writes them."""
    records = []
    for practice in practices:
        record = public_record(export_record(practice, catalogue.practice_url(practice)))
        record["published_at"] = timestamp(practice.published_at)
        record["updated_at"] = timestamp(practice.updated_at)
        records.append(record)
    return records


def search_records(query: SearchQuery) -> list[dict]:
    return export_records(catalogue.practices_by_ids(all_result_ids(query), full=True))


def csv_download(records: list[dict]) -> Response:
    response = Response(records_to_csv(records), mimetype="text/csv")
    return download(response, "csv")


def json_download(records: list[dict]) -> Response:
    text = json.dumps(records, ensure_ascii=False, indent=2) + "\n"
    return download(Response(text, mimetype="application/json"), "json")


def download(response: Response, extension: str) -> Response:
    response.headers["Content-Disposition"] = f'attachment; filename="{DOWNLOAD_NAME}.{extension}"'
    return conditional(response)
