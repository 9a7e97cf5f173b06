"""Ingest precomputes what the query path needs; ranking stored CVs then parses, stems and
embeds none.

The query engine here has no embedding cache at all, so every CV vector it scores with must
come from the store; the model, the fact extraction and the stemming of a CV's terms and lines
are watched to prove no CV reaches them.
"""

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest
from sqlalchemy import select
from tests.ingest.paths import EXAMPLE_CVS, EXAMPLE_JOB

from cvmatch.encoders.base import DenseEncoder, Role
from cvmatch.encoders.cache import EmbeddingCache, text_key
from cvmatch.engine import Engine
from cvmatch.engine.stored import StoredCvs
from cvmatch.extract import cv as cv_module
from cvmatch.ingest.feature_rows import PREFIX, lexical_key, stored_facts, stored_lexical
from cvmatch.ingest.features import (
    PrecomputedCache,
    facts_from_json,
    facts_key,
    facts_to_json,
)
from cvmatch.scoring import lexical, requirements
from cvmatch.scoring.cvlines import CvLine, cv_lines, gloss_lines
from cvmatch.scoring.known_cvs import KNOWN, cv_lexical, known_lines
from cvmatch.settings import Settings
from cvmatch.store.schema import documents
from cvmatch.types import Document, DocumentKind


def test_facts_survive_json(stored: StoredCvs) -> None:
    engine = stored.engine
    for path in sorted(EXAMPLE_CVS.iterdir())[:6]:
        facts = engine.requirement_matcher().facts(engine.parse(path))
        assert facts_from_json(facts_to_json(facts)) == facts


def test_facts_key_follows_the_reference_and_the_taxonomy(tmp_path: Path) -> None:
    taxonomy = tmp_path / "taxonomy.sqlite"
    before = facts_key(2025.0, taxonomy)
    assert facts_key(2025.0833, taxonomy) != before
    taxonomy.write_bytes(b"x")
    assert facts_key(2025.0, taxonomy) != before


def test_precomputed_vectors_come_first_then_the_inner_cache(tmp_path: Path) -> None:
    inner = EmbeddingCache(tmp_path / "e.sqlite")
    inner.put_many("m", ["b"], np.asarray([[0.0, 1.0]], dtype=np.float32))
    mine = {("m", text_key("a")): np.asarray([1.0, 0.0], dtype=np.float32)}
    cache = PrecomputedCache(mine, inner)
    found = cache.get_many("m", ["a", "b", "c"])
    assert sorted(found) == [0, 1]
    assert found[0].tolist() == [1.0, 0.0]
    assert found[1].tolist() == [0.0, 1.0]
    assert PrecomputedCache(mine, None).get_many("other", ["a"]) == {}
    inner.close()


def test_every_ingested_cv_keeps_its_facts_and_scoring_vectors(stored: StoredCvs) -> None:
    report = stored.ingest(EXAMPLE_CVS)
    engine = stored.engine
    key = facts_key(engine.requirement_matcher().extractor.reference, stored.settings.taxonomy_file)
    with stored.db.connect() as conn:
        rows = conn.execute(select(documents.c.id, documents.c.text, documents.c.meta)).all()
    assert len(rows) == report.counts["stored"] == 16
    for row in rows:
        doc = stored.documents([int(row.id)])[0]
        facts = engine.requirement_matcher().facts(doc)
        assert stored_facts(row.meta, key) == facts
        assert stored_facts(row.meta, "another key") is None
        stems = stored_lexical(row.meta, lexical_key())
        assert stems == cv_lexical(doc, facts)
        assert stems.terms == lexical.cv_terms(doc)
        glossed = gloss_lines(cv_lines(doc, doc.language), facts, doc.language)
        assert known_lines(doc.text, stems.line_stems) == glossed
        assert stored_lexical(row.meta, "other stemming code") is None


