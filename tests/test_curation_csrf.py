"""The new forms (questions, answers, reports, collections) are refused without a CSRF token."""

from __future__ import annotations

import pytest
from flask import Flask
from sqlalchemy import func, select

from nsc_library.extensions import db
from nsc_library.models import Collection, CollectionItem, Correction, Practice, Question
from nsc_library.services import collections, corrections, questions
from tests.support.factories import PASSWORD, import_records, make_record, make_user
from tests.test_csrf import csrf_app, token_from  # noqa: F401  (csrf_app is a fixture)

POSTS = [
    "/practices/{slug}/ask", "/practices/{slug}/report", "/contribute/questions/{question}/answer",
    "/review/corrections/{report}/close", "/review/collections",
    "/review/collections/{collection}", "/review/collections/{collection}/practices",
    "/review/collections/{collection}/practices/{practice}/down",
    "/review/collections/{collection}/practices/{practice}/remove",
]  # fmt: skip
DATA = {"ask-name": "A", "ask-email": "a@example.org", "ask-text": "Q", "report-problem": "P",
        "answer": "A", "reply": "R", "title": "T", "slug": "t", "practice": "1"}  # fmt: skip


def counts(app: Flask) -> tuple:
    with app.app_context():
        return tuple(
            db.session.scalar(select(func.count()).select_from(model))
            for model in (Question, Correction, Collection, CollectionItem)
        ) + (
            db.session.scalar(select(Question.answer)),
            sorted(db.session.execute(select(CollectionItem.practice_id, CollectionItem.position))),
        )


@pytest.mark.parametrize("path", POSTS)
def test_posts_without_a_csrf_token_are_refused(csrf_app: Flask, path: str) -> None:  # noqa: F811
    import_records(csrf_app, [make_record(title="One"), make_record(title="Two")])
    make_user(csrf_app, "editor@example.org", "editor")
    with csrf_app.app_context():
        practices = list(db.session.scalars(select(Practice).order_by(Practice.id)))
        question = questions.ask_city(practices[0], "E", "e@example.org", "", "Q?", False)
        report = corrections.report(practices[0], "Wrong", "")
        collection = collections.save_collection(None, "c", "C", "", True, None)
        for practice in practices:
            collections.add_practice(collection, practice.id, None)
        db.session.commit()
        ids = {"slug": practices[0].slug, "question": question.id, "report": report.id,
               "collection": collection.id, "practice": practices[0].id}  # fmt: skip
    client = csrf_app.test_client()
    token = token_from(client.get("/login").get_data(as_text=True))
    login = {"email": "editor@example.org", "password": PASSWORD, "csrf_token": token}
    assert client.post("/login", data=login).status_code == 302
    before = counts(csrf_app)
    response = client.post(path.format(**ids), data=DATA)
    assert response.status_code == 400
    assert "This form had expired" in response.get_data(as_text=True)
    assert counts(csrf_app) == before
