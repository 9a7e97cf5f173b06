"""The registry of benchmark loaders: ``DATASETS.create(name)`` returns a loader function.

Built-in loaders are added here by explicit import. Each loader takes ``data_dir`` (default
``<repo root>/../shared/data``) and returns a :class:`RetrievalTask` or a :class:`PairsTask`.

>>> "hahu_ads" in DATASETS
True
"""

from collections.abc import Callable
from pathlib import Path

from cvmatch.evaluation.datasets.base import PairsTask, RetrievalTask
from cvmatch.evaluation.datasets.hahu import (
    load_hahu_ads,
    load_hahu_synthetic,
    load_hahu_synthetic_labels,
)
from cvmatch.evaluation.datasets.jobbert import load_jobbert_titles
from cvmatch.evaluation.datasets.rjdb import load_rjdb_pairs
from cvmatch.evaluation.datasets.talentclef import (
    load_talentclef_de_training,
    load_talentclef_en_validation,
    load_talentclef_es_training,
)
from cvmatch.registry import Registry

Task = RetrievalTask | PairsTask
DatasetLoader = Callable[[Path | None], Task]

DATASETS: Registry[DatasetLoader] = Registry("dataset")

_BUILT_IN: dict[str, DatasetLoader] = {
    "talentclef_en_validation": load_talentclef_en_validation,
    "talentclef_de_training": load_talentclef_de_training,
    "talentclef_es_training": load_talentclef_es_training,
    "jobbert_titles": load_jobbert_titles,
    "hahu_ads": load_hahu_ads,
    "hahu_synthetic": load_hahu_synthetic,
    "hahu_synthetic_labels": load_hahu_synthetic_labels,
    "rjdb_pairs": load_rjdb_pairs,
}


def _constant(loader: DatasetLoader) -> Callable[[], DatasetLoader]:
    return lambda: loader


for _name, _loader in _BUILT_IN.items():
    DATASETS.add(_name, _constant(_loader))


def load_dataset(name: str, data_dir: Path | None = None) -> Task:
    """Load the registered dataset ``name`` from ``data_dir``.

    Raises:
        UnknownNameError: No dataset has that name (the message lists the known ones).
        InvalidInputError: The data files are missing or malformed.
    """
    return DATASETS.create(name)(data_dir)
