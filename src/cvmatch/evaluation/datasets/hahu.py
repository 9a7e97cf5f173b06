"""Hahu Jobs dev ads → ESCO occupation (tabiya-tech, CC BY 4.0).

Source: ``hahu_esco/hahu_dev.csv``, 286 real job ads (columns ID, title, description, esco_code,
synthetic_query, ...). The gold ESCO code was assigned by the Hahu platform, not checked by
experts. ``synthetic_query`` is a one-sentence CV-like text an LLM wrote from the ad. One ad's
code (2424.3) is missing from ESCO v1.2; it is left out and listed in ``excluded_queries``.

Candidates are the 3,039 English ESCO v1.2 occupations (:mod:`esco`); the metric is MRR@100.
Three tasks: ``hahu_ads`` (title + ". " + description, one text per occupation),
``hahu_synthetic`` (synthetic query, one text) and ``hahu_synthetic_labels`` (synthetic query,
max over labels). Every task carries each ad as the labelled text of its row
(``RetrievalTask.ad_texts``), so ``-m recommend+ads`` imports real ads for CV-like queries too.
"""

import csv
import logging
from collections.abc import Callable
from pathlib import Path

from cvmatch.errors import InvalidInputError
from cvmatch.evaluation.datasets.base import CorpusMode, RetrievalTask, data_file
from cvmatch.evaluation.datasets.esco import label_corpus, load_occupations, one_text_corpus

logger = logging.getLogger(__name__)

_FILE = "hahu_esco/hahu_dev.csv"
_COLUMNS = ("ID", "title", "description", "esco_code", "synthetic_query")


def _read_ads(data_dir: Path | None) -> list[dict[str, str]]:
    path = data_file(data_dir, _FILE)
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in _COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            raise InvalidInputError(f"{path}: missing columns {missing}; expected {_COLUMNS}")
        rows = list(reader)
    for number, row in enumerate(rows, start=1):
        if not all((row[c] or "").strip() for c in _COLUMNS):
            raise InvalidInputError(f"{path}: record {number} has an empty field of {_COLUMNS}")
    if len({row["ID"].strip() for row in rows}) != len(rows):
        raise InvalidInputError(f"{path}: the ID column repeats an id; ids must be unique")
    return rows


def _build(
    name: str,
    data_dir: Path | None,
    query_text: Callable[[dict[str, str]], str],
    mode: CorpusMode,
) -> RetrievalTask:
    occupations = load_occupations(data_dir, "en")
    uri_of_code = {occupation.code: occupation.uri for occupation in occupations}
    queries: dict[str, str] = {}
    ads: dict[str, str] = {}
    qrels: dict[str, dict[str, int]] = {}
    excluded: list[str] = []
    for row in _read_ads(data_dir):
        qid, code = row["ID"].strip(), row["esco_code"].strip()
        if code not in uri_of_code:
            excluded.append(qid)
            continue
        queries[qid] = query_text(row)
        ads[qid] = _ad_text(row)
        qrels[qid] = {uri_of_code[code]: 1}
    logger.info(
        "%s: left out %d ads whose code is not in ESCO v1.2: %s", name, len(excluded), excluded
    )
    if mode is CorpusMode.ONE_TEXT:
        corpus, groups = one_text_corpus(occupations), None
    else:
        corpus, groups = label_corpus(occupations)
    return RetrievalTask(
        name=name,
        queries=queries,
        corpus=corpus,
        qrels=qrels,
        language="en",
        description=f"Hahu dev ads → ESCO v1.2 occupation ({mode.value}); "
        f"{len(excluded)} ad(s) left out: gold code missing from ESCO v1.2",
        corpus_mode=mode,
        corpus_groups=groups,
        primary_metric="mrr@100",
        excluded_queries=tuple(excluded),
        ad_texts=ads,
    )


def _ad_text(row: dict[str, str]) -> str:
    """The ad as one text: ``title + ". " + description``."""
    return f"{row['title'].strip()}. {row['description'].strip()}"


def load_hahu_ads(data_dir: Path | None = None) -> RetrievalTask:
    """Ad ``title + ". " + description`` → occupation, one text per occupation."""
    return _build("hahu_ads", data_dir, _ad_text, CorpusMode.ONE_TEXT)


def load_hahu_synthetic(data_dir: Path | None = None) -> RetrievalTask:
    """LLM-written CV-like sentence → occupation, one text per occupation."""
    return _build(
        "hahu_synthetic",
        data_dir,
        lambda row: row["synthetic_query"].strip(),
        CorpusMode.ONE_TEXT,
    )


def load_hahu_synthetic_labels(data_dir: Path | None = None) -> RetrievalTask:
    """LLM-written CV-like sentence → occupation, max over labels."""
    return _build(
        "hahu_synthetic_labels",
        data_dir,
        lambda row: row["synthetic_query"].strip(),
        CorpusMode.MAX_OVER_LABELS,
    )
