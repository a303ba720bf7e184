"""The site's one form style, and text that survives an expired session."""

from __future__ import annotations

import re

import pytest
from flask import Flask
from sqlalchemy import func, select

from nsc_library import create_app
from nsc_library.extensions import db
from nsc_library.models import Practice
from tests.support.factories import PASSWORD, app_config, login, make_user
from tests.test_csrf import token_from


def test_a_form_with_errors_has_a_summary_linking_to_each_field(app: Flask, client) -> None:
    make_user(app, "editor@example.org", "editor")
    login(client, "editor@example.org")
    response = client.post("/contribute/new", data={"title": "x" * 300, "start_year": "12345"})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    summary = re.search(r'<div class="error-summary".*?</div>', html, re.S).group(0)
    assert 'href="#title"' in summary and 'href="#start_year"' in summary
    assert 'id="title-error"' in html and 'aria-describedby="title-error"' in html
    assert re.search(r'<textarea[^>]*id="description"[^>]*rows="14"', html)
    assert '<ul class="checkboxes">' not in html  # grouped checkboxes, no bullets


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/login", ['autocomplete="username"', 'autocomplete="current-password"']),
    ],
)
def test_password_inputs_say_what_they_hold(client, path: str, expected: list[str]) -> None:
    html = client.get(path).get_data(as_text=True)
    for attribute in expected:
        assert attribute in html


def test_the_invitation_page_asks_for_a_new_password(app: Flask, client) -> None:
    from nsc_library.models import Role
    from nsc_library.services import accounts

    with app.app_context():
        secret = accounts.invite("new@example.org", Role.EDITOR, None, None)
        db.session.commit()  # as the admin page does after the service
    html = client.get(f"/invitation/{secret}").get_data(as_text=True)
    assert html.count('autocomplete="new-password"') == 2
    assert 'autocomplete="username"' in html


@pytest.fixture
def csrf_app(tmp_path) -> Flask:
    app = create_app(app_config(tmp_path, WTF_CSRF_ENABLED=True))
    assert app.test_cli_runner().invoke(args=["init-db"]).exit_code == 0
    return app


def sign_in(client, email: str) -> None:
    token = token_from(client.get("/login").get_data(as_text=True))
    data = {"email": email, "password": PASSWORD, "csrf_token": token}
    assert client.post("/login", data=data).status_code == 302


def test_text_posted_after_the_session_ended_comes_back_after_signing_in(csrf_app) -> None:
    make_user(csrf_app, "editor@example.org", "editor")
    client = csrf_app.test_client()
    sign_in(client, "editor@example.org")
    token = token_from(client.get("/contribute/new").get_data(as_text=True))
    client.delete_cookie("session")  # sixty idle minutes later the session is gone
    text = "A long description typed for an hour.\n\nSecond paragraph."
    data = {"csrf_token": token, "title": "Night walks", "description": text, "save": "Save"}
    response = client.post("/contribute/new", data=data)
    assert response.status_code == 302 and response.location.endswith("/contribute/new")
    with csrf_app.app_context():
        assert db.session.scalar(select(func.count(Practice.id))) == 0  # nothing written
    page = client.get("/contribute/new", follow_redirects=True).get_data(as_text=True)
    assert "Sign in" in page and "CSRF" not in page and "text you were saving is kept" in page
    sign_in(client, "editor@example.org")
    html = client.get("/contribute/new").get_data(as_text=True)
    assert 'value="Night walks"' in html and "Second paragraph." in html
    assert "is back in the form" in html
    again = client.get("/contribute/new").get_data(as_text=True)
    assert "Night walks" not in again  # handed back once


def test_other_expired_forms_say_what_happened_in_plain_words(csrf_app) -> None:
    client = csrf_app.test_client()
    response = client.post("/login", data={"email": "a@example.org", "password": "x"})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "This form had expired" in html and "CSRF session token" not in html


def test_signed_in_pages_carry_the_session_length_for_the_warning(app: Flask, client) -> None:
    make_user(app, "editor@example.org", "editor")
    login(client, "editor@example.org")
    html = client.get("/contribute/").get_data(as_text=True)
    assert 'data-session-minutes="60"' in html
    assert client.get("/session/keep-alive").status_code == 204


