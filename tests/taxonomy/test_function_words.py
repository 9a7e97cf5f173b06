"""A lower-case stopword of any Latin-script language is never read as a skill on its own.

Labels are looked up in every language, so before this rule a French CV's "les" was the LESS
preprocessor, the "ai" of "j'ai" was AI and (ESCO FR imported) "avec" was ESCO's "AVEC",
*cell phone device management*: skills the CV never names, carried into its requirement
evidence ("same concept") and its recommendation evidence.
"""

from pathlib import Path

import pytest

from cvmatch.taxonomy.gazetteer import Gazetteer
from cvmatch.taxonomy.store import TaxonomyStore
from cvmatch.text.stopwords import function_words
from cvmatch.types import Concept, ConceptKind, LocalisedText

FRENCH = "J'ai géré les sauvegardes avec Ansible et Medusa."


def _labels(text: str, gazetteer: Gazetteer) -> list[tuple[str, str]]:
    return [(m.surface, m.label) for m in gazetteer.find(text)]


def test_function_words_cover_the_four_stemmed_languages_folded() -> None:
    words = function_words()
    assert {"les", "avec", "ai", "ich", "die", "para", "the"} <= words
    assert "ete" in words  # "été", accents folded as the finder's tokens are
    assert not {"ansible", "python", "less", "go"} & words


def test_french_function_words_are_not_skills() -> None:
    found = _labels(FRENCH, Gazetteer())
    assert ("les", "les") not in found
    assert ("ai", "ai") not in found
    assert found == [("sauvegardes", "backup"), ("Ansible", "ansible")]  # tools still are


@pytest.mark.parametrize(
    ("text", "label"), [("AI and search", "ai"), ("Styles in LESS and Sass", "less")]
)
def test_capitals_still_name_the_skill(text: str, label: str) -> None:
    assert label in [m.label for m in Gazetteer().find(text)]


def test_german_ich_is_not_a_skill() -> None:
    found = _labels("Ich administriere PostgreSQL.", Gazetteer())
    assert [label for _, label in found] == ["postgresql"]


def test_esco_acronym_label_is_not_read_in_lower_case(tmp_path: Path) -> None:
    store = TaxonomyStore(tmp_path / "taxonomy.sqlite")
    store.add(
        [
            Concept(
                id="esco:byod",
                kind=ConceptKind.SKILL,
                preferred=(LocalisedText("en", "cell phone device management"),),
                alternatives=(LocalisedText("fr", "AVEC"),),
            )
        ]
    )
    try:
        gazetteer = Gazetteer(store)
        assert "cell phone device management" not in [m.label for m in gazetteer.find(FRENCH)]
        assert [m.concept_id for m in gazetteer.find("politique AVEC")] == ["esco:byod"]
    finally:
        store.close()
