"""The reading budget: each ceiling refuses with its setting's name, while the reader works."""

import pytest

from cvmatch.documents import base
from cvmatch.documents.base import Budget, Limits
from cvmatch.errors import DocumentTooLargeError
from cvmatch.settings import Settings


def test_characters_are_counted_as_they_come():
    budget = Budget(Limits(max_chars=10))
    budget.add_chars(6)
    budget.add_chars(4)  # exactly at the limit is allowed
    with pytest.raises(DocumentTooLargeError, match="CVMATCH_MAX_CHARS"):
        budget.add_chars(1)


def test_elements_are_counted_with_what_they_are():
    budget = Budget(Limits(max_elements=3))
    budget.add_elements(3, "XML tags")
    with pytest.raises(DocumentTooLargeError, match="more than 3 XML tags"):
        budget.add_elements(1, "XML tags")


def test_time_runs_out_at_a_checkpoint(monkeypatch):
    clock = iter([100.0, 107.9, 108.1])
    monkeypatch.setattr(base.time, "monotonic", lambda: next(clock))
    budget = Budget(Limits(max_seconds=10.0), started=100.0)  # stopped past 80 %: 108.0
    budget.checkpoint()  # 100.0
    budget.checkpoint()  # 107.9
    with pytest.raises(DocumentTooLargeError, match="CVMATCH_MAX_SECONDS"):
        budget.checkpoint()  # 108.1


def test_memory_growth_is_refused(monkeypatch):
    resident = iter([150 * base.MIB, 300 * base.MIB])
    monkeypatch.setattr(base, "resident_bytes", lambda: next(resident))
    monkeypatch.setattr(base, "_MEMORY_EVERY", 0.0)  # every checkpoint reads the memory
    budget = Budget(Limits(max_memory_mib=100), resident_at_start=100 * base.MIB)
    budget.checkpoint()  # 150 MiB: grown by 50
    with pytest.raises(DocumentTooLargeError, match="CVMATCH_MAX_MEMORY_MIB"):
        budget.checkpoint()  # 300 MiB: grown by 200


def test_unknown_memory_is_not_refused(monkeypatch):
    monkeypatch.setattr(base, "resident_bytes", lambda: None)
    Budget(Limits(max_memory_mib=1)).checkpoint()


def test_resident_bytes_reads_this_process():
    resident = base.resident_bytes()
    assert resident is None or resident > base.MIB


def test_hidden_text_is_capped():
    assert Budget(Limits(max_hidden_chars=3)).cap_hidden("abcdef") == "abc"


def test_limits_come_from_the_settings():
    settings = Settings(
        max_file_bytes=1000,
        max_pages=3,
        max_chars=50,
        max_seconds=2.5,
        max_memory_mib=64,
        max_elements=99,
        max_unpacked_bytes=4096,
        max_hidden_chars=7,
    )
    limits = Limits.from_settings(settings)
    assert (limits.max_bytes, limits.max_pages, limits.max_chars) == (1000, 3, 50)
    assert (limits.max_seconds, limits.max_memory_mib, limits.max_elements) == (2.5, 64, 99)
    assert (limits.max_unpacked_bytes, limits.max_hidden_chars) == (4096, 7)


def test_default_settings_give_the_default_limits():
    assert Limits.from_settings(Settings()) == Limits()
