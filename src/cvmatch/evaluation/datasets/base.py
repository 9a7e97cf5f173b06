"""Task types the dataset loaders return, and helpers they share.

A :class:`RetrievalTask` ranks a corpus for each query; a :class:`PairsTask` scores labelled
(job, CV) pairs. When an item has several labels (an ESCO occupation and its alternative titles),
each label is its own corpus document and ``corpus_groups`` maps it to the item; qrels are then on
item (group) ids and an item scores its best label (:func:`max_over_groups`).
"""

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from cvmatch.errors import InvalidInputError
from cvmatch.evaluation.formats import Pair


class CorpusMode(StrEnum):
    """How corpus documents relate to the items the qrels judge."""

    ONE_TEXT = "one_text"  # one document per item; qrels on document ids
    MAX_OVER_LABELS = "max_over_labels"  # one document per label; qrels on group ids


@dataclass(frozen=True)
class RetrievalTask:
    """Queries, a corpus and relevance judgements.

    Attributes:
        name: Registry name of the task.
        queries: Query id → text.
        corpus: Document id → text.
        qrels: Query id → {judged id: relevance}; judged ids are document ids, or group ids
            when ``corpus_groups`` is set.
        language: ISO 639-1 code of queries and corpus.
        description: What the task measures and how it was built.
        corpus_mode: See :class:`CorpusMode`.
        corpus_groups: Document id → group id (only in ``MAX_OVER_LABELS`` mode).
        primary_metric: The metric the reference floors report (``evaluate_run`` name).
        excluded_queries: Source queries left out (the description says why).
        ad_texts: Query id → the labelled text that stands for the query when the query's row
            serves as an imported ad (``-m recommend+ads``); a query without one serves itself.
            Hahu's CV-like sentences are stood for by their job ad, as a user imports ads.
    """

    name: str
    queries: dict[str, str]
    corpus: dict[str, str]
    qrels: dict[str, dict[str, int]]
    language: str
    description: str
    corpus_mode: CorpusMode = CorpusMode.ONE_TEXT
    corpus_groups: dict[str, str] | None = None
    primary_metric: str = "mrr@100"
    excluded_queries: tuple[str, ...] = ()
    ad_texts: dict[str, str] | None = None


@dataclass(frozen=True)
class PairsTask:
    """Labelled pairs, optionally grouped for pairwise comparison.

    Attributes:
        name: Registry name of the task.
        pairs: The labelled pairs, in file order.
        language: ISO 639-1 code.
        description: What the task measures and how it was built.
        group_info: Group id → extra facts kept from the source (e.g. what was removed).
        primary_metric: Name of the headline metric (a :mod:`pair_metrics` function), or
            ``None`` for training-only data.
    """

    name: str
    pairs: tuple[Pair, ...]
    language: str
    description: str
    group_info: dict[str, dict[str, Any]] = field(default_factory=dict)
    primary_metric: str | None = "pairwise_accuracy"


def default_data_dir() -> Path:
    """``<repo root>/../shared/data``, where the project's benchmark data lives in development."""
    return Path(__file__).resolve().parents[4].parent / "shared" / "data"


def data_file(data_dir: Path | None, relative: str) -> Path:
    """Resolve ``relative`` under ``data_dir`` (default :func:`default_data_dir`) or raise.

    Raises:
        InvalidInputError: The file does not exist; the message says where it was expected.
    """
    root = default_data_dir() if data_dir is None else data_dir
    path = root / relative
    if not path.is_file():
        raise InvalidInputError(
            f"benchmark file not found: {path}; pass data_dir= pointing at the shared data "
            "folder (see docs/benchmarks/datasets.md for where each dataset comes from)"
        )
    return path


def max_over_groups(scores: Mapping[str, float], groups: Mapping[str, str]) -> dict[str, float]:
    """Score each group by its best-scoring document.

    >>> max_over_groups({"a#0": 0.2, "a#1": 0.7, "b#0": 0.5}, {"a#0": "a", "a#1": "a", "b#0": "b"})
    {'a': 0.7, 'b': 0.5}

    Raises:
        InvalidInputError: A scored document has no group.
    """
    best: dict[str, float] = {}
    for doc, score in scores.items():
        try:
            group = groups[doc]
        except KeyError:
            raise InvalidInputError(f"document {doc!r} has no group in corpus_groups") from None
        if group not in best or score > best[group]:
            best[group] = score
    return best


def max_over_groups_matrix(
    scores: NDArray[np.floating], doc_groups: Sequence[Hashable]
) -> tuple[NDArray[np.float64], list[Hashable]]:
    """Column-wise version of :func:`max_over_groups` for a ``(queries, docs)`` score matrix.

    Returns:
        The ``(queries, groups)`` matrix of best scores and the group ids of its columns, in
        order of first appearance in ``doc_groups``.
    """
    matrix = np.asarray(scores, dtype=np.float64)
    if matrix.ndim != 2 or matrix.shape[1] != len(doc_groups) or not doc_groups:  # noqa: PLR2004
        raise InvalidInputError(
            f"scores have shape {matrix.shape}, expected (queries, {len(doc_groups)})"
        )
    group_ids = list(dict.fromkeys(doc_groups))
    column = {group: index for index, group in enumerate(group_ids)}
    codes = np.asarray([column[group] for group in doc_groups], dtype=np.int64)
    order = np.argsort(codes, kind="stable")
    starts = np.flatnonzero(np.r_[True, codes[order][1:] != codes[order][:-1]])
    return np.maximum.reduceat(matrix[:, order], starts, axis=1), group_ids
