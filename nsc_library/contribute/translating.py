"""The translation form of a practice: filled, checked and saved through services/translations."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_login import current_user

from nsc_library import stash
from nsc_library.contribute.forms import TranslationForm
from nsc_library.extensions import db
from nsc_library.forms import ActionForm, options
from nsc_library.i18n import LANGUAGES, language_name
from nsc_library.models import TRANSLATED_FIELDS, Practice, PracticeTranslation
from nsc_library.services import translations


def free_languages(practice: Practice) -> list[str]:
    """Languages the practice may still be translated into."""
    taken = {t.language for t in practice.translations} | {practice.language}
    return [code for code in translations.TRANSLATION_LANGUAGES if code not in taken]


def form_for(practice: Practice, translation: PracticeTranslation | None):
    restored = None if request.method == "POST" else stash.take(request.path)
    form = TranslationForm(formdata=restored) if restored is not None else TranslationForm()
    choices = [("", gettext("Choose a language"))] + [
        (code, LANGUAGES[code]) for code in free_languages(practice)
    ]
    form.language.choices = options(choices)
    # The service says why a language is refused (taken, the original's) better than "Not a
    # valid choice"; a language in the URL is not a choice at all.
    form.language.validate_choice = False
    if form.is_submitted() or restored is not None:
        return form, restored is not None
    if translation is not None:
        for key in TRANSLATED_FIELDS:
            form[key].data = getattr(translation, key)
    revision = translations.current_revision(practice)
    form.source_revision.data = str(revision.number) if revision else ""
    form.base_saved.data = translations.saved_stamp(translation)
    return form, False


def translation_page(practice: Practice, language: str | None):
    """The form for a new translation (language None) or for the one into `language`."""
    if language is not None and language not in LANGUAGES:
        abort(404, description=gettext("The library has no such language."))
    translation = translations.find(practice, language) if language else None
    form, restored = form_for(practice, translation)
    status = 200
    if form.is_submitted():
        status = 400
        if form.validate():
            status = save(form, practice, language)
            if status == 302:
                return redirect(url_for("contribute.view_practice", practice_id=practice.id))
    source = translations.revision_numbered(practice, revision_number(form))
    changes = (
        translations.original_changes(translation) if translation and translation.outdated else []
    )
    return render_template(
        "contribute/translation.html",
        form=form,
        practice=practice,
        language=language,
        translation=translation,
        source=source,
        changes=changes,
        restored=restored,
        language_name=language_name,
        action_form=ActionForm(),
    ), status


def revision_number(form: TranslationForm) -> int | None:
    value = form.source_revision.data or ""
    return int(value) if value.isdigit() else None


def save(form: TranslationForm, practice: Practice, language: str | None) -> int:
    """Save the form; the HTTP status of the answer (302 when saved)."""
    chosen = language or form.language.data or ""
    text_ = {key: form[key].data for key in TRANSLATED_FIELDS}
    try:
        translations.save_translation(
            practice,
            chosen,
            text_,
            current_user,
            revision_number(form),
            new=language is None,
            base_saved=None if language is None else form.base_saved.data or "",
        )
    except translations.InvalidTranslation as exc:
        db.session.rollback()
        form.add_problems(exc.problems)
        return 400
    except translations.TranslationConflict as exc:
        db.session.rollback()
        flash(str(exc), "error")
        # Saving again, having read the message, is a choice to replace their text.
        form.base_saved.data = translations.saved_stamp(translations.find(practice, chosen))
        return 409
    except translations.NotAllowedToTranslate as exc:
        db.session.rollback()
        flash(str(exc), "error")
        return 403
    db.session.commit()
    flash(gettext("Translation saved. It is shown with the practice."), "info")
    return 302


def delete(practice: Practice, language: str):
    """Delete a translation after the browser asked; back to the practice."""
    if not ActionForm().validate_on_submit():
        abort(400, description=gettext("The form had expired. Please try again."))
    try:
        translations.delete_translation(practice, language, current_user)
    except translations.NotAllowedToTranslate as exc:
        abort(403, description=str(exc))
    except translations.TranslationError as exc:
        abort(404, description=str(exc))
    db.session.commit()
    flash(gettext("Translation deleted."), "info")
    return redirect(url_for("contribute.view_practice", practice_id=practice.id))
