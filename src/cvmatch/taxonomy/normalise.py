"""One normal form for labels and text, so that lookups are exact dictionary hits.

Lower case, accents stripped, punctuation other than the marks inside tech names (``c++``,
``c#``, ``node.js``, ``ci/cd``) turned into spaces, whitespace collapsed.
"""

import re
import unicodedata
from dataclasses import dataclass

_TOKEN = re.compile(r"[^\W_][\w+#]*(?:[.\-/][\w+#]+)*", re.UNICODE)


@dataclass(frozen=True)
class Token:
    """A normalised word and its character span in the original text."""

    norm: str
    start: int
    end: int


def fold(text: str) -> str:
    """Case-fold and strip accents.

    >>> fold("Données Établies")
    'donnees etablies'
    """
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def tokens(text: str) -> list[Token]:
    """Normalised word tokens of ``text`` with their spans (tech names kept whole).

    >>> [t.norm for t in tokens("Node.js, C++ & Données")]
    ['node.js', 'c++', 'donnees']
    """
    return [Token(fold(m.group()), m.start(), m.end()) for m in _TOKEN.finditer(text)]


def normalise(text: str) -> str:
    """The lookup key of a label.

    >>> normalise("  Apache  CASSANDRA (NoSQL) ")
    'apache cassandra nosql'
    """
    return " ".join(t.norm for t in tokens(text))
