"""Training pairs of the RJDB cross-encoder, from the RJDB dev *calibration half* only.

The report half (``make bench-requirements``'s split: :func:`rjdb_halves`) is never read here.
Per calibration-half triple, with the job's requirement texts against the CV's evidence lines
(:func:`cvmatch.scoring.rerank.rerank_texts`, what the stage reads at use time):

* the matched CV (label 1) and RJDB's near miss (label 0);
* up to ``--generated`` near misses made the same way (label 0): the matched CV without the
  line(s) that support one met required skill, each removing a different line;
* one mined hard negative (label 0): the matched CV of another calibration-half triple that is
  most similar to the job (TF-IDF word cosine fitted on the calibration half).

A pair whose CV side is empty, or whose CV side already appeared in another triple, is left out
(the trainer's split links pairs that share a text). Protocol: docs/benchmarks/cross-encoder.md.

    nice -n 10 .venv/bin/python -m bench.quality.cross_encoder_pairs [--out FILE]
"""

import argparse
import hashlib
import json
import random
import sys
import tempfile
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from bench.common import DATA_DIR, OUT
from bench.quality.requirements_rjdb import REFERENCE, SEED
from cvmatch.engine import Engine
from cvmatch.evaluation.datasets.rjdb import load_rjdb_pairs
from cvmatch.scoring.rerank import rerank_texts
from cvmatch.settings import Settings
from cvmatch.types import Document, DocumentKind, EvidenceStatus, Importance, Match

DEFAULT_OUT = OUT / "rjdb_ce_pairs.jsonl"


def rjdb_halves(count: int) -> tuple[list[int], list[int]]:
    """(calibration half, report half) triple indices, as ``bench.quality.requirements_rjdb``."""
    order = list(range(count))
    random.Random(SEED).shuffle(order)  # noqa: S311 - the benchmark's reproducible split
    half = count // 2
    return sorted(order[:half]), sorted(order[half:])


def triples(data_dir: Path) -> list[tuple[str, str, str]]:
    """(job, matched CV, near-miss CV) texts of every RJDB dev triple, in file order."""
    task = load_rjdb_pairs(data_dir)
    out: dict[str, dict[int, str]] = {}
    jobs: dict[str, str] = {}
    for pair in task.pairs:
        out.setdefault(pair.group, {})[pair.label] = pair.cv
        jobs[pair.group] = pair.job
    return [(jobs[g], out[g][1], out[g][0]) for g in sorted(out, key=int)]


def without_skill_lines(cv: str, match: Match, limit: int) -> list[str]:
    """Copies of ``cv`` each missing the line that supports one met required skill."""
    out: list[str] = []
    for e in match.evidence:
        if len(out) >= limit:
            break
        skill = e.requirement.kind.value in {"skill", "certification"}
        if not (skill and e.status is EvidenceStatus.MET and e.cv_span):
            continue
        if e.requirement.importance is not Importance.REQUIRED:
            continue
        start = e.start if e.start >= 0 else cv.find(e.cv_span)
        if start < 0:
            continue
        begin = cv.rfind("\n", 0, start) + 1
        end = cv.find("\n", start)
        copy = cv[:begin] + (cv[end + 1 :] if end >= 0 else "")
        if copy.strip() and copy != cv and copy not in out:
            out.append(copy)
    return out


def mined(texts: list[tuple[str, str, str]], groups: list[int]) -> dict[int, int]:
    """Per triple, the other triple whose matched CV is most similar to its job (TF-IDF)."""
    tfidf = TfidfVectorizer(sublinear_tf=True, ngram_range=(1, 2), min_df=2)
    tfidf.fit([texts[g][0] for g in groups] + [texts[g][1] for g in groups])
    jobs = tfidf.transform([texts[g][0] for g in groups])
    cvs = tfidf.transform([texts[g][1] for g in groups])
    sims = (jobs @ cvs.T).toarray()
    np.fill_diagonal(sims, -1.0)
    return {g: groups[int(np.argmax(sims[i]))] for i, g in enumerate(groups)}


def pairs_of(
    engine: Engine,
    texts: list[tuple[str, str, str]],
    g: int,
    other: int,
    generated: int,
    full_texts: bool = False,
) -> list[dict]:
    """Triple ``g``'s rows; ``full_texts`` adds ``job_text``/``cv_text`` (distillation)."""
    job_text, matched, near = texts[g]
    job = engine.parse_text(job_text, DocumentKind.JOB, f"job-{g}")
    first = engine.matrix([job], [_cv(engine, matched, f"m-{g}")], explain=False)[0][0]
    cvs = [
        (matched, 1, "rjdb-matched"),
        (near, 0, "rjdb-near-miss"),
        *(
            (copy, 0, "generated-near-miss")
            for copy in without_skill_lines(matched, first, generated)
        ),
        (texts[other][1], 0, "mined-negative"),
    ]
    docs = [_cv(engine, text, f"cv-{g}-{i}") for i, (text, _, _) in enumerate(cvs)]
    rows = engine.matrix([job], docs, explain=False)[0]
    out = []
    for (text, label, origin), match in zip(cvs, rows, strict=True):
        query, document = rerank_texts(match, job_text, text)
        row = {
            "jd": query,
            "resume": document,
            "label": label,
            "group": str(g),
            "origin": origin,
            "hybrid": match.score,
        }
        out.append(row | ({"job_text": job_text, "cv_text": text} if full_texts else {}))
    return out


def build_rows(generated: int = 2, full_texts: bool = False) -> list[dict]:
    """Every calibration-half row, de-duplicated by CV side (see the module docstring)."""
    texts = triples(DATA_DIR)
    calibration, report = rjdb_halves(len(texts))
    if set(calibration) & set(report):
        raise SystemExit("the halves overlap")  # never: a guard for edits of rjdb_halves
    engine = Engine(
        Settings(
            reference_date=REFERENCE, cache_dir=Path(tempfile.gettempdir()) / "cvmatch-bench-cache"
        )
    )
    negatives = mined(texts, calibration)
    rows: list[dict] = []
    seen: dict[str, str] = {}
    for done, g in enumerate(calibration, start=1):
        for row in pairs_of(engine, texts, g, negatives[g], generated, full_texts):
            key = " ".join(row["resume"].lower().split())
            if not key or seen.setdefault(key, row["group"]) != row["group"]:
                continue
            rows.append(row)
        if done % 50 == 0:
            print(f"  {done}/{len(calibration)}", file=sys.stderr)
    return rows


def _cv(engine: Engine, text: str, doc_id: str) -> Document:
    return engine.parse_text(text, DocumentKind.CV, doc_id)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--generated", type=int, default=2)
    args = parser.parse_args()
    rows = build_rows(args.generated)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    payload = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
    args.out.write_text(payload, encoding="utf-8")
    counts: dict[str, int] = {}
    for r in rows:
        counts[r["origin"]] = counts.get(r["origin"], 0) + 1
    digest = hashlib.sha256(payload.encode()).hexdigest()
    print(
        json.dumps(
            {"out": str(args.out), "pairs": len(rows), "by_origin": counts, "sha256": digest},
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
