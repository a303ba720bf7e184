"""Who is told what by e-mail: invitations, resets, submissions, decisions, reminders,
questions to cities and reports of wrong information.

Each function queues its messages in the current transaction (services/mail.py), each written in
its recipient's language, and returns the outbox ids; call it before the commit of the change."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, timedelta

from flask import current_app, has_request_context, request
from flask_babel import force_locale, format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from nsc_library.extensions import db
from nsc_library.i18n import DEFAULT_LANGUAGE, LANGUAGES, current_language, locale_for
from nsc_library.models import Correction, Practice, Question, Role, User
from nsc_library.practice_rules import Status
from nsc_library.services.mail import Mail, send

REMINDER_AFTER = timedelta(days=730)  # 24 months without a "still up to date"


def signature() -> str:
    return "\n\n-- \n" + _("Nordic Safe Cities Practice Library")


def languages_of(emails: Iterable[str]) -> dict[str, list[str]]:
    """The recipients grouped by the language of their account (English when unknown)."""
    emails = list(emails)
    known = dict(
        db.session.execute(select(User.email, User.language).where(User.email.in_(emails))).all()
    )
    groups: dict[str, list[str]] = {}
    for email in emails:
        language = known.get(email) if known.get(email) in LANGUAGES else DEFAULT_LANGUAGE
        groups.setdefault(language, []).append(email)
    return groups


def send_in_languages(emails: Iterable[str], compose: Callable[[], tuple[str, str]]) -> list[int]:
    """Queue one message per language among the recipients, each written by `compose` in it;
    return their outbox ids."""
    queued = []
    for language, group in languages_of(emails).items():
        with force_locale(locale_for(language)):
            subject, body = compose()
            mail_id = send(Mail(tuple(group), subject, body + signature()))
        if mail_id:
            queued.append(mail_id)
    return queued


def first(queued: list[int]) -> int | None:
    """The outbox id of a message to one person (one language, so one message)."""
    return queued[0] if queued else None


def absolute(path: str) -> str:
    """A link for an e-mail: the request's own address, or PUBLIC_URL from a command."""
    base = request.url_root if has_request_context() else current_app.config["PUBLIC_URL"]
    return base.rstrip("/") + path


def invitation(email: str, link: str, language: str | None = None) -> int | None:
    """The invited person has no account yet: the message is in the inviter's language."""
    with force_locale(locale_for(language or current_language())):
        body = _(
            "You are invited to write up and review prevention practices in the Nordic Safe "
            "Cities Practice Library.\n\nChoose your password here (the link works once, for 7 "
            "days):\n%(link)s",
            link=link,
        )
        subject = _("Your invitation to the Nordic Safe Cities Practice Library")
        return send(Mail((email,), subject, body + signature()))


def password_reset(user: User, link: str) -> int | None:
    def compose() -> tuple[str, str]:
        body = _(
            "A new password was requested for your account in the Nordic Safe Cities Practice "
            "Library.\n\nChoose it here (the link works once, for 7 days):\n%(link)s\n\n"
            "If you did not expect this, you can ignore this message.",
            link=link,
        )
        return _("Choose a new password"), body

    return first(send_in_languages([user.email], compose))


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


def submitted(practice: Practice, by: User) -> list[int]:
    """Tell the editors that a practice or an edit waits for their review."""
    link = absolute(f"/contribute/{practice.id}")

    def compose() -> tuple[str, str]:
        body = _(
            "“%(title)s” from %(city)s waits for review (sent by %(author)s).\n\n%(link)s",
            title=practice.title,
            city=practice.city.name,
            author=by.display_name or by.email,
            link=link,
        )
        return _("For review: %(title)s", title=practice.title), body

    return send_in_languages(editors(by), compose)


DECISIONS = {
    "published": (
        _l("Published: %(title)s"),
        _l("“%(title)s” is published in the library:\n%(link)s"),
    ),
    "approved": (
        _l("Your change is published: %(title)s"),
        _l("Your change of “%(title)s” is published:\n%(link)s"),
    ),
    "changes_requested": (
        _l("Changes requested: %(title)s"),
        _l("An editor asks for changes to “%(title)s”:\n\n%(comment)s\n\nEdit it here:\n%(link)s"),
    ),
}


