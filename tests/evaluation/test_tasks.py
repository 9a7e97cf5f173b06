from pathlib import Path

import pytest

from cvmatch.errors import InvalidInputError
from cvmatch.evaluation.datasets.base import CorpusMode, PairsTask, RetrievalTask
from cvmatch.evaluation.formats import Pair
from cvmatch.evaluation.tasks import (
    file_sha256,
    pairs_task_from_file,
    reduce_candidates,
    retrieval_task_from_files,
    subsample,
    task_digest,
)


def _files(tmp_path: Path, qrels: str) -> tuple[Path, Path, Path]:
    queries, corpus, judged = tmp_path / "q.tsv", tmp_path / "c.tsv", tmp_path / "r.txt"
    queries.write_text("id\ttext\nq1\tpython developer\n", encoding="utf-8")
    corpus.write_text("id\ttext\nd1\tpython\nd2\tnurse\n", encoding="utf-8")
    judged.write_text(qrels, encoding="utf-8")
    return queries, corpus, judged


def test_retrieval_files_become_a_task(tmp_path):
    task = retrieval_task_from_files(*_files(tmp_path, "q1 0 d1 1\nq1 0 d2 0\n"))
    assert task.qrels == {"q1": {"d1": 1, "d2": 0}}
    assert list(task.corpus) == ["d1", "d2"]


@pytest.mark.parametrize(
    ("qrels", "message"),
    [("q9 0 d1 1\n", "query id 'q9'"), ("q1 0 d9 1\n", "doc id 'd9'"), ("", "no judgements")],
)
def test_qrels_on_unknown_ids_are_named(tmp_path, qrels, message):
    with pytest.raises(InvalidInputError, match=message):
        retrieval_task_from_files(*_files(tmp_path, qrels))


def test_pairs_file_and_checksums(tmp_path):
    path = tmp_path / "p.jsonl"
    path.write_text('{"job": "a", "cv": "b", "label": 1}\n', encoding="utf-8")
    task = pairs_task_from_file(path)
    assert task.pairs == (Pair("a", "b", 1),)
    # sha256 of the bytes, checked against hashlib's well-known empty-input digest.
    empty = tmp_path / "empty"
    empty.write_bytes(b"")
    assert file_sha256(empty) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    empty.write_text("", encoding="utf-8")
    with pytest.raises(InvalidInputError, match="no pairs"):
        pairs_task_from_file(empty)


def _retrieval(n: int) -> RetrievalTask:
    return RetrievalTask(
        name="t",
        queries={f"q{i}": f"text {i}" for i in range(n)},
        corpus={f"d{i}": f"doc {i}" for i in range(n)},
        qrels={f"q{i}": {f"d{i}": 1} for i in range(n)},
        language="en",
        description="toy",
    )


def test_subsample_is_seeded_and_keeps_the_corpus():
    task = _retrieval(20)
    first, again, other = subsample(task, 5, 1), subsample(task, 5, 1), subsample(task, 5, 2)
    assert isinstance(first, RetrievalTask)
    assert first.qrels == again.qrels
    assert first.qrels != other.qrels  # 15,504 possible samples: two seeds differing is expected
    assert len(first.qrels) == 5
    assert set(first.queries) == set(first.qrels)
    assert first.corpus == task.corpus
    assert subsample(task, None) is task
    assert subsample(task, 50) is task
    with pytest.raises(InvalidInputError):
        subsample(task, 0)


def test_subsample_pairs_keeps_whole_groups():
    pairs = tuple(Pair("j", f"c{i}", i % 2, f"g{i // 2}") for i in range(10))
    task = PairsTask(name="p", pairs=pairs, language="en", description="toy")
    sample = subsample(task, 2)
    assert isinstance(sample, PairsTask)
    groups = [p.group for p in sample.pairs]
    assert len(set(groups)) == 2
    assert all(groups.count(g) == 2 for g in groups)


def test_reduce_candidates_keeps_gold_and_whole_label_groups():
    task = _retrieval(10)
    reduced = reduce_candidates(subsample(task, 2, 0), 5, 0)  # type: ignore[arg-type]
    gold = {doc for docs in reduced.qrels.values() for doc in docs}
    assert gold <= set(reduced.corpus)
    assert len(reduced.corpus) == 5
    labels = RetrievalTask(
        name="l",
        queries={"q": "x"},
        corpus={"a#0": "a", "a#1": "aa", "b#0": "b", "c#0": "c", "c#1": "cc"},
        qrels={"q": {"a": 1}},
        language="en",
        description="toy",
        corpus_mode=CorpusMode.MAX_OVER_LABELS,
        corpus_groups={"a#0": "a", "a#1": "a", "b#0": "b", "c#0": "c", "c#1": "c"},
    )
    small = reduce_candidates(labels, 2, 0)
    assert small.corpus_groups is not None
    kept = set(small.corpus_groups.values())
    assert "a" in kept
    assert len(kept) == 2
    assert all(doc in small.corpus for doc, group in labels.corpus_groups.items() if group in kept)
    assert task_digest(small) != task_digest(labels)
    assert task_digest(labels) == task_digest(reduce_candidates(labels, None))
