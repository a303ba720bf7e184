"""Editors keep the vocabularies tidy; a new label reaches the search index too."""

from __future__ import annotations

from sqlalchemy import select

from nsc_library.extensions import db
from nsc_library.models import Practice, User
from nsc_library.practice_rules import Status
from nsc_library.services import audit, practices
from nsc_library.services.browse import TERM_MODELS, TERM_RELATIONS
from nsc_library.services.policy import is_editor
from nsc_library.services.workflow import NotAllowed


def rename_term(dimension: str, slug: str, label: str, description: str, editor: User) -> None:
    """Change a term's label and description; published practices using it are re-indexed."""
    if not is_editor(editor):
        raise NotAllowed("Only editors change the vocabularies.")
    model = TERM_MODELS[dimension]
    term = db.session.scalar(select(model).where(model.slug == slug))
    if term is None:
        raise LookupError(slug)
    before = term.label
    term.label, term.description = label.strip(), description.strip()
    users = select(Practice).where(
        Practice.status == Status.PUBLISHED, TERM_RELATIONS[dimension].any(model.slug == slug)
    )
    for practice in db.session.scalars(users):
        practices.record_change(practice)
    audit.record(editor, "vocabulary.changed", f"{dimension}:{slug}", before=before, after=label)
    db.session.commit()
