"""Large pools through the HTTP API: the ANN first stage against exact scoring.

The threshold is lowered (``ann_min_pool=2``) so that a six-CV pool takes the ANN path: the
store's faiss index (beside the SQLite file) picks the nearest candidates by feedback-encoder
vector, and only those are fully scored. It must give the same top candidates as the exact
path over the same files, and the very same list when it keeps the whole pool.
"""

from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from tests.support.engine import fake_engine, fake_settings

from cvmatch.service.app import create_app
from cvmatch.workspace import Workspace

JOB = "Cassandra DBA\n# Requirements\n- Cassandra repair and replication\n- Linux and Python\n"
CVS = {
    "ada.txt": "Ada\nCassandra repair and replication on Linux and Python",
    "bob.txt": "Bob\nCassandra replication on Linux",
    "cid.txt": "Cid\nHead chef menus pastry kitchen",
    "dee.txt": "Dee\nPastry chef menus kitchen",
    "eve.txt": "Eve\nAccountant ledgers audits",
    "fay.txt": "Fay\nNurse intensive care wards",
}
"""Plain words: the keyword fake's vectors (whitespace tokens) then mean something."""
EXTRA = {
    "gil.txt": b"Gil\nCassandra repair and replication, Python on Linux",
    "hal.txt": b"Hal\nBaker bread and pastry",
}


def files(names: list[str]) -> list[tuple[str, tuple[str, bytes, str]]]:
    return [("files", (n, CVS[n].encode(), "text/plain")) for n in names]


def _app(tmp_path: Path, name: str, **settings: object) -> tuple[TestClient, Workspace]:
    folder = tmp_path / name
    folder.mkdir()
    values = fake_settings(folder, **settings)
    workspace = Workspace.open(settings=values, engine=fake_engine(values))
    client = TestClient(create_app(values, workspace))
    client.headers["Authorization"] = f"Bearer {workspace.add_user('alice')}"
    return client, workspace


def _ranked(client: TestClient) -> tuple[int, dict[str, Any]]:
    job = client.post("/api/jobs", json={"title": "DBA", "text": JOB}).json()
    client.post(f"/api/jobs/{job['id']}/cvs", files=files(sorted(CVS))).raise_for_status()
    return job["id"], _page(client, job["id"])


def _page(client: TestClient, job_id: int) -> dict[str, Any]:
    response = client.get(f"/api/jobs/{job_id}/ranking", params={"limit": 100})
    assert response.status_code == 200, response.text
    return response.json()  # type: ignore[no-any-return]


def _top(page: dict[str, Any], n: int) -> list[tuple[str, float]]:
    return [(r["name"], r["score"]) for r in page["items"][:n]]


def test_an_ann_keeping_the_whole_pool_is_the_exact_list(tmp_path: Path) -> None:
    exact_client, exact_ws = _app(tmp_path, "exact")
    ann_client, ann_ws = _app(tmp_path, "ann", ann_min_pool=2, ann_candidates=100)
    _, exact = _ranked(exact_client)
    _, ann = _ranked(ann_client)
    assert exact["ann"] is None
    assert ann["ann"] == {"pool": len(CVS), "candidates": 100, "index_tier": "exact"}
    assert {**ann, "ann": None} == exact
    for client, workspace in ((exact_client, exact_ws), (ann_client, ann_ws)):
        client.close()
        workspace.close()


