"""Hard negatives (ESCO neighbours, dense mining), labelled negatives in ranker lists, and the
requirement-evidence ranker features."""

import numpy as np
from tests.support.encoders import KeywordEncoder

from cvmatch.evaluation.datasets.esco import Occupation
from cvmatch.training.config import EscoSource
from cvmatch.training.cross_encoder import add_negatives
from cvmatch.training.features import FeatureContext, feature_matrix
from cvmatch.training.mining import mine_negatives
from cvmatch.training.pairs import esco_pairs, neighbours
from cvmatch.training.ranker import candidate_lists
from cvmatch.training.records import TrainingPair

OCCUPATIONS = [
    Occupation("u1", "2512.1", "software developer", ("programmer", "coder"), "Writes code."),
    Occupation("u2", "2512.2", "web developer", ("web programmer",), "Builds websites."),
    Occupation("u3", "2221.1", "nurse", ("registered nurse",), "Cares for patients."),
]


def test_neighbours_prefer_the_same_isco_unit_group() -> None:
    near = neighbours(OCCUPATIONS)
    assert near["u1"].uri == "u2"
    assert near["u2"].uri == "u1"
    assert near["u3"].uri == "u1"  # alone in 2221: the next occupation in code order


def test_esco_one_text_pairs_leave_the_query_out_and_carry_hard_negatives() -> None:
    source = EscoSource(fields=("one_text",), max_pairs_per_occupation=5, hard_negatives=True)
    pairs = {p.query: p for p in esco_pairs(OCCUPATIONS, source, seed=1)}
    assert set(pairs) == {"programmer", "coder", "web programmer", "registered nurse"}
    programmer = pairs["programmer"]
    assert programmer.document == "software developer. coder. Writes code."
    assert programmer.negative == "web developer. web programmer. Builds websites."
    labels = esco_pairs(OCCUPATIONS, EscoSource(fields=("alt_labels",), hard_negatives=True), 1)
    assert {(p.query, p.negative) for p in labels if p.group == "u3"} == {
        ("registered nurse", "software developer")
    }
    plain = esco_pairs(OCCUPATIONS, EscoSource(fields=("alt_labels",)), 1)
    assert all(p.negative is None for p in plain)


def test_add_negatives_uses_each_pairs_hard_negative_first() -> None:
    pairs = [
        TrainingPair("coder", "software developer", 1.0, "u1", negative="web developer"),
        TrainingPair("nurse aide", "nurse", 1.0, "u3"),
    ]
    out = add_negatives(pairs, per_positive=0, seed=0)
    assert [(p.query, p.document, p.label) for p in out[2:]] == [("coder", "web developer", 0.0)]


def test_mined_negatives_are_the_top_ranked_documents_of_other_groups() -> None:
    pairs = [
        TrainingPair("python developer", "python developer", 1.0, "py"),
        TrainingPair("python programmer", "python developer", 1.0, "py"),
        TrainingPair("senior python engineer", "python engineer", 1.0, "eng"),
        TrainingPair("icu nurse", "nurse", 1.0, "nurse"),
    ]
    mined = mine_negatives(pairs, 1, KeywordEncoder())
    by_query = {p.query: p.document for p in mined}
    assert by_query["python programmer"] == "python engineer"  # shares "python"
    assert by_query["senior python engineer"] == "python developer"
    assert all(p.label == 0.0 for p in mined)
    assert all(p.document not in {"python developer"} for p in mined if p.group == "py")
    assert mine_negatives(pairs, 0, KeywordEncoder()) == []


def test_ranker_lists_start_with_the_labelled_negatives() -> None:
    pairs = [
        TrainingPair("job a", "cv a matched", 1.0, "a"),
        TrainingPair("job a", "zzz unrelated", 0.0, "a"),
        TrainingPair("job b", "cv b matched", 1.0, "b"),
        TrainingPair("job b", "cv b near miss", 0.0, "b"),
    ]
    lists = {
        c.query: c for c in candidate_lists(pairs, 3, ["dense"], FeatureContext(KeywordEncoder()))
    }
    assert lists["job a"].candidates[:2] == ("cv a matched", "zzz unrelated")
    assert lists["job b"].candidates[:2] == ("cv b matched", "cv b near miss")
    assert list(lists["job b"].labels) == [1.0, 0.0, 0.0]


JOB = (
    "Senior Python developer\n"
    "Requirements:\n"
    "- 5+ years of experience with Python\n"
    "- Experience with PostgreSQL and Docker\n"
)
FULL = (
    "Jane Doe\nExperience\nPython developer, Acme, 2015 - 2023\n"
    "Built services in Python with PostgreSQL and Docker.\n"
)
SHORT = "John Roe\nExperience\nPython developer, Beta, 2022 - 2023\nWrote Python scripts.\n"


def test_requirement_features_credit_the_cv_that_meets_the_job() -> None:
    values = feature_matrix(
        ["requirements", "years"], JOB, [FULL, SHORT, "Chef."], FeatureContext()
    )
    coverage, years = values[:, 0], values[:, 1]
    assert coverage[0] > coverage[1] > coverage[2] - 1e-9
    assert years[0] == 1.0
    assert 0.0 < years[1] < 1.0
    again = feature_matrix(["requirements", "years"], JOB, [FULL, SHORT, "Chef."], FeatureContext())
    assert np.array_equal(values, again)


def test_years_feature_is_neutral_when_the_job_asks_no_years() -> None:
    job = "Barista\nRequirements:\n- Latte art\n"
    values = feature_matrix(["years"], job, ["Barista, latte art.", "Chef."], FeatureContext())
    assert list(values[:, 0]) == [1.0, 1.0]
