"""Ask the city: the form on a practice page, the inboxes, the answer by e-mail, and abuse."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import func, select

from nsc_library.extensions import db
from nsc_library.models import Practice, Question, QuestionStatus
from nsc_library.services import questions
from tests.support.factories import import_records, login, make_record, make_user
from tests.support.smtp import SmtpServer

SECRETARIAT = "secretariat@nsc.example.org"
ASK = {
    "ask-name": "Eva Lund",
    "ask-email": "eva@bergen.example.org",
    "ask-organisation": "Bergen kommune",
    "ask-text": "How many staff does the café need?",
    "ask-study_visit": "y",
}
EMAIL_ADDRESS = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")


@pytest.fixture(scope="module")
def smtp() -> Iterator[SmtpServer]:
    with SmtpServer() as server:
        yield server


@pytest.fixture
def asked(tmp_path: Path, app_templates, smtp: SmtpServer) -> Iterator[Flask]:
    """A published practice of Malmö, a contributor there and in Göteborg, and an editor."""
    smtp.inbox.messages.clear()
    with app_templates.app(tmp_path, SECRETARIAT_EMAIL=SECRETARIAT, **smtp.config()) as app:
        import_records(app, [make_record(title="Dialogue cafés")])
        make_user(app, "malmo@example.org", "contributor", "Malmö")
        make_user(app, "goteborg@example.org", "contributor", "Göteborg")
        make_user(app, "editor@example.org", "editor")
        yield app


def slug_of(app: Flask) -> str:
    with app.app_context():
        return db.session.scalar(select(Practice.slug))


def stored(app: Flask) -> list[Question]:
    with app.app_context():
        found = list(db.session.scalars(select(Question)))
        db.session.expunge_all()
        return found


def signed_in(app: Flask, email: str):
    client = app.test_client()
    assert login(client, email).status_code == 302
    return client


def test_a_question_is_stored_and_told_to_the_city_and_the_secretariat(asked, smtp) -> None:
    slug = slug_of(asked)
    response = asked.test_client().post(f"/practices/{slug}/ask", data=ASK)
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/practices/{slug}#ask")
    (question,) = stored(asked)
    assert (question.name, question.email, question.study_visit) == (
        "Eva Lund",
        "eva@bergen.example.org",
        True,
    )
    assert question.status == QuestionStatus.OPEN
    recipients = sorted(r for rcpt, _ in smtp.inbox.messages for r in rcpt)
    assert recipients == ["malmo@example.org", SECRETARIAT]
    (_, message) = smtp.inbox.messages[0]
    text = message.get_content()
    assert "study-visit request" in text and f"/contribute/questions/{question.id}" in text
    assert "eva@bergen.example.org" not in text  # the address stays behind the sign-in


def test_the_city_answers_and_the_asker_gets_the_answer(asked, smtp) -> None:
    slug = slug_of(asked)
    asked.test_client().post(f"/practices/{slug}/ask", data=ASK)
    (question,) = stored(asked)
    city = signed_in(asked, "malmo@example.org")
    inbox = city.get("/contribute/questions").get_data(as_text=True)
    assert "Dialogue cafés" in inbox and "Waiting for an answer" in inbox
    page = city.get(f"/contribute/questions/{question.id}").get_data(as_text=True)
    assert "eva@bergen.example.org" in page
    smtp.inbox.messages.clear()
    answer = {"answer": "Two people at half time."}
    response = city.post(f"/contribute/questions/{question.id}/answer", data=answer)
    assert response.status_code == 302
    (answered,) = stored(asked)
    assert answered.status == QuestionStatus.ANSWERED and answered.answer == answer["answer"]
    (message,) = smtp.inbox.to("eva@bergen.example.org")
    assert "Two people at half time." in message.get_content()
    again = city.post(f"/contribute/questions/{question.id}/answer", data=answer)
    assert again.status_code == 409  # answered once, not twice


def test_the_secretariat_reads_every_city_and_another_city_reads_none(asked) -> None:
    asked.test_client().post(f"/practices/{slug_of(asked)}/ask", data=ASK)
    (question,) = stored(asked)
    editor = signed_in(asked, "editor@example.org")
    assert "Secretariat inbox" in editor.get("/contribute/questions").get_data(as_text=True)
    assert editor.get(f"/contribute/questions/{question.id}").status_code == 200
    other = signed_in(asked, "goteborg@example.org")
    assert "Dialogue cafés" not in other.get("/contribute/questions").get_data(as_text=True)
    assert other.get(f"/contribute/questions/{question.id}").status_code == 404
    refused = other.post(f"/contribute/questions/{question.id}/answer", data={"answer": "x"})
    assert refused.status_code == 404
    anonymous = asked.test_client()
    assert anonymous.get("/contribute/questions").status_code == 302  # to the sign-in page
    assert anonymous.post(f"/contribute/questions/{question.id}/answer").status_code == 302
    assert stored(asked)[0].status == QuestionStatus.OPEN


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"ask-name": ""}, "Enter your name."),
        ({"ask-email": "not an address"}, "Enter an e-mail address like name@example.org."),
        ({"ask-text": ""}, "Write your question."),
        ({"ask-text": "x" * 3001}, "Use at most 3000 characters."),
        ({"ask-name": "x" * 121}, "Use at most 120 characters."),
        ({"ask-organisation": "x" * 201}, "Use at most 200 characters."),
    ],
)
def test_bad_input_is_a_400_with_the_reason_and_writes_nothing(asked, smtp, change, message):
    slug = slug_of(asked)
    response = asked.test_client().post(f"/practices/{slug}/ask", data={**ASK, **change})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "There is a problem" in page and message in page
    assert stored(asked) == [] and smtp.inbox.messages == []


def test_the_honeypot_is_thanked_and_nothing_is_stored_or_sent(asked, smtp) -> None:
    slug = slug_of(asked)
    client = asked.test_client()
    response = client.post(f"/practices/{slug}/ask", data={**ASK, "ask-website": "spam"})
    assert response.status_code == 302
    assert "Your question was sent" in client.get(f"/practices/{slug}").get_data(as_text=True)
    assert stored(asked) == [] and smtp.inbox.messages == []


def test_html_in_a_question_stays_text(asked) -> None:
    hostile = '<script>alert("x")</script><b>bold</b>'
    asked.test_client().post(f"/practices/{slug_of(asked)}/ask", data={**ASK, "ask-text": hostile})
    (question,) = stored(asked)
    assert question.text == hostile
    page = signed_in(asked, "malmo@example.org").get(f"/contribute/questions/{question.id}")
    html = page.get_data(as_text=True)
    assert "<script>alert" not in html and "&lt;script&gt;alert" in html


def test_unknown_and_unpublished_practices_take_no_question(asked) -> None:
    client = asked.test_client()
    assert client.post("/practices/no-such-practice/ask", data=ASK).status_code == 404
    assert client.get(f"/practices/{slug_of(asked)}/ask").status_code == 405
    assert stored(asked) == []


def test_the_answer_time_appears_from_the_third_answer(asked) -> None:
    slug = slug_of(asked)
    with asked.app_context():
        practice = db.session.scalar(select(Practice))
        editor_waits = [timedelta(days=1), timedelta(days=5), timedelta(hours=60)]
        for number, wait in enumerate(editor_waits):
            question = questions.ask_city(practice, "A", "a@example.org", "", f"Q{number}", False)
            question.answered_at = question.created_at + wait
            question.status = QuestionStatus.ANSWERED
            db.session.commit()
            shown = questions.answer_days(practice.city_id)
            assert shown == (None if number < 2 else 3)  # median 2.5 days, rounded up
    page = asked.test_client().get(f"/practices/{slug}").get_data(as_text=True)
    assert "Malmö usually answers within 3 days." in page


def test_the_question_form_is_limited_per_address(tmp_path, app_templates) -> None:
    limits = {"RATE_LIMITS_ENABLED": True, "RATE_LIMIT_ENQUIRIES": "2/hour"}
    with app_templates.app(tmp_path, **limits) as app:
        import_records(app, [make_record()])
        slug, client = slug_of(app), app.test_client()
        for _ in range(2):
            assert client.post(f"/practices/{slug}/ask", data=ASK).status_code == 302
        refused = client.post(f"/practices/{slug}/ask", data=ASK)
        assert refused.status_code == 429 and int(refused.headers["Retry-After"]) >= 1
        assert "Too many requests" in refused.get_data(as_text=True)
        assert client.post(f"/practices/{slug}/report", data={}).status_code == 429
        with app.app_context():
            assert db.session.scalar(select(func.count(Question.id))) == 2


def test_a_question_without_its_csrf_token_is_refused(tmp_path, app_templates) -> None:
    with app_templates.app(tmp_path, WTF_CSRF_ENABLED=True) as app:
        import_records(app, [make_record()])
        response = app.test_client().post(f"/practices/{slug_of(app)}/ask", data=ASK)
        assert response.status_code == 400
        assert stored(app) == []


def test_no_demo_practice_page_prints_an_e_mail_address(demo_client) -> None:
    with demo_client.application.app_context():
        slugs = list(db.session.scalars(select(Practice.slug)))
    assert len(slugs) > 100
    for slug in slugs:
        html = demo_client.get(f"/practices/{slug}").get_data(as_text=True)
        assert "mailto:" not in html, slug
        assert not EMAIL_ADDRESS.findall(html), (slug, EMAIL_ADDRESS.findall(html))
        assert 'id="ask"' in html
    for page in ("/compare?p={0}&p={1}", "/practices/{0}/how-to-start"):
        html = demo_client.get(page.format(*slugs[:2])).get_data(as_text=True)
        assert not EMAIL_ADDRESS.findall(html), page
    api = demo_client.get(f"/api/v1/practices/{slugs[0]}").get_json()
    assert api["contact_email"] == ""


def test_the_demo_shows_malmos_answer_time_and_inbox(demo_client) -> None:
    with demo_client.application.app_context():
        slug = db.session.scalar(select(Practice.slug).where(Practice.title.like("Sluta skjut%")))
        assert db.session.scalar(select(func.count(Question.id))) == 4
    page = demo_client.get(f"/practices/{slug}").get_data(as_text=True)
    assert "Malmö usually answers within 3 days." in page  # answers after 2, 4 and 3 days


def test_the_dashboard_counts_open_questions_in_the_singular_and_the_plural(asked) -> None:
    slug = slug_of(asked)
    visitor = asked.test_client()
    city = signed_in(asked, "malmo@example.org")
    secretariat = signed_in(asked, "editor@example.org")
    assert visitor.post(f"/practices/{slug}/ask", data=ASK).status_code == 302
    assert "Questions to your city (1 open question)" in city.get("/contribute/").get_data(
        as_text=True
    )
    assert "Secretariat inbox (1 open question)" in secretariat.get("/contribute/").get_data(
        as_text=True
    )
    other = {**ASK, "ask-email": "ola@oslo.example.org", "ask-text": "Who runs the café?"}
    assert visitor.post(f"/practices/{slug}/ask", data=other).status_code == 302
    assert "Questions to your city (2 open questions)" in city.get("/contribute/").get_data(
        as_text=True
    )