def test_a_large_pool_scores_the_ann_top_n_only(tmp_path: Path) -> None:
    exact_client, exact_ws = _app(tmp_path, "exact")
    client, workspace = _app(tmp_path, "ann", ann_min_pool=2, ann_candidates=3)
    _, exact = _ranked(exact_client)
    job_id, page = _ranked(client)
    assert page["total"] == 3  # the ANN's three nearest were scored, the rest never were
    assert _top(page, 2) == _top(exact, 2)  # the same best candidates as exact scoring
    assert list((tmp_path / "ann").glob("ws.db.ann-*.faiss"))  # persisted beside the store
    assert workspace.ctx.ann_index is not None
    assert len(workspace.ctx.ann_index[0]) == len(CVS)

    # an upload: the index gains the new vectors, the new pool's top N is scored
    upload = [("files", (name, text, "text/plain")) for name, text in EXTRA.items()]
    client.post(f"/api/jobs/{job_id}/cvs", files=upload).raise_for_status()
    page = _page(client, job_id)
    assert page["ann"]["pool"] == len(CVS) + len(EXTRA)
    assert len(workspace.ctx.ann_index[0]) == len(CVS) + len(EXTRA)
    assert "gil" in [r["name"] for r in page["items"][:3]]
    exact_client.post("/api/jobs/1/cvs", files=upload).raise_for_status()
    assert _top(page, 2) == _top(_page(exact_client, 1), 2)
    for c, w in ((exact_client, exact_ws), (client, workspace)):
        c.close()
        w.close()


def test_a_missing_index_is_rebuilt_from_the_store(tmp_path: Path) -> None:
    client, workspace = _app(tmp_path, "ann", ann_min_pool=2, ann_candidates=3)
    job_id, first = _ranked(client)
    client.close()
    workspace.close()
    for path in (tmp_path / "ann").glob("ws.db.ann-*"):
        path.unlink()
    again, workspace = _app_again(tmp_path)
    upload = [("files", ("gil.txt", EXTRA["gil.txt"], "text/plain"))]
    again.post(f"/api/jobs/{job_id}/cvs", files=upload).raise_for_status()
    page = _page(again, job_id)
    assert list((tmp_path / "ann").glob("ws.db.ann-*.faiss"))  # rebuilt
    assert page["ann"]["pool"] == len(CVS) + 1
    assert _top(page, 1) == _top(first, 1)
    again.close()
    workspace.close()


def _app_again(tmp_path: Path) -> tuple[TestClient, Workspace]:
    """A second process over the store of ``_app(tmp_path, "ann", ...)``."""
    values = fake_settings(tmp_path / "ann", ann_min_pool=2, ann_candidates=3)
    workspace = Workspace.open(settings=values, engine=fake_engine(values))
    client = TestClient(create_app(values, workspace))
    client.headers["Authorization"] = f"Bearer {workspace.add_user('bob')}"
    return client, workspace


def test_a_second_process_shows_the_same_page(tmp_path: Path) -> None:
    client, workspace = _app(tmp_path, "ann", ann_min_pool=2, ann_candidates=3)
    job_id, first = _ranked(client)
    other, other_ws = _app_again(tmp_path)
    assert _page(other, job_id) == first  # the store scored already: same list, same `ann`
    for c, w in ((client, workspace), (other, other_ws)):
        c.close()
        w.close()


def test_a_pool_whose_content_changes_at_the_same_size_is_picked_again(tmp_path: Path) -> None:
    """One CV deleted and another uploaded keep the pool's size: the new one is still found.

    The shortlist used to be re-picked only when the pool's size changed, so Gil (the best
    match, uploaded after Fay's deletion) was never scored and never listed.
    """
    client, workspace = _app(tmp_path, "ann", ann_min_pool=2, ann_candidates=3)
    job_id = client.post("/api/jobs", json={"title": "DBA", "text": JOB}).json()["id"]
    uploaded = client.post(f"/api/jobs/{job_id}/cvs", files=files(sorted(CVS)))
    ids = {r["filename"]: r["candidate_id"] for r in uploaded.json()["files"]}
    first = _page(client, job_id)
    assert "fay" not in [r["name"] for r in first["items"]]
    fay = ids["fay.txt"]
    client.delete(f"/api/candidates/{fay}").raise_for_status()
    upload = [("files", ("gil.txt", EXTRA["gil.txt"], "text/plain"))]
    client.post(f"/api/jobs/{job_id}/cvs", files=upload).raise_for_status()

    page = _page(client, job_id)
    assert page["ann"]["pool"] == len(CVS)  # the same size as before
    assert "gil" in [r["name"] for r in page["items"][:3]]
    other, other_ws = _app_again(tmp_path)  # another process shows the same list
    assert _page(other, job_id)["items"] == page["items"]
    for c, w in ((client, workspace), (other, other_ws)):
        c.close()
        w.close()
