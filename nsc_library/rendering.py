"""Turning user text into safe HTML, and the helpers templates use."""

from __future__ import annotations

from datetime import date, datetime

import nh3
from flask import Flask
from markdown_it import MarkdownIt
from markupsafe import Markup, escape

from nsc_library import rates
from nsc_library.evidence import (
    EVIDENCE_BADGES,
    EVIDENCE_LABELS,
    EvidenceLevel,
    LevelAssessment,
    assess,
    next_level,
)
from nsc_library.exchange import practice_record
from nsc_library.practice_rules import (
    EVALUATION_LABELS,
    PREVENTION_LEVEL_LABELS,
    Evaluation,
    PreventionLevel,
)
from nsc_library.rates import ImplementationTotals, RateTable
from nsc_library.services import eur_rates

# Raw HTML in a write-up is shown as text; what Markdown produces is then sanitised again.
_markdown = MarkdownIt("commonmark", {"html": False}).enable("table").enable("strikethrough")


def _image_as_link(self, tokens, idx, options, env) -> str:
    """Images are not shown (no remote content on the page), but not silently dropped either:
    they become a link that says what the picture is."""
    token = tokens[idx]
    alt = self.renderInlineAsText(token.children or [], options, env) or "no description"
    return f'[Image: <a href="{escape(token.attrGet("src") or "")}">{escape(alt)}</a>]'


_markdown.add_render_rule("image", _image_as_link)
# The allow-list is reviewed as a whole: two rows show it at a glance, where the formatter would
# spread it over 23 lines.
ALLOWED_TAGS = {
    "p", "br", "hr", "h2", "h3", "h4", "h5", "h6", "strong", "em", "del", "code", "pre",
    "blockquote", "ul", "ol", "li", "a", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}, "th": {"align"}, "td": {"align"}}


def markdown_to_html(text: str | None) -> Markup:
    """Render a write-up's Markdown to sanitised HTML; headings start at h2 under the page's h1."""
    html = _markdown.render(text or "")
    html = html.replace("<h1>", "<h2>").replace("</h1>", "</h2>")
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="nofollow noopener noreferrer",
    )
    return Markup(clean)  # noqa: S704  (sanitised by nh3 just above)


def prevention_level_label(value: PreventionLevel | str | None) -> str:
    return PREVENTION_LEVEL_LABELS.get(PreventionLevel(value), "") if value else "Not stated"


def evaluation_label(value: Evaluation | str | None) -> str:
    return EVALUATION_LABELS.get(Evaluation(value), "") if value else "Not stated"


STATUS_LABELS = {
    "draft": "Draft",
    "submitted": "Submitted for review",
    "changes_requested": "Changes requested",
    "published": "Published",
    "archived": "Archived",
}


def status_label(status) -> str:
    return STATUS_LABELS.get(getattr(status, "value", status), str(status))


def years(start: int | None, end: int | None) -> str:
    if start is None:
        return "Not stated"
    return f"{start}–{end}" if end else f"Since {start} (ongoing)"


def long_date(moment: date | datetime | None) -> str:
    return f"{moment.day} {moment:%B %Y}" if moment else ""


def register(app: Flask) -> None:
    app.add_template_filter(markdown_to_html, "markdown")
    app.add_template_filter(prevention_level_label, "prevention_level")
    app.add_template_filter(evaluation_label, "evaluation")
    app.add_template_filter(long_date, "long_date")
    app.add_template_global(years, "years")
    app.add_template_global(status_label, "status_label")
    app.add_template_global(is_out_of_date, "is_out_of_date")
    app.add_template_global(citation, "citation")
    app.add_template_filter(evidence_label, "evidence")
    app.add_template_filter(evidence_badge, "evidence_badge")
    app.add_template_filter(euros, "euros")
    app.add_template_global(implementation_totals, "implementation_totals")
    app.add_template_global(to_eur, "to_eur")
    app.add_template_global(evidence_assessment, "evidence_assessment")
    app.add_template_global(next_level, "next_evidence_level")
    app.add_template_global(evidence_choices, "evidence_choices")


OUT_OF_DATE_AFTER_DAYS = 730


def is_out_of_date(practice, today: date | None = None) -> bool:
    """Not verified for two years: the page says it may be out of date."""
    if practice.last_verified is None:
        return True
    return ((today or date.today()) - practice.last_verified).days > OUT_OF_DATE_AFTER_DAYS


def citation(practice, permalink: str) -> str:
    """A ready-to-copy reference: author, title, library, year, address, date seen."""
    author = practice.organisation or practice.city.name
    year = practice.published_at.year if practice.published_at else date.today().year
    return (
        f"{author}. “{practice.title}”. Nordic Safe Cities Practice Library, {year}. "
        f"{permalink} (accessed {long_date(date.today())})."
    )


def evidence_label(value: EvidenceLevel | str | None) -> str:
    return EVIDENCE_LABELS[EvidenceLevel(value or EvidenceLevel.NOT_ASSESSED)]


def evidence_badge(value: EvidenceLevel | str | None) -> str:
    return EVIDENCE_BADGES[EvidenceLevel(value or EvidenceLevel.NOT_ASSESSED)]


def euros(amount: float | None) -> str:
    """'EUR 12,300' with a thin grouping, or 'Not stated'."""
    if amount is None:
        return "Not stated"
    return f"EUR {amount:,.0f}".replace(",", "\u202f")


def rate_table() -> RateTable:
    return eur_rates.current_table()


def to_eur(cost: dict) -> float | None:
    return rate_table().to_eur(cost["amount"], cost["currency"], cost.get("year"))


def implementation_totals(practice) -> ImplementationTotals:
    return rates.implementation_totals(practice.implementation, rate_table())


def evidence_assessment(practice) -> list[LevelAssessment]:
    """Each level's criteria, checked against the practice's current write-up."""
    return assess(practice_record(practice))


def evidence_choices() -> list[tuple[str, str]]:
    return [(level.value, label) for level, label in EVIDENCE_LABELS.items()]
