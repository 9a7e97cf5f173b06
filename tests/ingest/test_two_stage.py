"""Two-stage ranking of stored CVs gives the exact ranking when the ANN's N covers the pool."""

from pathlib import Path

from tests.ingest.paths import EXAMPLE_CVS, EXAMPLE_JOB

from cvmatch.engine.stored import StoredCvs
from cvmatch.types import DocumentKind


def _ids(ranking_matches: tuple[object, ...]) -> list[tuple[str, float]]:
    return [(m.cv_id, m.score) for m in ranking_matches]  # type: ignore[attr-defined]


def test_stored_top_50_equals_exact_scoring_of_the_files(stored: StoredCvs) -> None:
    stored.ingest(EXAMPLE_CVS)
    engine = stored.engine
    job = engine.parse(EXAMPLE_JOB, DocumentKind.JOB)
    exact = engine.rank(job, engine.parse_many(sorted(EXAMPLE_CVS.iterdir())).documents, 50)
    two_stage = stored.rank(job, top=50, candidates=1000)
    assert two_stage.searched == 16
    assert _ids(two_stage.ranking.matches) == _ids(exact.matches)
    assert two_stage.ranking.matches == exact.matches  # evidence included


def test_a_short_page_is_the_head_of_the_exact_ranking(stored: StoredCvs) -> None:
    # Explanations are built for the top 3 only; scores must not depend on the pool scored.
    stored.ingest(EXAMPLE_CVS)
    engine = stored.engine
    job = engine.parse(EXAMPLE_JOB, DocumentKind.JOB)
    exact = engine.rank(job, engine.parse_many(sorted(EXAMPLE_CVS.iterdir())).documents)
    page = stored.rank(job, top=3, candidates=1000)
    assert page.ranking.matches == exact.matches[:3]


def test_the_first_stage_keeps_the_nearest_vectors(stored: StoredCvs) -> None:
    stored.ingest(EXAMPLE_CVS)
    job = stored.engine.parse(EXAMPLE_JOB, DocumentKind.JOB)
    index, _ = stored.index()
    _, query = stored.engine.embed([job])
    nearest = [h.document_id for h in index.search(query[0], 4)]
    result = stored.rank(job, top=3, candidates=4)
    assert len(result.documents) == 4
    assert len(result.ranking.matches) == 3
    names = {d.id for d in stored.documents(nearest)}
    assert {m.cv_id for m in result.ranking.matches} <= names


def test_the_index_follows_new_ingests(stored: StoredCvs, tmp_path: Path) -> None:
    first = tmp_path / "first"
    first.mkdir()
    (first / "a.txt").write_text("Cassandra DBA with 5 years of Cassandra and Linux.")
    stored.ingest(first)
    assert stored.stats().size == 1
    stored.ingest(EXAMPLE_CVS)
    stats = stored.stats()
    assert (stats.size, stats.rebuilt, stats.added) == (17, False, 16)
    assert Path(stats.path).parent == tmp_path
