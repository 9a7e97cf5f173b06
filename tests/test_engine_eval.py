import numpy as np
import pytest

from cvmatch.encoders.registry import load_encoder
from cvmatch.engine import Engine
from cvmatch.errors import UnknownNameError
from cvmatch.evaluation.datasets.base import RetrievalTask
from cvmatch.settings import Settings
from cvmatch.types import DocumentKind

JOBS = ["Python developer with Django and PostgreSQL", "Registered nurse for the ICU"]
CVS = ["Senior Python engineer: Django, PostgreSQL, AWS", "ICU nurse, 8 years", "Pastry chef"]


def _engine(tmp_path) -> Engine:
    return Engine(Settings(cache_dir=tmp_path / "cache"))


def test_a_lexical_method_is_the_registered_scorer(tmp_path):
    engine = _engine(tmp_path)
    scores = engine.evaluation.similarity_matrix("tfidf-word", JOBS, CVS)
    expected = load_encoder("tfidf-word").similarity(JOBS, CVS)
    assert scores.shape == (2, 3)
    assert np.allclose(scores, expected)
    assert engine.evaluation.method_ids("bm25")["model_id"].startswith("bm25@")
    with pytest.raises(UnknownNameError):
        engine.evaluation.similarity_matrix("no-such-method", JOBS, CVS)


def test_evaluate_runs_a_task_through_the_engine(tmp_path):
    task = RetrievalTask(
        name="toy",
        queries={"q0": JOBS[0], "q1": JOBS[1]},
        corpus={"c0": CVS[0], "c1": CVS[1], "c2": CVS[2]},
        qrels={"q0": {"c0": 1}, "q1": {"c1": 1}},
        language="en",
        description="toy",
    )
    run = _engine(tmp_path).evaluation.evaluate(task, ["tfidf-char", "tfidf-word"])
    assert list(run.methods) == ["tfidf-char", "tfidf-word"]
    for evaluation in run.methods.values():
        assert evaluation.metrics["mrr@10"].mean == 1.0  # each job's CV shares the most words


@pytest.mark.models
def test_hybrid_is_the_default_pipeline_over_parsed_text(tmp_path):
    engine = _engine(tmp_path)
    scores = engine.evaluation.similarity_matrix("hybrid", JOBS, CVS)
    jobs = [engine.parse_text(t, DocumentKind.JOB, f"q{i}") for i, t in enumerate(JOBS)]
    cvs = [engine.parse_text(t, DocumentKind.CV, f"d{i}") for i, t in enumerate(CVS)]
    expected = [[m.score / 100 for m in row] for row in engine.matrix(jobs, cvs)]
    assert np.allclose(scores, expected)
    assert scores[0].argmax() == 0
    assert scores[1].argmax() == 1
    assert engine.evaluation.method_ids("hybrid")["english"].startswith("minilm-int8@")
