"""URL table of the public site; each view reads through the query services and renders."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, render_template, request

from nsc_library.services import queries

bp = Blueprint("public", __name__)


def page_number() -> int:
    """The `page` parameter as a positive whole number, or a clear 400."""
    raw = request.args.get("page", "1")
    if not raw.isdigit() or int(raw) < 1 or len(raw) > 6:
        abort(400, description=f"The page number must be a whole number from 1; got {raw[:20]!r}.")
    return int(raw)


@bp.get("/")
@bp.get("/practices")
def practices():
    pagination = queries.newest_published(page_number(), current_app.config["PRACTICES_PER_PAGE"])
    if pagination.page > 1 and pagination.page > pagination.pages:
        abort(
            404, description=f"There is no page {pagination.page}; the last is {pagination.pages}."
        )
    return render_template("practices.html", pagination=pagination)


@bp.get("/practices/<slug>")
def practice(slug: str):
    found = queries.published_practice(slug)
    if found is None:
        abort(404, description="No published practice has this address.")
    return render_template("practice.html", practice=found)
