"""Input files of the commands: folders expand to the readable files, sorted, no dotfiles."""

from pathlib import Path

import pytest

from cvmatch.cli.inputs import expand_paths, readable_files
from cvmatch.errors import InvalidInputError, exit_code_for


def _touch(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("x", encoding="utf-8")
    return path


def test_a_folder_expands_recursively_to_supported_files_sorted_without_dotfiles(
    tmp_path: Path,
) -> None:
    b = _touch(tmp_path / "cvs" / "b.PDF")
    a = _touch(tmp_path / "cvs" / "sub" / "a.md")
    _touch(tmp_path / "cvs" / ".hidden.md")
    _touch(tmp_path / "cvs" / "photo.jpg")
    assert readable_files([tmp_path / "cvs"]) == [b, a]  # sorted by full path: b.PDF < sub/


def test_a_file_is_kept_as_given_even_when_unsupported_or_missing(tmp_path: Path) -> None:
    given = [tmp_path / "absent.jpg", _touch(tmp_path / "job.txt")]
    assert readable_files(given) == given  # the reader reports each one's problem later


def test_nothing_readable_is_one_invalid_input_error_naming_the_folders(tmp_path: Path) -> None:
    _touch(tmp_path / "empty" / "notes.jpg")
    assert readable_files([tmp_path / "empty"]) == []
    with pytest.raises(InvalidInputError, match=r"no readable files in .*empty") as caught:
        expand_paths([tmp_path / "empty"])
    assert exit_code_for(caught.value) == 2
