"""``hybrid`` scored a few job rows at a time (block budget) equals one ``Engine.matrix`` call."""

import numpy as np
import pytest

from cvmatch.engine import Engine
from cvmatch.settings import Settings
from cvmatch.types import DocumentKind

JOBS = ["Python developer with Django", "Registered nurse for the ICU", "Pastry chef"]


@pytest.mark.models
def test_hybrid_in_row_blocks_equals_the_whole_matrix(tmp_path):
    cvs = [f"{['Python', 'nurse', 'chef', 'Django'][i % 4]} role number {i}" for i in range(300)]
    # 1 MiB at 2 KiB per Match: 512 pairs per block, so each of the 3 jobs is its own block.
    engine = Engine(Settings(cache_dir=tmp_path / "cache", block_budget_mib=1))
    scores = engine.evaluation.similarity_matrix("hybrid", JOBS, cvs)
    jobs = [engine.parse_text(t, DocumentKind.JOB, f"q{i}") for i, t in enumerate(JOBS)]
    docs = [engine.parse_text(t, DocumentKind.CV, f"d{i}") for i, t in enumerate(cvs)]
    expected = [[m.score / 100 for m in row] for row in engine.matrix(jobs, docs, explain=False)]
    assert scores.shape == (3, 300)
    assert np.array_equal(scores, np.asarray(expected))
