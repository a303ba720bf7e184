"""Text analysis: the same chain turns write-ups and queries into comparable terms.

Words are lower-cased, British spellings mapped to American ones, Nordic and German letters folded
to plain ASCII (both the letter and its usual two-letter spelling), then stemmed. Index and query
run the same chain, so `baerum`, `barum` and `Bærum` all meet at the term `barum`.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from whoosh.analysis import Filter, LowercaseFilter, RegexTokenizer, StopFilter
from whoosh.lang import stemmer_for_language
from whoosh.lang.stopwords import stoplists

# Longer tokens are not words a person searches for (hashes, base64); capping them also keeps
# hostile input cheap to analyse.
MAX_TOKEN_CHARS = 40

# æ, ø, å, ð and þ have no Unicode decomposition, so accent stripping alone misses them.
_NORDIC_LETTERS = str.maketrans(
    {"æ": "ae", "ø": "oe", "å": "aa", "ð": "d", "þ": "th", "ß": "ss", "œ": "oe", "ł": "l"}
)
# Two-letter spellings typed for the Nordic letters: Baerum, Aarhus, Tromsoe. Folding the
# letters to these and then to one letter makes every spelling meet.
_DIGRAPHS = (("aa", "a"), ("ae", "a"), ("oe", "o"))

# Common words in the Nordic languages; short and unambiguous in English ("men" is not here).
NORDIC_STOP_WORDS = frozenset(
    "och att det som för på med av af til till og er ikke inte ett den der har fra från om "
    "ja sekä että tai kun eller ved vid".split()
)
stem = stemmer_for_language("en")  # Snowball English (Porter2)
STOP_WORDS = frozenset(stoplists["en"]) | NORDIC_STOP_WORDS

# British → American, on lower-case words before stemming. Each rule needs a few letters in front
# so that short words (rise, four, your, tour) are left alone.
_SPELLING_RULES = (
    (re.compile(r"(?<=[a-z]{3})is(e|es|ed|ing|er|ers|ation|ations|ational)$"), r"iz\1"),
    (re.compile(r"(?<=[a-z]{2})ys(e|es|ed|ing|er|ers)$"), r"yz\1"),
    (
        re.compile(r"(?<=[a-z]{3})our(s|ed|ing|hood|hoods|ly|ite|ites|able|er|ers|ful|less)?$"),
        r"or\1",
    ),
    (re.compile(r"(?<=[a-z]{3})tre(s|d)?$"), r"ter\1"),
    (re.compile(r"(?<=[a-z]{2}[aeiou][nc])ce$"), "se"),  # defence, licence, offence
)
_SPELLING_WORDS = {
    "programme": "program",
    "programmes": "programs",
    "judgement": "judgment",
    "ageing": "aging",
    "practise": "practice",
    "practised": "practiced",
    "practising": "practicing",
    "enrolment": "enrollment",
    "grey": "gray",
}
# Doubled l before a suffix (counselling, travelled) only for stems where it is a spelling variant.
_DOUBLE_L = re.compile(
    r"^(counsel|travel|model|label|cancel|signal|channel|level|fuel|marvel|total|equal)"
    r"l(ed|ing|er|ers|or|ors)$"
)


def fold(text: str) -> str:
    """Lower-case `text` and fold Nordic and accented letters to ASCII, both ways."""
    text = text.lower().translate(_NORDIC_LETTERS)
    if not text.isascii():
        decomposed = unicodedata.normalize("NFKD", text)
        text = "".join(c for c in decomposed if not unicodedata.combining(c))
    for digraph, letter in _DIGRAPHS:
        if digraph in text:
            text = text.replace(digraph, letter)
    return text


def american_spelling(word: str) -> str:
    """The American spelling of a lower-case English word, or the word itself."""
    if word in _SPELLING_WORDS:
        return _SPELLING_WORDS[word]
    if "ll" in word:
        word = _DOUBLE_L.sub(r"\1\2", word)
    for pattern, replacement in _SPELLING_RULES:
        word = pattern.sub(replacement, word)
    return word


@lru_cache(maxsize=200_000)
def normalise(word: str) -> str:
    """The index term of a lower-case word: American spelling, folded letters, stemmed.

    Cached: analysis runs for every word indexed and every word highlighted, and most words
    recur, so the regular expressions and the stemmer run once per distinct word.
    """
    return stem(fold(american_spelling(word)))


class NormaliseFilter(Filter):
    """Turns each lower-case word into its index term; see `normalise`."""

    def __call__(self, tokens):
        for token in tokens:
            token.text = normalise(token.text)
            yield token


def tokenizer() -> RegexTokenizer:
    return RegexTokenizer(r"\w+(?:\.\w+)*")


def text_analyzer():
    """The analyzer of every searchable text field."""
    return (
        tokenizer()
        | LowercaseFilter()
        | StopFilter(stoplist=STOP_WORDS, minsize=2, maxsize=MAX_TOKEN_CHARS)
        | NormaliseFilter()
    )


def spelling_analyzer():
    """Whole lower-case words as written, the vocabulary that suggestions come from."""
    return (
        tokenizer()
        | LowercaseFilter()
        | StopFilter(stoplist=STOP_WORDS, minsize=3, maxsize=MAX_TOKEN_CHARS)
    )


ANALYZER = text_analyzer()
SPELLING_ANALYZER = spelling_analyzer()


def terms(text: str) -> list[str]:
    """The index terms of `text`, in order, stop words removed."""
    return [token.text for token in ANALYZER(text, mode="query")]


def words(text: str) -> list[str]:
    """The spelling-vocabulary words of `text`."""
    return [token.text for token in SPELLING_ANALYZER(text)]
