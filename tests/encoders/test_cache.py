import logging
import sqlite3
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from cvmatch.encoders.cache import EmbeddingCache, text_key
from cvmatch.errors import InvalidInputError


def _vectors(n: int, dim: int = 4, seed: int = 0) -> np.ndarray:
    return np.random.default_rng(seed).normal(size=(n, dim)).astype(np.float32)


@pytest.fixture
def cache(tmp_path: Path) -> EmbeddingCache:
    return EmbeddingCache(tmp_path / "sub" / "cache.sqlite")


def test_constructor_does_no_io(tmp_path: Path) -> None:
    EmbeddingCache(tmp_path / "nested" / "c.sqlite")
    assert not (tmp_path / "nested").exists()


def test_round_trip_is_exact(cache: EmbeddingCache) -> None:
    vectors = _vectors(3)
    cache.put_many("m@1", ["a", "b", "c"], vectors)
    found = cache.get_many("m@1", ["c", "x", "a"])
    assert sorted(found) == [0, 2]
    np.testing.assert_array_equal(found[0], vectors[2])
    np.testing.assert_array_equal(found[2], vectors[0])
    assert found[0].dtype == np.float32


def test_models_never_mix(cache: EmbeddingCache) -> None:
    cache.put_many("m@1", ["a"], _vectors(1, seed=1))
    cache.put_many("m@2", ["a"], _vectors(1, dim=6, seed=2))
    assert cache.get_many("m@1", ["a"])[0].shape == (4,)
    assert cache.get_many("m@2", ["a"])[0].shape == (6,)
    assert cache.get_many("m@3", ["a"]) == {}
    assert cache.count() == 2
    assert cache.count("m@1") == 1


def test_repeated_text_is_returned_at_every_position(cache: EmbeddingCache) -> None:
    cache.put_many("m", ["a"], _vectors(1))
    assert sorted(cache.get_many("m", ["a", "b", "a"])) == [0, 2]


def test_existing_entry_is_kept(cache: EmbeddingCache) -> None:
    first, second = _vectors(1, seed=1), _vectors(1, seed=2)
    cache.put_many("m", ["a"], first)
    cache.put_many("m", ["a"], second)
    np.testing.assert_array_equal(cache.get_many("m", ["a"])[0], first[0])


def test_persists_across_instances(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite"
    with EmbeddingCache(path) as one:
        one.put_many("m", ["a"], _vectors(1))
    with EmbeddingCache(path) as two:
        assert list(two.get_many("m", ["a"])) == [0]
        journal = two._connect().execute("PRAGMA journal_mode").fetchone()[0]
    assert journal == "wal"


def test_many_texts_beyond_one_query_batch(cache: EmbeddingCache) -> None:
    texts = [f"text {i}" for i in range(1234)]
    cache.put_many("m", texts, _vectors(len(texts)))
    assert len(cache.get_many("m", texts)) == 1234


def test_mismatched_vectors_raise(cache: EmbeddingCache) -> None:
    with pytest.raises(InvalidInputError, match="one vector per text"):
        cache.put_many("m", ["a", "b"], _vectors(3))


def test_corrupt_file_is_moved_aside_and_recreated(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "c.sqlite"
    path.write_bytes(b"this is not a sqlite database" * 100)
    cache = EmbeddingCache(path)
    with caplog.at_level(logging.WARNING, logger="cvmatch.encoders.cache"):
        assert cache.get_many("m", ["a"]) == {}
    assert "corrupt" in caplog.text
    moved = list(tmp_path.glob("c.sqlite.corrupt-*"))
    assert len(moved) == 1
    assert moved[0].read_bytes().startswith(b"this is not")
    cache.put_many("m", ["a"], _vectors(1))
    assert list(cache.get_many("m", ["a"])) == [0]


def test_locked_database_degrades_to_a_miss(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "c.sqlite"
    EmbeddingCache(path).put_many("m", ["a"], _vectors(1))
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        cache = EmbeddingCache(path, timeout=0.05)
        with caplog.at_level(logging.WARNING, logger="cvmatch.encoders.cache"):
            cache.put_many("m", ["b"], _vectors(1))  # must not raise
        assert "unavailable" in caplog.text
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    cache.put_many("m", ["b"], _vectors(1))
    assert cache.count("m") == 2


def test_unusable_location_degrades(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    cache = EmbeddingCache(blocker / "c.sqlite")
    with caplog.at_level(logging.WARNING, logger="cvmatch.encoders.cache"):
        cache.put_many("m", ["a"], _vectors(1))
        assert cache.get_many("m", ["a"]) == {}
    assert "continuing without it" in caplog.text


_WRITER = """
import sys
from pathlib import Path
import numpy as np
from cvmatch.encoders.cache import EmbeddingCache

path, worker = Path(sys.argv[1]), float(sys.argv[2])
cache = EmbeddingCache(path)
for start in range(0, 200, 20):
    texts = [f"shared {i}" for i in range(start, start + 20)]
    cache.put_many("m", texts, np.full((20, 4), worker, dtype=np.float32))
    cache.get_many("m", texts)
"""


def test_concurrent_processes_share_one_file(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite"
    workers = [subprocess.Popen([sys.executable, "-c", _WRITER, str(path), str(w)]) for w in (1, 2)]
    assert [p.wait(timeout=120) for p in workers] == [0, 0]
    cache = EmbeddingCache(path)
    found = cache.get_many("m", [f"shared {i}" for i in range(200)])
    assert len(found) == 200
    # INSERT OR IGNORE: each text keeps one writer's whole vector, never a mix.
    assert all(v.tolist() in ([1.0] * 4, [2.0] * 4) for v in found.values())


def test_recording_collects_the_keys_asked_for_and_delete_removes_exactly_them(
    cache: EmbeddingCache,
) -> None:
    cache.put_many("m@1", ["a", "b"], _vectors(2))
    cache.put_many("m@2", ["a"], _vectors(1))
    with cache.recording() as seen:
        cache.get_many("m@1", ["a", "z"])  # a hit and a miss are both recorded
        with cache.recording() as inner:
            cache.put_many("m@1", ["c"], _vectors(1))
    cache.get_many("m@1", ["b"])  # after the block: not recorded
    assert {(m, k) for m, k in seen} == {("m@1", text_key(t)) for t in ("a", "z", "c")}
    assert inner == {("m@1", text_key("c"))}
    assert cache.delete(seen) == 2
    assert cache.keys() == {("m@1", text_key("b")), ("m@2", text_key("a"))}
    assert cache.delete([]) == 0
