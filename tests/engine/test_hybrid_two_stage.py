"""``hybrid`` on a large retrieval corpus: first stage over all texts, the pipeline on the top N."""

import numpy as np
import pytest

from cvmatch.engine import Engine
from cvmatch.engine.methods.base import MethodContext
from cvmatch.engine.methods.hybrid import HybridMethod
from cvmatch.engine.methods.hybrid_two_stage import OUTSIDE_OFFSET, TwoStageHybridMethod
from cvmatch.engine.methods.registry import build_method
from cvmatch.evaluation.datasets.base import RetrievalTask
from cvmatch.scoring.first_stage import CorpusSide, first_stage_scores
from cvmatch.settings import Settings
from cvmatch.types import DocumentKind

JOBS = ["Python developer with Django", "Infirmière en soins intensifs", "Pastry chef", "nurse"]
WORDS = ["Python", "nurse", "chef", "Django", "infirmière", "boulanger", "Java", "ICU"]


def _corpus(n: int) -> list[str]:
    return [f"{WORDS[i % 8]} {WORDS[(i * 3) % 8]} role number {i}" for i in range(n)]


def _task(corpus: list[str]) -> RetrievalTask:
    return RetrievalTask(
        name="toy",
        queries={f"q{i}": t for i, t in enumerate(JOBS)},
        corpus={f"d{i}": t for i, t in enumerate(corpus)},
        qrels={"q0": {"d0": 1}},
        language="en",
        description="toy",
    )


def _engine(tmp_path, **settings: int) -> Engine:
    return Engine(Settings(cache_dir=tmp_path / "cache", **settings))


@pytest.mark.models
def test_up_to_the_limit_hybrid_scores_every_pair_as_before(tmp_path) -> None:
    corpus = _corpus(120)
    engine = _engine(tmp_path, hybrid_full_limit=120, hybrid_candidates=10)
    pipeline = engine._pipeline
    method = build_method("hybrid", MethodContext(pipeline, engine.occupations, _task(corpus)))
    assert isinstance(method, TwoStageHybridMethod)
    full = HybridMethod(pipeline).similarity(JOBS, corpus)
    assert np.array_equal(method.similarity(JOBS, corpus), full)
    assert "first_stage" not in method.model_ids()


@pytest.mark.models
def test_above_the_limit_the_top_n_keep_their_pipeline_scores(tmp_path) -> None:
    corpus, n = _corpus(150), 12
    engine = _engine(tmp_path, hybrid_full_limit=0, hybrid_candidates=n, block_budget_mib=1)
    pipeline = engine._pipeline
    method = build_method("hybrid", MethodContext(pipeline, engine.occupations, _task(corpus)))
    two_stage = method.similarity(JOBS, corpus)
    full = HybridMethod(pipeline).similarity(JOBS, corpus)
    cvs = [pipeline.parse_text(t, DocumentKind.CV, f"d{i}") for i, t in enumerate(corpus)]
    jobs = [pipeline.parse_text(t, DocumentKind.JOB, f"q{i}") for i, t in enumerate(JOBS)]
    side = CorpusSide(cvs, ("minilm-int8", "use-m3"), pipeline.encoders.encode)
    first = first_stage_scores(jobs, side, (0.6, 0.4))
    for row in range(len(JOBS)):
        inside = two_stage[row] >= 0
        assert inside.sum() == n
        assert np.array_equal(two_stage[row, inside], full[row, inside])  # the pipeline's own
        order = np.lexsort((np.arange(len(corpus)), -first[row]))
        assert set(np.flatnonzero(inside)) == set(order[:n].tolist())  # first stage's top n
        outside = two_stage[row, ~inside]
        assert np.allclose(outside, first[row, ~inside] - OUTSIDE_OFFSET)
        assert outside.max() < two_stage[row, inside].min()
    assert "first_stage" in method.model_ids()


@pytest.mark.models
def test_the_first_stage_dense_signal_is_the_pipelines(tmp_path) -> None:
    """Per pair: the encoder routing (English / multilingual) and anchors of the pipeline."""
    corpus = _corpus(40)
    engine = _engine(tmp_path)
    pipeline = engine._pipeline
    cvs = [pipeline.parse_text(t, DocumentKind.CV, f"d{i}") for i, t in enumerate(corpus)]
    jobs = [pipeline.parse_text(t, DocumentKind.JOB, f"q{i}") for i, t in enumerate(JOBS)]
    side = CorpusSide(cvs, ("minilm-int8", "use-m3"), pipeline.encoders.encode)
    lexical_off = first_stage_scores(jobs, side, (1.0, 0.0))
    matches = pipeline.matrix(jobs, cvs, explain=False)
    dense = np.asarray([[m.signals.dense for m in row] for row in matches])
    assert np.allclose(lexical_off, dense, atol=2e-4)  # the pipeline rounds to 4 places
    dense_off = first_stage_scores(jobs, side, (0.0, 1.0))
    lexical = np.asarray([[m.signals.lexical for m in row] for row in matches])
    assert np.allclose(dense_off, lexical, atol=1e-4)


def test_off_on_pairs_tasks_and_when_candidates_is_zero(tmp_path) -> None:
    engine = _engine(tmp_path, hybrid_candidates=0)
    context = MethodContext(engine._pipeline, engine.occupations, _task(_corpus(5)))
    assert type(build_method("hybrid", context)) is HybridMethod
    plain = MethodContext(engine._pipeline, engine.occupations, None)
    assert type(build_method("hybrid", plain)) is HybridMethod
