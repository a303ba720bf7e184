"""Reading what a user typed into clauses. Any text is accepted; nothing here raises.

The syntax is small on purpose: words, "quoted phrases", -word or NOT word to exclude, OR between
two alternatives. Everything else is text (`title:` is the word title, `*` is nothing). Input is
cleaned and cut to size before anything else looks at it, so a hostile string costs no more than
a long ordinary one. Whoosh's own query parser is not used: field syntax, wildcards and `NOT NOT`
would reach it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from nsc_library.search.analysis import terms
from nsc_library.search.synonyms import SynonymTable, Terms

MAX_QUERY_CHARS = 300
MAX_CLAUSES = 16
# A glossary concept has its entries in seven languages.
MAX_ALTERNATIVES = 32
SYNONYM_BOOST = 0.7

_LEXEME = re.compile(r'(?P<neg>[-!]?)"(?P<phrase>[^"]*)"|(?P<word>\S+)')
_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "＂": '"'})
_REMOVED_CATEGORIES = {"Cc", "Cf", "Cs", "Co", "Cn"}


@dataclass
class Clause:
    """One thing a document should (required: must; negated: must not) contain, with acceptable
    alternatives. Words are not required: a practice matching most of them still counts."""

    alternatives: list[tuple[Terms, float]]
    negated: bool = False
    required: bool = False


@dataclass(frozen=True)
class Word:
    """A plain word the user typed, where it stands in the cleaned text (for corrections)."""

    text: str
    start: int
    end: int


@dataclass
class ParsedQuery:
    text: str
    clauses: list[Clause] = field(default_factory=list)
    words: list[Word] = field(default_factory=list)

    @property
    def positive(self) -> list[Clause]:
        return [c for c in self.clauses if not c.negated]

    @property
    def negative(self) -> list[Clause]:
        return [c for c in self.clauses if c.negated]

    @property
    def unsearchable(self) -> bool:
        """Text was typed, but none of it can be searched for (only stop words or symbols)."""
        return bool(self.text.strip()) and not self.clauses

    def terms(self) -> set[str]:
        """The terms worth marking in a matching document: the user's own words and one-word
        alternatives (a word of a longer alternative, such as `de` of `de-radicalisation`,
        means nothing alone)."""
        return {
            t
            for c in self.positive
            for seq, boost in c.alternatives
            if boost == 1.0 or len(seq) == 1
            for t in seq
        }


def clean(text: str) -> str:
    """Normalised, without control characters, cut to a sane length, quotes balanced."""
    text = unicodedata.normalize("NFKC", str(text)[: MAX_QUERY_CHARS * 4])
    text = "".join(" " if unicodedata.category(c) in _REMOVED_CATEGORIES else c for c in text)
    text = " ".join(text.translate(_QUOTES).split())[:MAX_QUERY_CHARS]
    if text.count('"') % 2:
        head, _, tail = text.rpartition('"')
        text = " ".join(f"{head} {tail}".split())
    return text


def parse(raw: str, synonyms: SynonymTable) -> ParsedQuery:
    return _Parser(synonyms).parse(clean(raw))


class _Parser:
    def __init__(self, synonyms: SynonymTable) -> None:
        self.synonyms = synonyms
        self.clauses: list[Clause] = []
        self.words: list[Word] = []
        self.run: list[Word] = []
        self.join_next = False
        self.negate_next = False

    def parse(self, text: str) -> ParsedQuery:
        for match in _LEXEME.finditer(text):
            word = match.group("word")
            if word is None:
                self.flush()
                negated = bool(match.group("neg")) != self.take_negation()
                self.add(_phrase_clause(match.group("phrase"), negated, required=not negated))
            elif word in ("OR", "||", "|"):
                self.flush()
                self.join_next = True
            elif word in ("AND", "&&", "&", "+"):
                self.flush()
            elif word == "NOT":
                self.flush()
                self.negate_next = not self.negate_next
            elif word[0] in "-!" and len(word) > 1:
                self.flush()
                self.add(_phrase_clause(word[1:], not self.take_negation()))
            elif self.negate_next:
                self.flush()
                self.add(_phrase_clause(word, self.take_negation()))
            else:
                stripped = word.lstrip("+")
                start = match.start("word") + len(word) - len(word.lstrip("+"))
                self.run.append(Word(stripped, start, start + len(stripped)))
        self.flush()
        return ParsedQuery(text, self.clauses[:MAX_CLAUSES], self.words)

    def take_negation(self) -> bool:
        negate, self.negate_next = self.negate_next, False
        return negate

    def flush(self) -> None:
        """Turn the run of plain words into clauses; synonyms may span several words."""
        if not self.run:
            return
        self.words.extend(self.run)
        sequence = terms(" ".join(w.text for w in self.run))
        self.run = []
        for key, alternatives in self.synonyms.segment(sequence):
            if len(key) > 1:
                # A concept of several words: each word still counts on its own (with its own
                # synonyms), and the concept as a whole, in any of its forms, counts once more.
                for word in key:
                    self.add(_options((word,), self.synonyms.alternatives.get((word,), ())))
            self.add(_options(key, alternatives))

    def add(self, clause: Clause | None) -> None:
        if clause is None:
            return
        previous = self.clauses[-1] if self.clauses else None
        if self.join_next and previous and not previous.negated and not clause.negated:
            room = MAX_ALTERNATIVES - len(previous.alternatives)
            previous.alternatives.extend(clause.alternatives[: max(room, 0)])
        else:
            self.clauses.append(clause)
        self.join_next = False


def _options(key: Terms, alternatives: tuple[Terms, ...]) -> Clause:
    options = [(key, 1.0)] + [(alt, SYNONYM_BOOST) for alt in alternatives]
    return Clause(options[:MAX_ALTERNATIVES])


def _phrase_clause(text: str, negated: bool, required: bool = False) -> Clause | None:
    sequence = tuple(terms(text[:MAX_QUERY_CHARS]))
    return Clause([(sequence, 1.0)], negated, required) if sequence else None
