"""`flask send-mail` (the outbox) and `flask send-reminders` (the monthly e-mail)."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from nsc_library.extensions import db
from nsc_library.services import mail, notifications


@click.command("send-reminders")
@with_appcontext
def send_reminders() -> None:
    """E-mail each city's contributors the practices not confirmed for two years (run monthly)."""
    due, queued = notifications.send_reminders()
    db.session.commit()  # the messages go out after the commit; failed ones stay queued
    sent = sum(mail.delivered(mail_id) for mail_id in queued)
    where = "sent" if mail.smtp_configured() else f"written to {mail.outbox_dir()}"
    click.echo(f"{due} practices not confirmed for 24 months; {sent} messages {where}.")


@click.command("send-mail")
@click.option(
    "--retry-now", is_flag=True, help="Try every waiting message now, not only those due."
)
@with_appcontext
def send_mail(retry_now: bool) -> None:
    """Send the messages waiting in the outbox (run it every few minutes from cron).

    A message that fails again stays queued, with a longer wait before the next try; the
    command then exits with status 1 so that cron reports it."""
    results = mail.deliver_due(retry_now=retry_now)
    sent = sum(results.values())
    failed = len(results) - sent
    waiting = mail.waiting_count()
    click.echo(f"{sent} sent, {failed} failed; {waiting} waiting in the outbox.")
    if failed:
        raise SystemExit(1)


commands = [send_mail, send_reminders]
