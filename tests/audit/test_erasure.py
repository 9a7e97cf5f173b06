"""Deleting a candidate on request: no trace in the store, the vector cache or the ANN index."""

import json
from pathlib import Path

import numpy as np
from sqlalchemy import func, select
from tests.audit.service_support import CVS, OTHER_JOB, Service, cv, new_job, service, upload
from typer.testing import CliRunner

from cvmatch.cli import app
from cvmatch.encoders.cache import text_key
from cvmatch.index import ann_files
from cvmatch.index.ann_store import synced_index
from cvmatch.store import schema
from cvmatch.store.erasure import candidate_traces


def _populate(svc: Service) -> tuple[int, int, list[int]]:
    """Two jobs sharing candidate ``ada``; stars, decisions, categories; everything scored."""
    client = svc.client
    job, chef = new_job(client), new_job(client, OTHER_JOB, "Head chef")
    ids = upload(client, job, CVS)
    upload(client, chef, [CVS[0], CVS[2]])
    for job_id in (job, chef):
        assert client.get(f"/api/jobs/{job_id}/ranking").status_code == 200
    ada = ids[0]
    assert client.put(f"/api/jobs/{job}/stars/{ada}").status_code == 200
    decision = {"decision": "shortlist", "note": "Ada Example was great"}
    assert (
        client.post(f"/api/jobs/{job}/candidates/{ada}/decisions", json=decision).status_code == 201
    )
    body = {"sex": "female", "race_ethnicity": "Asian"}
    assert client.put(f"/api/candidates/{ada}/categories", json=body).status_code == 200
    return job, chef, ids


def _document(svc: Service, candidate_id: int) -> tuple[int, str]:
    c, d = schema.candidates, schema.documents
    query = select(d.c.id, d.c.content_hash).join(c, c.c.document_id == d.c.id)
    with svc.workspace.ctx.db.connect() as conn:
        row = conn.execute(query.where(c.c.id == candidate_id)).one()
    return int(row.id), str(row.content_hash)


def _text(svc: Service, document_id: int) -> str:
    d = schema.documents
    with svc.workspace.ctx.db.connect() as conn:
        return str(conn.execute(select(d.c.text).where(d.c.id == document_id)).scalar_one())


def _chunks(svc: Service, text: str) -> list[str]:
    """What the fake encoder sends the cache for ``text`` (its chunks)."""
    encoder = svc.workspace.ctx.engine.encoder("fake-keywords")
    return encoder._split(text, "passage")


def _counts(svc: Service) -> dict[str, int]:
    with svc.workspace.ctx.db.connect() as conn:
        return {
            t.name: int(conn.execute(select(func.count()).select_from(t)).scalar_one())
            for t in schema.metadata.sorted_tables
        }


def _index(svc: Service) -> tuple[Path, str]:
    """Build the store's persisted faiss index of the fake model's CV vectors."""
    model_id = svc.workspace.ctx.engine.encoder("fake-keywords").model_id
    url = str(svc.workspace.ctx.db.engine.url)
    path = ann_files.index_path(url, model_id, svc.workspace.ctx.settings.cache_dir / "ann")
    synced_index(svc.workspace.ctx.db, path, model_id)
    return path, model_id


