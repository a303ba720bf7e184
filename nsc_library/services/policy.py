"""Who may do what: every action on a practice or account is checked here, on the server."""

from __future__ import annotations

import enum

from nsc_library.models import Practice, Role, User
from nsc_library.practice_rules import Status


class Action(enum.StrEnum):
    VIEW = "view"
    EDIT = "edit"
    SUBMIT = "submit"
    PUBLISH = "publish"
    REQUEST_CHANGES = "request_changes"
    ARCHIVE = "archive"
    RESTORE_REVISION = "restore_revision"
    CONFIRM = "confirm"
    HISTORY = "history"


EDITOR_ACTIONS = {
    Action.PUBLISH,
    Action.REQUEST_CHANGES,
    Action.ARCHIVE,
    Action.RESTORE_REVISION,
}


def is_editor(user: User | None) -> bool:
    return bool(user and user.is_authenticated and user.role in (Role.EDITOR, Role.ADMIN))


def is_admin(user: User | None) -> bool:
    return bool(user and user.is_authenticated and user.role == Role.ADMIN)


def of_own_city(user: User | None, practice: Practice) -> bool:
    return bool(
        user
        and user.is_authenticated
        and user.role == Role.CONTRIBUTOR
        and user.city_id is not None
        and user.city_id == practice.city_id
    )


def may(user: User | None, action: Action, practice: Practice) -> bool:
    """True when `user` may take `action` on `practice` in its current state."""
    if action == Action.VIEW and practice.status == Status.PUBLISHED:
        return True
    if is_editor(user):
        return True
    if action in EDITOR_ACTIONS or not of_own_city(user, practice):
        return False
    if action == Action.EDIT:
        return practice.status != Status.ARCHIVED
    if action == Action.CONFIRM:
        return practice.status == Status.PUBLISHED
    return True


def may_create(user: User | None) -> bool:
    return is_editor(user) or bool(
        user and user.is_authenticated and user.role == Role.CONTRIBUTOR and user.city_id
    )
