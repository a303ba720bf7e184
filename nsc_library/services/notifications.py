"""Who is told what by e-mail: invitations, resets, submissions, decisions, reminders.

Each function queues its message in the current transaction (services/mail.py) and returns its
outbox id, or None when nobody is to be told; call it before the commit of the change.
"""

from __future__ import annotations

from datetime import date, timedelta

from flask import current_app, has_request_context, request
from sqlalchemy import select

from nsc_library.extensions import db
from nsc_library.models import Correction, Practice, Question, Role, User
from nsc_library.practice_rules import Status
from nsc_library.services.mail import Mail, send

REMINDER_AFTER = timedelta(days=730)  # 24 months without a "still up to date"
SIGNATURE = "\n\n-- \nNordic Safe Cities Practice Library"


def absolute(path: str) -> str:
    """A link for an e-mail: the request's own address, or PUBLIC_URL from a command."""
    base = request.url_root if has_request_context() else current_app.config["PUBLIC_URL"]
    return base.rstrip("/") + path


def invitation(email: str, link: str) -> int | None:
    body = (
        "You are invited to write up and review prevention practices in the Nordic Safe Cities "
        f"Practice Library.\n\nChoose your password here (the link works once, for 7 days):\n"
        f"{link}"
    )
    return send(
        Mail(
            (email,), "Your invitation to the Nordic Safe Cities Practice Library", body + SIGNATURE
        )
    )


def password_reset(user: User, link: str) -> int | None:
    body = (
        "A new password was requested for your account in the Nordic Safe Cities Practice "
        f"Library.\n\nChoose it here (the link works once, for 7 days):\n{link}\n\n"
        "If you did not expect this, you can ignore this message."
    )
    return send(Mail((user.email,), "Choose a new password", body + SIGNATURE))


def editors(except_user: User | None = None) -> list[str]:
    rows = db.session.scalars(
        select(User.email).where(User.active.is_(True), User.role.in_((Role.EDITOR, Role.ADMIN)))
    )
    return sorted(e for e in rows if except_user is None or e != except_user.email)


def contributors_of(practice: Practice, except_user: User | None = None) -> list[str]:
    """The people who wrote the practice's revisions and are still active."""
    emails = {
        r.author.email
        for r in practice.revisions
        if r.author is not None and r.author.active and r.author != except_user
    }
    return sorted(emails)


def submitted(practice: Practice, by: User) -> int | None:
    """Tell the editors that a practice or an edit waits for their review."""
    body = (
        f"“{practice.title}” from {practice.city.name} waits for review "
        f"(sent by {by.display_name or by.email}).\n\n"
        f"{absolute(f'/contribute/{practice.id}')}"
    )
    return send(Mail(tuple(editors(by)), f"For review: {practice.title}", body + SIGNATURE))


DECISIONS = {
    "published": ("Published: {title}", "“{title}” is published in the library:\n{link}"),
    "approved": (
        "Your change is published: {title}",
        "Your change of “{title}” is published:\n{link}",
    ),
    "changes_requested": (
        "Changes requested: {title}",
        "An editor asks for changes to “{title}”:\n\n{comment}\n\nEdit it here:\n{link}",
    ),
}


def decision(practice: Practice, kind: str, editor: User, comment: str = "") -> int | None:
    """Tell the contributors what an editor decided."""
    subject, text = DECISIONS[kind]
    path = (
        f"/contribute/{practice.id}/edit"
        if kind == "changes_requested"
        else f"/practices/{practice.slug}"
    )
    values = {"title": practice.title, "link": absolute(path), "comment": comment}
    mail = Mail(
        tuple(contributors_of(practice, editor)),
        subject.format(**values),
        text.format(**values) + SIGNATURE,
    )
    return send(mail)


