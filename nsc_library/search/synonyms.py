"""The synonyms list and the multilingual glossary (nsc_library/data/): reading, expanding.

`synonyms.txt` holds acronyms and variants; `glossary.txt` holds concepts of the field in English
and the Nordic languages, one concept a line, so that a query in one language finds write-ups in
the others. Both become one table. Entries are compared as analysed term sequences, so an entry
covers its inflections, spellings and Nordic-letter variants. Expansion happens at query time
only: editing a file needs no reindex, just a restart of the processes (the tables are cached
per file and modification time).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from importlib import resources
from pathlib import Path

from nsc_library.search.analysis import terms

log = logging.getLogger(__name__)

Terms = tuple[str, ...]
PACKAGED_FILE = "synonyms.txt"
PACKAGED_GLOSSARY = "glossary.txt"
GLOSSARY_LANGUAGES = ("en", "da", "sv", "nb", "nn", "fi", "is")


@dataclass(frozen=True)
class SynonymTable:
    alternatives: dict[Terms, tuple[Terms, ...]] = field(default_factory=dict)
    longest: int = 0
    # The English words of a glossary concept, for each of its entries: what a query in another
    # language means, in the language the meaning model reads.
    english: dict[Terms, str] = field(default_factory=dict)

    @cached_property
    def known_terms(self) -> frozenset[str]:
        """Every term used by an entry: a query word among them is not a typo. Computed once per
        table (the glossary has thousands of entries, and every query word is checked)."""
        return frozenset(t for key in self.alternatives for t in key)

    def segment(self, sequence: list[str]) -> list[tuple[Terms, tuple[Terms, ...]]]:
        """Split a term sequence into (terms, alternatives), longest entry first, left to right."""
        out: list[tuple[Terms, tuple[Terms, ...]]] = []
        i = 0
        while i < len(sequence):
            for size in range(min(self.longest, len(sequence) - i), 0, -1):
                key = tuple(sequence[i : i + size])
                if key in self.alternatives:
                    out.append((key, self.alternatives[key]))
                    i += size
                    break
            else:
                out.append(((sequence[i],), ()))
                i += 1
        return out


def parse_synonyms(text: str, glossary: str = "") -> SynonymTable:
    """Read the formats described at the top of synonyms.txt and glossary.txt into one table."""
    table: dict[Terms, list[Terms]] = {}
    for number, line in _lines(text):
        left, arrow, right = line.partition("=>")
        sources = _entries(left)
        targets = _entries(right) if arrow else sources
        if not sources or not targets or (not arrow and len(sources) < 2):
            log.warning("synonyms line %d ignored: needs two entries: %r", number, line)
            continue
        _add(table, sources, targets)
    english: dict[Terms, str] = {}
    for number, line in _lines(glossary):
        concept = _concept(line)
        if "en" not in concept:
            log.warning("glossary line %d ignored: it has no English entry: %r", number, line)
            continue
        entries = _entries(",".join(n for names in concept.values() for n in names))
        _add(table, entries, entries)
        for entry in entries:
            english.setdefault(entry, concept["en"][0])
    return SynonymTable(
        alternatives={key: tuple(alts) for key, alts in table.items() if alts},
        longest=max((len(key) for key in table), default=0),
        english=english,
    )


def _lines(text: str) -> Iterator[tuple[int, str]]:
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if line and not line.startswith("#"):
            yield number, line


def _add(table: dict[Terms, list[Terms]], sources: list[Terms], targets: list[Terms]) -> None:
    for source in sources:
        found = table.setdefault(source, [])
        found.extend(t for t in targets if t != source and t not in found)


def _concept(line: str) -> dict[str, list[str]]:
    """`en: a; b | da: c` as {"en": ["a", "b"], "da": ["c"]}; unknown languages are skipped."""
    concept: dict[str, list[str]] = {}
    for part in line.split("|"):
        language, colon, names = part.partition(":")
        language = language.strip().lower()
        if colon and language in GLOSSARY_LANGUAGES:
            found = [n.strip() for n in names.split(";") if n.strip()]
            if found:
                concept.setdefault(language, []).extend(found)
    return concept


def _entries(text: str) -> list[Terms]:
    # Commas separate entries in both files.
    entries = []
    for part in text.split(","):
        analysed = tuple(terms(part))
        if analysed and analysed not in entries:
            entries.append(analysed)
    return entries


def load_synonyms(path: str | None = None, glossary: str | None = None) -> SynonymTable:
    """The table from the files at `path` and `glossary`, each defaulting to the one shipped in
    the package; cached until a file changes."""
    return _load(_version(path), _version(glossary))


FileVersion = tuple[str, int] | None


def _version(path: str | None) -> FileVersion:
    if not path:
        return None
    file = Path(path)
    return str(file), file.stat().st_mtime_ns if file.exists() else 0


@lru_cache(maxsize=4)
def _load(synonyms: FileVersion, glossary: FileVersion) -> SynonymTable:
    return parse_synonyms(_read(synonyms, PACKAGED_FILE), _read(glossary, PACKAGED_GLOSSARY))


def _read(version: FileVersion, packaged: str) -> str:
    if version is None:
        return resources.files("nsc_library.data").joinpath(packaged).read_text(encoding="utf-8")
    try:
        return Path(version[0]).read_text(encoding="utf-8")
    except OSError as exc:
        log.error("search file %s unreadable (%s); searching without it", version[0], exc)
        return ""
