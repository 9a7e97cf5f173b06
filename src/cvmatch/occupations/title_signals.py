"""The title ingredients: an input's title(s) scored against occupation labels on their own.

A job ad has a title, a CV has role titles (its dated experience lines) or a headline ("As a
project officer, I …"). Scored as a separate query against the occupation labels, the title is a
sharper signal than the full text, where the title is one sentence among many. Ingredients,
each ``(inputs, occupations)``:

* ``title_label`` — cosine of the (normalised, :func:`cvmatch.extract.titles.normalise_title`)
  title to the occupation's best label;
* ``title_char`` — char 3–5-gram TF-IDF cosine of the title to the occupation's best label.

An input with several titles (a CV's roles, most recent first) scores an occupation by the best
of its titles, the ``i``-th title's score multiplied by ``decay ** i``. An input without a title
uses its whole text as title, so every row of a batch has the same ingredients and scale.
"""

from collections.abc import Callable, Sequence

import numpy as np

from cvmatch.extract.titles import normalise_title
from cvmatch.occupations.index import OccupationIndex
from cvmatch.occupations.signals import LabelCharIndex, max_over_labels

TITLE_INGREDIENTS = ("title_label", "title_char")
ROLE_DECAY = 0.9
"""Weight of the ``i``-th most recent title: ``ROLE_DECAY ** i``."""


def title_queries(
    texts: Sequence[str], titles: Sequence[Sequence[str]], normalise: bool = True
) -> tuple[list[str], np.ndarray, np.ndarray]:
    """Flattened title queries, the input row of each, and each one's decay weight.

    An input whose title list is empty contributes its text (normalised the same way).
    """
    flat: list[str] = []
    owner: list[int] = []
    weight: list[float] = []
    for row, (text, own) in enumerate(zip(texts, titles, strict=True)):
        items = [t for t in own if t.strip()] or [text]
        for rank, title in enumerate(items):
            flat.append(normalise_title(title) if normalise else title)
            owner.append(row)
            weight.append(ROLE_DECAY**rank)
    return flat, np.asarray(owner, np.int64), np.asarray(weight, np.float32)


def _best_per_input(
    scores: np.ndarray, owner: np.ndarray, weight: np.ndarray, n: int
) -> np.ndarray:
    """``(n, occupations)``: per input, the max over its titles of ``weight · score``."""
    weighted = scores * weight[:, None]
    starts = np.searchsorted(owner, np.arange(n))
    return np.asarray(np.maximum.reduceat(weighted, starts, axis=0), dtype=np.float32)


def title_scores(
    index: OccupationIndex,
    encode: Callable[[list[str]], np.ndarray],
    texts: Sequence[str],
    titles: Sequence[Sequence[str]],
    label_char: LabelCharIndex | None = None,
    normalise: bool = True,
) -> dict[str, np.ndarray]:
    """The title ingredients of each input (see the module docstring).

    Args:
        index: The occupation index.
        encode: Embeds query texts (the index's encoder, ``role="query"``).
        texts: The inputs' full texts (their title when they have none).
        titles: Per input, its titles, most recent or most important first.
        label_char: The char TF-IDF label index (``title_char`` is left out without it).
        normalise: Apply :func:`~cvmatch.extract.titles.normalise_title` to every title.
    """
    if not texts:
        return {}
    flat, owner, weight = title_queries(texts, titles, normalise)
    result = {
        "title_label": _best_per_input(
            max_over_labels(index, encode(flat)), owner, weight, len(texts)
        ),
    }
    if label_char is not None:
        chars = label_char.similarity(flat)
        result["title_char"] = _best_per_input(chars, owner, weight, len(texts))
    return result
