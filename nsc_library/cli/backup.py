"""`flask backup FILE` and `flask restore FILE`: thin commands over services/backup.py."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import with_appcontext

from nsc_library.cli.progress import progress_bars
from nsc_library.services import backup


@click.command("backup")
@with_appcontext
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--with-password-hashes",
    is_flag=True,
    help="Keep users' password hashes, so that they can log in after a restore.",
)
def backup_command(file: Path, with_password_hashes: bool) -> None:
    """Write the whole library to FILE: JSON, gzip-compressed when FILE ends in .gz."""
    try:
        with progress_bars():
            report = backup.write_backup(file, with_password_hashes=with_password_hashes)
    except (backup.BackupError, OSError) as exc:
        raise click.ClickException(str(exc)) from None
    hashes = "with" if with_password_hashes else "without"
    click.echo(f"Backup written to {file}: {report.summary()}, {hashes} password hashes.")


@click.command("restore")
@with_appcontext
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def restore_command(file: Path) -> None:
    """Restore a backup into an empty instance, then rebuild the search index."""
    try:
        with progress_bars():  # the rows, then the index rebuilt from them
            report = backup.restore_backup(file)
    except backup.BackupError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"Restored {report.summary()} from {file}.")
    if report.index_problem:
        raise click.ClickException(
            f"the search index could not be rebuilt ({report.index_problem}); the data is "
            "restored: run `flask --app nsc_library reindex`"
        )
    if report.indexed is not None:
        click.echo(f"Search index rebuilt: {report.indexed} published practices.")


commands = [backup_command, restore_command]
