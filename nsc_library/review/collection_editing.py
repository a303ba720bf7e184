"""The editors' collections: make one, edit its introduction, add, move and remove practices.

Views of the `review` blueprint (editors only); review/views.py lists their URLs with the others.
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from nsc_library.extensions import db
from nsc_library.forms import ActionForm
from nsc_library.review.forms import AddPracticeForm, CollectionForm
from nsc_library.services import catalogue, collections


def collection_list():
    return render_template(
        "review/collections.html", items=collections.all_collections(), form=CollectionForm()
    )


def create_collection():
    return save_collection(None)


def edit_collection(collection_id: int):
    found = collection_or_404(collection_id)
    return collection_page(found, CollectionForm(obj=found))


def update_collection(collection_id: int):
    return save_collection(collection_or_404(collection_id))


def collection_or_404(collection_id: int):
    found = collections.collection_by_id(collection_id)
    if found is None:
        abort(404, description=_("There is no collection with this number."))
    return found


def collection_page(found, form: CollectionForm, status: int = 200, problem: str = ""):
    add_form = AddPracticeForm()
    add_form.practice.choices = catalogue.published_titles()
    return render_template(
        "review/collection.html",
        collection=found,
        form=form,
        add_form=add_form,
        action_form=ActionForm(),
        practices=collections.practices_in(found, published_only=False) if found else [],
        problem=problem,
    ), status


def save_collection(found):
    form = CollectionForm()
    if not form.validate():
        return collection_page(found, form, 400)
    try:
        saved = collections.save_collection(
            found,
            form.slug.data,
            form.title.data,
            form.introduction.data or "",
            bool(form.published.data),
            current_user,
        )
    except collections.CollectionError as exc:
        db.session.rollback()
        return collection_page(found, form, 400, str(exc))
    db.session.commit()
    flash(_("Collection saved."), "info")
    return redirect(url_for("review.edit_collection", collection_id=saved.id))


def add_to_collection(collection_id: int):
    found = collection_or_404(collection_id)
    form = AddPracticeForm()
    form.practice.choices = catalogue.published_titles()
    if not form.validate():
        abort(400, description=_("Choose a published practice to add."))
    return change_items(found, collections.add_practice, form.practice.data)


def move_in_collection(collection_id: int, practice_id: int, move: str):
    """Up, down or out: buttons, no JavaScript."""
    found = collection_or_404(collection_id)
    if not ActionForm().validate():
        abort(400, description=_("The form had expired; try again."))
    if move == "remove":
        return change_items(found, collections.remove_practice, practice_id)
    steps = {"up": -1, "down": 1}
    if move not in steps:
        abort(404, description=_("A practice moves up, down or out of a collection."))
    return change_items(
        found, lambda c, p, u: collections.move_practice(c, p, steps[move], u), practice_id
    )


def change_items(found, change, practice_id: int):
    try:
        change(found, practice_id, current_user)
    except collections.CollectionError as exc:
        db.session.rollback()
        flash(str(exc), "error")
        return redirect(url_for("review.edit_collection", collection_id=found.id)), 303
    db.session.commit()
    flash(_("Collection changed."), "info")
    return redirect(
        url_for("review.edit_collection", collection_id=found.id, _anchor=f"item-{practice_id}")
    )
