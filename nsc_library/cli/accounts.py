"""`flask create-user` and `flask invite`: accounts made from the command line."""

from __future__ import annotations

import sys

import click
from flask import current_app
from flask.cli import with_appcontext

from nsc_library.extensions import db
from nsc_library.models import City, Role
from nsc_library.services import accounts, cities, notifications

CITY_HELP = "The contributor's city, e.g. 'Malmö' or 'Malmö, SE'."


@click.command("create-user")
@with_appcontext
@click.argument("email")
@click.option("--role", type=click.Choice([r.value for r in Role]), required=True)
@click.option("--city", help=CITY_HELP)
def create_user(email: str, role: str, city: str | None) -> None:
    """Create an account. The password is prompted twice, or read from standard input."""
    if sys.stdin.isatty():
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    else:
        password = sys.stdin.readline().rstrip("\r\n")
    try:
        user = accounts.create_user(email, Role(role), password, find_city(city) if city else None)
    except accounts.AccountError as exc:
        raise click.ClickException(str(exc)) from None
    db.session.commit()
    click.echo(f"Created {user.role.value} {user.email}.")


def find_city(text: str) -> City:
    """The city meant, with folded Nordic letters and English names (Gothenburg: Göteborg)."""
    try:
        return cities.find_city(text)
    except cities.CityError as exc:
        raise click.ClickException(str(exc)) from None


@click.command("invite")
@click.argument("email")
@click.option("--role", type=click.Choice([r.value for r in Role]), required=True)
@click.option("--city", help=CITY_HELP)
@with_appcontext
def invite(email: str, role: str, city: str | None) -> None:
    """Print a single-use invitation link (valid for 7 days) to send to a new person."""
    try:
        secret = accounts.invite(email, Role(role), find_city(city) if city else None, actor=None)
    except accounts.AccountError as exc:
        raise click.ClickException(str(exc)) from None
    base = current_app.config["PUBLIC_URL"].rstrip("/")
    link = f"{base}/invitation/{secret}"
    notifications.invitation(email.strip().lower(), link)
    db.session.commit()  # the invitation and its message; the message goes out after this
    click.echo(link)


commands = [create_user, invite]
