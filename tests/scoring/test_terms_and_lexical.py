import pytest

from cvmatch.errors import InvalidInputError
from cvmatch.scoring.fusion import FusionWeights, fuse
from cvmatch.scoring.lexical import coverage_matrix, cv_terms, lexical_evidence
from cvmatch.scoring.terms import key_terms, term_profile, tokenize
from cvmatch.types import Document, DocumentKind, Signals


def _doc(text: str, language: str = "en", kind: DocumentKind = DocumentKind.CV) -> Document:
    return Document(id="d", kind=kind, text=text, language=language, language_confidence=1.0)


def test_tokenize_keeps_tech_names() -> None:
    assert tokenize("C# and Node.js, CI/CD") == ["c#", "and", "node.js", "ci", "cd"]


def test_key_terms_drop_stopwords_and_generic_words() -> None:
    terms = key_terms("We require 5 years of experience with Cassandra clusters", "en")
    assert "cassandra" in terms
    assert "cluster" in terms  # stemmed
    assert "experi" not in terms
    assert "experience" not in terms
    assert "5" not in terms


def test_stemming_follows_the_language() -> None:
    assert key_terms("bases de données", "fr") == key_terms("base de donnée", "fr")


def test_profile_weights_are_sublinear() -> None:
    profile = term_profile("cassandra cassandra cassandra mysql", "en")
    assert profile.weights["mysql"] == 1.0
    assert 2.0 < profile.weights["cassandra"] < 2.2  # 1 + ln 3 = 2.0986
    assert profile.surface["cassandra"] == "cassandra"


def test_coverage_arithmetic_and_missing_terms() -> None:
    # job terms: cassandra (1 + ln 2 = 1.693), linux (1), python (1); CV has linux and python.
    profile = term_profile("Cassandra, Cassandra. Linux. Python.", "en")
    evidence = lexical_evidence(profile, cv_terms(_doc("Python on Linux, MySQL")))
    assert evidence.coverage == pytest.approx(2 / 3.6931, abs=1e-3)
    assert evidence.missing == ("cassandra",)
    assert evidence.matched == ("linux", "python")


def test_empty_job_profile_gives_zero() -> None:
    evidence = lexical_evidence(term_profile("the and of", "en"), cv_terms(_doc("anything")))
    assert evidence.coverage == 0.0


def test_coverage_matrix_equals_pairwise_evidence() -> None:
    profiles = [term_profile(t, "en") for t in ("Cassandra CQL Linux", "React TypeScript", "the")]
    cvs = [cv_terms(_doc(t)) for t in ("Cassandra on Linux", "React, TypeScript, Cassandra", "")]
    matrix = coverage_matrix(profiles, cvs)
    assert matrix.shape == (3, 3)
    for j, profile in enumerate(profiles):
        for c, terms in enumerate(cvs):
            assert matrix[j, c] == pytest.approx(lexical_evidence(profile, terms).coverage)
    assert matrix[0, 0] == pytest.approx(2 / 3)
    assert matrix[2].tolist() == [0.0, 0.0, 0.0]


def test_fusion_is_a_weighted_mean_on_0_100() -> None:
    signals = Signals(dense=0.8, dense_raw=0.58, lexical=0.3, dense_model="m")
    assert fuse(signals, FusionWeights(0.6, 0.4)) == 60.0  # 100 * (0.48 + 0.12)
    assert fuse(signals, FusionWeights(1.0, 0.0)) == 80.0


def test_fusion_rejects_zero_weights() -> None:
    with pytest.raises(InvalidInputError, match="not both 0"):
        FusionWeights(0.0, 0.0)
