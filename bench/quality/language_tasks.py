"""The evaluation tasks of docs/benchmarks/languages.md, scored from precomputed base vectors.

* ``titles-tc-L`` (L = de, es): TalentCLEF task A training titles of the split's occupations;
  every distinct title ranks all the others, relevant = titles of the same occupation.
* ``titles-esco-L`` (en, de, es, fr): the same with the ESCO labels (preferred + alternative) of
  the split's occupations.
* ``link-L-T``: occupation linking (MELO-style). Queries = the alternative labels in L of the
  split's occupations; corpus = the preferred label in T of *every* occupation; relevant = the
  query's occupation(s). One relevant document, so AP = 1 / rank.

MAP is over the full ranking; ties keep corpus order. :func:`mean_average_precision` is checked
against :func:`cvmatch.evaluation.evaluate_run` on the first rows of every task.
"""

import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from cvmatch.evaluation import evaluate_run, top_k_run
from cvmatch.scoring.title_similarity import fuse_title_scores
from cvmatch.training.language_data import OccupationLabels, occupation_split
from cvmatch.training.language_head import HeadSettings, fit_head
from cvmatch.training.records import TrainingPair

Projector = Callable[[np.ndarray, str], np.ndarray]
_BLOCK = 512
_CHECK_ROWS = 20


@dataclass(frozen=True)
class Task:
    """Queries and corpus texts with their occupation ids; ``group_task``: queries = corpus."""

    name: str
    source: str
    query_language: str
    corpus_language: str
    queries: tuple[str, ...]
    query_groups: tuple[frozenset[str], ...]
    corpus: tuple[str, ...]
    corpus_groups: tuple[frozenset[str], ...]
    vectors: Mapping[str, np.ndarray]
    group_task: bool = False

    def evaluate(self, projector: Projector, lexical: bool = False) -> np.ndarray:
        """Average precision of every query that has a relevant document (in query order)."""
        q = projector(np.stack([self.vectors[t] for t in self.queries]), self.query_language)
        # A per-language head is chosen by the queries' language and applied to both sides.
        d = projector(np.stack([self.vectors[t] for t in self.corpus]), self.query_language)
        scores = np.asarray(q @ d.T, dtype=np.float64)
        if lexical:
            scores = fuse_title_scores([scores, self._tfidf()])
        return self.evaluate_scores(scores)

    def evaluate_scores(self, scores: np.ndarray) -> np.ndarray:
        """:meth:`evaluate` of a ``(queries, corpus)`` score matrix (e.g. a method's)."""
        scores = np.array(scores, dtype=np.float64)
        if self.group_task:
            np.fill_diagonal(scores, -np.inf)  # a title never retrieves itself
        relevant = self._relevance()
        if self.group_task:
            np.fill_diagonal(relevant, False)
        keep = relevant.any(axis=1)
        values = mean_average_precision(scores[keep], relevant[keep])
        _check(scores[keep][:_CHECK_ROWS], relevant[keep][:_CHECK_ROWS], values[:_CHECK_ROWS])
        return values

    def _relevance(self) -> np.ndarray:
        index: dict[str, list[int]] = {}
        for column, groups in enumerate(self.corpus_groups):
            for group in groups:
                index.setdefault(group, []).append(column)
        relevant = np.zeros((len(self.queries), len(self.corpus)), dtype=bool)
        for row, groups in enumerate(self.query_groups):
            for group in groups:
                relevant[row, index.get(group, [])] = True
        return relevant

    def _tfidf(self) -> np.ndarray:
        vectoriser = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True)
        vectoriser.fit([*self.corpus, *self.queries])
        matrix = vectoriser.transform(self.queries) @ vectoriser.transform(self.corpus).T
        return np.asarray(matrix.todense(), dtype=np.float64)


def mean_average_precision(scores: np.ndarray, relevant: np.ndarray) -> np.ndarray:
    """Per-row average precision over the full ranking (stable sort: ties keep column order)."""
    values = np.empty(len(scores), dtype=np.float64)
    for start in range(0, len(scores), _BLOCK):
        block = scores[start : start + _BLOCK]
        order = np.argsort(-block, axis=1, kind="stable")
        hits = np.take_along_axis(relevant[start : start + _BLOCK], order, axis=1)
        found = np.cumsum(hits, axis=1)
        precision = found / np.arange(1, scores.shape[1] + 1)
        values[start : start + len(block)] = (precision * hits).sum(axis=1) / hits.sum(axis=1)
    return values


def _check(scores: np.ndarray, relevant: np.ndarray, values: np.ndarray) -> None:
    """Recompute the first rows with the library's metric; stop on a disagreement.

    The ranking is stable (exact ties in corpus order); the document ids are zero-padded so that
    the library's tie rule (by id) is the same order. Exact ties occur: USE-m3 gives one vector
    to every character it does not know (docs/benchmarks/chinese.md).
    """
    width = len(str(scores.shape[1]))
    ids = [f"q{i}" for i in range(len(scores))]
    docs = [f"d{j:0{width}d}" for j in range(scores.shape[1])]
    run = top_k_run(np.nan_to_num(scores, neginf=-1e9), ids, docs, len(docs))
    qrels = {q: {docs[j]: 1 for j in np.flatnonzero(relevant[i])} for i, q in enumerate(ids)}
    reference = evaluate_run(run, qrels, ["map"])["map"]
    if not np.allclose(reference, values, atol=1e-9):
        raise SystemExit(f"MAP check failed: {reference[:5]} vs {values[:5]}")


def build_tasks(
    esco: Mapping[str, Mapping[str, OccupationLabels]],
    talentclef: Mapping[str, Sequence[tuple[str, str]]],
    vectors: Mapping[str, np.ndarray],
    split: str,
) -> list[Task]:
    """Every task of the protocol on the occupations of ``split`` (validation or test)."""
    tasks = []
    for lang, rows in sorted(talentclef.items()):
        titles = [(uri, t) for uri, t in rows if occupation_split(uri) == split]
        tasks.append(_group_task(f"titles-tc-{lang}", "talentclef", lang, titles, vectors))
    for lang, occupations in esco.items():
        labels = [
            (uri, label)
            for uri, occ in occupations.items()
            if occupation_split(uri) == split
            for label in occ.labels
        ]
        tasks.append(_group_task(f"titles-esco-{lang}", "esco", lang, labels, vectors))
    pairs = [(lang, lang) for lang in esco] + [(lang, "en") for lang in esco if lang != "en"]
    tasks += [_link_task(esco, q, c, vectors, split) for q, c in pairs]
    return tasks


def _grouped(rows: Sequence[tuple[str, str]]) -> tuple[tuple[str, ...], tuple[frozenset[str], ...]]:
    groups: dict[str, set[str]] = {}
    for uri, text in rows:
        groups.setdefault(text, set()).add(uri)
    texts = tuple(sorted(groups))
    return texts, tuple(frozenset(groups[t]) for t in texts)


def _group_task(
    name: str,
    source: str,
    lang: str,
    rows: Sequence[tuple[str, str]],
    vectors: Mapping[str, np.ndarray],
) -> Task:
    texts, groups = _grouped(rows)
    return Task(name, source, lang, lang, texts, groups, texts, groups, vectors, group_task=True)


def _link_task(
    esco: Mapping[str, Mapping[str, OccupationLabels]],
    query_lang: str,
    corpus_lang: str,
    vectors: Mapping[str, np.ndarray],
    split: str,
) -> Task:
    rows = [
        (uri, alt)
        for uri, occ in esco[query_lang].items()
        if occupation_split(uri) == split and uri in esco[corpus_lang]
        for alt in occ.alt
    ]
    queries, query_groups = _grouped(rows)
    corpus_rows = sorted((uri, occ.preferred) for uri, occ in esco[corpus_lang].items())
    corpus = tuple(text for _, text in corpus_rows)
    corpus_groups = tuple(frozenset({uri}) for uri, _ in corpus_rows)
    name = f"link-{query_lang}-{corpus_lang}"
    return Task(
        name, "esco", query_lang, corpus_lang, queries, query_groups, corpus, corpus_groups, vectors
    )


def fit_and_save(
    target: Path,
    pairs: Sequence[TrainingPair],
    vectors: Mapping[str, np.ndarray],
    validate: Callable[[Callable[[np.ndarray], np.ndarray]], float],
    settings: HeadSettings | None = None,
) -> dict[str, object]:
    """Fit one head (epoch chosen by ``validate``), save its arrays to ``target``; its history."""
    started = time.perf_counter()
    fit = fit_head(pairs, vectors, validate, settings or HeadSettings())
    np.savez(target, **fit.arrays)
    row: dict[str, object] = {
        "pairs": len(pairs),
        "best_epoch": fit.best_epoch,
        "validation_esco_map_by_epoch": [round(v, 4) for v in fit.history],
        "seconds": round(time.perf_counter() - started, 1),
    }
    print(target.stem, row, flush=True)
    return row
