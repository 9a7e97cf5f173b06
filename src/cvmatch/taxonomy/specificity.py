"""How specific a word is for skills: inverse document frequency over the packaged skill names.

"management" or "data" occur in hundreds of the 30,957 skill names and weigh little;
"cassandra" or "tivoli" occur in one or two and weigh a lot. Words no skill name uses get the
top weight. Keys are English Snowball stems.
"""

import math
from collections import Counter
from functools import lru_cache

import Stemmer

from cvmatch.taxonomy.normalise import normalise
from cvmatch.taxonomy.packaged import gazetteer_names

MIN_WEIGHT = 1.5
MAX_WEIGHT = 8.0


@lru_cache(maxsize=1)
def _document_frequency() -> tuple[Counter[str], int]:
    stemmer = Stemmer.Stemmer("english")
    counts: Counter[str] = Counter()
    names = gazetteer_names()
    for name in names:
        counts.update(set(stemmer.stemWords(normalise(name).split())))
    return counts, max(1, len(names))


def weight(stem: str) -> float:
    """``clip(ln(N / (1 + df)), 1.5, 8)`` for an English stem.

    >>> weight("cassandra") > weight("manag")  # doctest: +SKIP
    True
    """
    counts, total = _document_frequency()
    if not counts:
        return MAX_WEIGHT / 2
    return min(MAX_WEIGHT, max(MIN_WEIGHT, math.log(total / (1 + counts[stem]))))
