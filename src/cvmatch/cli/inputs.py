"""Input files of the commands: paths as given, folders expanded to the files cvmatch reads."""

from pathlib import Path

from cvmatch.engine.public import supported_extensions
from cvmatch.errors import InvalidInputError


def readable_files(paths: list[Path]) -> list[Path]:
    """Files as given, folders expanded recursively to supported files (sorted, no dotfiles)."""
    extensions = set(supported_extensions())
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(
                p
                for p in sorted(path.rglob("*"))
                if p.is_file() and p.suffix.lower() in extensions and not p.name.startswith(".")
            )
        else:
            found.append(path)
    return found


def expand_paths(paths: list[Path]) -> list[Path]:
    """:func:`readable_files`, refusing an empty result.

    Raises:
        InvalidInputError: No file given and no readable file in the folders.
    """
    found = readable_files(paths)
    if not found:
        raise InvalidInputError(f"no readable files in {', '.join(map(str, paths))}")
    return found
