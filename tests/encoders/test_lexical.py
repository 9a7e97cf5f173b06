import numpy as np
import pytest

from cvmatch.encoders.bm25 import BM25Scorer
from cvmatch.encoders.tfidf import TfidfScorer
from cvmatch.errors import InvalidInputError

DOCS = [
    "Senior Python developer, Django and PostgreSQL",
    "Registered nurse in intensive care",
    "Java developer, Spring Boot",
]


@pytest.mark.parametrize("analyzer", ["word", "char"])
def test_tfidf_is_a_cosine_that_ranks_the_matching_document_first(analyzer: str) -> None:
    scorer = TfidfScorer(analyzer)  # type: ignore[arg-type]
    scores = scorer.similarity(["python django developer", "icu nurse"], DOCS)
    assert scores.shape == (2, 3)
    assert scores.dtype == np.float32
    assert ((scores >= 0) & (scores <= 1 + 1e-6)).all()
    assert scores[0].argmax() == 0
    assert scores[1].argmax() == 1
    np.testing.assert_allclose(scorer.similarity([DOCS[1]], [DOCS[1]]), [[1.0]], atol=1e-6)


def test_tfidf_word_keeps_language_names_with_symbols() -> None:
    scores = TfidfScorer("word").similarity(["C++"], ["C++ engineer", "C# engineer", "R analyst"])
    assert scores[0, 0] > 0
    assert scores[0, 1] == 0
    assert TfidfScorer("word").similarity(["R"], ["R analyst"])[0, 0] > 0


def test_tfidf_ignores_accents() -> None:
    scores = TfidfScorer("word").similarity(["developpeur"], ["Développeur Python"])
    assert scores[0, 0] > 0


def test_tfidf_with_no_vocabulary_scores_zero() -> None:
    scores = TfidfScorer("word").similarity(["!!!"], ["", "---"])
    np.testing.assert_array_equal(scores, np.zeros((1, 2), dtype=np.float32))


def test_tfidf_config_and_id_differ_by_analyzer() -> None:
    word, char = TfidfScorer("word"), TfidfScorer("char")
    assert word.name == "tfidf-word"
    assert char.name == "tfidf-char"
    assert word.model_id != char.model_id
    assert word.model_id == TfidfScorer("word").model_id
    assert char.config()["params"]["analyzer"] == "char_wb"


def test_tfidf_rejects_unknown_analyzer() -> None:
    with pytest.raises(InvalidInputError, match="analyzer"):
        TfidfScorer("sentence")  # type: ignore[arg-type]


def test_bm25_scores_are_raw_and_stemmed() -> None:
    scores = BM25Scorer().similarity(["python developers", "nursing"], DOCS)
    assert scores.shape == (2, 3)
    assert scores[0, 0] > scores[0, 2] > 0  # "developer" is shared, "python" only by doc 0
    assert scores[0, 1] == 0
    assert scores[1, 1] > 0  # "nursing" and "nurse" share the stem "nurs"


def test_bm25_scores_are_unbounded() -> None:
    docs = ["kubernetes terraform ansible helm"] + [f"filler document {i}" for i in range(30)]
    scores = BM25Scorer().similarity(["kubernetes terraform ansible helm"], docs)
    assert scores[0, 0] > 1.0


def test_bm25_stopword_only_query_and_empty_documents_score_zero() -> None:
    assert not BM25Scorer().similarity(["the and of"], DOCS).any()
    assert not BM25Scorer().similarity(["python"], ["", "the"]).any()
    assert BM25Scorer().similarity([], DOCS).shape == (0, 3)


def test_bm25_french_uses_french_stemmer_and_stopwords() -> None:
    docs = ["Développeur Python confirmé", "Infirmière en soins intensifs"]
    scores = BM25Scorer(language="fr").similarity(["un infirmier pour les soins"], docs)
    assert scores[0, 0] == 0  # "un", "pour", "les" are French stopwords
    assert scores[0, 1] > 0
    # "infirmier" and "infirmière" share the French stem "infirmi", not the English one
    assert BM25Scorer(language="fr").similarity(["infirmier"], docs)[0, 1] > 0
    assert BM25Scorer(language="en").similarity(["infirmier"], docs)[0, 1] == 0
    assert BM25Scorer(language="fr").config()["language"] == "fr"


def test_bm25_rejects_unknown_language() -> None:
    with pytest.raises(InvalidInputError, match="en, fr, de, es"):
        BM25Scorer(language="xx")


def test_lexical_scorers_refuse_a_bare_string() -> None:
    with pytest.raises(InvalidInputError, match="not one string"):
        BM25Scorer().similarity("python", DOCS)
