"""Title normalisation, role phrases of a CV summary, and the leading title of a job ad."""

import pytest

from cvmatch.extract.titles import leading_title, normalise_title, role_phrases


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Senior Software Engineer (m/f/d) - Berlin | 60k", "Software Engineer"),
        ("PROMOTER @ AEON SHAH ALAM", "PROMOTER"),
        ("Marketing Assistant (Cason Group)", "Marketing Assistant"),
        ("Krankenpfleger/in Vollzeit", "Krankenpfleger"),
        ("Ingénieur logiciel H/F - CDI", "Ingénieur logiciel"),
        ("Abogado/a jornada completa", "Abogado"),
        ("Chef de partie £25,000 - £28,000 per annum", "Chef de partie"),
        ("Nurse in London", "Nurse"),
        ("Job ID: 12345 Accountant", "Accountant"),
        ("Junior Accountant, Part-time", "Accountant"),
    ],
)
def test_normalise_title_strips_noise_and_keeps_the_occupation_words(
    title: str, expected: str
) -> None:
    assert normalise_title(title) == expected


def test_normalise_title_keeps_words_that_change_the_occupation_and_never_returns_empty() -> None:
    assert normalise_title("Head Chef") == "Head Chef"
    assert normalise_title("Teaching Assistant") == "Teaching Assistant"
    assert normalise_title("Senior (m/f/d)") == "Senior (m/f/d)"  # nothing left: the input
    assert normalise_title("  Senior   Nurse ") == "Nurse"


def test_normalise_title_is_deterministic() -> None:
    title = "Lead Developer | Remote - €70k (m/w/d)"
    assert normalise_title(title) == normalise_title(title) == "Lead Developer"


def test_role_phrases_finds_the_roles_a_summary_states_in_order() -> None:
    text = "As a Senior GBV Officer, I oversaw camps. Earlier I was a case worker for an NGO."
    assert role_phrases(text) == ("Senior GBV Officer", "case worker")
    assert role_phrases("I taught sociology at a university.") == ()
    assert role_phrases("En tant que infirmière, j'ai soigné des patients.") == ("infirmière",)


def test_role_phrases_skips_long_phrases_and_later_sentences() -> None:
    long = "As a person who loves meeting many different kinds of people every single day, I help."
    assert role_phrases(long) == ()
    late = "I like books. I read a lot. As a librarian, I sorted them."
    assert role_phrases(late) == ()
    assert role_phrases(late, sentences=3) == ("librarian",)


def test_leading_title_is_the_first_short_line_or_sentence() -> None:
    assert leading_title("Chemistry Teacher\nWe need a teacher.") == "Chemistry Teacher"
    ad = "Chemistry Teacher. We are looking for a teacher to join our school in the city."
    assert leading_title(ad) == "Chemistry Teacher"
    words = " ".join(["word"] * 20)
    assert leading_title(f"{words}. More text.") == ""
    assert leading_title("\n  \n") == ""
