"""The exchange format: read (reading.py), validate (validation.py), write (writing.py).

Its fields are listed once, in fields.py; docs/exchange-format.md describes them.
"""

from nsc_library.exchange.fields import (
    EXCHANGE_KEYS,
    EXPORT_ONLY_KEYS,
    FORMAT_KEY,
    FORMAT_VERSION,
    V2_KEYS,
)
from nsc_library.exchange.implementation import empty_implementation, source_key
from nsc_library.exchange.reading import ExchangeFileError, parse_records
from nsc_library.exchange.translations import TRANSLATIONS_KEY, translation_records
from nsc_library.exchange.validation import (
    KnownTerms,
    RecordProblem,
    ValidatedRecords,
    validate_record,
    validate_records,
)
from nsc_library.exchange.writing import (
    CSV_COLUMNS,
    export_record,
    practice_record,
    public_record,
    records_to_csv,
)

__all__ = [
    "CSV_COLUMNS",
    "public_record",
    "EXCHANGE_KEYS",
    "EXPORT_ONLY_KEYS",
    "FORMAT_KEY",
    "FORMAT_VERSION",
    "TRANSLATIONS_KEY",
    "V2_KEYS",
    "empty_implementation",
    "source_key",
    "ExchangeFileError",
    "KnownTerms",
    "RecordProblem",
    "ValidatedRecords",
    "export_record",
    "parse_records",
    "practice_record",
    "records_to_csv",
    "translation_records",
    "validate_record",
    "validate_records",
]
