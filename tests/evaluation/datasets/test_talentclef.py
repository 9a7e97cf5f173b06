import pytest

from cvmatch.errors import InvalidInputError
from cvmatch.evaluation.datasets.talentclef import (
    load_talentclef_de_training,
    load_talentclef_en_validation,
    load_talentclef_es_training,
)

URI = "http://data.europa.eu/esco/occupation/"


def test_validation_reads_queries_corpus_and_qrels(fake_data_dir):
    task = load_talentclef_en_validation(fake_data_dir)
    assert task.queries == {"1": "nanny", "2": "chef"}
    assert task.corpus == {"1": "babysitter", "2": "cook", "3": "nurse"}
    assert task.qrels == {"1": {"1": 1}, "2": {"2": 1}}
    assert task.primary_metric == "map"


def test_qrels_with_unknown_ids_are_refused(fake_data_dir):
    qrels = fake_data_dir / "talentclef2025_taskA" / "validation" / "english" / "qrels.tsv"
    qrels.write_text("1 0 99 1\n", encoding="utf-8")
    with pytest.raises(InvalidInputError, match="absent from queries/corpus"):
        load_talentclef_en_validation(fake_data_dir)


def test_training_pairs_are_positive_title_pairs(fake_data_dir):
    task = load_talentclef_de_training(fake_data_dir)
    assert (task.pairs[0].job, task.pairs[0].cv, task.pairs[0].label, task.pairs[0].group) == (
        "Dateningenieurin",
        "Dateningenieur",
        1,
        URI + "a",
    )
    assert len(task.pairs) == 3
    assert task.group_info == {URI + "a": {"family_id": "C0110"}, URI + "b": {"family_id": "C0220"}}
    assert task.language == "de"
    assert task.primary_metric is None


def test_malformed_training_line_is_reported(fake_data_dir):
    path = fake_data_dir / "talentclef2025_taskA" / "training" / "german" / "taskA_training_de.tsv"
    path.write_text("C0110\turi\tA\tB\nC0110\turi\tA\n", encoding="utf-8")
    with pytest.raises(InvalidInputError, match=r"taskA_training_de\.tsv:2"):
        load_talentclef_de_training(fake_data_dir)


@pytest.mark.shared_data
def test_real_talentclef_sizes(shared_data_dir):
    task = load_talentclef_en_validation(shared_data_dir)
    assert len(task.queries) == 105
    assert len(task.corpus) == 2619
    assert set(task.qrels) == set(task.queries)
    assert sum(len(judged) for judged in task.qrels.values()) == 2420
    assert len(load_talentclef_de_training(shared_data_dir).pairs) == 23023
    assert len(load_talentclef_es_training(shared_data_dir).pairs) == 20724
