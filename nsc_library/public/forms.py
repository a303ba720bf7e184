"""Forms of the public site (each carries a CSRF token)."""

from flask_wtf import FlaskForm
from wtforms import HiddenField
from wtforms.validators import DataRequired, Length


class ShortlistForm(FlaskForm):
    slug = HiddenField(validators=[DataRequired(), Length(max=120)])
    next = HiddenField(validators=[Length(max=2000)])
