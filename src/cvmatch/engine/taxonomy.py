"""Imports into the engine's taxonomy file: the work is in :mod:`cvmatch.taxonomy`."""

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Protocol, TypeVar

from cvmatch.taxonomy.custom import import_custom
from cvmatch.taxonomy.esco import import_esco
from cvmatch.taxonomy.occupations import import_skill_relations
from cvmatch.taxonomy.store import TaxonomyStore

T = TypeVar("T")


class Clearable(Protocol):
    """Something built from the taxonomy file that must forget it after an import."""

    def clear(self) -> None:
        """Forget what was built from the taxonomy file."""


class TaxonomyFacade:
    """Import ESCO, custom skills and occupation–skill relations; the engine then sees them.

    ``built`` are the parts built from the taxonomy file: each is cleared after an import.
    """

    def __init__(self, path: Path, built: Sequence[Clearable]) -> None:
        self._path = path
        self._built = tuple(built)

    @property
    def path(self) -> Path:
        """The taxonomy file (``Settings.taxonomy_file``)."""
        return self._path

    def import_esco(self, path: Path) -> dict[str, int]:
        """Import an ESCO CSV download; return counts per kind."""
        return self._import(lambda store: import_esco(store, path))

    def import_custom_skills(self, path: Path) -> dict[str, int]:
        """Import custom skills with aliases (CSV or YAML)."""
        return self._import(lambda store: import_custom(store, path))

    def import_skill_relations(self, path: Path) -> int:
        """Import ESCO occupation–skill relations (for the skills gap); return how many."""
        return self._import(lambda store: import_skill_relations(store, path))

    def _import(self, action: Callable[[TaxonomyStore], T]) -> T:
        store = TaxonomyStore(self.path)
        try:
            result = action(store)
        finally:
            store.close()
        for part in self._built:
            part.clear()
        return result
