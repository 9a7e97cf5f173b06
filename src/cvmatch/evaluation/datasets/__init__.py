"""Benchmark datasets as typed tasks; see ``docs/benchmarks/datasets.md`` for sources and licences."""

from cvmatch.evaluation.datasets.base import (
    CorpusMode,
    PairsTask,
    RetrievalTask,
    default_data_dir,
    max_over_groups,
    max_over_groups_matrix,
)
from cvmatch.evaluation.datasets.registry import DATASETS, DatasetLoader, load_dataset

__all__ = [
    "DATASETS",
    "CorpusMode",
    "DatasetLoader",
    "PairsTask",
    "RetrievalTask",
    "default_data_dir",
    "load_dataset",
    "max_over_groups",
    "max_over_groups_matrix",
]
