import json

import pytest

from cvmatch.errors import InvalidInputError
from cvmatch.evaluation.formats import (
    Pair,
    read_pairs,
    read_qrels,
    read_tsv,
    write_pairs,
    write_qrels,
    write_tsv,
)


def test_tsv_round_trip_keeps_order_and_unicode(tmp_path):
    path = tmp_path / "Q.tsv"
    rows = {"2": "Entwicklerin für Software", "1": "nurse", "10": "chef de cuisine"}
    write_tsv(path, rows, header=("q_id", "jobtitle"))
    assert path.read_text(encoding="utf-8").splitlines()[0] == "q_id\tjobtitle"
    assert read_tsv(path) == rows
    assert list(read_tsv(path)) == ["2", "1", "10"]


def test_tsv_reads_bom_and_crlf(tmp_path):
    path = tmp_path / "C.tsv"
    path.write_bytes("\ufeffid\ttext\r\na\tone\r\nb\ttwo\r\n".encode())
    assert read_tsv(path) == {"a": "one", "b": "two"}


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("id\ttext\na\tone\nb\n", r"C\.tsv:3: expected 'id<TAB>text' \(2 fields\), found 1"),
        ("id\ttext\na\tone\tmore\n", r"C\.tsv:2: .*found 3"),
        ("id\ttext\na\tone\na\ttwo\n", r"C\.tsv:3: duplicate id 'a' \(first on line 2\)"),
        ("id\ttext\na\t \n", r"C\.tsv:2: empty id or text"),
        ("id\ttext\na\tone\n\nb\ttwo\n", r"C\.tsv:3: expected"),
        ("", r"empty file"),
        ("one column\n", r"C\.tsv:1: expected"),
    ],
)
def test_tsv_malformed_rows_name_the_line(tmp_path, content, message):
    path = tmp_path / "C.tsv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InvalidInputError, match=message):
        read_tsv(path)


def test_tsv_writer_refuses_values_that_would_not_read_back(tmp_path):
    with pytest.raises(InvalidInputError, match="no tab or newline"):
        write_tsv(tmp_path / "x.tsv", {"a": "one\ttwo"})
    with pytest.raises(InvalidInputError, match="non-empty"):
        write_tsv(tmp_path / "x.tsv", {"a": ""})


def test_missing_or_binary_file_is_a_clear_error(tmp_path):
    with pytest.raises(InvalidInputError, match="file not found"):
        read_tsv(tmp_path / "absent.tsv")
    path = tmp_path / "latin1.tsv"
    path.write_bytes("id\ttext\na\tcaf\xe9\n".encode("latin-1"))
    with pytest.raises(InvalidInputError, match="not UTF-8"):
        read_tsv(path)


def test_qrels_round_trip_keeps_zero_judgements(tmp_path):
    path = tmp_path / "qrels.tsv"
    qrels = {"1": {"143": 1, "150": 0}, "2": {"7": 3}}
    write_qrels(path, qrels)
    assert path.read_text(encoding="utf-8") == "1 0 143 1\n1 0 150 0\n2 0 7 3\n"
    assert read_qrels(path) == qrels


def test_qrels_accepts_tabs_and_spaces(tmp_path):
    path = tmp_path / "qrels.tsv"
    path.write_text("1\t0\t143\t1\n1  0 150   2\n", encoding="utf-8")
    assert read_qrels(path) == {"1": {"143": 1, "150": 2}}


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("1 0 143 1\n1 0 150\n", r"qrels\.tsv:2: expected 'qid 0 docid relevance'"),
        ("1 0 143 yes\n", r"qrels\.tsv:1: relevance 'yes' is not an integer"),
        ("1 0 143 1\n1 0 143 0\n", r"qrels\.tsv:2: \(1, 143\) is judged twice"),
        ("1 0 143 1\n\n", r"qrels\.tsv:2: expected"),
    ],
)
def test_qrels_malformed_lines_name_the_line(tmp_path, content, message):
    path = tmp_path / "qrels.tsv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InvalidInputError, match=message):
        read_qrels(path)


def test_qrels_writer_refuses_whitespace_ids(tmp_path):
    with pytest.raises(InvalidInputError, match="without whitespace"):
        write_qrels(tmp_path / "q", {"q 1": {"d": 1}})


def test_pairs_round_trip(tmp_path):
    path = tmp_path / "pairs.jsonl"
    pairs = [
        Pair(job="Data engineer", cv="Élodie, Spark", label=1, group="0"),
        Pair(job="Data engineer", cv="Bob", label=0, group="0"),
        Pair(job="Nurse", cv="Carla", label=2.5),
    ]
    write_pairs(path, pairs)
    assert "Élodie" in path.read_text(encoding="utf-8")
    assert "group" not in path.read_text(encoding="utf-8").splitlines()[2]
    assert read_pairs(path) == pairs


def test_pairs_unknown_keys_are_ignored_with_one_warning(tmp_path, caplog):
    path = tmp_path / "pairs.jsonl"
    lines = [
        {"job": "j", "cv": "c", "label": 1, "source": "ats", "score": 3},
        {"job": "j", "cv": "d", "label": 0, "source": "ats"},
    ]
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    with caplog.at_level("WARNING", logger="cvmatch.evaluation.formats"):
        pairs = read_pairs(path)
    assert pairs == [Pair(job="j", cv="c", label=1), Pair(job="j", cv="d", label=0)]
    assert len(caplog.records) == 1
    assert "['score', 'source']" in caplog.records[0].getMessage()


def test_pairs_integer_group_becomes_string(tmp_path):
    path = tmp_path / "pairs.jsonl"
    path.write_text(json.dumps({"job": "j", "cv": "c", "label": 1, "group": 7}) + "\n")
    assert read_pairs(path) == [Pair(job="j", cv="c", label=1, group="7")]


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('{"job": "j", "cv": "c", "label": 1', r"pairs\.jsonl:2: invalid JSON"),
        ('{"job": "j", "label": 1}', r"pairs\.jsonl:2: 'job' and 'cv' must be non-empty"),
        ('{"job": "j", "cv": "c", "label": "yes"}', r"pairs\.jsonl:2: 'label' must be a number"),
        ('{"job": "j", "cv": "c", "label": true}', r"pairs\.jsonl:2: 'label' must be a number"),
        ('{"job": "j", "cv": "c", "label": 1, "group": [1]}', r"pairs\.jsonl:2: 'group'"),
        ("[1, 2]", r"pairs\.jsonl:2: expected a JSON object"),
        ("", r"pairs\.jsonl:2: invalid JSON"),
    ],
)
def test_pairs_malformed_lines_name_the_line(tmp_path, line, message):
    path = tmp_path / "pairs.jsonl"
    good = json.dumps({"job": "j", "cv": "c", "label": 0})
    path.write_text(f"{good}\n{line}\n{good}\n", encoding="utf-8")
    with pytest.raises(InvalidInputError, match=message):
        read_pairs(path)
