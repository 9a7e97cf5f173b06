"""The distillation report's pieces on the fake keyword encoder (no shared data, no model)."""

import numpy as np
import pytest
from bench.quality.cross_encoder_distil_report import _named, dense_win, pair_win, position
from bench.quality.cross_encoder_rjdb import task_of

from cvmatch.encoders import load_encoder
from cvmatch.encoders.base import DenseEncoder
from cvmatch.engine import Engine
from cvmatch.types import DocumentKind

TEXTS = [
    ("Python developer: Python and SQL required.", "Python and SQL developer.", "Cook."),
    ("Head chef: cooking.", "Head chef, cooking for 10 years.", "Python."),
    ("Nurse: patient care.", "Nurse, patient care.", "Welder."),
]


@pytest.mark.usefixtures("fake_env")
def test_the_pool_starts_with_the_pair_and_the_matched_cv_wins() -> None:
    engine = Engine()
    job, docs = task_of(engine, TEXTS, [0, 1, 2], 0, (np.random.default_rng(0), 4))
    assert job.kind is DocumentKind.JOB
    assert [d.id for d in docs[:2]] == ["cv-0-1", "cv-0-0"]
    assert len(docs) == 4
    assert {d.id for d in docs[2:]} <= {"cv-1-1", "cv-1-0", "cv-2-1", "cv-2-0"}
    assert pair_win(engine, job, docs[:2]) == 1.0
    assert pair_win(engine, job, docs[1::-1]) == 0.0  # the near miss first: no win
    ranking = engine.rank(job, docs)
    assert position(ranking, ranking.matches[0].cv_id) == 1
    assert position(ranking, "cv-0-1") == 1


@pytest.mark.usefixtures("fake_env")
def test_dense_win_is_strict(fake_registered: str) -> None:
    encoder = load_encoder(fake_registered)
    assert isinstance(encoder, DenseEncoder)
    assert dense_win(encoder, *TEXTS[0]) == 1.0
    assert dense_win(encoder, "python", "cook", "cook") == 0.0  # a tie is no win


def test_named_calls_the_second_system_student() -> None:
    summary = {"hybrid": [0.9, 0.8, 1.0], "staged": [1.0, 1.0, 1.0], "delta": [0.1, 0.0, 0.2]}
    assert _named(summary) == {
        "hybrid": [0.9, 0.8, 1.0],
        "student": [1.0, 1.0, 1.0],
        "delta": [0.1, 0.0, 0.2],
    }
