"""Interface languages: which one a request is served in, and how it was chosen."""

from __future__ import annotations

from flask import Flask, request
from flask_babel import Babel, get_locale

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

babel = Babel()


def select_language() -> str:
    """The reader's choice (cookie), else the browser's Accept-Language, else English."""
    chosen = request.cookies.get(LANGUAGE_COOKIE, "")
    if chosen in LANGUAGES:
        return chosen
    return request.accept_languages.best_match(LANGUAGES, default=DEFAULT_LANGUAGE)


def language_name(code: str) -> str:
    """A language's name in the request's interface language (Babel's CLDR data): "Danish",
    "tanska"."""
    return get_locale().languages.get(code, LANGUAGES.get(code, code))


def init_app(app: Flask) -> None:
    babel.init_app(app, locale_selector=select_language)
