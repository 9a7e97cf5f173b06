"""``cvmatch eval -m titles[:MODEL[+MODEL]]``: title ↔ title similarity through the engine."""

from typing import cast

import numpy as np
import pytest

from cvmatch.encoders.base import DenseEncoder, Role
from cvmatch.engine import Engine
from cvmatch.engine.methods.registry import method_family
from cvmatch.engine.methods.titles import (
    TitlesFamily,
    TitlesScorer,
    texts_digest,
    titles_models,
)
from cvmatch.errors import InvalidInputError, UnknownNameError
from cvmatch.evaluation.datasets.base import RetrievalTask
from cvmatch.scoring.title_similarity import TitleSimilarityParams, title_scores

QUERIES = {"q1": "pastry chef", "q2": "cloud engineer"}
CORPUS = {
    "d1": "pastry cook",
    "d2": "head pastry chef",
    "d3": "cloud platform engineer",
    "d4": "devops cloud engineer",
    "d5": "nurse",
}
QRELS = {"q1": {"d1": 1, "d2": 1}, "q2": {"d3": 1, "d4": 1}}


def test_method_names_and_their_encoders() -> None:
    assert isinstance(method_family("titles")[0], TitlesFamily)
    assert method_family("titles:minilm-int8")[1] == "minilm-int8"
    assert not isinstance(method_family("titles-x")[0], TitlesFamily)
    assert not isinstance(method_family("minilm")[0], TitlesFamily)
    assert titles_models("titles", "default-enc") == ["default-enc"]
    assert titles_models("titles:a + b", "x") == ["a", "b"]
    with pytest.raises(InvalidInputError, match="empty encoder name"):
        titles_models("titles:a+", "x")


@pytest.mark.usefixtures("fake_env")
def test_titles_scorer_embeds_both_sides_as_queries_and_applies_the_title_steps() -> None:
    engine = Engine()
    encoder = engine.encoder("fake-keywords")
    queries, corpus = list(QUERIES.values()), list(CORPUS.values())
    expected = title_scores(
        encoder.encode(queries, role="query"),
        encoder.encode(corpus, role="query"),
        TitleSimilarityParams(),
    )
    got = TitlesScorer(engine.encoder, ["fake-keywords"]).similarity(queries, corpus)
    assert np.allclose(got, expected)
    assert np.allclose(engine.evaluation.similarity_matrix("titles", queries, corpus), expected)
    fused = engine.evaluation.similarity_matrix(
        "titles:fake-keywords+fake-keywords", queries, corpus
    )
    assert np.argsort(-fused, axis=1).tolist() == np.argsort(-got, axis=1).tolist()


@pytest.mark.usefixtures("fake_env")
def test_eval_runs_the_titles_method_on_a_retrieval_task() -> None:
    task = RetrievalTask("t", QUERIES, CORPUS, QRELS, "en", "test", primary_metric="map")
    run = Engine().evaluation.evaluate(task, ["titles", "fake-keywords"])
    result = run.retrieval["titles"].evaluation
    assert result.means()["map"] == pytest.approx(1.0)  # word overlap finds both equivalents
    ids = run.methods["titles"].model_ids
    assert ids["model_id"] == "fake-keywords@1"
    assert "prf_k=3" in ids["titles"]


@pytest.mark.usefixtures("fake_env")
def test_an_unknown_encoder_is_a_clear_error() -> None:
    with pytest.raises(UnknownNameError):
        Engine().evaluation.similarity_matrix("titles:no-such-model", ["a"], ["b"])


class _Counting:
    """A dense encoder that counts the texts it is asked to embed (issue 25: per-block work)."""

    def __init__(self, inner: DenseEncoder) -> None:
        self.inner = inner
        self.model_id = inner.model_id
        self.texts = 0

    def encode(self, texts: list[str], *, role: Role = "passage") -> np.ndarray:
        self.texts += len(texts)
        return self.inner.encode(texts, role=role)


@pytest.mark.usefixtures("fake_env")
def test_the_corpus_is_embedded_once_for_every_block_of_queries() -> None:
    engine = Engine()
    counting = _Counting(engine.encoder("fake-keywords"))
    scorer = TitlesScorer(lambda _: cast("DenseEncoder", counting), ["fake-keywords"])
    queries, corpus = list(QUERIES.values()), list(CORPUS.values())
    blocks = [scorer.similarity([q], corpus) for q in [*queries, *queries]]
    # Before: the corpus was embedded again for every block (corpus x blocks texts).
    assert counting.texts == len(corpus) + 2 * len(queries)
    for block, query in zip(blocks, [*queries, *queries], strict=True):  # a fresh scorer per block
        fresh = TitlesScorer(engine.encoder, ["fake-keywords"]).similarity([query], corpus)
        assert np.array_equal(block, fresh)
    scorer.similarity([queries[0]], corpus[:3])  # another corpus: embedded anew
    assert counting.texts == len(corpus) + 2 * len(queries) + 3 + 1


def test_texts_digest_tells_lists_apart() -> None:
    assert texts_digest(["ab", "c"]) != texts_digest(["a", "bc"])
    assert texts_digest(["a", "b"]) != texts_digest(["b", "a"])
    assert texts_digest(["a"]) == texts_digest(["a"])
