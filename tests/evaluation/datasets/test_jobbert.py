import pytest

from cvmatch.errors import InvalidInputError
from cvmatch.evaluation.datasets.base import CorpusMode
from cvmatch.evaluation.datasets.jobbert import load_jobbert_titles

URI = "http://data.europa.eu/esco/occupation/"


def test_titles_map_to_occupations_with_label_corpus(fake_data_dir):
    task = load_jobbert_titles(fake_data_dir)
    assert task.queries == {"0": "Senior Data Engineer", "1": "Staff Nurse"}
    assert task.qrels == {"0": {URI + "a": 1}, "1": {URI + "b": 1}}
    assert task.excluded_queries == ("2",)
    assert task.corpus_mode is CorpusMode.MAX_OVER_LABELS
    assert task.corpus_groups is not None
    assert len(task.corpus) == 6
    assert task.primary_metric == "mrr"


def test_bad_rows_are_reported_with_their_line(fake_data_dir):
    path = fake_data_dir / "jobbert_titles" / "titles.csv"
    path.write_text(",vacancyTitle,conceptUri\n0,Nurse,u\n1,,u\n", encoding="utf-8")
    with pytest.raises(InvalidInputError, match=r"titles\.csv:3"):
        load_jobbert_titles(fake_data_dir)


@pytest.mark.shared_data
def test_real_jobbert_sizes(shared_data_dir):
    """15,463 titles, one whose occupation is missing from ESCO v1.2 → 15,462 queries."""
    task = load_jobbert_titles(shared_data_dir)
    assert len(task.queries) == 15462
    assert task.excluded_queries == ("15322",)
    assert task.corpus_groups is not None
    assert len(set(task.corpus_groups.values())) == 3039
    assert {uri for judged in task.qrels.values() for uri in judged} <= set(
        task.corpus_groups.values()
    )