def test_deleting_a_candidate_leaves_no_trace_and_others_untouched(tmp_path: Path) -> None:
    with service(tmp_path) as svc:
        job, chef, ids = _populate(svc)
        ada, others = ids[0], ids[1:]
        document_id, content_hash = _document(svc, ada)
        text = _text(svc, document_id)
        path, model_id = _index(svc)
        before_keys = svc.cache.keys()
        ranking_before = svc.client.get(f"/api/jobs/{job}/ranking").json()
        others_before = {r["candidate_id"]: r["job_score"] for r in ranking_before["items"] if r["candidate_id"] != ada}  # fmt: skip
        counts_before = _counts(svc)

        # the keys the candidate's scoring used: recorded on a fresh cache by scoring again
        response = svc.client.delete(f"/api/candidates/{ada}", params={"reference": "REQ-17"})
        assert response.status_code == 200, response.text
        report = response.json()

        assert report["jobs"] == [job, chef]
        assert report["index_entries"] == 1
        assert report["cache_entries"] > 0
        assert report["rows"]["documents"] == report["rows"]["candidates"] == 1
        assert report["rows"]["matches"] == 2 and report["rows"]["stars"] == 1  # noqa: PT018
        assert report["rows"]["decisions"] == report["rows"]["candidate_categories"] == 1
        with svc.workspace.ctx.db.connect() as conn:
            traces = candidate_traces(conn, ada, document_id, content_hash)
        assert traces == dict.fromkeys(traces, 0)
        dump = json.dumps(svc.client.get("/api/audit/export").text)
        assert "Ada Example was great" not in dump and "ada.txt" not in dump  # noqa: PT018

        # vector cache: every entry the candidate's scoring used is gone, nothing was added;
        # checked independently on the chunks of the CV's own text (its vector for re-ranking)
        after_keys = svc.cache.keys()
        own = {(model_id, text_key(c)) for c in _chunks(svc, text)}
        assert own <= before_keys
        assert not own & after_keys
        assert after_keys <= before_keys
        assert len(before_keys - after_keys) == report["cache_entries"]
        # index: the file no longer holds the document; the other CVs are still there
        loaded = ann_files.load(path, model_id)
        assert loaded is not None
        held = set(loaded[0].ids().tolist())
        assert document_id not in held
        assert len(held) == len(CVS) - 1
        assert synced_index(svc.workspace.ctx.db, path, model_id)[1].removed == 0  # in step

        # other candidates: rows and scores unchanged
        counts_after = _counts(svc)
        assert counts_after["candidates"] == counts_before["candidates"] - 1
        assert counts_after["matches"] == counts_before["matches"] - 2
        ranking_after = svc.client.get(f"/api/jobs/{job}/ranking").json()
        scores = {r["candidate_id"]: r["job_score"] for r in ranking_after["items"]}
        assert scores == others_before
        assert sorted(scores) == others
        assert svc.client.get(f"/api/jobs/{job}/candidates/{ada}").status_code == 404


def test_the_deletion_is_logged_without_the_deleted_content(tmp_path: Path) -> None:
    with service(tmp_path) as svc:
        job, _, ids = _populate(svc)
        svc.client.delete(f"/api/candidates/{ids[0]}", params={"reference": "REQ-17"})
        log = svc.client.get("/api/audit").json()
        entry = log[-1]
        assert entry["action"] == "candidate_deleted"
        assert entry["user"] == "alice" and entry["at"]  # noqa: PT018
        assert entry["candidate_id"] is None
        assert entry["detail"]["reference"] == "REQ-17"
        assert entry["detail"]["rows"]["documents"] == 1
        assert entry["detail"]["index_entries"] == 0  # no index was built here
        # earlier entries about the candidate stay, unlinked and emptied
        erased = [e for e in log if e["detail"] == {"erased": True}]
        assert {e["action"] for e in erased} >= {"cv_uploaded", "star", "decision"}
        assert all(e["candidate_id"] is None for e in erased)
        events = svc.client.get("/api/feedback", params={"job_id": job}).text
        assert '"candidate_id": null' not in events  # erased feedback is no training signal


def test_unknown_candidates_are_not_found_and_nothing_changes(tmp_path: Path) -> None:
    with service(tmp_path) as svc:
        _populate(svc)
        before = _counts(svc)
        response = svc.client.delete("/api/candidates/999")
        assert response.status_code == 404
        assert response.headers["content-type"] == "application/problem+json"
        assert _counts(svc) == before


def test_cli_deletes_a_candidate_from_a_store(tmp_path: Path) -> None:
    with service(tmp_path) as svc:
        _, _, ids = _populate(svc)
        document_id, content_hash = _document(svc, ids[1])
        db = svc.settings_db
    result = CliRunner().invoke(
        app, ["candidates", "delete", str(ids[1]), "--db", db, "--reference", "REQ-9"]
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["rows"]["candidates"] == 1
    with service(tmp_path) as svc:
        with svc.workspace.ctx.db.connect() as conn:
            traces = candidate_traces(conn, ids[1], document_id, content_hash)
        assert not any(traces.values())
        assert svc.client.get(f"/api/candidates/{ids[0]}/categories").status_code == 200
    missing = CliRunner().invoke(app, ["candidates", "delete", "999", "--db", db])
    assert missing.exit_code != 0
    assert "no candidate with id 999" in missing.output


def test_a_candidate_not_in_the_index_deletes_cleanly(tmp_path: Path) -> None:
    with service(tmp_path) as svc:
        job = new_job(svc.client)
        (only,) = upload(svc.client, job, [cv("zed", "Cassandra, Linux.")])
        response = svc.client.delete(f"/api/candidates/{only}")  # never scored: no vectors
        assert response.status_code == 200
        assert response.json()["index_entries"] == 0
        assert np.array_equal(svc.client.get(f"/api/jobs/{job}/ranking").json()["items"], [])
