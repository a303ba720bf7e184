"""Collections: editors' named, ordered lists of practices, and the reads the public pages share."""

from __future__ import annotations

import re

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from nsc_library.extensions import db
from nsc_library.models import Collection, CollectionItem, Practice, User
from nsc_library.models.collection import MAX_COLLECTION_SLUG, MAX_COLLECTION_TITLE
from nsc_library.practice_rules import Status
from nsc_library.quoting import quoted
from nsc_library.services import audit
from nsc_library.services.catalogue import LIST_LOADS

SLUG_SHAPE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
MAX_ITEMS = 50


class CollectionError(Exception):
    """A change to a collection that the rules refuse; the message says why."""


def published_collections() -> list[Collection]:
    query = select(Collection).where(Collection.published.is_(True)).order_by(Collection.title)
    return list(db.session.scalars(query.options(selectinload(Collection.items))))


def all_collections() -> list[Collection]:
    query = select(Collection).order_by(Collection.title)
    return list(db.session.scalars(query.options(selectinload(Collection.items))))


def collection_by_slug(slug: str, published_only: bool = True) -> Collection | None:
    query = select(Collection).where(Collection.slug == slug)
    if published_only:
        query = query.where(Collection.published.is_(True))
    return db.session.scalar(query)


def collection_by_id(collection_id: int) -> Collection | None:
    return db.session.get(Collection, collection_id)


def practices_in(collection: Collection, published_only: bool = True) -> list[Practice]:
    """The collection's practices in its order; the public sees only published ones."""
    query = (
        select(Practice)
        .join(CollectionItem, CollectionItem.practice_id == Practice.id)
        .where(CollectionItem.collection_id == collection.id)
        .options(*LIST_LOADS)
        .order_by(CollectionItem.position, Practice.id)
    )
    if published_only:
        query = query.where(Practice.status == Status.PUBLISHED)
    return list(db.session.scalars(query))


def save_collection(
    collection: Collection | None,
    slug: str,
    title: str,
    introduction: str,
    published: bool,
    editor: User | None,
) -> Collection:
    """Create or change a collection's text; a slug is unique and lower-case-with-hyphens."""
    slug, title = slug.strip().lower(), title.strip()
    if not SLUG_SHAPE.fullmatch(slug) or len(slug) > MAX_COLLECTION_SLUG:
        raise CollectionError("The address may hold lower-case letters, digits and hyphens.")
    if not title or len(title) > MAX_COLLECTION_TITLE:
        raise CollectionError(f"Give a title of at most {MAX_COLLECTION_TITLE} characters.")
    other = collection_by_slug(slug, published_only=False)
    if other is not None and other is not collection:
        raise CollectionError(f"Another collection has the address {quoted(slug)}.")
    if collection is None:
        collection = Collection(items=[])
        db.session.add(collection)
    collection.slug, collection.title = slug, title
    collection.introduction, collection.published = introduction.strip(), published
    audit.record(editor, "collection.saved", slug)
    db.session.flush()
    return collection


def add_practice(collection: Collection, practice_id: int, editor: User | None) -> None:
    """Put a published practice at the end of the collection."""
    practice = db.session.get(Practice, practice_id)
    if practice is None or practice.status != Status.PUBLISHED:
        raise CollectionError("Only a published practice can be added.")
    if any(item.practice_id == practice_id for item in collection.items):
        raise CollectionError("This practice is in the collection already.")
    if len(collection.items) >= MAX_ITEMS:
        raise CollectionError(f"A collection holds {MAX_ITEMS} practices at most.")
    collection.items.append(CollectionItem(practice_id=practice_id, position=len(collection.items)))
    audit.record(editor, "collection.practice_added", collection.slug, practice=practice.slug)
    db.session.flush()


def remove_practice(collection: Collection, practice_id: int, editor: User) -> None:
    item = item_of(collection, practice_id)
    collection.items.remove(item)
    renumber(collection.items)
    audit.record(editor, "collection.practice_removed", collection.slug, practice=practice_id)
    db.session.flush()


def move_practice(collection: Collection, practice_id: int, step: int, editor: User) -> None:
    """Move a practice one place up (step -1) or down (+1); at either end it stays."""
    items = list(collection.items)
    index = items.index(item_of(collection, practice_id))
    target = index + step
    if step not in (-1, 1) or not 0 <= target < len(items):
        raise CollectionError("The practice cannot move further that way.")
    items[index], items[target] = items[target], items[index]
    renumber(items)
    audit.record(editor, "collection.reordered", collection.slug, practice=practice_id)
    db.session.flush()


def item_of(collection: Collection, practice_id: int) -> CollectionItem:
    for item in collection.items:
        if item.practice_id == practice_id:
            return item
    raise CollectionError("This practice is not in the collection.")


def renumber(items: list[CollectionItem]) -> None:
    for position, item in enumerate(items):
        item.position = position


def seed_collections(records: list[dict]) -> int:
    """Create the demo collections from (slug, title, introduction, practice titles) records,
    published, with the practices found by title; collections that exist are left alone."""
    created = 0
    for record in records:
        if collection_by_slug(record["slug"], published_only=False) is not None:
            continue
        collection = save_collection(
            None, record["slug"], record["title"], record["introduction"], True, None
        )
        titles = db.session.execute(
            select(Practice.title, Practice.id).where(
                Practice.title.in_(record["practices"]), Practice.status == Status.PUBLISHED
            )
        )
        ids = dict(titles.all())
        for title in record["practices"]:
            if title in ids:
                add_practice(collection, ids[title], None)
        created += 1
    return created
