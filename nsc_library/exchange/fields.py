"""The fields of the exchange format, in the order records and CSV columns list them."""

EXCHANGE_KEYS = (
    "title",
    "summary",
    "description",
    "city",
    "country",
    "themes",
    "approaches",
    "target_groups",
    "prevention_level",
    "organisation",
    "partners",
    "start_year",
    "end_year",
    "evaluation",
    "evaluation_summary",
    "results",
    "resources",
    "contact_name",
    "contact_email",
    "contact_role",
    "links",
    "language",
    "english_summary",
    # Format 2 (docs/exchange-format.md): a record without these keys is a format 1 record.
    "evidence_level",
    "implementation",
    "adaptations",
    # The slug of the Nordic model (/models) the practice is a local version of, or null.
    "model",
)
V2_KEYS = ("evidence_level", "implementation", "adaptations", "model")
FORMAT_VERSION = 2
# Accepted on import, written by exports: the format a record was written in (1 or 2).
FORMAT_KEY = "format_version"
EXPORT_ONLY_KEYS = ("slug", "url", "status", "published_at", "updated_at")
# Personal data left empty where anyone (and any bot) reads: the API and public downloads.
# Editors' exports (`flask export-practices`), revisions and backups keep it.
WITHHELD_IN_PUBLIC = ("contact_email",)
