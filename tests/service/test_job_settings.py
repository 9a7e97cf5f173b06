"""Per-job scoring settings through the HTTP API: trained stages and the LLM switch.

A feedback ranker (a logistic regression over the pipeline's match features, no torch) is
fitted on the test CVs and registered in a temporary registry; the job's ranking with it must
equal ``Engine.rank(job, cvs, stages=Stages(ranker=...))``, the call behind
``cvmatch rank --ranker``, on the same files. The LLM switch runs against the fake
OpenAI-compatible server of ``tests/llm`` (a real HTTP server on loopback).
"""

import shutil
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from fastapi.testclient import TestClient
from tests.engine.test_trained_stages import _train
from tests.llm.conftest import FakeLlm, fake_llm  # noqa: F401 - the server fixture
from tests.service.test_api import CVS, JOB, files
from tests.support.engine import fake_engine, fake_settings

from cvmatch.engine import Stages
from cvmatch.scoring.feedback_ranker import fit_linear
from cvmatch.scoring.match_features import MATCH_FEATURES, feature_table
from cvmatch.service.app import create_app
from cvmatch.settings import Settings
from cvmatch.store.job_state import job_state
from cvmatch.training.feedback_train import save_linear
from cvmatch.training.model_registry import register
from cvmatch.types import DocumentKind, Match, StageEffect
from cvmatch.workspace import Workspace

GOOD = {"ada.txt", "bob.md"}
"""The CVs the feedback ranker learns to prefer (the Cassandra ones)."""


def _client(settings: Settings) -> tuple[TestClient, Workspace]:
    workspace = Workspace.open(settings=settings, engine=fake_engine(settings))
    client = TestClient(create_app(settings, workspace))
    client.headers["Authorization"] = f"Bearer {workspace.add_user('alice')}"
    return client, workspace


@pytest.fixture
def registry(tmp_path: Path) -> Path:
    """A registry holding ``fb@v1``: a feedback ranker fitted on the test CVs."""
    settings = fake_settings(tmp_path / "fit")
    engine = fake_engine(settings)
    job = engine.parse_text(JOB, DocumentKind.JOB, "job")
    cvs = [engine.parse_text(text, DocumentKind.CV, name) for name, text in CVS.items()]
    matches = engine.rank(job, cvs).matches
    labels = np.asarray([int(m.cv_id in GOOD) for m in matches])
    save_linear(fit_linear(feature_table(matches), labels, MATCH_FEATURES), tmp_path / "fb")
    root = tmp_path / "models"
    register(tmp_path / "fb", root, name="fb", kind="feedback-ranker", extra={})
    return root


@pytest.fixture
def app(tmp_path: Path, registry: Path) -> Iterator[tuple[TestClient, Workspace]]:
    client, workspace = _client(fake_settings(tmp_path, models_dir=registry))
    yield client, workspace
    client.close()
    workspace.close()


def _job(client: TestClient) -> int:
    # from the file, as ``cvmatch rank job.md`` reads it (the markdown reader, not raw text)
    upload = {"file": ("job.md", JOB.encode(), "text/markdown")}
    job = client.post("/api/jobs/file", files=upload, data={"title": "DBA"}).json()
    assert client.post(f"/api/jobs/{job['id']}/cvs", files=files(sorted(CVS))).status_code == 200
    return int(job["id"])


def _rows(client: TestClient, job_id: int, **params: object) -> dict[str, Any]:
    response = client.get(f"/api/jobs/{job_id}/ranking", params={"limit": 100} | params)
    assert response.status_code == 200, response.text
    return response.json()  # type: ignore[no-any-return]


def _cli(workspace: Workspace, tmp_path: Path, stages: Stages) -> tuple[Match, ...]:
    """The CLI's path: ``Engine.rank`` over the same files (written here) with ``stages``."""
    folder = tmp_path / "files"
    folder.mkdir()
    (folder / "job.md").write_text(JOB, encoding="utf-8")
    for name, text in CVS.items():
        (folder / name).write_text(text, encoding="utf-8")
    engine = fake_engine(workspace.ctx.settings)
    job = engine.parse(folder / "job.md", DocumentKind.JOB)
    cvs = engine.parse_many(sorted(p for p in folder.iterdir() if p.name != "job.md"))
    return engine.rank(job, cvs.documents, stages=stages).matches


def _revision(workspace: Workspace, job_id: int) -> int:
    with workspace.ctx.db.connect() as conn:
        state = job_state(conn, job_id)
    assert state is not None
    return int(state.revision)


DEFAULTS = {"rerank_model": None, "rerank_top": 50, "ranker_model": None, "llm": False}


