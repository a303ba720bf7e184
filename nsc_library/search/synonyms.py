"""The synonyms and acronyms list (nsc_library/data/synonyms.txt): reading it, expanding queries.

Entries are compared as analysed term sequences, so an entry covers its inflections, spellings
and Nordic-letter variants. Expansion happens at query time only: editing the file needs no
reindex, just a restart of the processes (the table is cached per file and modification time).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

from nsc_library.search.analysis import terms

log = logging.getLogger(__name__)

Terms = tuple[str, ...]
PACKAGED_FILE = "synonyms.txt"


@dataclass(frozen=True)
class SynonymTable:
    alternatives: dict[Terms, tuple[Terms, ...]] = field(default_factory=dict)
    longest: int = 0

    @property
    def known_terms(self) -> frozenset[str]:
        """Every term used by an entry: a query word among them is not a typo."""
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


def parse_synonyms(text: str) -> SynonymTable:
    """Read the file format described at the top of synonyms.txt."""
    table: dict[Terms, list[Terms]] = {}
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        left, arrow, right = line.partition("=>")
        sources = _entries(left)
        targets = _entries(right) if arrow else sources
        if not sources or not targets or (not arrow and len(sources) < 2):
            log.warning("synonyms line %d ignored: needs two entries: %r", number, line)
            continue
        for source in sources:
            found = table.setdefault(source, [])
            found.extend(t for t in targets if t != source and t not in found)
    return SynonymTable(
        alternatives={key: tuple(alts) for key, alts in table.items() if alts},
        longest=max((len(key) for key in table), default=0),
    )


def _entries(text: str) -> list[Terms]:
    entries = []
    for part in text.split(","):
        analysed = tuple(terms(part))
        if analysed and analysed not in entries:
            entries.append(analysed)
    return entries


def load_synonyms(path: str | None = None) -> SynonymTable:
    """The table from `path`, or from the file shipped in the package; cached until it changes."""
    if path:
        file = Path(path)
        return _load_file(str(file), file.stat().st_mtime_ns if file.exists() else 0)
    return _load_packaged()


@lru_cache(maxsize=4)
def _load_file(path: str, _mtime: int) -> SynonymTable:
    try:
        return parse_synonyms(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        log.error("synonyms file %s unreadable (%s); searching without synonyms", path, exc)
        return SynonymTable()


@lru_cache(maxsize=1)
def _load_packaged() -> SynonymTable:
    text = resources.files("nsc_library.data").joinpath(PACKAGED_FILE).read_text(encoding="utf-8")
    return parse_synonyms(text)