def test_typed_text_is_stored_with_plain_line_endings_and_no_bidi_controls(
    app: Flask, client
) -> None:
    make_user(app, "editor@example.org", "editor")
    login(client, "editor@example.org")
    data = {
        "title": "Night \u202ewalks\u202c\u200b in \u2066Malmö\u2069",
        "description": "First line\r\nSecond line\r\n\r\nNew paragraph",
        "language": "en",
        "city": "Malmö",
        "country": "SE",
        "save": "Save",
    }
    assert client.post("/contribute/new", data=data).status_code == 302
    with app.app_context():
        practice = db.session.scalar(select(Practice))
        assert practice.title == "Night walks in Malmö"
        assert practice.description == "First line\nSecond line\n\nNew paragraph"
        assert practice.revisions[-1].content["description"] == practice.description


def test_a_draft_may_not_end_before_it_starts(app: Flask, client) -> None:
    make_user(app, "editor@example.org", "editor")
    login(client, "editor@example.org")
    data = {"title": "Draft", "city": "Malmö", "country": "SE", "save": "Save"}
    data |= {"start_year": "2020", "end_year": "2018"}
    response = client.post("/contribute/new", data=data)
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "End year: 2018 is before the start year, 2020" in html
    assert "start_year" not in re.search(r'<div class="error-summary".*?</div>', html, re.S).group(
        0
    )
    with app.app_context():
        assert db.session.scalar(select(func.count(Practice.id))) == 0


@pytest.mark.parametrize(
    ("typed", "plain"),
    [
        ("19x9", "Write the year as four digits, for example 2019. “19x9” is not a year."),
        ("12345", "Write the year as four digits, for example 2019."),
        ("1890", "Write 1950 or a later year"),
        ("2999", "2999 has not come yet. Write the year the practice began"),
    ],
)
def test_the_start_year_message_says_what_to_write(app: Flask, client, typed, plain) -> None:
    make_user(app, "editor@example.org", "editor")
    login(client, "editor@example.org")
    response = client.post("/contribute/new", data={"title": "Night walks", "start_year": typed})
    html = response.get_data(as_text=True).replace("&#34;", '"')
    assert response.status_code == 400
    assert plain in html
    assert "expected a whole year" not in html and "null" not in html
    with app.app_context():
        assert db.session.scalar(select(func.count(Practice.id))) == 0


def test_an_end_year_in_the_future_says_to_leave_it_empty(app: Flask, client) -> None:
    make_user(app, "editor@example.org", "editor")
    login(client, "editor@example.org")
    response = client.post("/contribute/new", data={"title": "Walks", "end_year": "2999"})
    assert "Leave the end year empty while the practice runs" in response.get_data(as_text=True)


CHOICE_FIELDS = ("themes", "approaches", "target_groups", "country", "language", "evaluation")


@pytest.mark.parametrize("with_errors", [False, True])
def test_choices_are_written_as_the_widgets_would_write_them(app: Flask, with_errors) -> None:
    """templates/_forms.html writes options without a widget call each: the same markup."""
    from flask import render_template_string
    from werkzeug.datastructures import MultiDict

    from nsc_library.contribute import editing
    from nsc_library.contribute.forms import PracticeForm

    posted = MultiDict([("themes", "polarisation"), ("country", "SE"), ("language", "fi")])
    posted.add("themes", 'not "a" <theme>')
    with app.test_request_context("/contribute/new", method="POST", data=posted):
        form = PracticeForm()
        editing.set_choices(form, None)
        editing.finish_rows(form)
        fields = [form[name] for name in CHOICE_FIELDS]
        fields += [row.form.currency for row in form.costs] + [row.form.kind for row in form.costs]
        rendered = {}
        for f in fields:
            f.errors = ["Wrong."] if with_errors else []
            fast = render_template_string(
                '{% from "_forms.html" import field %}{{ field(f) }}', f=f
            )
            rendered[f.name] = fast
            assert f.choices, f.name
            if f.type == "SelectField":
                attrs = {"class": "input select"}
                if with_errors:
                    attrs |= {"aria-describedby": f"{f.id}-error", "aria-invalid": "true"}
                assert str(f(**attrs)) in fast, f.name
                assert str(f.label(class_="label")) in fast, f.name
            else:
                widgets = "".join(f'<div class="checkbox">{o()} {o.label()}</div>' for o in f)
                assert widgets in fast, f.name
        assert 'checked id="themes-' in rendered["themes"]
        assert '<option selected value="SE">' in rendered["country"]


