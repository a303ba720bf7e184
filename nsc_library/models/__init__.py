"""The library's tables, typed SQLAlchemy 2.x models."""

from nsc_library.models.account import Role, User
from nsc_library.models.activity import (
    AccountToken,
    AuditEntry,
    LoginFailure,
    ReviewNote,
    TokenPurpose,
)
from nsc_library.models.adaptation import Adaptation
from nsc_library.models.limits import RateLimitWindow
from nsc_library.models.outbox import IndexChange
from nsc_library.models.places import City, Country
from nsc_library.models.practice import Practice, PracticeLink, Revision
from nsc_library.models.translation import TRANSLATED_FIELDS, PracticeTranslation
from nsc_library.models.vocabulary import Approach, TargetGroup, Theme, VocabularyTerm

__all__ = [
    "AccountToken",
    "Adaptation",
    "AuditEntry",
    "LoginFailure",
    "ReviewNote",
    "TokenPurpose",
    "Approach",
    "City",
    "Country",
    "IndexChange",
    "Practice",
    "RateLimitWindow",
    "PracticeLink",
    "PracticeTranslation",
    "Revision",
    "Role",
    "TRANSLATED_FIELDS",
    "TargetGroup",
    "Theme",
    "User",
    "VocabularyTerm",
]
