"""`flask send-reminders`: the monthly e-mail about practices not confirmed for 24 months."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from nsc_library.services import mail, notifications


@click.command("send-reminders")
@with_appcontext
def send_reminders() -> None:
    """E-mail each city's contributors the practices not confirmed for two years (run monthly)."""
    due, sent = notifications.send_reminders()
    where = "sent" if mail.smtp_configured() else f"written to {mail.outbox_dir()}"
    click.echo(f"{due} practices not confirmed for 24 months; {sent} messages {where}.")


commands = [send_reminders]