def decision(practice: Practice, kind: str, editor: User, comment: str = "") -> list[int]:
    """Tell the contributors what an editor decided."""
    subject, text = DECISIONS[kind]
    path = (
        f"/contribute/{practice.id}/edit"
        if kind == "changes_requested"
        else f"/practices/{practice.slug}"
    )
    values = {"title": practice.title, "link": absolute(path), "comment": comment}

    def compose() -> tuple[str, str]:
        return str(subject) % values, str(text) % values

    return send_in_languages(contributors_of(practice, editor), compose)


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
    queued: list[int] = []
    for email, practices in by_person.items():
        queued += send_in_languages([email], lambda practices=practices: reminder(practices))
    return len(due), queued


def reminder(practices: list[Practice]) -> tuple[str, str]:
    lines = "\n".join(
        _(
            "- %(title)s (checked %(date)s): %(link)s",
            title=p.title,
            date=format_date(p.last_verified, format="long"),
            link=absolute(f"/contribute/{p.id}"),
        )
        for p in practices
    )
    body = _(
        "These practices have not been confirmed as up to date for two years. Please open each "
        "one and either update it or press “Confirm it is up to date”:"
    )
    return _("Are these practices still up to date?"), body + "\n\n" + lines


def secretariat() -> list[str]:
    """The secretariat's address (SECRETARIAT_EMAIL), else the editors'."""
    address = current_app.config.get("SECRETARIAT_EMAIL")
    return [address] if address else editors()


def question_received(question: Question) -> list[int]:
    """Tell the city's contributors and the secretariat that a question waits in the inbox.

    The asker's address is not in the message: it stays in the inbox, behind a sign-in."""
    practice = question.practice
    link = absolute(f"/contribute/questions/{question.id}")
    sender = question.name + (f" ({question.organisation})" if question.organisation else "")

    def compose() -> tuple[str, str]:
        values = {"title": practice.title, "city": practice.city.name, "sender": sender}
        if question.study_visit:
            body = _(
                "A study-visit request about “%(title)s” (%(city)s) waits in the inbox, "
                "from %(sender)s.",
                **values,
            )
        else:
            body = _(
                "A question about “%(title)s” (%(city)s) waits in the inbox, from %(sender)s.",
                **values,
            )
        subject = _("Question to %(city)s: %(title)s", **values)
        return subject, body + "\n\n" + _("Read and answer it here:") + "\n" + link

    city = db.session.scalars(
        select(User.email).where(
            User.active.is_(True),
            User.role == Role.CONTRIBUTOR,
            User.city_id == question.city_id,
        )
    )
    return send_in_languages(sorted({*city, *secretariat()}), compose)


def question_answered(question: Question) -> int | None:
    """Send the city's answer to the person who asked, in the language of the page the answer
    was written in (a question does not record its asker's language)."""
    practice = question.practice
    values = {"title": practice.title, "city": practice.city.name}
    with force_locale(locale_for(current_language())):
        body = _("%(city)s has answered your question about “%(title)s”.", **values)
        body += "\n\n" + _("Your question:") + f"\n{question.text}\n\n"
        body += _("The answer:") + f"\n{question.answer}\n\n"
        body += absolute(f"/practices/{practice.slug}")
        subject = _("Answer from %(city)s", **values)
        return send(Mail((question.email,), subject, body + signature()))


def correction_reported(task: Correction) -> list[int]:
    """Tell the secretariat that a practice may hold wrong information."""
    link = absolute("/review/")

    def compose() -> tuple[str, str]:
        body = _(
            "A visitor reports that “%(title)s” may be outdated or wrong. The report waits in "
            "the review queue:",
            title=task.practice.title,
        )
        return _("Report: %(title)s", title=task.practice.title), body + "\n" + link

    return send_in_languages(secretariat(), compose)


def correction_replied(task: Correction) -> int | None:
    """Send the editors' reply to a report, if the visitor left an address."""
    if not task.email:
        return None
    with force_locale(locale_for(current_language())):
        body = _("Thank you for your report about “%(title)s”.", title=task.practice.title)
        body += f"\n\n{task.reply}\n\n" + absolute(f"/practices/{task.practice.slug}")
        subject = _("Your report: %(title)s", title=task.practice.title)
        return send(Mail((task.email,), subject, body + signature()))
