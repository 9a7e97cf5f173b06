import pytest

from cvmatch.errors import InvalidInputError
from cvmatch.evaluation.datasets.rjdb import load_rjdb_pairs


def test_each_triple_gives_a_positive_and_a_negative_pair(fake_data_dir):
    task = load_rjdb_pairs(fake_data_dir)
    assert [(p.cv, p.label, p.group) for p in task.pairs] == [
        ("Matched CV 0", 1, "0"),
        ("Unmatched CV 0", 0, "0"),
        ("Matched CV 1", 1, "1"),
        ("Unmatched CV 1", 0, "1"),
    ]
    assert task.pairs[0].job == "Job 0"
    assert task.group_info["1"]["filtered_information"] == {
        "Skills": ["SQL"],
        "Experience": "shortened",
    }
    assert task.group_info["0"]["skills"] == ["SQL"]


def test_missing_key_names_the_line(fake_data_dir):
    path = fake_data_dir / "rjdb" / "rjdb_dev.jsonl"
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text(lines[0] + '\n{"Job-Description": "x"}\n', encoding="utf-8")
    with pytest.raises(InvalidInputError, match=r"rjdb_dev\.jsonl:2: missing key"):
        load_rjdb_pairs(fake_data_dir)


@pytest.mark.shared_data
def test_real_rjdb_sizes(shared_data_dir):
    """500 triples → 1,000 pairs in 500 groups, half of them positive."""
    task = load_rjdb_pairs(shared_data_dir)
    assert len(task.pairs) == 1000
    assert len({p.group for p in task.pairs}) == 500
    assert sum(p.label for p in task.pairs) == 500
    assert len(task.group_info) == 500
