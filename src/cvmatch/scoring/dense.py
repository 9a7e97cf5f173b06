"""Dense signal: which encoder scores a pair, and how its cosine maps onto 0–1.

Cosines of different models live in different bands (E5's sit in ~0.75–0.95, MiniLM's in
~0.0–0.8), so each model gets two anchors: ``low`` (a typical unrelated job–CV pair → 0) and
``high`` (a typical strong match → 1). Values in between are linear; outside they are clipped.
The anchors were read off the cosines of the example data (unrelated professions vs matches).
"""

from dataclasses import dataclass

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
    one space; the English MiniLM does not.
    """
    return english if job.language == cv.language == "en" else multilingual
