"""The fused cross-encoder stage: evidence view, fusion fit, calibrated and deterministic order."""

from pathlib import Path

import numpy as np
import pytest

from cvmatch.errors import InvalidInputError
from cvmatch.scoring.rerank import EVIDENCE_INPUT, rerank_texts
from cvmatch.scoring.rerank_fusion import (
    RerankSettings,
    first_stage_logit,
    fit_fusion,
    fused_raw,
    load_rerank_settings,
    rerank_scorer,
)
from cvmatch.scoring.stages import Candidate, ScoringStage, StageKind, apply_stage
from cvmatch.types import (
    Document,
    DocumentKind,
    Evidence,
    EvidenceStatus,
    Importance,
    Match,
    Requirement,
    RequirementKind,
    Signals,
)


def _match(cv_id: str, score: float, spans: tuple[str, ...] = ()) -> Match:
    evidence = tuple(
        Evidence(
            Requirement(f"skill {i}", RequirementKind.SKILL, Importance.REQUIRED),
            EvidenceStatus.MET if span else EvidenceStatus.MISSING,
            1.0 if span else 0.0,
            span,
        )
        for i, span in enumerate(spans)
    )
    return Match("job", cv_id, score, Signals(0.5, 0.5, 0.5, "m"), evidence=evidence)


def _candidate(cv_id: str, score: float, spans: tuple[str, ...]) -> Candidate:
    job = Document("job", DocumentKind.JOB, "the job", "en", 1.0)
    cv = Document(cv_id, DocumentKind.CV, f"cv text {cv_id}", "en", 1.0)
    return Candidate(_match(cv_id, score, spans), job, cv)


def test_evidence_view_dedupes_lines_and_falls_back_to_full_texts() -> None:
    match = _match("c", 50.0, ("uses sql daily", "uses sql daily", "", "go " * 60))
    asked, lines = rerank_texts(match, "job text", "cv text")
    assert asked == "skill 0; skill 1; skill 2; skill 3"
    assert lines == "uses sql daily | " + " ".join(["go"] * 40)  # one copy, cut to 40 words
    assert rerank_texts(_match("c", 50.0), "job text", "cv text") == ("job text", "cv text")


def test_first_stage_logit_clips_and_is_symmetric() -> None:
    """logit(0.9) = ln 9 = 2.1972; 0 and 100 clip to ±logit(0.995) = ±5.2933."""
    out = first_stage_logit(np.array([90.0, 10.0, 0.0, 100.0]))
    assert out.round(4).tolist() == [2.1972, -2.1972, -5.2933, 5.2933]
    assert fused_raw(np.array([50.0]), np.array([2.0]), 0.5).tolist() == [1.0]


def _labelled(seed: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Pairs whose label the first stage sees noisily and the logit sees better."""
    rng = np.random.default_rng(seed)
    labels = rng.integers(0, 2, 400).astype(float)
    first = np.clip(50 + 15 * (labels - 0.5) + rng.normal(0, 15, 400), 1, 99)
    logits = 3 * (labels - 0.5) + rng.normal(0, 1, 400)
    return first, logits, labels


def test_fusion_weighs_an_informative_logit_and_is_calibrated() -> None:
    first, logits, labels = _labelled(0)
    weight, calibration = fit_fusion(first, logits, labels, "synthetic")
    assert weight > 0
    assert calibration.a > 0
    assert calibration.pairs == 400
    again = fit_fusion(first, logits, labels, "synthetic")
    assert again == (weight, calibration)  # deterministic
    p = calibration.probability(fused_raw(first, logits, weight))
    assert abs(p.mean() - labels.mean()) < 0.02  # calibrated in the large
    for low in (0.0, 0.5):  # and per half of the scale
        inside = (p >= low) & (p < low + 0.5)
        assert abs(p[inside].mean() - labels[inside].mean()) < 0.1
    fused_auc = _auc(fused_raw(first, logits, weight), labels)
    assert fused_auc > _auc(first, labels)


def _auc(scores: np.ndarray, labels: np.ndarray) -> float:
    pos, neg = scores[labels > 0], scores[labels <= 0]
    return float((pos[:, None] > neg[None, :]).mean())


def test_fusion_refuses_one_label_and_an_inverted_first_stage() -> None:
    first, logits, labels = _labelled(1)
    with pytest.raises(InvalidInputError, match="both positive and negative"):
        fit_fusion(first, logits, np.ones_like(labels), "all positive")
    with pytest.raises(InvalidInputError, match="coefficient"):
        fit_fusion(100 - first, np.zeros_like(logits), labels, "inverted")


def test_settings_round_trip_and_a_broken_file_is_refused(tmp_path: Path) -> None:
    assert load_rerank_settings(tmp_path) is None
    RerankSettings(EVIDENCE_INPUT, 0.75, "validation").save(tmp_path)
    assert load_rerank_settings(tmp_path) == RerankSettings(EVIDENCE_INPUT, 0.75, "validation")
    (tmp_path / "rerank-stage.json").write_text("[]", encoding="utf-8")
    with pytest.raises(InvalidInputError, match="not rerank stage settings"):
        load_rerank_settings(tmp_path)


def test_fused_stage_reads_evidence_and_reorders_deterministically() -> None:
    seen: list[list[str]] = []

    def logits(_jobs: list[str], cvs: list[str]) -> np.ndarray:
        seen.append(list(cvs))
        return np.array([3.0 if "python" in cv else -3.0 for cv in cvs])

    scorer = rerank_scorer(logits, RerankSettings(EVIDENCE_INPUT, 1.0, "test"))
    _, calibration = fit_fusion(*_labelled(2), "synthetic")
    stage = ScoringStage("ce@v1", StageKind.RERANK, scorer, calibration, top=3)
    candidates = [
        _candidate("a", 80.0, ("wrote java",)),
        _candidate("b", 78.0, ("wrote python",)),
        _candidate("c", 60.0, ("",)),
        _candidate("d", 10.0, ("wrote python",)),  # below the top 3: not re-read
    ]
    first = apply_stage(stage, candidates, lambda m: m.cv_id)
    second = apply_stage(stage, candidates, lambda m: m.cv_id)
    assert seen[0] == ["wrote java", "wrote python", ""]  # the evidence view, not the CV text
    order = [c.match.cv_id for c in first]
    assert order == [c.match.cv_id for c in second]
    assert [c.match.score for c in first] == [c.match.score for c in second]
    assert order[0] == "b"  # the logit lifts b over a
    untouched = next(c.match for c in first if c.match.cv_id == "d")
    assert untouched.stages == ()
    assert untouched.score == 10.0
    effect = first[0].match.stages[0]
    assert effect.calibration == "stored"
    z = 1.0 * 3.0 + float(first_stage_logit(np.array([78.0]))[0])
    assert effect.raw == pytest.approx(z, abs=1e-4)
    assert effect.score_after == round(100 * float(calibration.probability(np.array([z]))[0]), 1)


def test_without_settings_the_stage_reads_full_texts_unfused() -> None:
    scorer = rerank_scorer(lambda _jobs, cvs: np.array([float(len(c)) for c in cvs]), None)
    out = scorer([_candidate("abc", 50.0, ("x",))])
    assert out.tolist() == [float(len("cv text abc"))]
