"""Forms for administrators and editors: invitations and vocabulary terms."""

from flask_wtf import FlaskForm
from wtforms import EmailField, SelectField, StringField
from wtforms.validators import DataRequired, Length

from nsc_library.forms import options
from nsc_library.models import Role


class InviteForm(FlaskForm):
    email = EmailField(
        "E-mail",
        validators=[DataRequired(), Length(max=254)],
        render_kw={"autocomplete": "off", "spellcheck": "false"},
    )
    role = SelectField("Role", choices=options((r.value, r.value.title()) for r in Role))
    city = SelectField("City (for contributors)", choices=[], coerce=str)


class TermForm(FlaskForm):
    label = StringField("Label", validators=[DataRequired(), Length(max=100)])
    description = StringField("One-line description", validators=[Length(max=300)])


class CityForm(FlaskForm):
    name = StringField(
        "City name",
        validators=[DataRequired(), Length(max=100)],
        description="As the city writes it, with its own letters: Göteborg, Helsingør.",
    )
    country = SelectField("Country", choices=[], validators=[DataRequired()])
