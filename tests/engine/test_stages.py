"""A trained stage over a ranked list, checked by hand: calibration, top K, ties, fallback.

Platt values used below: ``sigmoid(-1) = 0.268941``, ``sigmoid(1) = 0.731059``,
``sigmoid(0.001) = 0.500250``, ``sigmoid(0.002) = 0.500500``.
"""

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from cvmatch.cli.options import stages as cli_stages
from cvmatch.engine import Stages
from cvmatch.errors import InvalidInputError
from cvmatch.scoring.stage_calibration import (
    CALIBRATION_FILE,
    StageCalibration,
    fit_stage_calibration,
    load_stage_calibration,
)
from cvmatch.scoring.stages import Candidate, ScoringStage, StageKind, apply_stage
from cvmatch.types import Document, DocumentKind, Match, Signals

JOB = Document("job", DocumentKind.JOB, "cassandra dba", "en", 1.0)


def _candidates(*rows: tuple[str, float, bool]) -> list[Candidate]:
    """Candidates best first: ``(cv id, score, knockout)``."""
    signals = Signals(0.5, 0.5, 0.5, "m")
    return [
        Candidate(
            Match("job", cv_id, score, signals, reasons=("first",), knockout=knockout),
            JOB,
            Document(cv_id, DocumentKind.CV, cv_id, "en", 1.0),
        )
        for cv_id, score, knockout in rows
    ]


def _stage(
    raw: dict[str, float], calibration: StageCalibration | None, top: int | None
) -> ScoringStage:
    def scorer(candidates: Sequence[Candidate]) -> np.ndarray:
        return np.asarray([raw[c.cv.id] for c in candidates])

    return ScoringStage("m@v1", StageKind.RERANK, scorer, calibration, top=top)


def _by_cv(match: Match) -> str:
    return match.cv_id


def test_calibrated_stage_rescores_its_top_k_and_sorts_the_list_again() -> None:
    """top 2 of (a 80, b 60, c 40); raw a -1 → 26.9, b 1 → 73.1; c keeps 40 → b, c, a."""
    stage = _stage({"a": -1.0, "b": 1.0}, StageCalibration(1.0, 0.0), top=2)
    out = apply_stage(
        stage, _candidates(("a", 80, False), ("b", 60, False), ("c", 40, False)), _by_cv
    )
    assert [(c.match.cv_id, c.match.score) for c in out] == [("b", 73.1), ("c", 40), ("a", 26.9)]
    b, c, a = (x.match for x in out)
    assert c.stages == ()
    assert c.reasons == ("first",)
    effect = a.stages[0]
    assert (effect.model, effect.kind, effect.calibration) == ("m@v1", "rerank", "stored")
    assert (effect.score_before, effect.score_after, effect.raw) == (80, 26.9, -1.0)
    assert (effect.rank_before, effect.rank_after) == (1, 3)
    assert (b.stages[0].rank_before, b.stages[0].rank_after) == (2, 1)
    assert a.reasons == ("first", "re-ranked by m@v1: score 80 → 26.9, rank 1 → 3")


def test_a_knockout_stays_capped() -> None:
    """A missing must-have: 25 (the knockout cap) × sigmoid(1) = 18.3."""
    stage = _stage({"a": 1.0}, StageCalibration(1.0, 0.0), top=None)
    out = apply_stage(stage, _candidates(("a", 20, True)), _by_cv)
    assert out[0].match.score == 18.3


def test_without_calibration_the_scores_are_handed_out_in_the_model_order() -> None:
    """raw (0.1, 0.9, 0.5): b gets the best score 80, c 60, a 40."""
    stage = _stage({"a": 0.1, "b": 0.9, "c": 0.5}, None, top=None)
    out = apply_stage(
        stage, _candidates(("a", 80, False), ("b", 60, False), ("c", 40, False)), _by_cv
    )
    assert [(c.match.cv_id, c.match.score) for c in out] == [("b", 80), ("c", 60), ("a", 40)]
    assert {c.match.stages[0].calibration for c in out} == {"rank-preserving"}


def test_equal_shown_scores_keep_the_model_order_before_the_id() -> None:
    """raw 0.001 → 50.025 and 0.002 → 50.050 both show 50.0; z (finer score) before a."""
    stage = _stage({"a": 0.001, "z": 0.002}, StageCalibration(1.0, 0.0), top=None)
    out = apply_stage(stage, _candidates(("a", 70, False), ("z", 60, False)), _by_cv)
    assert [(c.match.cv_id, c.match.score) for c in out] == [("z", 50.0), ("a", 50.0)]


def test_the_stage_is_deterministic() -> None:
    stage = _stage({"a": 0.3, "b": 0.3, "c": -2.0}, StageCalibration(2.0, 0.5), top=None)
    rows = (("a", 50, False), ("b", 50, False), ("c", 10, False))
    assert apply_stage(stage, _candidates(*rows), _by_cv) == apply_stage(
        stage, _candidates(*rows), _by_cv
    )


def test_calibration_fits_saves_and_loads(tmp_path: Path) -> None:
    raw = np.array([-3.0, -2.0, -1.5, 0.5, -0.5, 1.0, 2.0, 3.0])
    labels = np.array([0, 0, 0, 0, 1, 1, 1, 1])
    fitted = fit_stage_calibration(raw, labels, "test data")
    assert fitted is not None
    assert fitted.a > 0  # higher raw, more likely a match
    assert fitted.pairs == 8
    assert fitted.probability(np.array([3.0]))[0] > 0.5 > fitted.probability(np.array([-3.0]))[0]
    assert fit_stage_calibration(raw, np.ones(8), "one class") is None
    fitted.save(tmp_path)
    assert load_stage_calibration(tmp_path) == fitted
    assert load_stage_calibration(tmp_path / "absent") is None
    (tmp_path / CALIBRATION_FILE).write_text("{}", encoding="utf-8")
    with pytest.raises(InvalidInputError, match="not a stage calibration"):
        load_stage_calibration(tmp_path)


def test_stage_settings_are_checked() -> None:
    assert not Stages().active
    assert Stages(ranker="rk").active
    with pytest.raises(InvalidInputError, match="at least 1"):
        Stages(rerank="ce", rerank_top=0)
    with pytest.raises(InvalidInputError, match="--rerank-top needs --rerank"):
        cli_stages(None, 5, "rk")
    assert cli_stages(None, None, None) is None
    assert cli_stages("ce", None, None) == Stages(rerank="ce", rerank_top=50)
