"""Saving the index: each writer renames its own temporary file (issue 19, service ANN gaps)."""

import os
from pathlib import Path

import numpy as np
import pytest

from cvmatch.index import ann_files
from cvmatch.index.ann import FaissIndex

MODEL = "fake/1"


def _index(seed: int, count: int) -> FaissIndex:
    rng = np.random.default_rng(seed)
    vectors = rng.standard_normal((count, 8)).astype(np.float32)
    index = FaissIndex(MODEL, 8)
    index.upsert(np.arange(count), vectors / np.linalg.norm(vectors, axis=1, keepdims=True))
    return index


def test_a_second_writer_between_write_and_rename_does_not_break_the_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Writer A has written its temporary file; writer B saves in full before A renames.

    With one shared ``.tmp`` name, B overwrites A's temporary file and renames it away, so A's
    rename fails (FileNotFoundError). With a name per writer both saves succeed and the file
    holds the last renamed index (A's), whole.
    """
    path = tmp_path / "recruit.db.ann-fake_1.faiss"
    first, second = _index(1, 5), _index(2, 7)
    real_replace = os.replace
    interleaved: list[Path] = []

    def replace_after_b(src: str | Path, dst: str | Path) -> None:
        if not interleaved:  # A's first rename: B runs a whole save in between
            interleaved.append(Path(src))
            ann_files.save(second, path, "7:7")
        real_replace(src, dst)

    monkeypatch.setattr(ann_files.os, "replace", replace_after_b)
    ann_files.save(first, path, "5:5")
    monkeypatch.undo()

    loaded = ann_files.load(path, MODEL)
    assert loaded is not None
    assert loaded[0].ids().tolist() == list(range(5))
    assert loaded[1].revision == "5:5"
    assert interleaved[0].name != path.name + ".tmp"
    assert str(os.getpid()) in interleaved[0].name
    assert sorted(p.name for p in tmp_path.iterdir()) == [path.name, path.with_suffix(".json").name]


def test_a_failed_write_leaves_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "recruit.db.ann-fake_1.faiss"

    def broken(_index: object, _name: str) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(ann_files.faiss, "write_index", broken)
    with pytest.raises(RuntimeError, match="disk full"):
        ann_files.save(_index(1, 3), path, "3:3")
    assert list(tmp_path.iterdir()) == []
