"""The recruiter service through its HTTP API: upload + rank 200 CV files; star re-rank at 10,000.

Part 1 — a real ``cvmatch serve`` process on 127.0.0.1 (fresh store, empty embedding cache, the
default encoders). 200 generated CV files (100 PDF + 100 DOCX, as in bench/perf/rank_200.py) are
uploaded in requests of 20 files, then the first ranking request scores, explains and embeds
them all; a warm ranking page, a star and the re-ranked page follow.

Part 2 — 10,000 stored candidates for one job, **synthetic**: random unit vectors (the feedback
encoder's dimension and model id) and random job scores bulk-inserted into the store, because
embedding 10,000 real CVs would take an hour here. Through the same kind of server: a first
ranking request (loads the job's arrays once), then star + re-ranked page, timed end to end
over HTTP; then the re-rank maths alone in-process.

Part load — ``GET /ranking`` pages at 15 concurrent clients over 1,000 stored CVs (issue 17):
client-side p50/p95/p99, the server's CPU time per request, one client alone.

Run: .venv/bin/python -m bench.perf.service [10k] [200] [load]   (all three by default;
CVMATCH_FEEDBACK_ENCODER is passed on to the part-200 server)
"""

import hashlib
import os
import statistics
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import numpy as np
from tests.service.live import live_server

from bench.common import ROOT, timed
from bench.perf.rank_200 import JOB, generate
from cvmatch.engine import Engine
from cvmatch.scoring.feedback import order, rerank
from cvmatch.settings import Settings
from cvmatch.store import open_database, schema
from cvmatch.store.codec import match_to_json, vector_to_bytes
from cvmatch.types import DocumentKind

N_SYNTHETIC = 10_000
BATCH = 20
SAMPLES = 20
N_LOAD = 1_000
LOAD_CLIENTS = 15
LOAD_REQUESTS = 40
LOAD_MODES: dict[str, dict[str, object]] = {
    "compact rows, evidence=false": {"evidence": "false"},
    "rows with evidence (default)": {},
}


def part_200(folder: Path) -> None:
    cvs = folder / "cvs"
    cvs.mkdir()
    generate(cvs)
    files = sorted(cvs.iterdir())
    passed = {k: v for k, v in os.environ.items() if k == "CVMATCH_FEEDBACK_ENCODER"}
    with (
        live_server(_mk(folder / "live-200"), **passed) as server,
        server.client(timeout=1800) as client,
    ):
        job = client.post("/api/jobs/file", files={"file": (JOB.name, JOB.read_bytes())}).json()
        url = f"/api/jobs/{job['id']}"

        def upload() -> int:
            stored = 0
            for start in range(0, len(files), BATCH):
                body = [("files", (p.name, p.read_bytes())) for p in files[start : start + BATCH]]
                result = client.post(url + "/cvs", files=body).json()
                if result["failed"]:
                    raise SystemExit(f"upload failed: {result}")
                stored += result["stored"]
            return stored

        upload_s, stored = timed(upload)
        rank_s, first = timed(lambda: client.get(url + "/ranking", params={"limit": 50}).json())
        warm_s, _ = timed(lambda: client.get(url + "/ranking", params={"limit": 50}).json())
        star_id = first["items"][10]["candidate_id"]
        star_s, _ = timed(lambda: client.put(f"{url}/stars/{star_id}").raise_for_status())
        rerank_s, _ = timed(lambda: client.get(url + "/ranking", params={"limit": 50}).json())
    encoder = passed.get("CVMATCH_FEEDBACK_ENCODER", Settings().feedback_encoder)
    print(
        f"200 CVs (feedback encoder {encoder}): {stored} stored; upload {upload_s:.1f} s ({BATCH} files/request); "
        f"first ranking (scores + explains + embeds all) {rank_s:.1f} s; "
        f"total {upload_s + rank_s:.1f} s; warm page {warm_s * 1000:.0f} ms; "
        f"star {star_s * 1000:.0f} ms; re-ranked page {rerank_s * 1000:.0f} ms"
    )


def _mk(path: Path) -> Path:
    path.mkdir()
    return path


