"""`flask import-practices`, `export-practices` and `seed-demo`: the exchange format in and out."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from nsc_library.cli.progress import progress_bars
from nsc_library.exchange import ExchangeFileError, parse_records, records_to_csv
from nsc_library.extensions import db
from nsc_library.practice_rules import Status
from nsc_library.services import catalogue, collections, practices, questions

DEMO_FILE = "demo-practices.json"
DEMO_COLLECTIONS = "demo-collections.json"
DEMO_QUESTIONS = "demo-questions.json"
# Applied after the demo library: a later version of one write-up, and its translations (one
# made from the earlier version, so that the library shows an out-of-date translation).
DEMO_UPDATES_FILE = "demo-translations.json"


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
    run_imports([(data, source)], status, dry_run)


def run_imports(files: list[tuple[bytes, str]], status: Status, dry_run: bool) -> None:
    """Import files in order, in one transaction: all of them or nothing."""
    with progress_bars():  # the commit builds or updates the index: its progress shows too
        for data, source in files:
            try:
                raw_records = parse_records(data)
            except ExchangeFileError as exc:
                raise click.ClickException(f"{source}: {exc}") from None
            report = practices.import_practices(raw_records, status=status, dry_run=dry_run)
            if not report.ok:
                db.session.rollback()
                for problem in report.problems:
                    click.echo(str(problem), err=True)
                raise click.ClickException(
                    f"{len(report.problems)} problem(s) in {source}; nothing was imported."
                )
            prefix = "Dry run, nothing written: would have " if dry_run else ""
            click.echo(
                f"{prefix}{report.created} created, {report.updated} updated, "
                f"{report.unchanged} unchanged."
            )
        if not dry_run:
            db.session.commit()


@click.command("export-practices")
@with_appcontext
@click.option("--format", "fmt", type=click.Choice(["json", "csv"]), default="json")
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), help="Default: stdout.")
def export_practices(fmt: str, output: Path | None) -> None:
    """Export the published practices in the exchange format, as JSON or CSV."""
    records = catalogue.published_practices_for_export(current_app.config["PUBLIC_URL"])
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
    if if_empty and catalogue.practice_count():
        click.echo("The library has practices already; demo library not loaded.")
        return
    # One transaction: the index is built once, from the final text.
    folder = resources.files("nsc_library.data")
    files = [(folder.joinpath(name).read_bytes(), name) for name in (DEMO_FILE, DEMO_UPDATES_FILE)]
    run_imports(files, Status.PUBLISHED, dry_run=False)
    demo = resources.files("nsc_library.data").joinpath(DEMO_COLLECTIONS).read_text("utf-8")
    created = collections.seed_collections(json.loads(demo))
    asked = resources.files("nsc_library.data").joinpath(DEMO_QUESTIONS).read_text("utf-8")
    questions_added = questions.seed_questions(json.loads(asked))
    db.session.commit()
    click.echo(f"{created} demo collections and {questions_added} questions to cities created.")


commands = [import_practices_command, export_practices, seed_demo]
