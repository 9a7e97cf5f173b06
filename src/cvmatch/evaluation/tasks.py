"""Build tasks from user files, fingerprint them, and subsample them in a seeded way.

* :func:`retrieval_task_from_files`: ``Q.tsv`` + ``C.tsv`` (``id<TAB>text`` with a header) and
  TREC qrels → :class:`RetrievalTask`; qrels naming an unknown query or document raise with the
  first offending id.
* :func:`pairs_task_from_file`: pairs JSONL → :class:`PairsTask`.
* :func:`task_digest`: sha256 of a task's content, so two reports can be checked to use the same data.
* :func:`subsample`: a seeded sample of queries (retrieval, the whole corpus is kept) or of
  groups (pairs), for benchmarks that must fit a time budget.
"""

import hashlib
import json
import random
from dataclasses import replace
from pathlib import Path

from cvmatch.errors import InvalidInputError
from cvmatch.evaluation.datasets.base import PairsTask, RetrievalTask
from cvmatch.evaluation.formats import read_pairs, read_qrels, read_tsv

Task = RetrievalTask | PairsTask


def file_sha256(path: Path) -> str:
    """Hex sha256 of a file's bytes."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def retrieval_task_from_files(queries: Path, corpus: Path, qrels: Path) -> RetrievalTask:
    """Read a TREC-style task from three files (see the module docstring).

    Raises:
        InvalidInputError: A malformed file (with its line number), or qrels on ids that the
            queries or corpus file does not hold.
    """
    query_texts, corpus_texts, judged = read_tsv(queries), read_tsv(corpus), read_qrels(qrels)
    if not judged:
        raise InvalidInputError(f"{qrels}: no judgements; expected lines 'qid 0 docid relevance'")
    for qid, docs in judged.items():
        if qid not in query_texts:
            raise InvalidInputError(f"{qrels}: query id {qid!r} is not in {queries}")
        unknown = [doc for doc in docs if doc not in corpus_texts]
        if unknown:
            raise InvalidInputError(
                f"{qrels}: doc id {unknown[0]!r} (query {qid!r}) is not in {corpus}"
            )
    return RetrievalTask(
        name=queries.stem,
        queries=query_texts,
        corpus=corpus_texts,
        qrels=judged,
        language="und",
        description=f"{queries.name} x {corpus.name}, judged by {qrels.name}",
        primary_metric="ndcg@10",
    )


def pairs_task_from_file(path: Path) -> PairsTask:
    """Read labelled pairs from JSONL (see :func:`cvmatch.evaluation.formats.read_pairs`).

    Raises:
        InvalidInputError: A malformed line (with its number) or an empty file.
    """
    pairs = read_pairs(path)
    if not pairs:
        raise InvalidInputError(f"{path}: no pairs; expected one JSON object per line")
    return PairsTask(
        name=path.stem,
        pairs=tuple(pairs),
        language="und",
        description=f"labelled pairs from {path.name}",
    )


def task_digest(task: Task) -> str:
    """sha256 of the task's texts and labels in a canonical JSON form."""
    if isinstance(task, RetrievalTask):
        content: object = [task.queries, task.corpus, task.qrels, task.corpus_groups]
    else:
        content = [[p.job, p.cv, p.label, p.group] for p in task.pairs]
    text = json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def subsample(task: Task, size: int | None, seed: int = 0) -> Task:
    """A seeded sample of ``size`` judged queries (retrieval) or groups (pairs); ``None`` keeps all.

    The corpus is always kept whole, so scores stay comparable with full runs; the sample keeps
    the task's original order. A pairs task without groups samples single pairs.

    Raises:
        InvalidInputError: ``size < 1``.
    """
    if size is None:
        return task
    if size < 1:
        raise InvalidInputError(f"sample size must be >= 1, got {size}")
    rng = random.Random(seed)  # noqa: S311 - reproducible sampling, not security
    if isinstance(task, RetrievalTask):
        qids = list(task.qrels)
        if size >= len(qids):
            return task
        kept = set(rng.sample(qids, size))
        qrels = {qid: task.qrels[qid] for qid in qids if qid in kept}
        return replace(
            task,
            queries={qid: text for qid, text in task.queries.items() if qid in kept},
            qrels=qrels,
            description=f"{task.description}; seeded sample of {size}/{len(qids)} queries (seed {seed})",
        )
    keys = [pair.group if pair.group is not None else str(i) for i, pair in enumerate(task.pairs)]
    units = list(dict.fromkeys(keys))
    if size >= len(units):
        return task
    chosen = set(rng.sample(units, size))
    return replace(
        task,
        pairs=tuple(p for p, key in zip(task.pairs, keys, strict=True) if key in chosen),
        description=f"{task.description}; seeded sample of {size}/{len(units)} groups (seed {seed})",
    )


def reduce_candidates(task: RetrievalTask, n_items: int | None, seed: int = 0) -> RetrievalTask:
    """Keep every judged item of the task's queries plus seeded random others, ``n_items`` in all.

    Items are corpus documents, or groups (all labels of an occupation stay together) in
    max-over-labels tasks. A smaller candidate set makes ranking easier: figures are comparable
    only between methods run on the same reduced task. ``None`` keeps the corpus whole.

    Raises:
        InvalidInputError: ``n_items < 1``.
    """
    if n_items is None:
        return task
    if n_items < 1:
        raise InvalidInputError(f"candidate count must be >= 1, got {n_items}")
    groups = task.corpus_groups
    item_of = {doc: groups[doc] if groups is not None else doc for doc in task.corpus}
    items = list(dict.fromkeys(item_of.values()))
    if n_items >= len(items):
        return task
    judged = {item for docs in task.qrels.values() for item in docs}
    others = [item for item in items if item not in judged]
    rng = random.Random(seed)  # noqa: S311 - reproducible sampling, not security
    extra = rng.sample(others, max(0, min(len(others), n_items - len(judged & set(items)))))
    kept = (judged & set(items)) | set(extra)
    corpus = {doc: text for doc, text in task.corpus.items() if item_of[doc] in kept}
    return replace(
        task,
        corpus=corpus,
        corpus_groups=None if groups is None else {doc: groups[doc] for doc in corpus},
        description=f"{task.description}; candidates reduced to {len(kept)}/{len(items)} items "
        f"(every judged item + a seeded sample, seed {seed})",
    )
