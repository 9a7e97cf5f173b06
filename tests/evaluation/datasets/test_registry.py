import pytest

from cvmatch.errors import InvalidInputError, UnknownNameError
from cvmatch.evaluation.datasets import DATASETS, PairsTask, RetrievalTask, load_dataset

EXPECTED = {
    "talentclef_en_validation",
    "talentclef_de_training",
    "talentclef_es_training",
    "jobbert_titles",
    "hahu_ads",
    "hahu_synthetic",
    "hahu_synthetic_labels",
    "rjdb_pairs",
}


def test_registry_lists_every_built_in_dataset():
    assert set(DATASETS) == EXPECTED


def test_unknown_name_lists_the_known_ones():
    with pytest.raises(UnknownNameError, match="known: hahu_ads"):
        load_dataset("hahu")


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_missing_data_dir_says_where_it_looked(tmp_path, name):
    with pytest.raises(InvalidInputError, match=f"benchmark file not found: {tmp_path}"):
        load_dataset(name, tmp_path)


@pytest.mark.shared_data
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_every_entry_loads_a_consistent_task(shared_data_dir, name):
    task = load_dataset(name, shared_data_dir)
    assert task.name == name
    if isinstance(task, RetrievalTask):
        judged = (
            set(task.corpus) if task.corpus_groups is None else set(task.corpus_groups.values())
        )
        assert set(task.qrels) == set(task.queries)
        assert all(doc in judged for qrels in task.qrels.values() for doc in qrels)
    else:
        assert isinstance(task, PairsTask)
        assert task.pairs
