"""`flask reindex` and `flask check-index`: rebuild the search index, or check it."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from nsc_library.cli.progress import progress_bars
from nsc_library.search import storage
from nsc_library.search.checking import check_index
from nsc_library.search.writer import IndexBusy, catch_up, rebuild_index

SHOWN = 20


@click.command("reindex")
@with_appcontext
def reindex() -> None:
    """Rebuild the search index from the database into a fresh folder and swap it in."""
    try:
        with progress_bars():
            count = rebuild_index()
    except IndexBusy as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"Search index rebuilt: {count} published practices.")


@click.command("check-index")
@with_appcontext
@click.option(
    "--no-catch-up", is_flag=True, help="Check as it is, without applying pending changes first."
)
def check_index_command(no_catch_up: bool) -> None:
    """Compare the index with the database; exit 1 if practices are missing, stale or extra."""
    generation = storage.current_generation(storage.index_root())
    if generation is not None and not no_catch_up:
        try:
            applied = catch_up(generation)
        except Exception as exc:  # a damaged index is reported by the check below
            click.echo(f"Pending changes not applied: {exc!r}", err=True)
        else:
            if applied:
                click.echo(f"Applied {applied} pending change(s) first.")
    report = check_index()
    if report.error:
        click.echo(report.error, err=True)
    for label, items in (
        ("missing", report.missing),
        ("stale", report.stale),
        ("extra", report.extra),
    ):
        if items:
            more = f" (and {len(items) - SHOWN} more)" if len(items) > SHOWN else ""
            click.echo(f"{len(items)} {label}: {', '.join(items[:SHOWN])}{more}", err=True)
    if not report.ok:
        click.echo("Repair with: flask --app nsc_library reindex", err=True)
        raise SystemExit(1)
    click.echo("Search index matches the database.")


commands = [reindex, check_index_command]
