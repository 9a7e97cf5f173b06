"""``cvmatch eval -m titles+rerank:NAME``: ``titles``, then a title cross-encoder on the top K."""

import json
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from cvmatch.engine import Engine
from cvmatch.engine.methods import titles_rerank
from cvmatch.engine.methods.base import EvalMethod
from cvmatch.engine.methods.registry import method_family
from cvmatch.engine.methods.titles_rerank import (
    TitlesRerankFamily,
    TitlesRerankScorer,
    title_cross_encoder,
)
from cvmatch.errors import InvalidInputError, ModelUnavailableError
from cvmatch.evaluation.datasets.base import RetrievalTask

QUERIES = {"q1": "pastry chef", "q2": "cloud engineer"}
CORPUS = {
    "d1": "pastry cook",
    "d2": "head pastry chef",
    "d3": "cloud platform engineer",
    "d4": "devops cloud engineer",
    "d5": "nurse",
}
QRELS = {"q1": {"d1": 1}, "q2": {"d4": 1}}


class _Fixed(EvalMethod):
    """A first stage with a fixed matrix."""

    def __init__(self, matrix: np.ndarray) -> None:
        self.matrix = matrix

    def similarity(self, queries: Sequence[str], corpus: Sequence[str]) -> np.ndarray:
        return self.matrix[: len(queries), : len(corpus)]

    def model_ids(self) -> dict[str, str]:
        return {"model_id": "fixed"}


def _likes(word: str) -> "titles_rerank.PairLogits":
    """A fake cross-encoder: logit 5 when the document contains ``word``, else 0."""

    def logits(queries: Sequence[str], documents: Sequence[str]) -> np.ndarray:
        assert len(queries) == len(documents)
        return np.array([5.0 if word in d else 0.0 for d in documents])

    return logits


def test_the_family_is_registered() -> None:
    family, argument = method_family("titles+rerank:my-ce@v1")
    assert isinstance(family, TitlesRerankFamily)
    assert argument == "my-ce@v1"


def test_only_the_top_k_are_reread_and_reordered() -> None:
    first = _Fixed(np.array([[0.9, 0.8, 0.7, 0.6, 0.5]]))
    seen: list[str] = []

    def logits(queries: Sequence[str], documents: Sequence[str]) -> np.ndarray:
        seen.extend(documents)
        return _likes("d")(queries, documents)

    scorer = TitlesRerankScorer(first, logits, "ce@v1", top=3)
    out = scorer.similarity(["q"], ["a", "b", "cd", "d", "e"])
    assert seen == ["a", "b", "cd"]  # titles' top 3 only
    # first z = [1.22, 0, -1.22]; logit z = [-0.71, -0.71, 1.41]: fused [0.52, -0.71, 0.19]
    assert np.argsort(-out[0], kind="stable").tolist() == [0, 2, 1, 3, 4]
    assert scorer.model_ids() == {
        "model_id": "fixed",
        "rerank": "ce@v1 (top 3, z-score fusion w=1)",
    }


@pytest.mark.usefixtures("fake_env")
def test_eval_runs_the_method_beside_titles(monkeypatch: pytest.MonkeyPatch) -> None:
    def fake(reference: str, models_dir: Path, threads: int) -> tuple[object, str]:
        del models_dir, threads
        return _likes("devops"), f"{reference}@v9"

    monkeypatch.setattr(titles_rerank, "title_cross_encoder", fake)
    task = RetrievalTask("t", QUERIES, CORPUS, QRELS, "en", "test", primary_metric="map")
    run = Engine().evaluation.evaluate(task, ["titles", "titles+rerank:ce"])
    plain = run.retrieval["titles"].evaluation.per_query["map"]
    staged = run.retrieval["titles+rerank:ce"].evaluation.per_query["map"]
    assert staged[1] >= plain[1]  # "devops cloud engineer" is lifted for "cloud engineer"
    assert staged[1] == pytest.approx(1.0)
    assert run.methods["titles+rerank:ce"].model_ids["rerank"].startswith("ce@v9 (top 50")


@pytest.mark.usefixtures("fake_env")
def test_missing_unknown_and_wrong_kind_models_are_clear_errors(tmp_path: Path) -> None:
    engine = Engine()
    with pytest.raises(InvalidInputError, match="name the trained model"):
        engine.evaluation.similarity_matrix("titles+rerank", ["a"], ["b"])
    with pytest.raises(ModelUnavailableError, match="no trained cross-encoder 'nope'"):
        title_cross_encoder("nope", tmp_path / "models", 1)
    folder = tmp_path / "ranker"
    folder.mkdir()
    (folder / "cvmatch-model.json").write_text(json.dumps({"kind": "ranker", "name": "r"}))
    with pytest.raises(InvalidInputError, match="needs a trained cross-encoder"):
        title_cross_encoder(str(folder), tmp_path / "models", 1)
