"""The match-feature RankNet (``match-ranker``), its RJDB data split and the ``must_have`` feature."""

import json
from pathlib import Path

import numpy as np
import pytest
from bench.quality.cross_encoder_pairs import rjdb_halves as bench_halves

from cvmatch.encoders.shipped import WEIGHTS_DIR
from cvmatch.evaluation.datasets.base import default_data_dir
from cvmatch.evaluation.datasets.rjdb import rjdb_halves
from cvmatch.training.config import load_config
from cvmatch.training.features import FeatureContext, feature_matrix
from cvmatch.training.ranker_match import (
    MatchList,
    list_metrics,
    pair_differences,
    select_l2,
    train_match_ranker,
)
from cvmatch.training.runner import prepare

ROOT = Path(__file__).resolve().parents[2]


def test_the_split_is_the_benchmarks_and_its_halves_are_disjoint() -> None:
    calibration, report = rjdb_halves(500)
    assert (calibration, report) == bench_halves(500)
    assert len(calibration) == len(report) == 250
    assert not set(calibration) & set(report)


def test_the_shipped_ranker_never_saw_a_report_half_triple() -> None:
    trained = json.loads(
        (WEIGHTS_DIR / "rjdb-match-ranker" / "cvmatch-model.json").read_text(encoding="utf-8")
    )
    calibration, report = rjdb_halves(500)
    seen = trained["training"]["train_triples"] + trained["training"]["validation_triples"]
    assert sorted(seen) == calibration
    assert not set(seen) & set(report)
    assert not set(trained["training"]["train_triples"]) & set(
        trained["training"]["validation_triples"]
    )
    assert trained["config"]["data"]["half"] == "calibration"


@pytest.mark.skipif(not default_data_dir().is_dir(), reason="needs ../shared/data")
def test_the_calibration_half_recipe_reads_no_report_half_pair() -> None:
    config = load_config(ROOT / "recipes" / "experiments" / "rjdb-ranknet.yaml", "ranker")
    _, splits = prepare(config)
    groups = {p.group for p in [*splits.train, *splits.validation, *splits.test]}
    calibration, _ = rjdb_halves(500)
    assert groups == {f"rjdb:{i}" for i in calibration}


def test_pair_differences_take_every_positive_negative_pair() -> None:
    """List [p=(2,0), n1=(0,0), n2=(1,1)] with mean 0, std 1: rows p-n1=(2,0), p-n2=(1,-1)."""
    item = MatchList(np.array([[2.0, 0.0], [0.0, 0.0], [1.0, 1.0]]), np.array([1.0, 0.0, 0.0]))
    diff = pair_differences([item], np.zeros(2), np.ones(2))
    assert diff.tolist() == [[2.0, 0.0], [1.0, -1.0]]


def test_list_metrics_by_hand() -> None:
    """List 1: positive 2nd of 3 (RR 1/2, wins 1 of 2); list 2: a tie counts against it (RR 1/2).

    MRR = (1/2 + 1/2) / 2 = 0.5; pairwise = (1 + 0) / (2 + 1) = 1/3.
    """
    one = MatchList(np.zeros((3, 1)), np.array([1.0, 0.0, 0.0]))
    two = MatchList(np.zeros((2, 1)), np.array([1.0, 0.0]))
    metrics = list_metrics([one, two], [np.array([0.5, 0.9, 0.1]), np.array([0.3, 0.3])])
    assert metrics == {"mrr": 0.5, "pairwise": pytest.approx(1 / 3)}


def _lists(seed: int, count: int) -> list[MatchList]:
    """The positive has the higher first column; the second column is noise."""
    rng = np.random.default_rng(seed)
    out = []
    for _ in range(count):
        x = rng.normal(size=(6, 2))
        x[0, 0] = x[:, 0].max() + 0.5
        out.append(MatchList(x, np.array([1.0, 0, 0, 0, 0, 0])))
    return out


def test_the_ranker_learns_the_signal_and_its_output_is_calibrated() -> None:
    train, validation = _lists(0, 40), _lists(1, 20)
    model, report = train_match_ranker(train, validation, ("signal", "noise"))
    assert model.coef[0] > 5 * abs(model.coef[1])
    assert report["validation_mrr"] == 1.0
    # the folded Platt fit: the mean probability on the validation rows is the positive rate
    rows = np.concatenate([i.features for i in validation])
    assert model.probability(rows).mean() == pytest.approx(1 / 6, abs=0.02)


def test_select_l2_breaks_ties_toward_the_strongest_pull() -> None:
    train, validation = _lists(0, 20), _lists(1, 10)
    best, _, tried = select_l2(train, validation, np.zeros(2), np.ones(2), (10.0, 0.1, 1.0))
    assert set(tried) == {"10.0", "0.1", "1.0"}
    assert all(m["mrr"] == 1.0 for m in tried.values())
    assert best == 0.1


JOB = (
    "Senior Python developer\n"
    "Requirements:\n"
    "- 5+ years of experience with Python\n"
    "- Experience with PostgreSQL and Docker (required)\n"
)
FULL = (
    "Jane Doe\nExperience\nPython developer, Acme, 2015 - 2023\n"
    "Built services in Python with PostgreSQL and Docker.\n"
)


def test_the_must_have_feature_is_the_share_of_required_requirements_missed() -> None:
    values = feature_matrix(["must_have"], JOB, [FULL, "Chef."], FeatureContext())[:, 0]
    assert 0.0 <= values[0] < values[1] == 1.0  # the chef misses every must-have
