"""URL table of the read-only JSON API, /api/v1; every answer is JSON, cacheable and CORS-open."""

from __future__ import annotations

from flask import Blueprint, Response, abort, request

from nsc_library import downloads, errors
from nsc_library.api import openapi, params, serialise
from nsc_library.models.columns import as_utc
from nsc_library.quoting import quoted
from nsc_library.responses import allow_cors, answer_preflight, conditional, json_response
from nsc_library.search import SearchUnavailable, related_practices, search_practices
from nsc_library.search_args import BadSearchArgument
from nsc_library.services import browse, catalogue, collections, gaps, network

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
    found = catalogue.result_summaries([hit.practice_id for hit in results.hits])
    answer = serialise.search_answer(query, results, found)
    model = network.model_named_in(query.text) if query.page == 1 else None
    if model is not None:
        answer["model"] = serialise.model_summary(model)
    return conditional(json_response(answer))


@bp.get("/practices/<slug>")
def practice(slug: str):
    found = catalogue.published_practice(slug)
    if found is None:
        abort(404, description=f"No published practice has the slug {quoted(slug[:120])}.")
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


@bp.get("/cities")
def cities():
    listed = params.listing_page(request.args, network.listed_cities())
    return conditional(json_response(serialise.city_list(listed)))


@bp.get("/cities/<slug>")
def city(slug: str):
    found = network.city_by_slug(slug)
    if found is None:
        abort(404, description=f"No city has the slug {quoted(slug[:120])}.")
    return conditional(json_response(serialise.city_detail(network.city_profile(found))))


@bp.get("/models")
def models():
    counts = network.model_counts()
    listed = params.listing_page(request.args, network.models())
    return conditional(json_response(serialise.model_list(listed, counts)))


@bp.get("/models/<slug>")
def model(slug: str):
    found = network.model_by_slug(slug)
    if found is None:
        abort(404, description=f"No Nordic model has the slug {quoted(slug[:120])}.")
    return conditional(json_response(serialise.model_detail(found, network.implementations(found))))


@bp.get("/collections")
def collection_list():
    found = collections.published_collections()
    answer = {"results": [serialise.collection_summary(c, count_published(c)) for c in found]}
    return conditional(json_response(answer), newest_change(found))


def count_published(collection) -> int:
    return len(collections.practices_in(collection))


def newest_change(found: list):
    return max([catalogue.last_public_change(), *(as_utc(c.updated_at) for c in found)])


@bp.get("/collections/<slug>")
def collection(slug: str):
    found = collections.collection_by_slug(slug)
    if found is None:
        abort(404, description=f"No published collection has the slug {quoted(slug[:120])}.")
    answer = serialise.collection_detail(found, collections.practices_in(found))
    return conditional(json_response(answer), newest_change([found]))


@bp.get("/gaps")
def gaps_json():
    """The evidence-gap map as JSON, or as CSV with format=csv."""
    answer_format = request.args.get("format", "json")
    if answer_format not in ("json", "csv"):
        abort(400, description=f"format must be json or csv; got {quoted(answer_format[:20])}.")
    if answer_format == "csv":
        return gaps_csv()
    return conditional(json_response(serialise.gap_answer(gap_map_or_400())))


@bp.get("/gaps.csv")
def gaps_csv():
    text = serialise.gap_csv(gap_map_or_400())
    response = Response(text, content_type="text/csv; charset=utf-8")
    response.headers["Content-Disposition"] = 'attachment; filename="evidence-gaps.csv"'
    return conditional(response)


def gap_map_or_400():
    view = request.args.get("view")
    if view == "":  # as everywhere in the API: an empty parameter is a mistake, not a default
        abort(400, description=f"view must be one of {', '.join(gaps.VIEWS)}; it is empty.")
    try:
        return gaps.gap_map(view)
    except gaps.UnknownView as exc:
        abort(400, description=f"{exc}.")


@bp.get("/openapi.json")
def openapi_document():
    return conditional(json_response(openapi.document()))
