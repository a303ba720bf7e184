"""URL table of open data: search downloads, Atom feeds, sitemap.xml, robots.txt, the API page."""

from __future__ import annotations

from flask import Blueprint, Response, abort, redirect, render_template, request, url_for
from flask_babel import gettext as _

from nsc_library import downloads
from nsc_library.lookups import country_or_404, published_collection_or_404, theme_or_404
from nsc_library.opendata import feeds, sitemap
from nsc_library.responses import conditional, timestamp
from nsc_library.search import SearchUnavailable
from nsc_library.search_args import BadSearchArgument
from nsc_library.services import browse, collections
from nsc_library.services.catalogue import Subset

bp = Blueprint("opendata", __name__)
bp.add_app_template_global(downloads.download_url, "export_url")
bp.add_app_template_filter(timestamp, "iso_utc")
ATOM = "application/atom+xml"


@bp.errorhandler(SearchUnavailable)
def search_unavailable(_error: SearchUnavailable):
    return render_template("search_unavailable.html"), 503


@bp.get("/api")
def api_page():
    return render_template("opendata/api.html")


@bp.get("/practices/export.csv")
def export_csv():
    return downloads.csv_download(downloads.search_records(export_query_or_400()))


@bp.get("/practices/export.json")
def export_json():
    return downloads.json_download(downloads.search_records(export_query_or_400()))


def export_query_or_400():
    # Lenient like the search page: the download links carry the page's own arguments.
    try:
        return downloads.download_query(request.args)
    except BadSearchArgument as exc:
        abort(400, description=_("This search cannot be exported: %(problem)s.", problem=exc))


@bp.get("/feeds/practices.atom")
def library_feed():
    return feed_response(
        "New and updated practices",
        "Practices published or updated in the library, newest first.",
        url_for("public.practices", sort="newest", _external=True),
        browse.whole_library(),
    )


@bp.get("/feeds/themes/<slug>.atom")
def theme_feed(slug: str):
    term = theme_or_404(slug)
    return feed_response(
        term.label,
        f"Practices on {term.label.lower()}, newest first.",
        url_for("public.theme", slug=term.slug, _external=True),
        browse.with_term("theme", term.slug),
    )


@bp.get("/feeds/countries/<code>.atom")
def country_feed(code: str):
    found = country_or_404(code)
    if code != found.code:
        return redirect(url_for("opendata.country_feed", code=found.code), 301)
    return feed_response(
        found.name,
        f"Practices from {found.name}, newest first.",
        url_for("public.country", code=found.code, _external=True),
        browse.in_country(found.code),
    )


@bp.get("/feeds/collections/<slug>.atom")
def collection_feed(slug: str):
    """A collection's practices in the collection's order (not by date): what it holds now."""
    found = published_collection_or_404(slug)
    return atom_response(
        found.title,
        f"The practices of the collection “{found.title}”, in its order.",
        url_for("public.collection", slug=found.slug, _external=True),
        collections.practices_in(found),
    )


def feed_response(title: str, subtitle: str, page_url: str, subset: Subset) -> Response:
    return atom_response(title, subtitle, page_url, feeds.latest_changed(subset))


def atom_response(title: str, subtitle: str, page_url: str, practices) -> Response:
    self_url = url_for(request.endpoint, **request.view_args, _external=True)
    body = feeds.atom_feed(title, subtitle, page_url, self_url, practices)
    return conditional(Response(body, content_type=f"{ATOM}; charset=utf-8"))


@bp.get("/sitemap.xml")
def sitemap_document():
    return conditional(Response(sitemap.sitemap_xml(), content_type="application/xml"))


@bp.get("/robots.txt")
def robots():
    return conditional(Response(sitemap.robots_txt(), mimetype="text/plain"))
