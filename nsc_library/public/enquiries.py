"""The practice page with its two visitor forms: ask the city, and report wrong information.

Both forms are plain text: what is sent is stored as typed and escaped wherever it is shown.
The rate limit (rate_limits.py, group ENQUIRIES) refuses a flood before these functions run.
"""

from __future__ import annotations

from flask import Response, flash, make_response, redirect, render_template, url_for
from flask_babel import gettext

from nsc_library.extensions import db
from nsc_library.i18n import LANGUAGES, language_name
from nsc_library.models import Practice
from nsc_library.public import translated
from nsc_library.public.forms import AskForm, CorrectionForm, ShortlistForm
from nsc_library.search import related_practices
from nsc_library.services import catalogue, corrections, notifications, questions, translations


def practice_page(
    practice: Practice,
    shown: translated.ShownText | None = None,
    ask_form: AskForm | None = None,
    correction_form: CorrectionForm | None = None,
    status: int = 200,
) -> Response:
    """The page in `shown`'s language, by default the reader's."""
    related = catalogue.cards_by_ids(related_practices(practice.id))
    response = make_response(
        render_template(
            "public/practice.html",
            practice=practice,
            shown=shown or translated.negotiated(practice),
            language_name=language_name,
            endonyms=LANGUAGES,
            field_labels=translations.FIELD_LABELS,
            related=related,
            form=ShortlistForm(slug=practice.slug),
            ask_form=ask_form or AskForm(formdata=None),
            correction_form=correction_form or CorrectionForm(formdata=None),
            answer_days=questions.answer_days(practice.city_id),
        ),
        status,
    )
    if shown is None:
        # The text depends on the reader's language, chosen by cookie or Accept-Language.
        response.vary.update(("Accept-Language", "Cookie"))
    return response


def caught_by_honeypot(form: AskForm | CorrectionForm) -> bool:
    # A filled honeypot is answered like a success, so that a bot learns nothing, and nothing
    # is stored or sent.
    return bool((form.website.data or "").strip())


def ask(practice: Practice):
    form = AskForm()
    thanks = gettext("Your question was sent to %(city)s.", city=practice.city.name)
    if caught_by_honeypot(form):
        flash(thanks, "info")
        return redirect(url_for("public.practice", slug=practice.slug, _anchor="ask"))
    if not form.validate():
        return practice_page(practice, ask_form=form, status=400)
    question = questions.ask_city(
        practice,
        form.name.data,
        form.email.data,
        form.organisation.data or "",
        form.text.data,
        bool(form.study_visit.data),
    )
    notifications.question_received(question)
    db.session.commit()
    flash(thanks, "info")
    return redirect(url_for("public.practice", slug=practice.slug, _anchor="ask"))


def report(practice: Practice):
    form = CorrectionForm()
    thanks = gettext("Thank you: the editors will check the practice.")
    if caught_by_honeypot(form):
        flash(thanks, "info")
        return redirect(url_for("public.practice", slug=practice.slug, _anchor="report"))
    if not form.validate():
        return practice_page(practice, correction_form=form, status=400)
    task = corrections.report(practice, form.problem.data, form.reporter_email.data or "")
    notifications.correction_reported(task)
    db.session.commit()
    flash(thanks, "info")
    return redirect(url_for("public.practice", slug=practice.slug, _anchor="report"))
