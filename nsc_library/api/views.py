"""URL table of the read-only JSON API, /api/v1; every answer is JSON, cacheable and CORS-open."""

from __future__ import annotations

from flask import Blueprint, abort, request

from nsc_library import downloads, errors
from nsc_library.api import openapi, params, serialise
from nsc_library.responses import allow_cors, answer_preflight, conditional, json_response
from nsc_library.search import SearchUnavailable, related_practices, search_practices
from nsc_library.search_args import BadSearchArgument
from nsc_library.services import browse, catalogue

bp = Blueprint("api", __name__, url_prefix=f"{errors.API_PREFIX}v1")
bp.before_request(answer_preflight)
bp.after_request(allow_cors)
errors.api_error_handlers(bp)


@bp.errorhandler(BadSearchArgument)
def bad_parameter(error: BadSearchArgument):
    return errors.error_response(400, f"{error}.")


@bp.errorhandler(SearchUnavailable)
def search_unavailable(_error: SearchUnavailable):
    response = errors.error_response(503, "Search is unavailable right now; try again shortly.")
    response.headers["Retry-After"] = "60"
    return response


@bp.get("/practices")
def practices():
    query = params.search_query(request.args)
    results = search_practices(query)
    found = catalogue.practices_by_ids([hit.practice_id for hit in results.hits])
    return conditional(json_response(serialise.search_answer(query, results, found)))


@bp.get("/practices/<slug>")
def practice(slug: str):
    found = catalogue.published_practice(slug)
    if found is None:
        abort(404, description=f"No published practice has the slug {slug[:120]!r}.")
    related = catalogue.practices_by_ids(related_practices(found.id))
    return conditional(json_response(serialise.practice_detail(found, related)))


@bp.get("/practices.csv")
def practices_csv():
    return downloads.csv_download(downloads.search_records(params.export_query(request.args)))


@bp.get("/practices.json")
def practices_json():
    return downloads.json_download(downloads.search_records(params.export_query(request.args)))


@bp.get("/themes")
def themes():
    return vocabulary("theme")


@bp.get("/approaches")
def approaches():
    return vocabulary("approach")


@bp.get("/target-groups")
def target_groups():
    return vocabulary("target_group")


def vocabulary(dimension: str):
    params.check_language(request.args)  # labels in ?lang= (select_language), slugs unchanged
    counts = browse.term_counts(dimension, keep_empty=True)
    return conditional(json_response(serialise.term_list(dimension, counts)))


@bp.get("/countries")
def countries():
    params.check_language(request.args)
    return conditional(json_response(serialise.country_list(browse.country_counts())))


@bp.get("/openapi.json")
def openapi_document():
    return conditional(json_response(openapi.document()))
