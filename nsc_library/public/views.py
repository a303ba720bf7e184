"""URL table of the public site; each view parses input, calls a service and renders."""

from __future__ import annotations

import logging

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _

from nsc_library import evidence as evidence_scale
from nsc_library.i18n import (
    LANGUAGE_COOKIE,
    LANGUAGE_COOKIE_MAX_AGE,
    LANGUAGES,
    country_name_in,
    current_language,
)
from nsc_library.lookups import country_or_404, theme_or_404
from nsc_library.public import browsing, enquiries, network_pages, results, shortlist, translated
from nsc_library.public.forms import ShortlistForm
from nsc_library.redirects import safe_target
from nsc_library.search import SearchUnavailable
from nsc_library.search_args import (
    MAX_SEARCH_TEXT,
    BadSearchArgument,
    search_query_from_args,
)
from nsc_library.security import security_txt
from nsc_library.services import assessment, browse, catalogue, maps, network

bp = Blueprint("public", __name__)
log = logging.getLogger(__name__)


@bp.app_context_processor
def search_limits() -> dict:
    """The search box's maxlength, on every page that shows one."""
    return {"max_search_text": MAX_SEARCH_TEXT}


HOME_NEWEST = 6


@bp.app_context_processor
def shortlist_context() -> dict:
    slugs = shortlist.shortlisted()
    return {"shortlisted": slugs, "shortlist_count": len(slugs)}


@bp.app_template_global()
def in_reader_language(practice):
    """The practice's translation into the reader's interface language, if it has one."""
    return translated.reader_translation(practice)


@bp.get("/")
def home():
    return render_template(
        "public/home.html",
        themes=browse.term_counts("theme"),
        countries=browse.country_counts(),
        newest=browse.newest_among(browse.whole_library(), HOME_NEWEST),
        nordic_map=maps.nordic_map(network.listed_cities(), labels=False),
    )


@bp.get("/practices")
def practices():
    try:
        query = search_query_from_args(request.args, results.per_page())
    except BadSearchArgument as exc:
        abort(400, description=_("This search cannot be run: %(problem)s.", problem=exc))
    try:
        page = results.results_page(query)
    except SearchUnavailable:
        return render_template("search_unavailable.html", query=query), 503
    if query.page > 1 and query.page > page.results.pages:
        abort(404, description=_("There is no page %(page)s of these results.", page=query.page))
    return render_template("public/practices.html", page=page, url_with=results.url_with)


@bp.get("/practices/<slug>")
def practice(slug: str):
    found = catalogue.published_practice(slug)
    if found is None:
        archived = catalogue.archived_practice(slug)
        if archived is None:
            abort(404, description=_("No published practice has this address."))
        successors = [p for p in archived.inspired if p.is_published]
        return render_template(
            "public/archived.html", practice=archived, successors=successors
        ), 410
    return enquiries.practice_page(found)


def published_or_404(slug: str):
    found = catalogue.published_practice(slug)
    if found is None:
        abort(404, description=_("No published practice has this address."))
    return found


# Two letters (ISO 639-1): the original may be in any language, and /ask or /report stay apart.
@bp.get("/practices/<slug>/<string(length=2):language>")
def practice_in(slug: str, language: str):
    """The practice in one language: the original's code gives the original."""
    found = published_or_404(slug)
    return enquiries.practice_page(found, translated.in_language(found, language))


@bp.post("/practices/<slug>/ask")
def ask_city(slug: str):
    """A visitor's question to the city that owns the practice."""
    return enquiries.ask(published_or_404(slug))


@bp.post("/practices/<slug>/report")
def report_problem(slug: str):
    """A visitor's report that the practice holds outdated or wrong information."""
    return enquiries.report(published_or_404(slug))


# The network's pages and the editors' curation, in public/network_pages.py.
bp.add_url_rule("/collections", view_func=network_pages.collections_page)
bp.add_url_rule("/collections/<slug>", view_func=network_pages.collection)
bp.add_url_rule("/cities", view_func=network_pages.cities)
bp.add_url_rule("/cities/<slug>", view_func=network_pages.city)
bp.add_url_rule("/map", view_func=network_pages.nordic_map)
bp.add_url_rule("/models", view_func=network_pages.models)
bp.add_url_rule("/models/<slug>", view_func=network_pages.model)
bp.add_url_rule("/gaps", view_func=network_pages.gaps_page)


@bp.get("/themes")
def themes():
    return render_template(
        "public/themes.html", themes=browse.term_counts("theme", keep_empty=True)
    )