def test_stored_ranking_embeds_and_extracts_no_cv(
    stored: StoredCvs, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    stored.ingest(EXAMPLE_CVS)
    fresh = Settings(use_cache=False)
    job_text = EXAMPLE_JOB.read_text(encoding="utf-8")
    exact_engine = Engine(fresh)
    job = exact_engine.parse(EXAMPLE_JOB, DocumentKind.JOB)
    cvs = exact_engine.parse_many(sorted(EXAMPLE_CVS.iterdir())).documents
    exact = exact_engine.rank(job, cvs, 50)

    embedded: list[str] = []
    original_embed = DenseEncoder._embed

    def watched_embed(self: DenseEncoder, texts: list[str], role: Role) -> np.ndarray:
        embedded.extend(texts)
        return original_embed(self, texts, role)

    def no_facts(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("a stored CV's facts were extracted on the query path")

    stemmed: list[str] = []
    original_terms, original_lines = lexical.terms_in_every_language, requirements.cv_lines

    def watched_terms(text: str) -> frozenset[str]:
        stemmed.append(text)
        return original_terms(text)

    def watched_lines(doc: Document, job_language: str) -> tuple[CvLine, ...]:
        stemmed.append(doc.text)
        return original_lines(doc, job_language)

    roles: list[str] = []
    original_roles = requirements.snippet_stems

    def watched_roles(doc: Document, text: str, job_language: str) -> frozenset[str]:
        roles.append(doc.text)
        return original_roles(doc, text, job_language)

    monkeypatch.setattr(DenseEncoder, "_embed", watched_embed)
    monkeypatch.setattr(cv_module, "cv_facts", no_facts)
    monkeypatch.setattr("cvmatch.extract.extractor.cv_facts", no_facts)
    monkeypatch.setattr(lexical, "terms_in_every_language", watched_terms)
    monkeypatch.setattr(requirements, "cv_lines", watched_lines)
    monkeypatch.setattr(requirements, "snippet_stems", watched_roles)
    query_side = StoredCvs(tmp_path / "recruit.db", Engine(fresh))
    try:
        result = query_side.rank(query_side.engine.parse(EXAMPLE_JOB, DocumentKind.JOB), 50)
    finally:
        query_side.close()
    assert result.ranking.matches == exact.matches
    cv_texts = _cv_texts(cvs)
    assert embedded  # the job was embedded on the query path ...
    assert not [t for t in embedded if t in cv_texts and t not in job_text]  # ... no CV text
    whole = {cv.text for cv in cvs if cv.language == job.language}  # the job's language: stored
    assert not [t for t in stemmed if t in whole]  # no CV's terms or lines stemmed again
    assert not [t for t in roles if t in whole]  # nor the titles and contexts of its roles
    assert not KNOWN.terms  # and nothing is kept once the ranking is done
    assert not KNOWN.lines


def test_stems_of_other_code_are_computed_again_with_the_same_result(
    stored: StoredCvs, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Stems stored by other stemming code (another fingerprint) are never served."""
    stored.ingest(EXAMPLE_CVS)
    job = stored.engine.parse(EXAMPLE_JOB, DocumentKind.JOB)
    before = stored.rank(job, 50).ranking.matches
    monkeypatch.setattr("cvmatch.engine.stored.lexical_key", lambda: "other stemming code")
    served: list[int] = []
    original = KNOWN.serving

    def watched(items: Sequence[object]) -> object:
        served.append(len(items))
        return original(items)  # type: ignore[arg-type]

    monkeypatch.setattr(KNOWN, "serving", watched)
    assert stored.rank(job, 50).ranking.matches == before
    assert served == [0]


def _cv_texts(cvs: Sequence[object]) -> set[str]:
    texts: set[str] = set()
    for cv in cvs:
        text = str(cv.text)  # type: ignore[attr-defined]
        texts.add(text)
        texts.update(line.strip() for line in text.splitlines() if line.strip())
    return texts


def test_chunk_rows_are_not_stored_vectors(stored: StoredCvs) -> None:
    stored.ingest(EXAMPLE_CVS)
    stats = stored.stats()
    assert stats.size == 16  # the index holds the stored CVs' vectors only
    assert not stats.model_id.startswith(PREFIX)


def test_a_store_without_stems_is_refreshed_to_the_same_ranking(stored: StoredCvs) -> None:
    """A store ingested before stems were stored gets them from its texts, ranking unchanged."""
    stored.ingest(EXAMPLE_CVS)
    job = stored.engine.parse(EXAMPLE_JOB, DocumentKind.JOB)
    before = stored.rank(job, 50).ranking.matches
    with stored.db.begin() as conn:  # as older code left them: no stems, facts of another month
        for row in conn.execute(select(documents.c.id, documents.c.meta)).all():
            meta = {k: v for k, v in row.meta.items() if k != "lexical"}
            meta["facts"] = {**meta["facts"], "key": "an older month"}
            conn.execute(documents.update().where(documents.c.id == row.id).values(meta=meta))
    assert stored.rank(job, 50).ranking.matches == before  # computed on the query path

    report = stored.refresh_features()
    assert (report.checked, report.refreshed) == (16, 16)
    assert stored.refresh_features().refreshed == 0  # nothing stale any more
    key = facts_key(
        stored.engine.requirement_matcher().extractor.reference, stored.settings.taxonomy_file
    )
    with stored.db.connect() as conn:
        metas = [r.meta for r in conn.execute(select(documents.c.meta)).all()]
    assert all(stored_facts(m, key) is not None for m in metas)
    assert all(stored_lexical(m, lexical_key()) is not None for m in metas)
    assert stored.rank(job, 50).ranking.matches == before
