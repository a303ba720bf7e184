"""Forms for administrators and editors: invitations and vocabulary terms."""

from flask_babel import lazy_gettext
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


class RateForm(FlaskForm):
    """One year's euro rate of a currency; checked by services/eur_rates.py."""

    currency = StringField(
        lazy_gettext("Currency"),
        validators=[Length(max=10)],
        description=lazy_gettext("The ISO 4217 code: SEK, NOK, DKK, ISK, or another."),
        render_kw={"autocomplete": "off", "spellcheck": "false", "autocapitalize": "characters"},
    )
    year = StringField(
        lazy_gettext("Year"),
        validators=[Length(max=10)],
        render_kw={"inputmode": "numeric", "autocomplete": "off"},
    )
    rate = StringField(
        lazy_gettext("Euros for one unit"),
        validators=[Length(max=30)],
        description=lazy_gettext("The year's average, e.g. 0.0905 for the Swedish crown in 2025."),
        render_kw={"inputmode": "decimal", "autocomplete": "off"},
    )
