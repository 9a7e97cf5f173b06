"""Years with a generic subject are overall experience; linking-word items are no requirement."""

import pytest

from cvmatch.extract.items import strip_quality, strip_trailing_cue
from cvmatch.extract.years import years_phrases


@pytest.mark.parametrize(
    ("line", "subject"),
    [
        ("Must have worked as a Bailiff for a minimum two year period", ""),
        ("4 years of experience in an undefined role", ""),
        ("At least 3 years experience working in a similar job role", ""),
        ("Security Solutions Architect experience (5 years minimum required)", ""),
        ("At least 4 years as a systems administrator.", "systems administrator"),
        ("5+ years of senior Java development", "senior Java development"),
    ],
)
def test_generic_subjects_mean_overall_experience(line: str, subject: str) -> None:
    (phrase,) = years_phrases(line)
    assert phrase.subject == subject
    assert phrase.text.endswith("of experience") is (subject == "")


def test_linking_words_and_closing_cues_are_not_requirements() -> None:
    assert strip_quality("Furthermore") == ""
    assert strip_quality("would be highly") == ""
    assert strip_quality("Moreover Kafka") == "Moreover Kafka"  # a real word is kept
    assert strip_trailing_cue("HIPAA frameworks is compulsory") == "HIPAA frameworks"
    assert strip_trailing_cue("Kafka would be highly appreciated") == "Kafka"
    assert strip_trailing_cue("is imperative") == ""
