"""URL table for signing in and out, invitations and password resets."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from nsc_library import stash
from nsc_library.auth.forms import LoginForm, SetPasswordForm
from nsc_library.extensions import db
from nsc_library.forms import ActionForm
from nsc_library.i18n import current_language
from nsc_library.models import TokenPurpose
from nsc_library.redirects import safe_target
from nsc_library.services import accounts

bp = Blueprint("auth", __name__)


@bp.route("/login", methods=["GET", "POST"])
def login():
    form = LoginForm(next=request.args.get("next", ""))
    status, error = 200, None
    if form.validate_on_submit():
        try:
            user = accounts.authenticate(form.email.data, form.password.data, client_address())
        except accounts.TooManyAttempts as exc:
            status, error = 429, str(exc)
        except accounts.AccountError as exc:
            db.session.commit()  # the failed attempt counts towards the limit
            status, error = 401, str(exc)
        else:
            accounts.remember_language(user, current_language())
            db.session.commit()
            kept = stash.carried_over()  # text saved when the last session ended
            session.clear()
            if kept:
                session[stash.SESSION_KEY] = kept
            session.permanent = True
            login_user(user, remember=form.remember.data)
            return redirect(safe_target(form.next.data, url_for("contribute.dashboard")))
    elif request.method == "POST":
        status = 400
    return render_template(
        "auth/login.html", form=form, error=error, stash=stash.carried_over()
    ), status


def client_address() -> str:
    return request.remote_addr or "unknown"


@bp.get("/session/keep-alive")
@login_required
def keep_alive():
    """Called by the page's script when the person asks to stay signed in; refreshes the session."""
    session.modified = True
    return "", 204


@bp.post("/logout")
@login_required
def logout():
    if not ActionForm().validate_on_submit():
        abort(400, description=_("The sign-out form had expired. Please try again."))
    logout_user()
    session.clear()
    flash(_("You are signed out."), "info")
    return redirect(url_for("public.home"))


@bp.route("/invitation/<token>", methods=["GET", "POST"])
def accept_invitation(token: str):
    return set_password_page(token, TokenPurpose.INVITATION)


@bp.route("/reset-password/<token>", methods=["GET", "POST"])
def reset_password(token: str):
    return set_password_page(token, TokenPurpose.PASSWORD_RESET)


def set_password_page(token: str, purpose: TokenPurpose):
    try:
        invitation = accounts.usable_token(token, purpose)
    except accounts.AccountError as exc:
        abort(404, description=str(exc))
    form = SetPasswordForm()
    if form.validate_on_submit():
        try:
            if purpose == TokenPurpose.INVITATION:
                user = accounts.accept_invitation(token, form.password.data, form.display_name.data)
            else:
                user = accounts.reset_password(token, form.password.data)
        except accounts.AccountError as exc:
            form.password.errors = [str(exc)]
        else:
            accounts.remember_language(user, current_language())
            db.session.commit()
            if current_user.is_authenticated:
                logout_user()
            session.clear()
            login_user(user)
            flash(_("Your password is set. Welcome!"), "info")
            return redirect(url_for("contribute.dashboard"))
    return render_template(
        "auth/set_password.html", form=form, email=invitation.email, purpose=purpose.value
    ), (400 if form.errors else 200)
