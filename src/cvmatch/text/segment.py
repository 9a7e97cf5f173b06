"""Word segmentation for Korean (kiwipiepy) and Chinese (jieba), loaded on first use.

Korean writes words (eojeol) between spaces, but each one glues particles and endings to its
stem ("클러스터를" = 클러스터 + 를); kiwipiepy's morphological analyser keeps the content
morphemes (nouns, roots and foreign words). Chinese writes no spaces at all; jieba cuts a run of
Han characters into words ("数据库管理" → 数据库, 管理).

Both libraries are slow to import and to build (kiwipiepy loads its model, ~2 s; jieba its
dictionary, ~0.5 s), so they load once, on the first Korean or Chinese text, never at import.
Segmentation of one run is memoised: CV lines are tokenised again on every ranking.
"""

import logging
import re
from functools import lru_cache
from typing import Any

from cvmatch.text.scripts import has_cjk, script_runs

_KOREAN_CONTENT_TAGS = frozenset({"NNG", "NNP", "XR", "SL", "SH", "NR"})
"""Common and proper nouns, roots, foreign (Latin) and Han words, numerals: what a key term is."""


@lru_cache(maxsize=1)
def _kiwi() -> Any:
    from kiwipiepy import Kiwi  # type: ignore[import-untyped]  # noqa: PLC0415 - slow, Korean only

    return Kiwi(num_workers=-1)  # -1: analyse in the calling thread (no worker pool)


@lru_cache(maxsize=1)
def _jieba() -> Any:
    import jieba  # type: ignore[import-untyped]  # noqa: PLC0415 - slow, Chinese only

    jieba.setLogLevel(logging.WARNING)  # it prints its dictionary loading at INFO otherwise
    jieba.initialize()
    return jieba


@lru_cache(maxsize=65536)
def korean_words(run: str) -> tuple[str, ...]:
    """The content morphemes of a run of Hangul, in order.

    >>> korean_words("관리자로서")
    ('관리자',)
    """
    return tuple(
        str(token.form) for token in _kiwi().tokenize(run) if token.tag in _KOREAN_CONTENT_TAGS
    )


@lru_cache(maxsize=65536)
def chinese_words(run: str) -> tuple[str, ...]:
    """The words jieba cuts a run of Han characters into, in order.

    >>> chinese_words("数据库管理")
    ('数据库', '管理')
    """
    return tuple(word for word in _jieba().lcut(run) if word.strip())


def split_token(token: str) -> list[str]:
    """A word token cut into words: Hangul and Han runs segmented, other runs kept whole.

    >>> split_token("cassandra와")
    ['cassandra']
    >>> split_token("熟悉linux")
    ['熟悉', 'linux']
    """
    words: list[str] = []
    for script, run in script_runs(token):
        if script == "hangul":
            words.extend(korean_words(run))
        elif script == "han":
            words.extend(chinese_words(run))
        else:
            words.append(run)
    return words


_WORD = re.compile(r"\S+")


def segmented(text: str) -> str:
    """``text`` with its Korean and Chinese words cut apart by spaces; other text unchanged.

    For word-splitting libraries that expect spaces between words (bm25s, scikit-learn).

    >>> segmented("Cassandra 클러스터를 운영")
    'Cassandra 클러스터 운영'
    >>> segmented("Node.js, C++")
    'Node.js, C++'
    """
    if not has_cjk(text):
        return text
    return _WORD.sub(
        lambda m: " ".join(split_token(m.group())) if has_cjk(m.group()) else m.group(), text
    )
