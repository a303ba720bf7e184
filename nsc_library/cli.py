"""Command-line interface: `flask --app nsc_library COMMAND`. Each command calls a service."""

from __future__ import annotations

import json
import sys
from importlib import resources
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import func, select

from nsc_library import database, vocabularies
from nsc_library.backup_cli import commands as backup_commands
from nsc_library.exchange import ExchangeFileError, parse_records
from nsc_library.export import records_to_csv
from nsc_library.extensions import db
from nsc_library.models import City, Practice, Role
from nsc_library.practice_rules import Status
from nsc_library.search import apply_pending_changes
from nsc_library.search.commands import commands as search_commands
from nsc_library.services import accounts, practices
from nsc_library.services.queries import published_practices_for_export

DEMO_FILE = "demo-practices.json"


@click.command("init-db")
@with_appcontext
def init_db() -> None:
    """Create or upgrade the database schema and add the seed vocabularies and countries."""
    database.upgrade_schema()
    countries = vocabularies.seed_countries()
    terms = vocabularies.seed_vocabularies()
    db.session.commit()
    # A new instance gets its (empty) search index here, so that search works from the start.
    apply_pending_changes()
    click.echo(f"Database ready: {countries} countries and {terms} vocabulary terms added.")


@click.command("create-user")
@with_appcontext
@click.argument("email")
@click.option("--role", type=click.Choice([r.value for r in Role]), required=True)
@click.option("--city", help="The contributor's city, e.g. 'Malmö' or 'Malmö, SE'.")
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
    click.echo(f"Created {user.role.value} {user.email}.")


def find_city(text: str) -> City:
    name, _, country = (part.strip() for part in text.partition(","))
    query = select(City).where(func.lower(City.name) == name.lower())
    if country:
        query = query.where(City.country_code == country.upper())
    cities = db.session.scalars(query).all()
    if len(cities) != 1:
        hint = "no such city in the library" if not cities else "several match; add ', CODE'"
        raise click.ClickException(f"city {text!r}: {hint}")
    return cities[0]


@click.command("import-practices")
@with_appcontext
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--status",
    type=click.Choice([Status.PUBLISHED.value, Status.DRAFT.value]),
    default=Status.DRAFT.value,
    show_default=True,
    help="Status of practices the file creates; existing practices keep theirs.",
)
@click.option("--dry-run", is_flag=True, help="Validate and report, write nothing.")
def import_practices_command(file: Path, status: str, dry_run: bool) -> None:
    """Import practices from a JSON or JSON Lines file in the exchange format."""
    run_import(file.read_bytes(), Status(status), dry_run, source=str(file))


def run_import(data: bytes, status: Status, dry_run: bool, source: str) -> None:
    try:
        raw_records = parse_records(data)
    except ExchangeFileError as exc:
        raise click.ClickException(f"{source}: {exc}") from None
    report = practices.import_practices(raw_records, status=status, dry_run=dry_run)
    if not report.ok:
        for problem in report.problems:
            click.echo(str(problem), err=True)
        raise click.ClickException(
            f"{len(report.problems)} problem(s) in {source}; nothing was imported."
        )
    prefix = "Dry run, nothing written: would have " if dry_run else ""
    click.echo(
        f"{prefix}{report.created} created, {report.updated} updated, {report.unchanged} unchanged."
    )


@click.command("export-practices")
@with_appcontext
@click.option("--format", "fmt", type=click.Choice(["json", "csv"]), default="json")
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), help="Default: stdout.")
def export_practices(fmt: str, output: Path | None) -> None:
    """Export the published practices in the exchange format, as JSON or CSV."""
    records = published_practices_for_export(current_app.config["PUBLIC_URL"])
    if fmt == "json":
        text = json.dumps(records, ensure_ascii=False, indent=2) + "\n"
    else:
        text = records_to_csv(records)
    if output:
        output.write_text(text, encoding="utf-8", newline="")
        click.echo(f"Wrote {len(records)} practices to {output}.", err=True)
    else:
        click.echo(text, nl=False)


@click.command("seed-demo")
@with_appcontext
@click.option("--if-empty", is_flag=True, help="Only when the library has no practices yet.")
def seed_demo(if_empty: bool) -> None:
    """Import the demo library shipped with the app, as published practices."""
    if if_empty and db.session.scalar(select(func.count(Practice.id))):
        click.echo("The library has practices already; demo library not loaded.")
        return
    data = resources.files("nsc_library.data").joinpath(DEMO_FILE).read_bytes()
    run_import(data, Status.PUBLISHED, dry_run=False, source=DEMO_FILE)


@click.command("invite")
@click.argument("email")
@click.option("--role", type=click.Choice([r.value for r in Role]), required=True)
@click.option("--city", help="The contributor's city, e.g. 'Malmö' or 'Malmö, SE'.")
@with_appcontext
def invite(email: str, role: str, city: str | None) -> None:
    """Print a single-use invitation link (valid for 7 days) to send to a new person."""
    try:
        secret = accounts.invite(email, Role(role), find_city(city) if city else None, actor=None)
    except accounts.AccountError as exc:
        raise click.ClickException(str(exc)) from None
    base = current_app.config["PUBLIC_URL"].rstrip("/")
    click.echo(f"{base}/invitation/{secret}")


commands = [init_db, create_user, invite, import_practices_command, export_practices, seed_demo]
commands += search_commands
commands += backup_commands
