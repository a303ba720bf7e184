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
)
EXPORT_ONLY_KEYS = ("slug", "url", "status", "published_at", "updated_at")
