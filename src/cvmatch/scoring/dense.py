"""Dense signal: which encoder scores a pair, and how its cosine maps onto 0–1.

Cosines of different models live in different bands (E5's sit in ~0.75–0.95, MiniLM's in
~0.0–0.8), so each model gets two anchors: ``low`` (a typical unrelated job–CV pair → 0) and
``high`` (a typical strong match → 1). Values in between are linear; outside they are clipped.
The anchors were read off the cosines of the example data (unrelated professions vs matches).
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from cvmatch.languages import route_encoder
from cvmatch.types import Document


@dataclass(frozen=True)
class Anchors:
    """Cosine values mapped to 0 and 1."""

    low: float
    high: float

    def rescale(self, cosine: float) -> float:
        """Map a cosine onto 0–1, clipped.

        >>> Anchors(0.25, 0.75).rescale(0.5)
        0.5
        """
        return min(1.0, max(0.0, (cosine - self.low) / (self.high - self.low)))


DEFAULT_ANCHORS = Anchors(low=0.10, high=0.70)
MODEL_ANCHORS: dict[str, Anchors] = {
    "minilm": Anchors(low=0.20, high=0.85),
    "minilm-int8": Anchors(low=0.20, high=0.85),
    "minilm-int8-packaged": Anchors(low=0.20, high=0.85),
    "minilm-bf16": Anchors(low=0.20, high=0.85),
    "use-m3": Anchors(low=0.25, high=0.85),
    "e5-small-q4": Anchors(low=0.75, high=0.92),
}


def anchors_for(encoder_name: str) -> Anchors:
    """Anchors of a registered encoder (trained or hub models use the MiniLM defaults)."""
    return MODEL_ANCHORS.get(encoder_name, DEFAULT_ANCHORS)


def encoder_name_for(job: Document, cv: Document, english: str, multilingual: str) -> str:
    """The English encoder when both sides are English, else the multilingual one.

    A French CV against an English job must go through a model that maps both languages into
    one space; the English MiniLM does not. The rule every method shares
    (:func:`cvmatch.languages.route_encoder`), without heads: they were trained and measured on
    titles, not on CVs and job ads (docs/languages.md).
    """
    return route_encoder(job.language, cv.language, english, multilingual)


EncodeWith = Callable[[list[str], str], np.ndarray]
"""Embed texts with the named encoder: unit vectors, one row per text."""


def cosine_grid(
    jobs: Sequence[Document], cvs: Sequence[Document], names: list[list[str]], encode: EncodeWith
) -> np.ndarray:
    """``result[j, c]``: cosine of job ``j`` and CV ``c`` with encoder ``names[j][c]``.

    Each document is embedded once per encoder that scores it.
    """
    cosines = np.zeros((len(jobs), len(cvs)), dtype=np.float64)
    for name in sorted({n for row in names for n in row}):
        pairs = [(j, c) for j, row in enumerate(names) for c, n in enumerate(row) if n == name]
        job_rows = sorted({j for j, _ in pairs})
        cv_rows = sorted({c for _, c in pairs})
        job_vectors = encode([jobs[j].text for j in job_rows], name)
        cv_vectors = encode([cvs[c].text for c in cv_rows], name)
        block = job_vectors @ cv_vectors.T
        job_pos = {j: i for i, j in enumerate(job_rows)}
        cv_pos = {c: i for i, c in enumerate(cv_rows)}
        for j, c in pairs:
            cosines[j, c] = block[job_pos[j], cv_pos[c]]
    return cosines
