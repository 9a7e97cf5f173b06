"""TalentCLEF 2025 task A: job-title matching (Zenodo record 14879510).

* ``talentclef_en_validation``: ``talentclef2025_taskA/validation/english/`` holds ``queries``
  (105 titles) and ``corpus_elements`` (2,619 titles), both ``id<TAB>jobtitle`` with a header,
  and expert-annotated binary ``qrels.tsv`` in TREC format. Metric: MAP over the full ranking.
* ``talentclef_de_training`` / ``talentclef_es_training``: ``training/{german,spanish}/`` TSVs
  without a header, ``family_id, occupation URI, title_1, title_2``; pairs of titles of the same
  ESCO occupation (23,023 de / 20,724 es). They become positive-only pairs (``job`` = title_1,
  ``cv`` = title_2, label 1, group = occupation URI) for training with in-batch negatives.
"""

import logging
from pathlib import Path

from cvmatch.errors import InvalidInputError
from cvmatch.evaluation.datasets.base import PairsTask, RetrievalTask, data_file
from cvmatch.evaluation.formats import Pair, read_qrels, read_tsv

logger = logging.getLogger(__name__)

_VALIDATION = "talentclef2025_taskA/validation/english"
_TRAINING_FIELDS = 4


def load_talentclef_en_validation(data_dir: Path | None = None) -> RetrievalTask:
    """English job-title matching: 105 queries against 2,619 titles, primary metric MAP."""
    queries = read_tsv(data_file(data_dir, f"{_VALIDATION}/queries"))
    corpus = read_tsv(data_file(data_dir, f"{_VALIDATION}/corpus_elements"))
    qrels = read_qrels(data_file(data_dir, f"{_VALIDATION}/qrels.tsv"))
    unknown = {qid for qid in qrels if qid not in queries}
    unknown |= {doc for judged in qrels.values() for doc in judged if doc not in corpus}
    if unknown:
        raise InvalidInputError(f"TalentCLEF qrels use ids absent from queries/corpus: {unknown}")
    return RetrievalTask(
        name="talentclef_en_validation",
        queries=queries,
        corpus=corpus,
        qrels=qrels,
        language="en",
        description="TalentCLEF 2025 task A English validation: job title → equivalent titles",
        primary_metric="map",
    )


def _load_training(language: str, folder: str, data_dir: Path | None) -> PairsTask:
    path = data_file(
        data_dir, f"talentclef2025_taskA/training/{folder}/taskA_training_{language}.tsv"
    )
    pairs: list[Pair] = []
    families: dict[str, dict[str, str]] = {}
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            fields = [field.strip() for field in line.rstrip("\n").split("\t")]
            if len(fields) != _TRAINING_FIELDS or not all(fields):
                raise InvalidInputError(
                    f"{path}:{number}: expected 4 non-empty tab-separated fields "
                    "(family_id, occupation URI, title_1, title_2)"
                )
            family, occupation, first, second = fields
            pairs.append(Pair(job=first, cv=second, label=1, group=occupation))
            families.setdefault(occupation, {"family_id": family})
    return PairsTask(
        name=f"talentclef_{language}_training",
        pairs=tuple(pairs),
        language=language,
        description=f"TalentCLEF 2025 task A {folder} training: title pairs of one ESCO "
        "occupation (positives only; job = title_1, cv = title_2, group = occupation URI)",
        group_info=families,
        primary_metric=None,
    )


def load_talentclef_de_training(data_dir: Path | None = None) -> PairsTask:
    """German same-occupation title pairs (training data)."""
    return _load_training("de", "german", data_dir)


def load_talentclef_es_training(data_dir: Path | None = None) -> PairsTask:
    """Spanish same-occupation title pairs (training data)."""
    return _load_training("es", "spanish", data_dir)
