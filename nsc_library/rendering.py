"""Turning user text into safe HTML, and the helpers templates use."""

from __future__ import annotations

from datetime import date, datetime

import nh3
from babel import Locale
from flask import Flask
from flask_babel import (
    format_currency,
    format_date,
    format_datetime,
    format_decimal,
    gettext,
    ngettext,
)
from flask_babel import lazy_gettext as _l
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
from nsc_library.i18n import country_name_in, current_language
from nsc_library.practice_rules import (
    EVALUATION_LABELS,
    PREVENTION_LEVEL_LABELS,
    STATUS_LABELS,
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
    alt = self.renderInlineAsText(token.children or [], options, env) or gettext("no description")
    link = Markup('<a href="{}">{}</a>').format(token.attrGet("src") or "", alt)
    return str(escape(gettext("[Image: %(link)s]")) % {"link": link})


_markdown.add_render_rule("image", _image_as_link)
# The allow-list is reviewed as a whole: two rows show it at a glance, where the formatter would
# spread it over 23 lines.
ALLOWED_TAGS = {
    "p", "br", "hr", "h2", "h3", "h4", "h5", "h6", "strong", "em", "del", "code", "pre",
    "blockquote", "ul", "ol", "li", "a", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}, "th": {"align"}, "td": {"align"}}


def link_to(href: str, text: str) -> Markup:
    """A link for a placeholder in a translated sentence: href and text escaped, the tag kept."""
    return Markup('<a href="{}">{}</a>').format(href, text)


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


def not_stated() -> str:
    return gettext("Not stated")


def prevention_level_label(value: PreventionLevel | str | None) -> str:
    return str(PREVENTION_LEVEL_LABELS.get(PreventionLevel(value), "")) if value else not_stated()


def evaluation_label(value: Evaluation | str | None) -> str:
    return str(EVALUATION_LABELS.get(Evaluation(value), "")) if value else not_stated()


ROLE_LABELS = {
    "contributor": _l("contributor"),
    "editor": _l("editor"),
    "admin": _l("admin"),
}
# How an adopting city treated a core component (exchange format: adaptations).
DECISION_LABELS = {
    "kept": _l("Kept"),
    "changed": _l("Changed"),
    "dropped": _l("Dropped"),
}
# The exchange format's fields by name (history, review, "please complete ...").
FIELD_LABELS = {
    "title": _l("Title"),
    "summary": _l("Summary"),
    "description": _l("Description"),
    "city": _l("City"),
    "country": _l("Country"),
    "themes": _l("Themes"),
    "approaches": _l("Approaches"),
    "target_groups": _l("Target groups"),
    "prevention_level": _l("Prevention level"),
    "organisation": _l("Organisation"),
    "partners": _l("Partners"),
    "start_year": _l("Start year"),
    "end_year": _l("End year"),
    "evaluation": _l("Evaluation"),
    "evaluation_summary": _l("Evaluation summary"),
    "results": _l("Results"),
    "resources": _l("Resources"),
    "contact_name": _l("Contact name"),
    "contact_email": _l("Contact email"),
    "contact_role": _l("Contact role"),
    "links": _l("Links"),
    "language": _l("Language"),
    "english_summary": _l("English summary"),
    "evidence_level": _l("Evidence level"),
    "implementation": _l("Implementation"),
    "adaptations": _l("Adaptations"),
}


def status_label(status) -> str:
    value = getattr(status, "value", status)
    return str(STATUS_LABELS.get(value, value))


def role_label(role) -> str:
    value = getattr(role, "value", role)
    return str(ROLE_LABELS.get(value, value))


def decision_label(decision: str) -> str:
    return str(DECISION_LABELS.get(decision, decision.capitalize()))


def field_label(field: str) -> str:
    """A changed field's name; history diffs name fields with spaces for underscores."""
    key = field.replace(" ", "_")
    return str(FIELD_LABELS.get(key, field.capitalize()))


def years(start: int | None, end: int | None) -> str:
    if start is None:
        return not_stated()
    if end:
        return f"{start}–{end}"
    return gettext("Since %(year)s (ongoing)", year=start)


def long_date(moment: date | datetime | None) -> str:
    """'1 December 2026' in the page's language."""
    if not moment:
        return ""
    day = moment.date() if isinstance(moment, datetime) else moment
    return format_date(day, format="long")


def short_datetime(moment: datetime | None) -> str:
    """Date and time in the page's language, in UTC, for tables of events."""
    return format_datetime(moment, format="short", rebase=False) if moment else ""


def number(value: int | float | None) -> str:
    """A count in the page's language: 1,234 / 1 234 / 1.234."""
    return format_decimal(value) if value is not None else ""


def decimal(value: float | None) -> str:
    """A quantity such as 0.5 FTE or 1.5 months, with the language's decimal sign."""
    return format_decimal(value, format="#,##0.##") if value is not None else ""


def months(value: float) -> str:
    """A duration such as "1 month" or "1.5 months", in the plural form the number needs."""
    # gettext chooses a form by a whole number; a fraction of a month reads as a plural.
    count = int(value) if float(value).is_integer() else 2
    return ngettext("%(months)s month", "%(months)s months", count, months=decimal(value))


def money(amount: float | None, currency: str) -> str:
    """An amount in its currency, as the page's language writes it, without decimals."""
    if amount is None:
        return not_stated()
    locale = Locale.parse(current_language())
    whole = locale.currency_formats["standard"].pattern.replace(".00", "")
    return format_currency(round(amount), currency, format=whole, currency_digits=False)


def country_name(code: str | None) -> str:
    """The country's name in the page's language, from Babel's CLDR data; else the code."""
    return country_name_in(code, current_language()) if code else ""


def term_label(term) -> str:
    """A theme's, approach's or target group's label in the page's language, else English."""
    return term.label_in(current_language())


def term_description(term) -> str:
    return term.description_in(current_language())


def register(app: Flask) -> None:
    app.add_template_filter(markdown_to_html, "markdown")
    app.add_template_filter(prevention_level_label, "prevention_level")
    app.add_template_filter(evaluation_label, "evaluation")
    app.add_template_filter(long_date, "long_date")
    app.add_template_filter(short_datetime, "short_datetime")
    app.add_template_filter(number, "number")
    app.add_template_filter(decimal, "decimal")
    app.add_template_filter(months, "months")
    app.add_template_filter(money, "money")
    app.add_template_filter(country_name, "country_name")
    app.add_template_filter(term_label, "term_label")
    app.add_template_filter(term_description, "term_description")
    app.add_template_filter(role_label, "role_label")
    app.add_template_filter(decision_label, "decision")
    app.add_template_filter(field_label, "field_label")
    app.add_template_global(link_to, "link_to")
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
    return gettext(
        "%(author)s. “%(title)s”. Nordic Safe Cities Practice Library, %(year)s. "
        "%(permalink)s (accessed %(date)s).",
        author=author,
        title=practice.title,
        year=year,
        permalink=permalink,
        date=long_date(date.today()),
    )


def evidence_label(value: EvidenceLevel | str | None) -> str:
    return str(EVIDENCE_LABELS[EvidenceLevel(value or EvidenceLevel.NOT_ASSESSED)])


def evidence_badge(value: EvidenceLevel | str | None) -> str:
    return str(EVIDENCE_BADGES[EvidenceLevel(value or EvidenceLevel.NOT_ASSESSED)])


def euros(amount: float | None) -> str:
    """'€12,300' as the page's language writes euros, or 'Not stated'."""
    return money(amount, "EUR")


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
    return [(level.value, str(label)) for level, label in EVIDENCE_LABELS.items()]
