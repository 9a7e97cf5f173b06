"""The generic name → factory registry behind encoders, readers, metrics and tasks."""

import pytest

from cvmatch.errors import DuplicateNameError, UnknownNameError
from cvmatch.registry import Registry


def _one() -> int:
    return 1


def _two() -> int:
    return 2


def test_entries_are_built_by_name_and_listed_sorted() -> None:
    numbers: Registry[int] = Registry("number")
    numbers.add("two", _two)
    numbers.register("one")(_one)
    assert (numbers.create("one"), numbers.create("two")) == (1, 2)
    assert (list(numbers), len(numbers), "one" in numbers) == (["one", "two"], 2, True)


def test_clashes_bad_names_and_unknown_names_raise() -> None:
    numbers: Registry[int] = Registry("number")
    numbers.add("one", _one)
    with pytest.raises(DuplicateNameError, match=r"number 'one' is already registered by .*_one"):
        numbers.add("one", _two)
    with pytest.raises(ValueError, match="lowercase"):
        numbers.add("One", _one)
    with pytest.raises(UnknownNameError, match="unknown number 'three'; known: one"):
        numbers.create("three")


def test_a_removed_name_is_gone_and_can_be_added_again() -> None:
    numbers: Registry[int] = Registry("number")
    numbers.add("one", _one)
    numbers.remove("one")
    assert "one" not in numbers
    with pytest.raises(UnknownNameError, match="cannot remove"):
        numbers.remove("one")
    numbers.add("one", _two)
    assert numbers.create("one") == 2
