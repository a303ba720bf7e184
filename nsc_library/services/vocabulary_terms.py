"""Editors keep the vocabularies tidy; the index outbox carries a new label to search."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select

from nsc_library.extensions import db
from nsc_library.i18n import DEFAULT_LANGUAGE, LANGUAGES
from nsc_library.models import User
from nsc_library.services import audit
from nsc_library.services.catalogue import TERM_MODELS
from nsc_library.services.policy import is_editor
from nsc_library.services.workflow import NotAllowed


def rename_term(
    dimension: str,
    slug: str,
    label: str,
    description: str,
    editor: User,
    translations: dict[str, dict[str, str]] | None = None,
) -> None:
    """Change a term's English label and description, and, if given, those in the other
    interface languages ({"fi": {"label": ..., "description": ...}}; empty ones are dropped).
    Practices using it are re-indexed on commit."""
    if not is_editor(editor):
        raise NotAllowed(_("Only editors change the vocabularies."))
    model = TERM_MODELS[dimension]
    term = db.session.scalar(select(model).where(model.slug == slug))
    if term is None:
        raise LookupError(slug)
    before = term.label
    term.label, term.description = label.strip(), description.strip()
    if translations is not None:
        term.translations = {
            language: {key: text.strip() for key, text in texts.items() if text.strip()}
            for language, texts in sorted(translations.items())
            if language in LANGUAGES
            and language != DEFAULT_LANGUAGE
            and any(text.strip() for text in texts.values())
        }
    audit.record(editor, "vocabulary.changed", f"{dimension}:{slug}", before=before, after=label)
    db.session.flush()
