"""The trust rules of :class:`cvmatch.llm.reviewer.Reviewer`, against the fake server."""

from pathlib import Path

import pytest
from tests.support.engine import fake_engine, fake_settings

from cvmatch.llm.config import LlmConfig
from cvmatch.llm.results import ReviewFlag, ReviewStatus
from cvmatch.llm.reviewer import Pair, Reviewer
from cvmatch.types import DocumentKind

JOB = "Requirements:\n- Cassandra\n- Linux\n"
CV = "Jo Park\nDatabase administrator\nCassandra clusters on Linux\n"


@pytest.fixture
def pair(tmp_path: Path) -> Pair:
    engine = fake_engine(fake_settings(tmp_path))
    job = engine.parse_text(JOB, DocumentKind.JOB, "job")
    cv = engine.parse_text(CV, DocumentKind.CV, "cv")
    return job, cv, engine.score(job, cv)


def _config(fake_llm, tmp_path: Path, model: str, **extra: object) -> LlmConfig:
    values: dict[str, object] = {
        "base_url": fake_llm.base_url,
        "model": model,
        "api_key": "x",
        "weight": 0.2,
        "top_k": 20,
        "timeout": 1.0,
        "seed": 7,
        "redact": True,
        "cache_dir": tmp_path / "llm",
    }
    return LlmConfig(**(values | extra))  # type: ignore[arg-type]


def test_valid_answer_is_fused_and_cached(fake_llm, tmp_path, pair) -> None:
    reviewer = Reviewer(_config(fake_llm, tmp_path, "det"))
    first = reviewer.review([pair])
    assert first.stats.requests == 1
    (review,) = first.reviews
    assert review.status is ReviewStatus.OK
    assert review.fit == 100
    assert review.fused_score == round(0.8 * review.score + 20, 2)
    assert [v.line_ids for v in review.verdicts] == [("L3",), ("L3",)]
    assert review.verdicts[0].lines == ("Cassandra clusters on Linux",)
    second = Reviewer(_config(fake_llm, tmp_path, "det")).review([pair])
    assert second.stats.requests == 0
    assert second.stats.cache_hits == 1
    assert second.reviews == first.reviews
    # Another model is another cache key.
    assert Reviewer(_config(fake_llm, tmp_path, "cost")).review([pair]).stats.requests == 1


def test_every_request_is_temperature_zero_with_the_seed(fake_llm, tmp_path, pair) -> None:
    before = fake_llm.requests()
    Reviewer(_config(fake_llm, tmp_path, "det", use_cache=False)).review([pair])
    (body,) = fake_llm.bodies()[before:]
    assert body["temperature"] == 0
    assert body["seed"] == 7
    assert body["response_format"]["type"] == "json_schema"


@pytest.mark.parametrize("model", ["malformed", "wrong-ids"])
def test_invalid_twice_keeps_the_deterministic_score_with_a_flag(
    fake_llm, tmp_path, pair, model
) -> None:
    run = Reviewer(_config(fake_llm, tmp_path, model)).review([pair])
    assert run.stats.requests == 2  # the answer, then one retry
    (review,) = run.reviews
    assert review.status is ReviewStatus.INVALID
    assert review.fused_score == review.score
    assert review.fit is None
    assert ReviewFlag.INVALID_ANSWER in review.flags
    assert not run.degraded
    # Nothing invalid is cached: the next run asks again.
    assert Reviewer(_config(fake_llm, tmp_path, model)).review([pair]).stats.requests == 2


def test_a_wrong_first_answer_is_retried_once(fake_llm, tmp_path, pair) -> None:
    before = fake_llm.requests()
    run = Reviewer(_config(fake_llm, tmp_path, "wrong-once")).review([pair])
    assert fake_llm.requests() - before == 2
    (review,) = run.reviews
    assert review.status is ReviewStatus.OK
    assert ReviewFlag.RETRIED in review.flags
    retry = fake_llm.bodies()[-1]["messages"]
    assert "L999" in retry[-1]["content"]  # the retry names the unknown id
    # The rerun reads the cache and reports the same review, retry flag included.
    again = Reviewer(_config(fake_llm, tmp_path, "wrong-once")).review([pair])
    assert again.stats.requests == 0
    assert again.reviews == run.reviews


@pytest.mark.parametrize("model", ["429", "500", "slow"])
def test_endpoint_failure_degrades_without_raising(fake_llm, tmp_path, pair, model) -> None:
    run = Reviewer(_config(fake_llm, tmp_path, model)).review([pair, pair])
    assert run.degraded
    assert run.stats.requests == 1  # the first failure stops the run's requests
    assert all(r.status is ReviewStatus.UNAVAILABLE for r in run.reviews)
    assert all(r.fused_score == r.score for r in run.reviews)
    assert "deterministic ranking kept" in run.stats.warnings[0]


def test_cost_is_summed_when_the_server_reports_it(fake_llm, tmp_path, pair) -> None:
    run = Reviewer(_config(fake_llm, tmp_path, "cost", use_cache=False)).review([pair, pair])
    assert run.stats.cost == pytest.approx(0.003)
    assert run.stats.prompt_tokens == 200
    assert "cost 0.0030" in run.stats.line()
