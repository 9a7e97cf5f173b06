"""JobBERT vacancy titles → ESCO occupation (Decorte et al. 2021).

Source: ``jobbert_titles/titles.csv``, 15,463 English vacancy titles from a public job board,
each tagged by the employer with one ESCO occupation URI (1,377 classes; noisy, long-tailed).
Columns: an unnamed row id, ``vacancyTitle``, ``conceptUri``. One title's occupation is missing
from ESCO v1.2; it is left out and listed in ``excluded_queries``. No licence is stated: cite the
JobBERT paper.

Candidates are the 3,039 English ESCO v1.2 occupations, one document per label, an occupation
scoring its best label (max over labels). The reference floors report MRR over the full ranking.
"""

import csv
import logging
from pathlib import Path

from cvmatch.errors import InvalidInputError
from cvmatch.evaluation.datasets.base import CorpusMode, RetrievalTask, data_file
from cvmatch.evaluation.datasets.esco import label_corpus, load_occupations

logger = logging.getLogger(__name__)

_FILE = "jobbert_titles/titles.csv"


def _read_titles(path: Path) -> list[tuple[str, str, str]]:
    """(row id, title, concept URI) in file order; an empty field or repeated id raises."""
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader, None)
        if header is None or header[1:] != ["vacancyTitle", "conceptUri"]:
            raise InvalidInputError(f"{path}: expected header ',vacancyTitle,conceptUri'")
        rows = []
        for number, fields in enumerate(reader, start=2):
            values = [value.strip() for value in fields]
            if len(values) != len(header) or not all(values):
                raise InvalidInputError(f"{path}:{number}: expected 3 non-empty fields")
            rows.append((values[0], values[1], values[2]))
    if len({row[0] for row in rows}) != len(rows):
        raise InvalidInputError(f"{path}: the id column repeats an id; ids must be unique")
    return rows


def load_jobbert_titles(data_dir: Path | None = None) -> RetrievalTask:
    """Vacancy title → ESCO occupation, max over labels, primary metric MRR."""
    occupations = load_occupations(data_dir, "en")
    known = {occupation.uri for occupation in occupations}
    queries: dict[str, str] = {}
    qrels: dict[str, dict[str, int]] = {}
    excluded: list[str] = []
    for qid, title, uri in _read_titles(data_file(data_dir, _FILE)):
        if uri not in known:
            excluded.append(qid)
            continue
        queries[qid] = title
        qrels[qid] = {uri: 1}
    logger.info("jobbert_titles: left out %d titles not in ESCO v1.2: %s", len(excluded), excluded)
    corpus, groups = label_corpus(occupations)
    return RetrievalTask(
        name="jobbert_titles",
        queries=queries,
        corpus=corpus,
        qrels=qrels,
        language="en",
        description="JobBERT vacancy titles → ESCO v1.2 occupation (max over labels); "
        f"{len(excluded)} title(s) left out: gold occupation missing from ESCO v1.2",
        corpus_mode=CorpusMode.MAX_OVER_LABELS,
        corpus_groups=groups,
        primary_metric="mrr",
        excluded_queries=tuple(excluded),
    )