@bp.get("/themes/<slug>")
def theme(slug: str):
    term = theme_or_404(slug)
    return browsing.page(
        "theme",
        term.slug,
        term.label_in(current_language()),
        term.description_in(current_language()),
        browse.with_term("theme", term.slug),
    )


@bp.get("/countries")
def countries():
    return render_template("public/countries.html", countries=browse.country_counts())


@bp.get("/countries/<code>")
def country(code: str):
    found = country_or_404(code)
    if code != found.code:
        return redirect(url_for("public.country", code=found.code), 301)
    description = _("A Nordic country or area.") if found.nordic else _("An international example.")
    name = country_name_in(found.code, current_language())
    cities = [c for c in network.listed_cities() if c.city.country_code == found.code]
    return browsing.page(
        "country",
        found.code,
        name,
        description,
        browse.in_country(found.code),
        cities=cities,
    )


@bp.post("/shortlist/add")
def shortlist_add():
    form = ShortlistForm()
    if not form.validate() or not catalogue.published_by_slugs([form.slug.data]):
        abort(400, description=_("This practice cannot be added to the shortlist."))
    added = shortlist.add(form.slug.data)
    message = (
        _("Added to your shortlist.")
        if added
        else _("The shortlist holds %(count)s practices at most.", count=shortlist.MAX_SHORTLIST)
    )
    if request.accept_mimetypes.best == "application/json":
        # static/app.js adds without a reload: the page shows the message itself, so no flash.
        count = len(shortlist.shortlisted())
        return {"added": added, "count": count, "message": message}, 200 if added else 409
    flash(message, "info" if added else "error")
    target = safe_target(form.next.data, url_for("public.shortlist_page"))
    if target != url_for("public.shortlist_page"):
        target = f"{target.partition('#')[0]}#shortlist-{form.slug.data}"  # same place, not the top
    return redirect(target)


@bp.post("/shortlist/remove")
def shortlist_remove():
    form = ShortlistForm()
    if not form.validate():
        abort(400, description=_("This practice cannot be removed from the shortlist."))
    shortlist.remove(form.slug.data)
    flash(_("Removed from your shortlist."), "info")
    return redirect(safe_target(form.next.data, url_for("public.shortlist_page")))


@bp.get("/shortlist")
def shortlist_page():
    items = catalogue.published_by_slugs(shortlist.shortlisted())
    return render_template("public/shortlist.html", items=items, form=ShortlistForm())


@bp.get("/compare")
def compare():
    slugs = list(dict.fromkeys(request.args.getlist("p")))
    if not 2 <= len(slugs) <= 4:
        # Back to the shortlist with the ticks kept in mind, not an error page.
        flash(
            _("Tick two to four practices to compare; you ticked %(count)s.", count=len(slugs)),
            "error",
        )
        return redirect(url_for("public.shortlist_page"))
    items = catalogue.published_by_slugs(slugs, full=True)
    if len(items) != len(slugs):
        abort(404, description=_("One of these practices is not published in the library."))
    return render_template("public/compare.html", items=items)


@bp.get("/evidence")
def evidence():
    """The evidence scale: what each level asks for, who assigns it, how to ask for a review."""
    return render_template(
        "public/evidence.html",
        scale=evidence_scale.assess({}),
        counts=assessment.published_level_counts(),
        rates=current_app.extensions["eur_rates"],
    )


@bp.get("/practices/<slug>/how-to-start")
def how_to_start(slug: str):
    """The "How to start" block of a practice alone, to print on one page."""
    return render_template("public/how_to_start.html", practice=published_or_404(slug))


@bp.get("/language/<code>")
def set_language(code: str):
    """The language switcher: keep the choice in a cookie, then back to the page it was on."""
    if code not in LANGUAGES:
        abort(404, description=_("The library has no interface in this language."))
    target = safe_target(request.args.get("next"), url_for("public.home"))
    response = redirect(target)
    response.set_cookie(
        LANGUAGE_COOKIE,
        code,
        max_age=LANGUAGE_COOKIE_MAX_AGE,
        samesite="Lax",
        secure=current_app.config.get("SESSION_COOKIE_SECURE", False),
        httponly=True,
    )
    return response


@bp.get("/about")
def about():
    return render_template("public/about.html")


@bp.get("/accessibility")
def accessibility():
    return render_template("public/accessibility.html")


@bp.get("/.well-known/security.txt")
def security_contact():
    canonical = url_for("public.security_contact", _external=True)
    text = security_txt(current_app.config, canonical)
    if text is None:
        abort(404, description=_("This installation publishes no security contact yet."))
    return Response(text, mimetype="text/plain")
