"""Forms for administrators and editors: invitations and vocabulary terms."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, SelectField, StringField
from wtforms.validators import DataRequired, Length

from nsc_library.forms import options
from nsc_library.models import Role
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
