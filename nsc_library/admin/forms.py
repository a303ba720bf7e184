"""Forms for administrators and editors: invitations, vocabulary terms, cities, Nordic models and
rates."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    EmailField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from nsc_library.forms import LINKS_TEXT_MAX, DecimalDegreesField, options
from nsc_library.models import Role
from nsc_library.models.nordic_model import MODEL_NAME_MAX, MODEL_OTHER_NAMES_MAX, MODEL_TEXT_MAX
from nsc_library.models.places import CITY_DESCRIPTION_MAX
from nsc_library.rendering import ROLE_LABELS


class InviteForm(FlaskForm):
    email = EmailField(
        _l("E-mail"),
        validators=[DataRequired(), Length(max=254)],
        render_kw={"autocomplete": "off", "spellcheck": "false"},
    )
    role = SelectField(_l("Role"), choices=options((r.value, ROLE_LABELS[r.value]) for r in Role))
    city = SelectField(_l("City (for contributors)"), choices=[], coerce=str)


TERM_LABEL_MAX = 100
TERM_DESCRIPTION_MAX = 300


class TermForm(FlaskForm):
    """The English label and description; the other languages' come as label_xx, description_xx."""

    label = StringField(_l("Label"), validators=[DataRequired(), Length(max=TERM_LABEL_MAX)])
    description = StringField(
        _l("One-line description"), validators=[Length(max=TERM_DESCRIPTION_MAX)]
    )


class CityForm(FlaskForm):
    name = StringField(
        _l("City name"),
        validators=[DataRequired(), Length(max=100)],
        description=_l("As the city writes it, with its own letters: Göteborg, Helsingør."),
    )
    country = SelectField(_l("Country"), choices=[], validators=[DataRequired()])


class CityDetailsForm(FlaskForm):
    """An editor's changes to a city; the service checks the same rules again (services/cities)."""

    name = StringField(_l("City name"), validators=[DataRequired(), Length(max=100)])
    country = SelectField(_l("Country"), choices=[], validators=[DataRequired()])
    latitude = DecimalDegreesField(
        _l("Latitude"),
        validators=[Optional(), NumberRange(min=-90, max=90)],
        description=_l("Decimal degrees of the city centre, north positive: 59.9139 for Oslo."),
    )
    longitude = DecimalDegreesField(
        _l("Longitude"),
        validators=[Optional(), NumberRange(min=-180, max=180)],
        description=_l("Decimal degrees, east positive, west negative: -21.9426 for Reykjavík."),
    )
    description = TextAreaField(
        _l("Short description"),
        validators=[Length(max=CITY_DESCRIPTION_MAX)],
        description=_l("One or two sentences shown on the city's page."),
    )
    member = BooleanField(_l("Member of Nordic Safe Cities"))
    member_since = IntegerField(
        _l("Member since"),
        validators=[Optional(), NumberRange(min=1950, max=2100)],
        description=_l("The year the city joined; leave empty if not known."),
    )


def model_text(label, description=None) -> TextAreaField:
    return TextAreaField(label, validators=[Length(max=MODEL_TEXT_MAX)], description=description)


class NordicModelForm(FlaskForm):
    """An editor's text of a Nordic model; services/nordic_models checks the same rules again."""

    name = StringField(
        _l("Name"),
        validators=[DataRequired(), Length(max=MODEL_NAME_MAX)],
        description=_l(
            "The acronym and what it stands for: SSP (school, social services and police)."
        ),
    )
    other_names = TextAreaField(
        _l("Other names"),
        # Room for the most names the service allows, each on its own line.
        validators=[Length(max=MODEL_OTHER_NAMES_MAX * (MODEL_NAME_MAX + 1))],
        description=_l(
            "One per line: acronyms, local and English names. A search for any of them shows "
            "this model first."
        ),
    )
    origin_country = SelectField(_l("Country of origin"), choices=[], default="")
    origin_year = IntegerField(
        _l("Year it started"),
        validators=[Optional()],  # the range is checked by services/nordic_models
        description=_l("Leave empty if not known."),
    )
    origin = model_text(_l("Origin"), _l("Who started it, where and when; its variants."))
    idea = model_text(_l("Idea"), _l("The problem it answers and how, in a few sentences."))
    how_it_works = model_text(_l("How it works"), _l("Who takes part, who leads, how they meet."))
    legal_basis = model_text(
        _l("Legal basis"), _l("The laws that allow it, such as sharing information.")
    )
    materials = TextAreaField(
        _l("Manuals and materials"),
        validators=[Length(max=LINKS_TEXT_MAX)],
        description=_l("One per line: Title | https://…"),
    )


class RateForm(FlaskForm):
    """One year's euro rate of a currency; checked by services/eur_rates.py."""

    currency = StringField(
        _l("Currency"),
        validators=[Length(max=10)],
        description=_l("The ISO 4217 code: SEK, NOK, DKK, ISK, or another."),
        render_kw={"autocomplete": "off", "spellcheck": "false", "autocapitalize": "characters"},
    )
    year = StringField(
        _l("Year"),
        validators=[Length(max=10)],
        render_kw={"inputmode": "numeric", "autocomplete": "off"},
    )
    rate = StringField(
        _l("Euros for one unit"),
        validators=[Length(max=30)],
        description=_l("The year's average, e.g. 0.0905 for the Swedish crown in 2025."),
        render_kw={"inputmode": "decimal", "autocomplete": "off"},
    )