def populate(
    db_url: str,
    model_id: str,
    dim: int,
    n: int = N_SYNTHETIC,
    payloads: list[dict[str, Any]] | None = None,
    texts: list[str] | None = None,
) -> int:
    """Bulk-insert a job and ``n`` synthetic candidates with matches and vectors; return the job id.

    ``payloads`` (real match JSON) and ``texts`` (real CV texts), used in turn, replace the
    minimal payload and text when given.
    """
    db = open_database(db_url)
    rng = np.random.default_rng(6)
    vectors = rng.normal(size=(n, dim)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    scores = np.round(rng.uniform(5, 95, size=n), 2)
    now = datetime.now(UTC)
    with db.begin() as conn:
        job_doc = {
            "id": 1,
            "kind": "job",
            "filename": "job.txt",
            "content_hash": "job",
            "content": b"job",
            "text": "Cassandra DBA",
            "language": "en",
            "meta": {},
            "created_at": now,
        }
        conn.execute(schema.documents.insert().values(job_doc))
        conn.execute(
            schema.jobs.insert().values(id=1, title="synthetic", document_id=1, created_at=now)
        )
        docs, cands, links, matches, embs = [], [], [], [], []
        for i in range(n):
            did, cid = i + 2, i + 1
            text = f"{texts[i % len(texts)]}\n{i}" if texts else f"candidate {i}"
            digest = hashlib.sha256(text.encode()).hexdigest()
            docs.append(
                {
                    "id": did,
                    "kind": "cv",
                    "filename": f"cv-{i}.txt",
                    "content_hash": digest,
                    "content": text.encode(),
                    "text": text,
                    "language": "en",
                    "meta": {},
                    "created_at": now,
                }
            )
            cands.append({"id": cid, "document_id": did, "name": f"cv-{i}", "created_at": now})
            links.append({"job_id": 1, "candidate_id": cid, "added_at": now})
            payload = {
                "job_id": "job-1",
                "cv_id": str(cid),
                "score": float(scores[i]),
                "signals": {
                    "dense": 0.5,
                    "dense_raw": 0.5,
                    "lexical": 0.5,
                    "dense_model": model_id,
                },
                "reasons": [],
                "matched_terms": [],
                "missing_terms": [],
                "flags": [],
            }
            if payloads:
                payload = payloads[i % len(payloads)] | {
                    "cv_id": str(cid),
                    "score": float(scores[i]),
                }
            matches.append(
                {
                    "job_id": 1,
                    "candidate_id": cid,
                    "score": float(scores[i]),
                    "payload": payload,
                    "created_at": now,
                }
            )
            embs.append(
                {
                    "document_id": did,
                    "model_id": model_id,
                    "dim": dim,
                    "vector": vector_to_bytes(vectors[i]),
                }
            )
        for table, rows in [
            (schema.documents, docs),
            (schema.candidates, cands),
            (schema.job_candidates, links),
            (schema.matches, matches),
            (schema.embeddings, embs),
        ]:
            conn.execute(table.insert(), rows)
    db.close()
    return 1


def part_10k(folder: Path) -> None:
    settings = Settings()
    encoder = Engine(settings).encoder(settings.feedback_encoder)
    live = _mk(folder / "live-10k")
    insert_s, job_id = timed(lambda: populate(str(live / "s.db"), encoder.model_id, encoder.dim))
    with live_server(live) as server, server.client() as client:
        url = f"/api/jobs/{job_id}"
        cold_s, page = timed(lambda: client.get(url + "/ranking", params={"limit": 50}).json())
        if page["total"] != N_SYNTHETIC:
            raise SystemExit(f"expected {N_SYNTHETIC} candidates, got {page['total']}")
        ids = [item["candidate_id"] for item in page["items"]]
        client.put(f"{url}/stars/{ids[0]}").raise_for_status()
        star_ms, page_ms = [], []
        for k in range(SAMPLES):
            target = ids[1 + k % 4]  # toggles keep 1-5 stars, ids[0] stays starred
            start = time.perf_counter()
            method = client.delete if k % 8 >= 4 else client.put
            method(f"{url}/stars/{target}").raise_for_status()
            middle = time.perf_counter()
            reranked = client.get(url + "/ranking", params={"limit": 50}).json()
            page_ms.append((time.perf_counter() - middle) * 1000)
            star_ms.append((middle - start) * 1000)
            if not reranked["stars"]:
                raise SystemExit("the star was not applied")
        client.delete(url + "/stars").raise_for_status()
    both = [a + b for a, b in zip(star_ms, page_ms, strict=True)]
    rng = np.random.default_rng(1)
    vectors = rng.normal(size=(N_SYNTHETIC, encoder.dim)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    scores = rng.uniform(5, 95, size=N_SYNTHETIC)
    ids_arr = np.arange(N_SYNTHETIC)
    maths = []
    for _ in range(20):
        start = time.perf_counter()
        order(rerank(scores, vectors, [1, 2, 3, 4, 5], 0.5).scores, ids_arr)
        maths.append(time.perf_counter() - start)
    print(
        f"10,000 synthetic stored candidates (dim {encoder.dim}): bulk insert {insert_s:.1f} s; "
        f"first ranking request (loads arrays) {cold_s * 1000:.0f} ms; "
        f"over HTTP ({SAMPLES} star/unstar + page, 1-5 stars): star request median "
        f"{statistics.median(star_ms):.0f} ms, re-ranked page of 50 median "
        f"{statistics.median(page_ms):.0f} ms, both median {statistics.median(both):.0f} ms, "
        f"p90 {sorted(both)[int(0.9 * SAMPLES)]:.0f} ms, max {max(both):.0f} ms; "
        f"re-rank maths alone (5 stars): median {statistics.median(maths) * 1000:.2f} ms"
    )


def real_matches(engine: Engine) -> tuple[list[dict[str, Any]], list[str]]:
    """The match JSON (with evidence) and text of every example CV against the example job."""
    job = engine.parse(JOB, DocumentKind.JOB)
    cvs = [engine.parse(p) for p in sorted((ROOT / "examples" / "cvs").iterdir())]
    return [match_to_json(m) for m in engine.matrix([job], cvs)[0]], [cv.text for cv in cvs]


def _load(url: str, token: str, params: dict[str, object]) -> list[float]:
    """Latencies (ms) of LOAD_CLIENTS clients each paging the ranking LOAD_REQUESTS times.

    The clients are threads of this process; the server is its own ``cvmatch serve`` process,
    so they never share its interpreter lock, only the machine's cores (an httpx request costs
    the client about 0.7 ms of CPU here).
    """
    latencies: list[float] = []

    def client_loop(seed: int) -> None:
        rng = np.random.default_rng(seed)
        headers = {"Authorization": f"Bearer {token}"}
        with httpx.Client(base_url=url, headers=headers, timeout=60) as client:
            for _ in range(LOAD_REQUESTS):
                offset = int(rng.integers(0, N_LOAD // 50)) * 50
                start = time.perf_counter()
                response = client.get("/api/jobs/1/ranking", params=params | {"offset": offset})
                latencies.append((time.perf_counter() - start) * 1000)
                response.raise_for_status()

    with ThreadPoolExecutor(LOAD_CLIENTS) as pool:
        list(pool.map(client_loop, range(LOAD_CLIENTS)))
    return latencies


def process_cpu_seconds(pid: int) -> float:
    """User + system CPU time of ``pid`` and its live child processes (Linux ``/proc``)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    total = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    children = Path(f"/proc/{pid}/task/{pid}/children")
    for child in children.read_text().split() if children.exists() else []:
        total += process_cpu_seconds(int(child))
    return total


def _sequential_ms(client: httpx.Client, params: dict[str, object], n: int = 50) -> float:
    """Median latency (ms) of one client asking the same page ``n`` times in a row."""
    times = []
    for _ in range(n):
        start = time.perf_counter()
        client.get("/api/jobs/1/ranking", params=params).raise_for_status()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def part_load(folder: Path) -> None:
    """GET /ranking pages of 50 at LOAD_CLIENTS concurrent clients over N_LOAD stored CVs.

    The store holds N_LOAD candidates whose texts and match payloads are those of the example
    CVs (scored once with the default engine, used in turn), so a page weighs what it would in
    use. Compact rows (``evidence=false``) and the full rows with evidence are timed alike.
    Besides the client-side percentiles,
    the server's CPU time per request (all its processes) is reported: unlike latency on this
    shared machine, it does not depend on what else runs.
    """
    settings = Settings()
    engine = Engine(settings)
    encoder = engine.encoder(settings.feedback_encoder)
    payloads, texts = real_matches(engine)
    live = _mk(folder / "live-load")
    populate(str(live / "s.db"), encoder.model_id, encoder.dim, N_LOAD, payloads, texts)
    modes = LOAD_MODES
    with live_server(live) as server:
        with server.client() as client:  # warm: loads the job's arrays once
            client.get("/api/jobs/1/ranking", params={"limit": 50}).raise_for_status()
            sizes = {
                mode: len(client.get("/api/jobs/1/ranking", params=params).content)
                for mode, params in modes.items()
            }
            sequential = {
                mode: _sequential_ms(client, params | {"limit": 50, "offset": 500})
                for mode, params in modes.items()
            }
        for mode, params in modes.items():
            cpu = process_cpu_seconds(server.pid)
            ms = sorted(_load(server.url, server.token, params | {"limit": 50}))
            cpu_ms = (process_cpu_seconds(server.pid) - cpu) / len(ms) * 1000
            p50, p95, p99 = np.percentile(ms, [50, 95, 99])
            print(
                f"GET /ranking ({mode}, pages of 50, {N_LOAD} stored CVs, {LOAD_CLIENTS}"
                f" clients x {LOAD_REQUESTS} requests): p50"
                f" {p50:.0f} ms, p95 {p95:.0f} ms, p99 {p99:.0f} ms, max {ms[-1]:.0f} ms;"
                f" server CPU {cpu_ms:.2f} ms per request; one client alone"
                f" {sequential[mode]:.1f} ms; {sizes[mode] / 1024:.0f} KB per page; load"
                f" average {os.getloadavg()[0]:.1f}"
            )


def main() -> None:
    os.environ.pop("CVMATCH_DB", None)
    parts = sys.argv[1:] or ["10k", "200", "load"]
    with tempfile.TemporaryDirectory() as tmp:
        if "10k" in parts:
            part_10k(Path(tmp))
        if "200" in parts:
            part_200(Path(tmp))
        if "load" in parts:
            part_load(Path(tmp))


if __name__ == "__main__":
    main()
