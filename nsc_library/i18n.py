"""Interface languages: which one a request is served in, and how it was chosen."""

from __future__ import annotations

from functools import cached_property
from urllib.parse import urlencode

from babel import Locale
from babel.support import NullTranslations
from flask import Flask, Response, has_request_context, request, url_for
from flask_babel import Babel, Domain, get_locale, get_translations

try:  # Flask-Babel's request state; RequestDomain works without it, only slower
    from flask_babel import _get_current_context
except ImportError:  # pragma: no cover - a Flask-Babel that renamed it
    _get_current_context = None

# English first: it is the language of the templates' own text and the fallback.
LANGUAGES: dict[str, str] = {
    "en": "English",
    "da": "Dansk",
    "sv": "Svenska",
    "nb": "Norsk bokmål",
    "fi": "Suomi",
    "is": "Íslenska",
}
DEFAULT_LANGUAGE = "en"
LANGUAGE_COOKIE = "lang"
# `?lang=xx` on any address shows that page in that language, without changing the cookie: the
# hreflang alternates point there, so that a search engine sees every language of a page.
LANGUAGE_PARAMETER = "lang"
# Language links keep a query string up to this long (a long search with many filters fits).
MAX_CARRIED_QUERY = 4096
LANGUAGE_COOKIE_MAX_AGE = 365 * 24 * 3600
# A page's words depend on the language, and the language on these two headers.
VARY_HEADERS = ("Accept-Language", "Cookie")
API_BLUEPRINT = "api"
ENGLISH_LOCALE = "en_GB"


class RequestDomain(Domain):
    """Flask-Babel's message domain, finding the request's catalogue once per request.

    Flask-Babel looks up its request state, the locale, the domain and its cache of catalogues
    for every string it translates (a page translates a few hundred): doing it once per request
    makes a page about 7 % faster. The catalogue found is kept in the request state's
    `babel_translations`, which Flask-Babel's own `force_locale` and `refresh` clear and restore
    whenever they change the language."""

    def get_translations(self) -> NullTranslations:
        state = _get_current_context() if _get_current_context else None
        if state is None:
            return super().get_translations()
        found = getattr(state, "babel_translations", None)
        if found is None:
            found = state.babel_translations = super().get_translations()
        return found


def request_translations() -> NullTranslations:
    """The request's catalogue, as Flask-Babel's get_translations finds it, in one step once
    RequestDomain has found it: what the templates' `_()` use."""
    state = _get_current_context() if _get_current_context else None
    found = getattr(state, "babel_translations", None) if state is not None else None
    return found if found is not None else get_translations()


class LibraryBabel(Babel):
    @cached_property
    def domain_instance(self) -> Domain:
        return RequestDomain(domain=self.domain)


babel = LibraryBabel()


def select_language() -> str:
    """The request's locale: its language (chosen_language) in the region that writes it."""
    return locale_for(chosen_language())


def locale_for(language: str) -> str:
    """The library writes British English (1 December 2026); the others as their countries do."""
    return ENGLISH_LOCALE if language == DEFAULT_LANGUAGE else language


def chosen_language() -> str:
    """`?lang=`, else the reader's choice (cookie), else Accept-Language, else English.

    Outside a request (commands, mail sent from a command) it is English unless a caller forces
    another language with flask_babel.force_locale."""
    if not has_request_context():
        return DEFAULT_LANGUAGE
    asked = request.args.get(LANGUAGE_PARAMETER, "")
    if asked in LANGUAGES:
        return asked
    if request.blueprint == API_BLUEPRINT:  # the API is English unless `?lang=` asks otherwise
        return DEFAULT_LANGUAGE
    chosen = request.cookies.get(LANGUAGE_COOKIE, "")
    if chosen in LANGUAGES:
        return chosen
    return request.accept_languages.best_match(LANGUAGES, default=DEFAULT_LANGUAGE)


def current_language() -> str:
    """The language of the page being made, as a code of LANGUAGES."""
    locale = get_locale()
    language = locale.language if locale is not None else DEFAULT_LANGUAGE
    return language if language in LANGUAGES else DEFAULT_LANGUAGE


def country_name_in(code: str, language: str) -> str:
    """A country's name in an interface language, from Babel's CLDR data; else the code."""
    return Locale.parse(language).territories.get(code.upper(), code)


def carried_args() -> list[tuple[str, str]]:
    """The page's query parameters that its language links keep (not `lang`). None of a query
    string over MAX_CARRIED_QUERY: a pasted megabyte would be encoded again for every link."""
    if len(request.query_string) > MAX_CARRIED_QUERY:
        return []
    return [(k, v) for k, v in request.args.items(multi=True) if k != LANGUAGE_PARAMETER]


def language_url(code: str | None) -> str:
    """This page's address in another language (`?lang=code`); None: the address without it."""
    args = carried_args()
    if code is not None:
        args.append((LANGUAGE_PARAMETER, code))
    return request.base_url + (f"?{urlencode(args)}" if args else "")


def switch_url(code: str) -> str:
    """The switcher's link: set the cookie, then back to this page (without any `?lang=`)."""
    args = carried_args()
    here = request.path + (f"?{urlencode(args)}" if args else "")
    return url_for("public.set_language", code=code, next=here)


def template_context() -> dict:
    return {
        "current_language": current_language(),
        "languages": LANGUAGES,
        "language_url": language_url,
        "switch_url": switch_url,
    }


def vary_by_language(response: Response) -> Response:
    """Caches must keep one copy per language of a page."""
    if response.mimetype == "text/html":
        for header in VARY_HEADERS:
            response.vary.add(header)
    return response


def language_name(code: str) -> str:
    """A language's name in the request's interface language (Babel's CLDR data): "Danish",
    "tanska"."""
    return get_locale().languages.get(code, LANGUAGES.get(code, code))


def init_app(app: Flask) -> None:
    babel.init_app(app, locale_selector=select_language)
    app.jinja_env.install_gettext_callables(
        gettext=lambda s: request_translations().ugettext(s),
        ngettext=lambda s, p, n: request_translations().ungettext(s, p, n),
        pgettext=lambda c, s: request_translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: request_translations().unpgettext(c, s, p, n),
        newstyle=True,
    )
    app.context_processor(template_context)
    app.after_request(vary_by_language)
