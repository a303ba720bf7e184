"""E-mail through an outbox: queued in the transaction of the change, delivered after commit.

`send` adds a row to `mail_outbox` in the current transaction, so a message exists exactly when
the change it tells of was committed. After the commit the messages are handed to the SMTP
server (SMTP_HOST), or written as .eml files under instance/mail/ without one. A message the
server refuses or cannot take stays in the outbox with its error and is tried again later, with
a growing wait, by `flask send-mail` (run it from cron) and by the next commit that queues mail.
A failed send is logged and reported to the caller, never raised into the user's request.
"""

from __future__ import annotations

import logging
import secrets
import smtplib
import ssl
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path

from flask import current_app, g, has_app_context
from sqlalchemy import delete, event, func, select, update
from sqlalchemy.orm import Session

from nsc_library.extensions import db
from nsc_library.models import OutgoingMail
from nsc_library.models.columns import utcnow

log = logging.getLogger(__name__)

QUEUED = "nsc_mail_queued"  # session.info key: ids queued in the open transaction
FIRST_RETRY = timedelta(minutes=1)
LONGEST_WAIT = timedelta(hours=6)  # retries never stop; they slow down to this
# While one process tries a message, others leave it alone for this long.
LEASE = timedelta(minutes=5)


@dataclass(frozen=True)
class Mail:
    to: tuple[str, ...]
    subject: str
    body: str


def smtp_configured() -> bool:
    return bool(current_app.config.get("SMTP_HOST"))


def outbox_dir() -> Path:
    return Path(current_app.config.get("MAIL_DIR") or Path(current_app.instance_path) / "mail")


def as_message(mail: Mail) -> EmailMessage:
    message = EmailMessage()
    message["From"] = current_app.config["MAIL_FROM"]
    message["To"] = ", ".join(mail.to)
    message["Subject"] = mail.subject
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain=current_app.config["MAIL_FROM"].rpartition("@")[2])
    message.set_content(mail.body)
    return message


def send(mail: Mail) -> int | None:
    """Queue one message in the current transaction; it goes out once the caller commits.

    Returns the outbox id, for `delivered` after the commit; None when there is no recipient."""
    if not mail.to:
        return None
    row = OutgoingMail(recipients=list(mail.to), subject=mail.subject[:300], body=mail.body)
    db.session.add(row)
    db.session.flush()
    db.session.info.setdefault(QUEUED, []).append(row.id)
    return row.id


def delivered(mail_id: int | None) -> bool:
    """Whether the message queued as `mail_id` went out after this request's commit."""
    return bool(mail_id) and g.get("mail_delivered", {}).get(mail_id, False)


def register_listeners() -> None:
    """Deliver what a transaction queued once it is committed (listening once per process)."""
    if event.contains(db.session, "after_commit", _after_commit):
        return
    event.listen(db.session, "after_commit", _after_commit)
    event.listen(db.session, "after_rollback", _after_rollback)


def _after_commit(session: Session) -> None:
    ids = session.info.pop(QUEUED, None)
    if ids and has_app_context():
        deliver_due(ids)


def _after_rollback(session: Session) -> None:
    session.info.pop(QUEUED, None)


def deliver_due(ids: Iterable[int] | None = None, retry_now: bool = False) -> dict[int, bool]:
    """Try the messages whose time has come (all waiting ones with `retry_now`), or only `ids`.

    Runs on connections of its own, outside the request's session. Returns id -> sent."""
    query = select(OutgoingMail.id, OutgoingMail.attempts).order_by(OutgoingMail.id)
    if ids is not None:
        query = query.where(OutgoingMail.id.in_(list(ids)))
    if not retry_now:
        query = query.where(OutgoingMail.next_attempt_at <= utcnow())
    with db.engine.connect() as connection:
        waiting = connection.execute(query).all()
    results = {mail_id: attempt(mail_id, seen) for mail_id, seen in waiting}
    results = {mail_id: ok for mail_id, ok in results.items() if ok is not None}
    if has_app_context():
        g.setdefault("mail_delivered", {}).update(results)
    return results


def attempt(mail_id: int, seen_attempts: int) -> bool | None:
    """Claim one message and try it; None if another process claimed it first."""
    now = utcnow()
    claim = (
        update(OutgoingMail)
        .where(OutgoingMail.id == mail_id, OutgoingMail.attempts == seen_attempts)
        .values(attempts=seen_attempts + 1, next_attempt_at=now + LEASE)
    )
    with db.engine.begin() as connection:
        if connection.execute(claim).rowcount != 1:
            return None
        row = connection.execute(select(OutgoingMail).where(OutgoingMail.id == mail_id)).one()
    mail = Mail(tuple(row.recipients), row.subject, row.body)
    try:
        hand_over(as_message(mail))
    except (OSError, smtplib.SMTPException) as exc:
        wait = min(FIRST_RETRY * 2**seen_attempts, LONGEST_WAIT)
        log.warning(
            "could not send mail %d %r to %s (attempt %d; next try in %s): %s",
            mail_id,
            mail.subject,
            ", ".join(mail.to),
            seen_attempts + 1,
            wait,
            exc,
        )
        failed = update(OutgoingMail).where(OutgoingMail.id == mail_id)
        with db.engine.begin() as connection:
            connection.execute(failed.values(next_attempt_at=now + wait, last_error=str(exc)[:500]))
        return False
    with db.engine.begin() as connection:
        connection.execute(delete(OutgoingMail).where(OutgoingMail.id == mail_id))
    return True


def waiting_count() -> int:
    """Messages still in the outbox: failed ones waiting for their next try."""
    with db.engine.connect() as connection:
        return connection.execute(select(func.count(OutgoingMail.id))).scalar_one()


def hand_over(message: EmailMessage) -> None:
    if smtp_configured():
        deliver(message)
    else:
        write_to_folder(message)


def deliver(message: EmailMessage) -> None:
    config = current_app.config
    host, port = config["SMTP_HOST"], int(config["SMTP_PORT"])
    timeout = float(config["SMTP_TIMEOUT"])
    if config["SMTP_SSL"]:
        server = smtplib.SMTP_SSL(host, port, timeout=timeout, context=ssl.create_default_context())
    else:
        server = smtplib.SMTP(host, port, timeout=timeout)
    with server:
        if config["SMTP_STARTTLS"] and not config["SMTP_SSL"]:
            server.starttls(context=ssl.create_default_context())
        if config.get("SMTP_USERNAME"):
            server.login(config["SMTP_USERNAME"], config.get("SMTP_PASSWORD") or "")
        server.send_message(message)


def write_to_folder(message: EmailMessage) -> Path:
    folder = outbox_dir()
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    path = folder / f"{stamp}-{secrets.token_hex(4)}.eml"
    path.write_bytes(bytes(message))
    return path
