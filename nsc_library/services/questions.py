"""Questions to the city that owns a practice: asked by visitors, answered from the inboxes."""

from __future__ import annotations

from datetime import datetime, timedelta
from statistics import median

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from nsc_library.extensions import db
from nsc_library.models import Practice, Question, QuestionStatus, User
from nsc_library.models.columns import as_utc, utcnow
from nsc_library.services import audit
from nsc_library.services.policy import is_editor

# "Usually answers within N days" appears once a city has answered this many questions.
ANSWERS_FOR_FIGURE = 3


class QuestionError(Exception):
    """A question that cannot be answered as asked; the message says why."""


def ask_city(
    practice: Practice, name: str, email: str, organisation: str, text: str, study_visit: bool
) -> Question:
    """Store a visitor's question to the practice's city. Plain text: templates escape it."""
    question = Question(
        practice=practice,
        city_id=practice.city_id,
        name=name.strip(),
        email=email.strip(),
        organisation=organisation.strip(),
        text=text.strip(),
        study_visit=study_visit,
        status=QuestionStatus.OPEN,
        answer="",
    )
    db.session.add(question)
    db.session.flush()
    return question


def may_read(user: User | None, question: Question) -> bool:
    """Editors (the secretariat) read every question; a contributor those of their own city."""
    if is_editor(user):
        return True
    return bool(
        user and user.is_authenticated and user.city_id and user.city_id == question.city_id
    )


def inbox(user: User) -> list[Question]:
    """The questions `user` may read, open ones first, newest first within each."""
    query = select(Question).options(selectinload(Question.practice), selectinload(Question.city))
    if not is_editor(user):
        query = query.where(Question.city_id == (user.city_id or -1))
    query = query.order_by(Question.status.desc(), Question.created_at.desc(), Question.id.desc())
    return list(db.session.scalars(query))


def open_count(user: User) -> int:
    return sum(1 for q in inbox(user) if q.status == QuestionStatus.OPEN)


def question_for(user: User, question_id: int) -> Question | None:
    """The question if it exists and `user` may read it, else None (the same 404 for both)."""
    question = db.session.get(Question, question_id)
    return question if question is not None and may_read(user, question) else None


def answer_question(question: Question, user: User, answer: str) -> None:
    """Record the city's answer; the view commits, then e-mails it to the asker."""
    if not may_read(user, question):
        raise QuestionError("You may not answer this question.")
    if question.status == QuestionStatus.ANSWERED:
        raise QuestionError("This question has been answered already.")
    if not answer.strip():
        raise QuestionError("Write the answer to send.")
    question.answer = answer.strip()
    question.status = QuestionStatus.ANSWERED
    question.answered_at = utcnow()
    question.answered_by = user
    audit.record(user, "question.answered", question.practice.slug, question=question.id)
    db.session.flush()


def answer_days(city_id: int) -> int | None:
    """The median days a city took to answer, rounded up; None below ANSWERS_FOR_FIGURE."""
    rows = db.session.execute(
        select(Question.created_at, Question.answered_at).where(
            Question.city_id == city_id, Question.answered_at.is_not(None)
        )
    ).all()
    if len(rows) < ANSWERS_FOR_FIGURE:
        return None
    waits = [as_utc(answered) - as_utc(asked) for asked, answered in rows]
    middle = median(waits)
    return max(1, -(-middle // timedelta(days=1)))


def seed_questions(records: list[dict], now: datetime | None = None) -> int:
    """The demo's questions, some answered, dated back from `now`; those of unknown practices
    are left out, and none is added to a library that has questions. How many were added."""
    if db.session.scalar(select(Question.id).limit(1)) is not None:
        return 0
    now = now or utcnow()
    titles = [record["practice"] for record in records]
    practices = {
        p.title: p for p in db.session.scalars(select(Practice).where(Practice.title.in_(titles)))
    }
    added = 0
    for record in records:
        practice = practices.get(record["practice"])
        if practice is None:
            continue
        question = ask_city(
            practice,
            record["name"],
            record["email"],
            record["organisation"],
            record["text"],
            record["study_visit"],
        )
        question.created_at = now - timedelta(days=record["asked_days_ago"])
        if record["answered_after_days"] is not None:
            question.answered_at = question.created_at + timedelta(
                days=record["answered_after_days"]
            )
            question.answer, question.status = record["answer"], QuestionStatus.ANSWERED
        added += 1
    db.session.flush()
    return added
