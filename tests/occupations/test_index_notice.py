"""A minutes-long first build of the occupation index is announced on stderr, once."""

import logging
from pathlib import Path

import pytest
from tests.support.encoders import KeywordEncoder

from cvmatch.occupations import index as occupation_index
from cvmatch.occupations.index import ANNOUNCE_AT, build_index
from cvmatch.taxonomy.occupations import packaged_entries


def test_first_build_is_announced_with_encoder_labels_and_languages(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    entries = packaged_entries()[:700]
    with caplog.at_level(logging.WARNING, logger=occupation_index.__name__):
        built = build_index(entries, KeywordEncoder(), tmp_path)
    assert len(built.labels.texts) >= ANNOUNCE_AT
    [record] = caplog.records
    message = record.getMessage()
    assert f"embedding {len(built.labels.texts)} labels (en)" in message
    assert "fake-keywords@1" in message
    assert str(tmp_path / "occupation-index") in message
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger=occupation_index.__name__):
        build_index(entries, KeywordEncoder(), tmp_path)  # read from the cache: silent
    assert caplog.records == []


def test_small_index_is_not_announced(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger=occupation_index.__name__):
        build_index(packaged_entries()[:20], KeywordEncoder(), tmp_path)
    assert caplog.records == []