def due_for_confirmation(today: date | None = None) -> list[Practice]:
    cutoff = (today or date.today()) - REMINDER_AFTER
    return list(
        db.session.scalars(
            select(Practice)
            .where(Practice.status == Status.PUBLISHED, Practice.last_verified < cutoff)
            .order_by(Practice.id)
        )
    )


def city_contributors(practice: Practice) -> list[str]:
    rows = db.session.scalars(
        select(User.email).where(
            User.active.is_(True), User.role == Role.CONTRIBUTOR, User.city_id == practice.city_id
        )
    )
    return sorted(rows) or contributors_of(practice) or editors()


def send_reminders(today: date | None = None) -> tuple[int, list[int]]:
    """One message per person listing their practices not confirmed for 24 months.

    Returns the number of practices due and the outbox ids of the messages queued."""
    by_person: dict[str, list[Practice]] = {}
    due = due_for_confirmation(today)
    for practice in due:
        for email in city_contributors(practice):
            by_person.setdefault(email, []).append(practice)
    queued = []
    for email, practices in by_person.items():
        lines = "\n".join(
            f"- {p.title} (checked {p.last_verified:%d %B %Y}): {absolute(f'/contribute/{p.id}')}"
            for p in practices
        )
        body = (
            "These practices have not been confirmed as up to date for two years. Please open "
            "each one and either update it or press “Confirm it is up to date”:\n\n" + lines
        )
        mail_id = send(Mail((email,), "Are these practices still up to date?", body + SIGNATURE))
        if mail_id:
            queued.append(mail_id)
    return len(due), queued


def secretariat() -> list[str]:
    """The secretariat's address (SECRETARIAT_EMAIL), else the editors'."""
    address = current_app.config.get("SECRETARIAT_EMAIL")
    return [address] if address else editors()


def question_received(question: Question) -> int | None:
    """Tell the city's contributors and the secretariat that a question waits in the inbox.

    The asker's address is not in the message: it stays in the inbox, behind a sign-in."""
    practice = question.practice
    kind = "A study-visit request" if question.study_visit else "A question"
    body = (
        f"{kind} about “{practice.title}” ({practice.city.name}) waits in the inbox, "
        f"from {question.name}"
        f"{f' ({question.organisation})' if question.organisation else ''}.\n\n"
        f"Read and answer it here:\n{absolute(f'/contribute/questions/{question.id}')}"
    )
    city = db.session.scalars(
        select(User.email).where(
            User.active.is_(True),
            User.role == Role.CONTRIBUTOR,
            User.city_id == question.city_id,
        )
    )
    to = tuple(sorted({*city, *secretariat()}))
    return send(Mail(to, f"Question to {practice.city.name}: {practice.title}", body + SIGNATURE))


def question_answered(question: Question) -> int | None:
    """Send the city's answer to the person who asked."""
    practice = question.practice
    body = (
        f"{practice.city.name} has answered your question about “{practice.title}”.\n\n"
        f"Your question:\n{question.text}\n\nThe answer:\n{question.answer}\n\n"
        f"{absolute(f'/practices/{practice.slug}')}"
    )
    return send(Mail((question.email,), f"Answer from {practice.city.name}", body + SIGNATURE))


def correction_reported(task: Correction) -> int | None:
    """Tell the secretariat that a practice may hold wrong information."""
    body = (
        f"A visitor reports that “{task.practice.title}” may be outdated or wrong. The report "
        f"waits in the review queue:\n{absolute('/review/')}"
    )
    return send(Mail(tuple(secretariat()), f"Report: {task.practice.title}", body + SIGNATURE))


def correction_replied(task: Correction) -> int | None:
    """Send the editors' reply to a report, if the visitor left an address."""
    if not task.email:
        return None
    body = (
        f"Thank you for your report about “{task.practice.title}”.\n\n{task.reply}\n\n"
        f"{absolute(f'/practices/{task.practice.slug}')}"
    )
    return send(Mail((task.email,), f"Your report: {task.practice.title}", body + SIGNATURE))
