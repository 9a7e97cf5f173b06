"""Acceptance (issue 19): ingest the examples into SQLite and into PostgreSQL + pgvector, then
``cvmatch index search --top 50`` returns what ``cvmatch rank`` of the files returns (exact).

On SQLite the first stage is the faiss file beside the store; on PostgreSQL it is pgvector's
HNSW inside the store (built on first search), with the real server the tests start.
"""

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cvmatch.cli.app import build_app
from cvmatch.engine import Engine
from cvmatch.engine.stored import StoredCvs
from cvmatch.index.pgvector_index import PgVectorIndex
from cvmatch.settings import get_settings
from cvmatch.store.ivfflat import IvfflatParams

ROOT = Path(__file__).resolve().parents[2]
CVS = ROOT / "examples" / "cvs"
JOB = ROOT / "examples" / "jobs" / "cassandra-dba.md"

runner = CliRunner()


def _run(*args: str) -> str:
    result = runner.invoke(build_app(), list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.fixture
def fake_everywhere(fake_env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The fake encoder for scoring and for the stored vectors."""
    del fake_env
    monkeypatch.setenv("CVMATCH_FEEDBACK_ENCODER", "fake-keywords")
    get_settings.cache_clear()


def _search_equals_rank(db: str) -> dict[str, object]:
    report = json.loads(_run("ingest", str(CVS), "--db", db, "-f", "json"))
    assert report["counts"] == {"stored": 16, "duplicate": 0, "refused": 0}
    stats = json.loads(_run("index", "build", "--db", db, "-f", "json"))
    searched = json.loads(
        _run("index", "search", str(JOB), "--db", db, "--top", "50", "-f", "json")
    )
    ranked = json.loads(_run("rank", str(JOB), str(CVS), "--top", "50", "-f", "json"))
    assert len(searched["results"]) == 16
    assert searched["results"] == ranked["results"]
    return dict(stats)


@pytest.mark.usefixtures("fake_everywhere")
def test_sqlite_store_search_equals_exact_rank(tmp_path: Path) -> None:
    stats = _search_equals_rank(str(tmp_path / "recruit.db"))
    assert (stats["tier"], stats["size"]) == ("exact", 16)


@pytest.mark.postgres
@pytest.mark.usefixtures("fake_everywhere")
def test_postgres_store_search_equals_exact_rank(fresh_postgres_url: str) -> None:
    stats = _search_equals_rank(fresh_postgres_url)
    assert (stats["tier"], stats["size"], stats["rebuilt"]) == (
        "pgvector-ivfflat-halfvec",
        16,
        True,
    )
    assert int(str(stats["memory_bytes"])) > 0
    again = json.loads(_run("index", "stats", "--db", fresh_postgres_url, "-f", "json"))
    assert (again["rebuilt"], again["path"]) == (False, stats["path"])


@pytest.mark.models
def test_with_the_real_models_search_equals_exact_rank(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The stored chunk vectors were made in other batches than the query's: same scores still.
    monkeypatch.setenv("CVMATCH_CACHE_DIR", str(tmp_path / "cache"))
    get_settings.cache_clear()
    _search_equals_rank(str(tmp_path / "recruit.db"))
    get_settings.cache_clear()


@pytest.mark.postgres
@pytest.mark.usefixtures("fake_everywhere")
def test_the_probes_setting_reaches_the_postgres_first_stage(
    fresh_postgres_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CVMATCH_PGVECTOR_PROBES", "3")
    get_settings.cache_clear()
    stored = StoredCvs(fresh_postgres_url, Engine(get_settings()))
    try:
        index = stored.first_stage(16)
    finally:
        stored.close()
    assert isinstance(index, PgVectorIndex)
    assert index.params == IvfflatParams(probes=3)
    assert index.tier == "pgvector-ivfflat-halfvec"
