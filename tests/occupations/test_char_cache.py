"""The label char TF-IDF is fitted once per label set and read back by later processes."""

import logging
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from tests.support.encoders import KeywordEncoder
from tests.support.esco import OCC

from cvmatch.engine import Engine
from cvmatch.occupations import char_cache
from cvmatch.occupations.char_cache import cache_path, cached_label_chars
from cvmatch.occupations.index import OccupationIndex, build_index
from cvmatch.occupations.signals import LabelCharIndex
from cvmatch.taxonomy.occupations import packaged_entries
from cvmatch.types import DocumentKind

QUERIES = ["developper java", "nurses on night shifts", "boulangère", "Data base admin"]


@pytest.fixture
def index(tmp_path: Path) -> OccupationIndex:
    """The first 300 packaged occupations indexed by the keyword encoder."""
    return build_index(packaged_entries()[:300], KeywordEncoder(), tmp_path / "index-cache")


@pytest.fixture
def fits(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts the fits of the label char TF-IDF (one entry per fit: its label count)."""
    counted: list[int] = []
    fit = char_cache.fit_label_chars

    def counting(texts: Sequence[str]) -> tuple[Any, Any]:
        counted.append(len(texts))
        return fit(texts)

    monkeypatch.setattr(char_cache, "fit_label_chars", counting)
    return counted


def test_second_build_loads_and_scores_float_for_float(
    index: OccupationIndex, tmp_path: Path, fits: list[int]
) -> None:
    fresh = LabelCharIndex(index).similarity(QUERIES)
    first = cached_label_chars(index, tmp_path / "cache").similarity(QUERIES)
    again = cached_label_chars(index, tmp_path / "cache").similarity(QUERIES)
    assert fits == [len(index.labels.texts)]  # fitted once, then read back
    assert cache_path(tmp_path / "cache", index.labels.texts).is_file()
    assert np.array_equal(first, fresh)
    assert np.array_equal(again, fresh)
    assert again.dtype == fresh.dtype


def test_other_labels_refit_and_replace_the_stale_file(
    index: OccupationIndex, tmp_path: Path, fits: list[int]
) -> None:
    cache = tmp_path / "cache"
    cached_label_chars(index, cache)
    fewer = build_index(packaged_entries()[:200], KeywordEncoder(), tmp_path / "index-cache")
    scores = cached_label_chars(fewer, cache).similarity(QUERIES)
    assert fits == [len(index.labels.texts), len(fewer.labels.texts)]
    assert np.array_equal(scores, LabelCharIndex(fewer).similarity(QUERIES))
    assert [p.name for p in (cache / "occupation-index").glob("label-char-*")] == [
        cache_path(cache, fewer.labels.texts).name
    ]


def test_key_changes_with_the_scikit_learn_version(
    index: OccupationIndex, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sklearn  # noqa: PLC0415 (only this test)

    before = cache_path(tmp_path, index.labels.texts)
    monkeypatch.setattr(sklearn, "__version__", "0.0.1")
    assert cache_path(tmp_path, index.labels.texts) != before


@pytest.mark.parametrize("content", [b"", b"not a joblib file", b"\x80\x05N."])
def test_corrupt_file_refits_with_a_warning(
    index: OccupationIndex,
    tmp_path: Path,
    fits: list[int],
    content: bytes,
    caplog: pytest.LogCaptureFixture,
) -> None:
    path = cache_path(tmp_path, index.labels.texts)
    path.parent.mkdir(parents=True)
    path.write_bytes(content)  # b"\x80\x05N." is a valid pickle of None
    with caplog.at_level(logging.WARNING, logger=char_cache.__name__):
        scores = cached_label_chars(index, tmp_path).similarity(QUERIES)
    assert fits == [len(index.labels.texts)]
    assert "refitting the label char TF-IDF" in caplog.text
    assert np.array_equal(scores, LabelCharIndex(index).similarity(QUERIES))
    cached_label_chars(index, tmp_path)  # the refit rewrote a good file
    assert fits == [len(index.labels.texts)]


def test_file_for_other_labels_under_the_key_is_refitted(
    index: OccupationIndex, tmp_path: Path, fits: list[int], caplog: pytest.LogCaptureFixture
) -> None:
    other = build_index(packaged_entries()[:50], KeywordEncoder(), tmp_path / "index-cache")
    cached_label_chars(other, tmp_path)
    path = cache_path(tmp_path, index.labels.texts)
    cache_path(tmp_path, other.labels.texts).rename(path)  # right name, wrong content
    with caplog.at_level(logging.WARNING, logger=char_cache.__name__):
        cached_label_chars(index, tmp_path)
    assert fits == [len(other.labels.texts), len(index.labels.texts)]
    assert "does not match the labels" in caplog.text


def test_no_cache_dir_fits_in_memory(index: OccupationIndex, fits: list[int]) -> None:
    cached_label_chars(index, None)
    cached_label_chars(index, None)
    assert fits == []  # LabelCharIndex fitted itself: nothing read or written


@pytest.mark.usefixtures("fake_env")
def test_recommend_in_a_new_engine_reads_the_fitted_labels(esco_dir: Path, fits: list[int]) -> None:
    Engine().taxonomy.import_esco(esco_dir)
    text = "Baker for ten years: bread maker at dawn, pastry and cakes for the shop."
    results = []
    for _ in range(2):  # two engines: two processes' worth of state
        engine = Engine()
        cv = engine.parse_text(text, DocumentKind.CV, "baker")
        [result] = engine.occupations.recommend([cv], top=3)
        results.append([(h.uri, h.score, h.signals) for h in result.hits])
    assert len(fits) == 1
    assert results[0] == results[1]
    assert results[0][0][0] == OCC + "baker"
    assert any(name == "label_char" for name, _ in results[0][0][2])
