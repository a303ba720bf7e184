"""Forms of the public site (each carries a CSRF token)."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, HiddenField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, Length, Optional

from nsc_library.forms import QuickRendering
from nsc_library.models.enquiry import MAX_ENQUIRY


class ShortlistForm(FlaskForm):
    slug = HiddenField(validators=[DataRequired(), Length(max=120)])
    next = HiddenField(validators=[Length(max=2000)])


def honeypot() -> StringField:
    """A field people never see or fill in; a bot that fills every field gives itself away."""
    return StringField(_l("Leave this field empty"), validators=[Length(max=200)])


def within(name: str) -> Length:
    return Length(
        max=MAX_ENQUIRY[name],
        message=_l("Use at most %(max)d characters.", max=MAX_ENQUIRY[name]),
    )


class PrefixedForm(FlaskForm):
    """Two forms share the practice page: each prefixes its field names and ids."""

    PREFIX = ""

    class Meta(QuickRendering, FlaskForm.Meta):
        pass

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("prefix", self.PREFIX)
        super().__init__(*args, **kwargs)


class AskForm(PrefixedForm):
    PREFIX = "ask"
    name = StringField(
        _l("Your name"), validators=[DataRequired(_l("Enter your name.")), within("name")]
    )
    email = EmailField(
        _l("Your e-mail address"),
        description=_l("The city answers to this address; it is not published."),
        validators=[
            DataRequired(_l("Enter your e-mail address.")),
            Email(_l("Enter an e-mail address like name@example.org.")),
            within("email"),
        ],
    )
    organisation = StringField(_l("Organisation (optional)"), validators=[within("organisation")])
    text = TextAreaField(
        _l("Your question"),
        description=_l("Plain text; at most 3,000 characters."),
        validators=[DataRequired(_l("Write your question.")), within("text")],
    )
    study_visit = BooleanField(_l("This is a request for a study visit"))
    website = honeypot()


class CorrectionForm(PrefixedForm):
    PREFIX = "report"
    problem = TextAreaField(
        _l("What is outdated or wrong?"),
        description=_l("Plain text; at most 3,000 characters."),
        validators=[DataRequired(_l("Say what is outdated or wrong.")), within("text")],
    )
    reporter_email = EmailField(
        _l("Your e-mail address (optional)"),
        description=_l("Only if you would like a reply; it is not published."),
        validators=[
            Optional(),
            Email(_l("Enter an e-mail address like name@example.org.")),
            within("email"),
        ],
    )
    website = honeypot()
