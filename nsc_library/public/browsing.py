"""A theme's or a country's page: its practices a page at a time, and how many of them fall
under each value of the other dimensions."""

from __future__ import annotations

from flask import abort, render_template, request, url_for
from flask_babel import gettext as _

from nsc_library.public import results
from nsc_library.services import browse, catalogue


def page(
    dimension: str,
    key: str,
    label: str,
    description: str,
    subset: catalogue.Subset,
    cities: list | None = None,
):
    pagination = catalogue.paginate_subset(subset, results.page_or_400(), results.per_page())
    if pagination.page > 1 and pagination.page > pagination.pages:
        abort(
            404,
            description=_(
                "There is no page %(page)s for %(label)s.", page=pagination.page, label=label
            ),
        )
    facets = {
        dim: browse.term_counts(dim, within=subset) for dim in ("theme", "approach", "target_group")
    }
    facets["country"] = browse.country_counts(within=subset)
    facets.pop(dimension)
    return render_template(
        "public/browse.html",
        dimension=dimension,
        key=key,
        label=label,
        description=description,
        pagination=pagination,
        facets=facets,
        cities=cities or [],
        page_url=lambda n: url_for(request.endpoint, **request.view_args, page=n),
    )
