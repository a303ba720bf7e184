"""URL table for administrators (accounts, audit log) and editors (vocabularies, cities, Nordic
models, rates)."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from nsc_library.admin import reference_data
from nsc_library.admin.forms import (
    TERM_DESCRIPTION_MAX,
    TERM_LABEL_MAX,
    CityForm,
    InviteForm,
    TermForm,
)
from nsc_library.extensions import db
from nsc_library.forms import ActionForm, options
from nsc_library.i18n import DEFAULT_LANGUAGE, LANGUAGES, country_name_in, current_language
from nsc_library.models import City, Role, User
from nsc_library.services import (
    accounts,
    audit,
    catalogue,
    cities,
    invitations,
    mail,
    notifications,
    vocabulary_terms,
)
from nsc_library.services.policy import is_admin, is_editor

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.before_request
@login_required
def editors_and_admins() -> None:
    if not is_editor(current_user):
        abort(403, description=_("This part of the site is for editors and administrators."))


def admins_only() -> None:
    if not is_admin(current_user):
        abort(403, description=_("Only administrators manage accounts."))


def invite_form() -> InviteForm:
    form = InviteForm()
    cities = catalogue.cities()
    form.city.choices = options(
        [("", _("No city"))] + [(str(c.id), f"{c.name}, {c.country_code}") for c in cities]
    )
    return form


@bp.get("/users")
def users():
    admins_only()
    return users_page(invite_form())


def city_form() -> CityForm:
    form = CityForm()
    form.country.choices = options(
        [("", _("Choose a country"))]
        + [
            (c.code, country_name_in(c.code, current_language()))
            for c in catalogue.countries_nordic_first()
        ]
    )
    return form


def users_page(
    form: InviteForm,
    link: str | None = None,
    link_for: str | None = None,
    mailed: bool = False,
    new_city: CityForm | None = None,
):
    """The accounts page: every account, the invitation form, and a link just made, if any.

    With SMTP configured and the message sent, the page says so instead of showing the link."""
    return render_template(
        "admin/users.html",
        users=catalogue.users(),
        invitations=invitations.pending(),
        form=form,
        city_form=new_city or city_form(),
        action_form=ActionForm(),
        link=None if mailed and mail.smtp_configured() else link,
        link_for=link_for,
        mailed_to=link_for if mailed and mail.smtp_configured() else None,
    )


@bp.post("/invite")
def invite():
    admins_only()
    form = invite_form()
    if form.validate_on_submit():
        city = db.session.get(City, int(form.city.data)) if form.city.data else None
        try:
            secret = accounts.invite(form.email.data, Role(form.role.data), city, current_user)
        except accounts.AccountError as exc:
            form.email.errors = [str(exc)]
        else:
            link = url_for("auth.accept_invitation", token=secret, _external=True)
            queued = notifications.invitation(form.email.data.strip().lower(), link)
            db.session.commit()  # the invitation and its message, together
            mailed = mail.delivered(queued)
            return users_page(invite_form(), link, form.email.data.strip().lower(), mailed)
    return users_page(form), 400


@bp.get("/users/<int:user_id>/deactivate")
def confirm_deactivate(user_id: int):
    """Ask before deactivating: the person can no longer sign in."""
    admins_only()
    user = db.session.get(User, user_id) or abort(404)
    return render_template("admin/confirm_deactivate.html", user=user, form=ActionForm())


@bp.post("/invitations/<int:token_id>/<any(revoke, resend):change>")
def change_invitation(token_id: int, change: str):
    admins_only()
    if not ActionForm().validate_on_submit():
        abort(400, description=_("The form had expired. Please try again."))
    try:
        if change == "revoke":
            email = invitations.revoke(token_id, current_user)
            db.session.commit()
            flash(
                _("The invitation to %(email)s is revoked: its link no longer works.", email=email),
                "info",
            )
            return redirect(url_for("admin.users"))
        email, secret = invitations.resend(token_id, current_user)
    except invitations.InvitationError as exc:
        flash(str(exc), "error")
        return redirect(url_for("admin.users"))
    link = url_for("auth.accept_invitation", token=secret, _external=True)
    queued = notifications.invitation(email, link)
    db.session.commit()
    return users_page(invite_form(), link, email, mail.delivered(queued))


@bp.post("/cities")
def add_city():
    """A member city without practices yet, so that it can be given contributors."""
    admins_only()
    form = city_form()
    if form.validate_on_submit():
        try:
            city = cities.add_city(form.name.data, form.country.data, current_user)
        except cities.CityError as exc:
            form.name.errors = [str(exc)]
        else:
            db.session.commit()
            flash(
                _("%(city)s is added: you can now invite its contributors.", city=city.name), "info"
            )
            return redirect(url_for("admin.users"))
    return users_page(invite_form(), new_city=form), 400


@bp.post("/users/<int:user_id>/<any(activate, deactivate):change>")
def set_active(user_id: int, change: str):
    admins_only()
    user = db.session.get(User, user_id) or abort(404)
    if not ActionForm().validate_on_submit():
        abort(400, description=_("The form had expired. Please try again."))
    try:
        accounts.set_active(user, change == "activate", current_user)
    except accounts.AccountError as exc:
        flash(str(exc), "error")
    else:
        db.session.commit()
        done = (
            _("%(email)s is activated.") if change == "activate" else _("%(email)s is deactivated.")
        )
        flash(done % {"email": user.email}, "info")
    return redirect(url_for("admin.users"))


@bp.post("/users/<int:user_id>/reset-link")
def reset_link(user_id: int):
    admins_only()
    user = db.session.get(User, user_id) or abort(404)
    if not ActionForm().validate_on_submit():
        abort(400, description=_("The form had expired. Please try again."))
    secret = accounts.password_reset_link(user, current_user)
    link = url_for("auth.reset_password", token=secret, _external=True)
    queued = notifications.password_reset(user, link)
    db.session.commit()
    return users_page(invite_form(), link, link_for=user.email, mailed=mail.delivered(queued))


@bp.get("/audit")
def audit_log():
    admins_only()
    return render_template("admin/audit.html", entries=audit.recent_entries())


def term_translations(data) -> dict[str, dict[str, str]] | None:
    """The labels in the other languages from the vocabulary form; None if one is too long."""
    translations = {}
    for language in LANGUAGES:
        if language == DEFAULT_LANGUAGE:
            continue
        label = data.get(f"label_{language}", "")
        description = data.get(f"description_{language}", "")
        if len(label) > TERM_LABEL_MAX or len(description) > TERM_DESCRIPTION_MAX:
            return None
        translations[language] = {"label": label, "description": description}
    return translations


@bp.get("/vocabularies")
def vocabularies():
    terms = {dimension: catalogue.terms(dimension) for dimension in catalogue.TERM_MODELS}
    return render_template("admin/vocabularies.html", terms=terms, form=TermForm())


@bp.post("/vocabularies/<any(theme, approach, target_group):dimension>/<slug>")
def edit_term(dimension: str, slug: str):
    form = TermForm()
    if not form.validate_on_submit():
        abort(400, description=_("A label is required (at most 100 characters)."))
    translations = term_translations(request.form)
    if translations is None:
        abort(400, description=_("A label is at most 100 characters, a description 300."))
    try:
        vocabulary_terms.rename_term(
            dimension,
            slug,
            form.label.data,
            form.description.data or "",
            current_user,
            translations,
        )
    except LookupError:
        abort(404, description=_("There is no such term."))
    db.session.commit()
    flash(_("The term is saved."), "info")
    return redirect(url_for("admin.vocabularies"))


# Editors' reference data, in admin/reference_data.py.
bp.add_url_rule("/cities", view_func=reference_data.city_list)
bp.add_url_rule("/cities/<int:city_id>", view_func=reference_data.edit_city)
bp.add_url_rule("/cities/<int:city_id>", view_func=reference_data.save_city, methods=["POST"])
bp.add_url_rule("/models", view_func=reference_data.model_list)
bp.add_url_rule("/models/new", view_func=reference_data.new_model)
bp.add_url_rule("/models/new", view_func=reference_data.add_model, methods=["POST"])
bp.add_url_rule("/models/<slug>", view_func=reference_data.edit_model)
bp.add_url_rule("/models/<slug>", view_func=reference_data.save_model, methods=["POST"])
bp.add_url_rule("/rates", view_func=reference_data.rates)
bp.add_url_rule("/rates", view_func=reference_data.set_rate, methods=["POST"])
