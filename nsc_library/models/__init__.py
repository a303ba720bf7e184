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
from nsc_library.models.collection import Collection, CollectionItem
from nsc_library.models.enquiry import Correction, CorrectionStatus, Question, QuestionStatus
from nsc_library.models.limits import RateLimitWindow
from nsc_library.models.mail import OutgoingMail
from nsc_library.models.nordic_model import NordicModel
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
    "Collection",
    "CollectionItem",
    "Correction",
    "CorrectionStatus",
    "Question",
    "QuestionStatus",
    "City",
    "Country",
    "IndexChange",
    "NordicModel",
    "OutgoingMail",
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