def every_field(form):
    """The form's fields, with those of its repeating rows."""
    for f in form:
        if f.type == "FieldList":
            for entry in f:
                yield from every_field(entry.form) if entry.type == "FormField" else [entry]
        else:
            yield f


@pytest.mark.parametrize("with_errors", [False, True])
def test_text_fields_are_written_as_the_widgets_would_write_them(app: Flask, with_errors) -> None:
    """forms.QuickRendering writes text inputs and areas as WTForms' widgets do."""
    from werkzeug.datastructures import MultiDict
    from wtforms import widgets

    from nsc_library.contribute import editing
    from nsc_library.contribute.forms import PracticeForm
    from nsc_library.forms import QuickRendering

    hostile = "\"quoted\" <b>bold</b> & 'single' \r\n second line"
    posted = MultiDict({"title": hostile, "summary": hostile, "phases-0-name": hostile})
    posted.update({"costs-0-amount": "12,5", "core_components-0": hostile, "start_year": "x"})
    with app.test_request_context("/contribute/new", method="POST", data=posted):
        form = PracticeForm()
        editing.set_choices(form, None)
        editing.finish_rows(form)
        stock = {widgets.TextInput: widgets.TextInput(), widgets.TextArea: widgets.TextArea()}
        checked = 0
        for f in every_field(form):
            if type(f.widget) not in stock:
                continue
            attrs = {"class": "input", "data-grow": "", "rows": 4}
            if with_errors:
                attrs |= {"aria-describedby": f"{f.id}-error", "aria-invalid": "true"}
            merged = {**(f.render_kw or {}), **attrs}
            assert isinstance(f.meta, QuickRendering), f.name  # not WTForms' own, compared here
            assert str(f(**attrs)) == str(stock[type(f.widget)](f, **merged)), f.name
            checked += 1
        assert checked > 30


@pytest.mark.parametrize("with_errors", [False, True])
def test_the_practice_pages_forms_are_written_as_the_widgets_would_write_them(
    app: Flask, with_errors
) -> None:
    """The ask-the-city and report forms (e-mail inputs and a checkbox among them) too."""
    from werkzeug.datastructures import MultiDict
    from wtforms import widgets

    from nsc_library.forms import QuickRendering
    from nsc_library.public.forms import AskForm, CorrectionForm

    hostile = "\"quoted\" <b>bold</b> & 'single' \r\n second line"
    posted = MultiDict({f"ask-{name}": hostile for name in ("name", "email", "text")})
    posted |= {"ask-study_visit": "y", "report-problem": hostile, "report-reporter_email": hostile}
    stock = {
        widgets.TextInput: widgets.TextInput(),
        widgets.TextArea: widgets.TextArea(),
        widgets.EmailInput: widgets.EmailInput(),
        widgets.CheckboxInput: widgets.CheckboxInput(),
    }
    with app.test_request_context("/practices/x/ask", method="POST", data=posted):
        kinds = set()
        for form in (AskForm(), CorrectionForm()):
            for f in form:
                if type(f.widget) not in stock:
                    continue
                attrs = {"class": "input", "autocomplete": "email"}
                if with_errors:
                    attrs |= {"aria-describedby": f"{f.id}-error", "aria-invalid": "true"}
                merged = {**(f.render_kw or {}), **attrs}
                assert isinstance(f.meta, QuickRendering), f.name
                assert str(f(**attrs)) == str(stock[type(f.widget)](f, **merged)), f.name
                kinds.add(type(f.widget))
        assert kinds == set(stock)