def test_a_job_without_settings_ranks_as_before(app: tuple[TestClient, Workspace]) -> None:
    client, _ = app
    job_id = _job(client)
    settings = client.get(f"/api/jobs/{job_id}/settings")
    assert settings.status_code == 200
    assert settings.json() == DEFAULTS | {"llm_top": 20}
    page = _rows(client, job_id)
    assert page["settings"] == settings.json()
    assert (page["llm"], page["ann"]) == (None, None)
    assert all(r["stages"] == [] and r["llm"] is None for r in page["items"])
    assert all("stages" not in r["match"] for r in page["items"])
    assert client.get("/api/jobs/99/settings").status_code == 404
    page = client.get("/", headers={"Authorization": ""}).text
    assert 'id="settings-form"' in page  # the job page's settings form
    assert "/settings`" in client.get("/static/app.js").text


def test_unknown_and_wrong_kind_models_are_422(app: tuple[TestClient, Workspace]) -> None:
    client, workspace = app
    job_id = _job(client)
    before = _revision(workspace, job_id)
    unknown = client.put(f"/api/jobs/{job_id}/settings", json={"ranker_model": "nope@v3"})
    assert unknown.status_code == 422
    assert unknown.headers["content-type"] == "application/problem+json"
    assert "no trained model 'nope@v3'" in unknown.json()["detail"]
    assert "cvmatch models" in unknown.json()["detail"]
    wrong = client.put(f"/api/jobs/{job_id}/settings", json={"rerank_model": "fb@v1"})
    assert wrong.status_code == 422
    assert "--rerank needs a trained cross-encoder" in wrong.json()["detail"]
    assert "'feedback-ranker'" in wrong.json()["detail"]
    assert client.put(f"/api/jobs/{job_id}/settings", json={"rerank_top": 0}).status_code == 422
    assert client.get(f"/api/jobs/{job_id}/settings").json()["ranker_model"] is None
    assert _revision(workspace, job_id) == before  # nothing was stored


def test_a_ranker_setting_ranks_like_the_cli_and_says_who_moved_whom(
    app: tuple[TestClient, Workspace], tmp_path: Path
) -> None:
    client, workspace = app
    job_id = _job(client)
    plain = _rows(client, job_id)
    before = _revision(workspace, job_id)
    saved = client.put(f"/api/jobs/{job_id}/settings", json={"ranker_model": "fb@v1"})
    assert saved.status_code == 200, saved.text
    assert saved.json()["ranker_model"] == "fb@v1"
    assert _revision(workspace, job_id) == before + 1  # the cached view is rebuilt
    page = _rows(client, job_id)
    assert page["settings"]["ranker_model"] == "fb@v1"

    cli = _cli(workspace, tmp_path, Stages(ranker="fb@v1"))
    expected = {Path(m.cv_id).stem: m for m in cli}
    assert {r["name"]: r["score"] for r in page["items"]} == {
        name: m.score for name, m in expected.items()
    }
    assert [r["name"] for r in page["items"]][:2] == [Path(m.cv_id).stem for m in cli][:2]
    plain_rank = {r["name"]: r["rank"] for r in plain["items"]}
    for row in page["items"]:
        (effect,) = row["stages"]
        cli_effect = expected[row["name"]].stages[0]
        assert (effect["model"], effect["kind"]) == ("fb@v1", "ranker")
        assert effect["score_after"] == row["score"] == row["job_score"]
        assert effect["rank_before"] == plain_rank[row["name"]] == cli_effect.rank_before
        assert effect["raw"] == pytest.approx(cli_effect.raw)
        assert row["match"]["stages"] == [effect]  # the match JSON carries them as the CLI's
    compact = _rows(client, job_id, evidence="false")
    assert [r["stages"] for r in compact["items"]] == [r["stages"] for r in page["items"]]
    export = client.get(f"/api/jobs/{job_id}/export", params={"format": "json"}).json()
    assert export["results"][0]["stages"][0]["model"] == "fb@v1"

    # back to the first stage alone: the plain list again
    client.put(f"/api/jobs/{job_id}/settings", json={}).raise_for_status()
    assert _rows(client, job_id) == plain


def test_stars_blend_over_the_staged_scores(app: tuple[TestClient, Workspace]) -> None:
    client, _ = app
    job_id = _job(client)
    client.put(f"/api/jobs/{job_id}/settings", json={"ranker_model": "fb"}).raise_for_status()
    staged = {r["candidate_id"]: r["job_score"] for r in _rows(client, job_id)["items"]}
    dee = next(r for r in _rows(client, job_id)["items"] if r["name"] == "dee")
    client.put(f"/api/jobs/{job_id}/stars/{dee['candidate_id']}").raise_for_status()
    page = _rows(client, job_id)
    assert {r["candidate_id"]: r["job_score"] for r in page["items"]} == staged
    for row in page["items"]:
        expected = 0.5 * row["job_score"] + 0.5 * 100 * row["star_similarity"]
        assert row["score"] == pytest.approx(expected, abs=0.01)  # both rounded


def test_the_llm_switch_is_refused_without_an_endpoint(app: tuple[TestClient, Workspace]) -> None:
    client, _ = app
    job_id = _job(client)
    refused = client.put(f"/api/jobs/{job_id}/settings", json={"llm": True})
    assert refused.status_code == 422
    assert "CVMATCH_LLM_BASE_URL" in refused.json()["detail"]
    assert client.get(f"/api/jobs/{job_id}/settings").json()["llm"] is False


