"""Editors keep the vocabularies tidy; the index outbox carries a new label to search."""

from __future__ import annotations

from sqlalchemy import select

from nsc_library.extensions import db
from nsc_library.models import User
from nsc_library.services import audit
from nsc_library.services.catalogue import TERM_MODELS
from nsc_library.services.policy import is_editor
from nsc_library.services.workflow import NotAllowed


def rename_term(dimension: str, slug: str, label: str, description: str, editor: User) -> None:
    """Change a term's label and description; practices using it are re-indexed on commit."""
    if not is_editor(editor):
        raise NotAllowed("Only editors change the vocabularies.")
    model = TERM_MODELS[dimension]
    term = db.session.scalar(select(model).where(model.slug == slug))
    if term is None:
        raise LookupError(slug)
    before = term.label
    term.label, term.description = label.strip(), description.strip()
    audit.record(editor, "vocabulary.changed", f"{dimension}:{slug}", before=before, after=label)
    db.session.flush()
