"""Form pieces shared by the areas: choices, a bare action button, a comment to contributors."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import SelectChoice, TextAreaField
from wtforms.validators import Length


def options(pairs) -> list[SelectChoice]:
    """WTForms choices from (value, label) pairs."""
    return [SelectChoice(value=value, label=label) for value, label in pairs]


class CommentForm(FlaskForm):
    comment = TextAreaField("Comment to the contributors", validators=[Length(max=5000)])


class ActionForm(FlaskForm):
    """A button with nothing to fill in; the form carries the CSRF token."""
