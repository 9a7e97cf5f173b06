"""The replay's candidate pools: one "job" per query of three labelled sets, scored by the engine.

Each pool holds, rows aligned, a job's candidates: ids, gold (0/1), the engine's 0-100 job score,
the match features (:mod:`cvmatch.scoring.match_features`), the per-requirement status
(:func:`cvmatch.scoring.feedback_taste.requirement_status`) and the feedback encoder's vectors.

* **talentclef** — TalentCLEF 2025 task A, English validation: a query title is the job, its
  candidates the ``POOL`` corpus titles the English encoder ranks highest, gold = expert qrels.
* **rjdb** — RJDB dev "groups": job *i* with the matched CV and the near-miss copy of each of the
  ``RJDB_GROUP`` triples whose job texts are nearest to job *i*'s (English encoder, job *i*
  included), gold = the matched (uncut) CVs. The recruiter rejects the copies whose required
  skills were removed and experience shortened: a taste that lives in the requirements.
* **hahu** — Hahu dev: an ad (title + description) is the job, its candidates the ``POOL`` other
  ads' CV-like ``synthetic_query`` texts the English encoder ranks highest, gold = same ISCO unit
  group (first four digits of the ESCO code).

Each set's jobs are split in two halves by a hash of ``set:job id`` (:func:`half`): ``dev`` for
developing the learners, ``report`` for the figures (see docs/benchmarks/feedback.md).
"""

import csv
import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from cvmatch.engine import Engine
from cvmatch.evaluation.datasets.talentclef import load_talentclef_en_validation
from cvmatch.scoring.feedback_taste import requirement_status
from cvmatch.scoring.match_features import feature_table
from cvmatch.settings import Settings
from cvmatch.types import Document, DocumentKind

POOL = 100
RJDB_GROUP = 40
SETS = ("talentclef", "rjdb", "hahu")
_FIELDS = ("ids", "gold", "scores", "features", "status", "vectors")


@dataclass(frozen=True)
class Pool:
    """One job's candidates (rows aligned)."""

    qid: str
    ids: np.ndarray
    gold: np.ndarray
    scores: np.ndarray
    features: np.ndarray
    status: np.ndarray
    vectors: np.ndarray


def half(name: str, qid: str) -> str:
    """``"dev"`` or ``"report"``: the parity of sha256(``name:qid``)'s first byte."""
    return "dev" if hashlib.sha256(f"{name}:{qid}".encode()).digest()[0] % 2 == 0 else "report"


def _score(
    engine: Engine, qid: str, job: Document, cvs: Sequence[Document], gold: np.ndarray
) -> Pool:
    """The engine's matches of ``job`` with ``cvs`` (ids = the CVs' ids, integers)."""
    matches = engine.matrix([job], cvs, explain=False)[0]
    _, vectors = engine.embed(cvs)
    return Pool(
        qid,
        np.asarray([int(c.id) for c in cvs], dtype=np.int64),
        np.asarray(gold, dtype=np.int64),
        np.asarray([m.score for m in matches], dtype=np.float64),
        feature_table(matches),
        requirement_status(matches),
        vectors,
    )


def _nearest(similarity: np.ndarray, size: int) -> np.ndarray:
    """Rows of the ``size`` most similar candidates, in row order (the engine ranks them)."""
    return np.sort(np.argsort(-similarity, kind="stable")[:size])


def talentclef_pools(data_dir: Path, engine: Engine, settings: Settings) -> list[Pool]:
    """TalentCLEF EN validation queries, each with its top-``POOL`` titles."""
    task = load_talentclef_en_validation(data_dir)
    ids = sorted(task.corpus, key=int)
    docs = [engine.parse_text(task.corpus[c], DocumentKind.CV, c) for c in ids]
    _, first = engine.embed(docs, settings.english_encoder)
    pools = []
    for qid in sorted(task.qrels, key=int):
        job = engine.parse_text(task.queries[qid], DocumentKind.JOB, f"q{qid}")
        _, query = engine.embed([job], settings.english_encoder)
        rows = _nearest(first @ query[0], POOL)
        gold = np.asarray([int(task.qrels[qid].get(ids[r], 0) > 0) for r in rows])
        pools.append(_score(engine, qid, job, [docs[r] for r in rows], gold))
    return pools


def rjdb_pools(data_dir: Path, engine: Engine, settings: Settings) -> list[Pool]:
    """RJDB dev jobs, each with the matched and near-miss CVs of its nearest triples."""
    lines = (data_dir / "rjdb" / "rjdb_dev.jsonl").read_text(encoding="utf-8").splitlines()
    records = [json.loads(line) for line in lines]
    jobs = [
        engine.parse_text(r["Job-Description"].strip(), DocumentKind.JOB, f"j{i}")
        for i, r in enumerate(records)
    ]
    # CV ids: 2i = matched (gold 1), 2i + 1 = the near-miss copy of triple i.
    cvs = [
        engine.parse_text(r[key].strip(), DocumentKind.CV, str(2 * i + offset))
        for i, r in enumerate(records)
        for offset, key in enumerate(("Resume-matched", "Resume-unmatched"))
    ]
    _, first = engine.embed(jobs, settings.english_encoder)
    pools = []
    for i, job in enumerate(jobs):
        triples = _nearest(first @ first[i], RJDB_GROUP)
        rows = [2 * t + offset for t in triples for offset in (0, 1)]
        gold = np.asarray([1 - row % 2 for row in rows])
        pools.append(_score(engine, str(i), job, [cvs[r] for r in rows], gold))
    return pools


def hahu_pools(data_dir: Path, engine: Engine, settings: Settings) -> list[Pool]:
    """Hahu dev ads, each with the top-``POOL`` other ads' CV-like sentences."""
    with (data_dir / "hahu_esco" / "hahu_dev.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    group = [row["esco_code"].strip()[:4] for row in rows]
    jobs = [
        engine.parse_text(
            f"{row['title'].strip()}. {row['description'].strip()}",
            DocumentKind.JOB,
            f"a{row['ID'].strip()}",
        )
        for row in rows
    ]
    cvs = [
        engine.parse_text(row["synthetic_query"].strip(), DocumentKind.CV, str(i))
        for i, row in enumerate(rows)
    ]
    _, first = engine.embed(cvs, settings.english_encoder)
    _, ads = engine.embed(jobs, settings.english_encoder)
    pools = []
    for i, job in enumerate(jobs):
        similarity = first @ ads[i]
        similarity[i] = -np.inf  # the ad's own sentence is not a candidate
        chosen = _nearest(similarity, POOL)
        gold = np.asarray([int(group[r] == group[i]) for r in chosen])
        pools.append(_score(engine, rows[i]["ID"].strip(), job, [cvs[r] for r in chosen], gold))
    return pools


def save_pools(pools: list[Pool], path: Path) -> None:
    """One npz: per job ``<qid>.<field>`` arrays."""
    arrays = {"qids": np.asarray([p.qid for p in pools])}
    for p in pools:
        for name in _FIELDS:
            arrays[f"{p.qid}.{name}"] = getattr(p, name)
    path.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(path, **arrays)


def load_pools(path: Path) -> list[Pool]:
    """Pools written by :func:`save_pools`."""
    with np.load(path) as a:
        return [Pool(str(q), *(a[f"{q}.{name}"] for name in _FIELDS)) for q in a["qids"]]


BUILDERS = {"talentclef": talentclef_pools, "rjdb": rjdb_pools, "hahu": hahu_pools}
