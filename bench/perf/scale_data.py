"""Real CV and job texts for the scale bench, and the generator of CV-like vectors from them.

Texts: the resumes of ``rjdb/rjdb_dev.jsonl`` (matched and unmatched, deduplicated) and the
unique resumes of ``kaggle_resumes``; jobs: the job descriptions of ``rjdb``.

Vectors (``generate_rows``): synthetic CV ``i`` is built on real CV ``b = i % n_cvs``: its
USE-m3 vector, plus half of the vector of one of its chunks (a section of about 80 words, drawn
at random), plus Gaussian noise of norm ``noise`` (default 0.35), L2-normalised. So the million
vectors have the directions real CVs have (clusters by profession, real chunk variety), and no
two are equal. The rows from ``start`` come from the seed ``SEED + start`` (the bench generates
them in blocks of 100,000, or of the sizes' common divisor): the first 100k of the 1M set are
the 100k set.
"""

import csv
import json
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from bench.common import DATA_DIR, OUT
from cvmatch.engine import Engine

SEED = 20261207
CHUNK_ROWS = 100_000
WORDS_PER_CHUNK = 80
MAX_CHUNKS_PER_CV = 3
ENCODER = "use-m3"
NOISE = 0.35
"""Norm of the Gaussian noise added to each synthetic vector (before normalising)."""


@dataclass(frozen=True)
class Corpus:
    """Real texts and their USE-m3 vectors."""

    cvs: list[str]
    jobs: list[str]
    cv_vectors: np.ndarray
    chunk_vectors: np.ndarray
    chunk_owner: np.ndarray
    """The CV (row of ``cv_vectors``) each chunk comes from."""


def load_texts(data_dir: Path = DATA_DIR) -> tuple[list[str], list[str]]:
    """Unique real CV texts and job descriptions (sorted for a stable order)."""
    cvs: set[str] = set()
    jobs: list[str] = []
    with (data_dir / "rjdb" / "rjdb_dev.jsonl").open(encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            cvs.update(row[k].strip() for k in ("Resume-matched", "Resume-unmatched"))
            jobs.append(row["Job-Description"].strip())
    csv.field_size_limit(sys.maxsize)
    path = data_dir / "kaggle_resumes" / "UpdatedResumeDataSet.csv"
    with path.open(encoding="utf-8", errors="replace", newline="") as handle:
        cvs.update(row["Resume"].strip() for row in csv.DictReader(handle))
    return sorted(c for c in cvs if c), list(dict.fromkeys(j for j in jobs if j))


def _chunks(text: str) -> list[str]:
    words = text.split()
    parts = [
        " ".join(words[i : i + WORDS_PER_CHUNK]) for i in range(0, len(words), WORDS_PER_CHUNK)
    ]
    return parts[:MAX_CHUNKS_PER_CV]


def load_corpus(engine: Engine, data_dir: Path = DATA_DIR) -> Corpus:
    """Texts and their vectors (cached in ``bench/out/scale_vectors.npz``)."""
    cvs, jobs = load_texts(data_dir)
    cache = OUT / "scale_vectors.npz"
    if cache.exists():
        saved = np.load(cache)
        if len(saved["cv_vectors"]) == len(cvs):
            return Corpus(cvs, jobs, *(saved[k] for k in ("cv_vectors", "chunks", "owner")))
    chunk_texts, owner = [], []
    for i, text in enumerate(cvs):
        for part in _chunks(text):
            chunk_texts.append(part)
            owner.append(i)
    cv_vectors = np.asarray(engine.encode(cvs, ENCODER), dtype=np.float32)
    chunks = np.asarray(engine.encode(chunk_texts, ENCODER), dtype=np.float32)
    owners = np.asarray(owner, dtype=np.int64)
    OUT.mkdir(parents=True, exist_ok=True)
    np.savez(cache, cv_vectors=cv_vectors, chunks=chunks, owner=owners)
    return Corpus(cvs, jobs, cv_vectors, chunks, owners)


def generate_rows(corpus: Corpus, start: int, rows: int, noise: float = NOISE) -> np.ndarray:
    """Rows ``start ... start + rows`` of the synthetic set, ``(rows, dim)`` float32 unit vectors."""
    rng = np.random.default_rng(SEED + start)
    base = (np.arange(start, start + rows) % len(corpus.cv_vectors)).astype(np.int64)
    by_owner = [np.flatnonzero(corpus.chunk_owner == b) for b in range(len(corpus.cv_vectors))]
    picks = np.asarray(
        [by_owner[b][rng.integers(len(by_owner[b]))] if len(by_owner[b]) else -1 for b in base]
    )
    vectors = corpus.cv_vectors[base].copy()
    has_chunk = picks >= 0
    vectors[has_chunk] += 0.5 * corpus.chunk_vectors[picks[has_chunk]]
    dim = vectors.shape[1]
    vectors += rng.standard_normal((rows, dim)).astype(np.float32) * (noise / np.sqrt(dim))
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors.astype(np.float32)


def base_of(document_id: int, corpus: Corpus) -> int:
    """The real CV a synthetic vector was made from."""
    return document_id % len(corpus.cv_vectors)


def write_cv_files(corpus: Corpus, folder: Path, count: int) -> list[Path]:
    """The first ``count`` real CVs as ``.txt`` files (the text path of the ingest bench)."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i, text in enumerate(corpus.cvs[:count]):
        path = folder / f"cv-{i:05d}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths
