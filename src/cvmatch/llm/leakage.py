"""Leakage check of generated texts against every evaluation set cvmatch knows.

Each generated text is compared with every text of the registered datasets
(:data:`cvmatch.evaluation.datasets.registry.DATASETS`: queries, corpus and pair sides) whose
files are present, and with the repository's example CVs and jobs when given:

* exact: the same text after lower-casing and collapsing white space;
* near-duplicate: cosine ≥ :data:`NEAR_AT` between character 5-gram count vectors (hashed) (a few
  words changed in a long text still counts; a shared title inside a longer text does not).

Datasets whose files are absent are listed as not checked, never silently passed.
"""

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import HashingVectorizer

from cvmatch.errors import CvmatchError
from cvmatch.evaluation.datasets.base import PairsTask, RetrievalTask
from cvmatch.evaluation.datasets.registry import DATASETS, load_dataset

NEAR_AT = 0.9
_SPACE = re.compile(r"\s+")
_BLOCK = 2048


@dataclass
class LeakageReport:
    """Which generated texts leak, and which evaluation sets were (not) checked."""

    exact: set[int] = field(default_factory=set)
    near: set[int] = field(default_factory=set)
    checked: dict[str, int] = field(default_factory=dict)
    """Evaluation set → how many of its texts were compared."""
    not_checked: dict[str, str] = field(default_factory=dict)
    """Evaluation set → why it was not (its files are absent)."""

    @property
    def leaking(self) -> set[int]:
        """Indices of generated texts that match an evaluation text (exact or near)."""
        return self.exact | self.near


def normalise(text: str) -> str:
    """Lower case, white space collapsed: the key of exact matches and deduplication."""
    return _SPACE.sub(" ", text).strip().lower()


def evaluation_texts(
    data_dir: Path | None, extra: dict[str, list[str]]
) -> tuple[list[str], LeakageReport]:
    """Every text of the registered evaluation sets (plus ``extra``), and what was checked."""
    report = LeakageReport()
    texts: dict[str, list[str]] = {}
    for name in DATASETS:
        try:
            task = load_dataset(name, data_dir)
        except CvmatchError as error:
            report.not_checked[name] = str(error).splitlines()[0][:200]
            continue
        texts[name] = list(_task_texts(task))
    texts |= extra
    report.checked = {name: len(items) for name, items in texts.items()}
    return [t for items in texts.values() for t in items], report


def check_leakage(
    generated: Sequence[str],
    data_dir: Path | None = None,
    extra: dict[str, list[str]] | None = None,
) -> LeakageReport:
    """Compare ``generated`` with every evaluation text (see the module docstring)."""
    known, report = evaluation_texts(data_dir, extra or {})
    if not known or not generated:
        return report
    seen = {normalise(t) for t in known}
    report.exact = {i for i, text in enumerate(generated) if normalise(text) in seen}
    report.near = _near(generated, known)
    return report


def _near(generated: Sequence[str], known: list[str]) -> set[int]:
    # Hashed, so every text keeps all its n-grams (a vocabulary fitted on one side would
    # shrink the other side's vectors and inflate their cosines).
    vectorizer = HashingVectorizer(
        analyzer="char_wb", ngram_range=(5, 5), n_features=2**20, alternate_sign=False
    )
    gen = vectorizer.transform(list(generated))
    near: set[int] = set()
    for start in range(0, len(known), _BLOCK):
        block = vectorizer.transform(known[start : start + _BLOCK])
        best = np.asarray((gen @ block.T).max(axis=1).todense()).ravel()
        near |= {int(i) for i in np.flatnonzero(best >= NEAR_AT)}
    return near


def _task_texts(task: RetrievalTask | PairsTask) -> Iterable[str]:
    if isinstance(task, RetrievalTask):
        yield from task.queries.values()
        yield from task.corpus.values()
        return
    for pair in task.pairs:
        yield pair.job
        yield pair.cv