def test_the_llm_switch_rereads_the_top_and_degrades_on_failure(
    tmp_path: Path,
    fake_llm: FakeLlm,  # noqa: F811 - the imported fixture
) -> None:
    settings = fake_settings(tmp_path, llm_base_url=fake_llm.base_url, llm_model="det")
    client, workspace = _client(settings)
    job_id = _job(client)
    plain = _rows(client, job_id)
    body = {"llm": True, "llm_top": 3}
    assert client.put(f"/api/jobs/{job_id}/settings", json=body).json()["llm_top"] == 3
    requests = fake_llm.requests()
    page = _rows(client, job_id)
    assert fake_llm.requests() == requests + 3
    assert page["llm"] == {"model": "det", "reviewed": 3, "degraded": False, "warnings": []}
    top, rest = page["items"][:3], page["items"][3:]
    assert {r["name"] for r in top} == {r["name"] for r in plain["items"][:3]}
    fused = [r["fused_score"] for r in top]
    assert fused == sorted(fused, reverse=True)
    assert all(r["llm"]["status"] == "ok" and r["llm"]["summary"] for r in top)
    assert [r["name"] for r in rest] == [r["name"] for r in plain["items"][3:]]
    assert all(r["llm"] is None and r["fused_score"] is None for r in rest)
    export = client.get(f"/api/jobs/{job_id}/export", params={"format": "json"}).json()
    assert [r["fused_score"] for r in export["results"][:3]] == fused
    assert "llm" not in export["results"][3]
    client.close()
    workspace.close()

    # the same store served by a process whose endpoint fails: the deterministic list, flagged
    failing = fake_settings(tmp_path, llm_base_url=fake_llm.base_url, llm_model="500")
    client, workspace = _client(failing)
    page = _rows(client, job_id)
    assert page["llm"]["degraded"] is True
    assert page["llm"]["warnings"]
    assert [r["name"] for r in page["items"]] == [r["name"] for r in plain["items"]]
    assert [r["score"] for r in page["items"]] == [r["score"] for r in plain["items"]]
    client.close()
    workspace.close()

    # and one with no endpoint at all: deterministic, with the reason
    client, workspace = _client(fake_settings(tmp_path))
    page = _rows(client, job_id)
    assert page["llm"]["degraded"] is True
    assert "CVMATCH_LLM_BASE_URL" in page["llm"]["warnings"][0]
    assert [r["name"] for r in page["items"]] == [r["name"] for r in plain["items"]]
    client.close()
    workspace.close()


# ---- trained by ``cvmatch train``: a text ranker (seconds), a cross-encoder (MiniLM) ----------
@pytest.fixture(scope="module")
def trained(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A registry with ``rk@v1``, a tiny ranker over the keyword fake (a real training run)."""
    return _train(tmp_path_factory.mktemp("rk"), "ranker", "rk")


def _staged_like_the_cli(
    client: TestClient, workspace: Workspace, tmp_path: Path, stages: Stages
) -> None:
    """The job's list under ``stages`` equals ``Engine.rank`` over the same files."""
    job_id = _job(client)
    body = {"ranker_model": stages.ranker, "rerank_model": stages.rerank}
    body |= {"rerank_top": stages.rerank_top}
    client.put(f"/api/jobs/{job_id}/settings", json=body).raise_for_status()
    rows = _rows(client, job_id)["items"]
    cli = {Path(m.cv_id).stem: m for m in _cli(workspace, tmp_path, stages)}
    assert {r["name"]: r["score"] for r in rows} == {n: m.score for n, m in cli.items()}
    scores = [r["score"] for r in rows]
    assert scores == sorted(scores, reverse=True)  # ties may go by another id than a file name
    for row in rows:
        effects = [StageEffect(**s) for s in row["stages"]]
        assert [_no_ranks(e) for e in effects] == [_no_ranks(e) for e in cli[row["name"]].stages]


def _no_ranks(effect: StageEffect) -> StageEffect:
    """An effect without its ranks (equal scores may be ordered by other ids than the CLI's)."""
    return replace(effect, rank_before=0, rank_after=0)


def test_a_trained_text_ranker_setting(tmp_path: Path, trained: Path) -> None:
    client, workspace = _client(fake_settings(tmp_path, models_dir=trained))
    _staged_like_the_cli(client, workspace, tmp_path, Stages(ranker="rk@v1"))
    client.close()
    workspace.close()


@pytest.mark.models
def test_a_cross_encoder_and_a_ranker_setting(
    tmp_path: Path, trained: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    registry = _train(tmp_path_factory.mktemp("ce"), "cross-encoder", "ce")
    shutil.copytree(trained / "rk", registry / "rk")
    client, workspace = _client(fake_settings(tmp_path, models_dir=registry))
    _staged_like_the_cli(
        client, workspace, tmp_path, Stages(rerank="ce@v1", rerank_top=3, ranker="rk@v1")
    )
    client.close()
    workspace.close()
