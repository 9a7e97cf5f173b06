"""Import ESCO CSV folders and custom skill files into a :class:`TaxonomyStore`."""

from pathlib import Path

from cvmatch.taxonomy.custom import read_custom
from cvmatch.taxonomy.esco import find_files, read_concepts
from cvmatch.taxonomy.store import TaxonomyStore


def import_esco(store: TaxonomyStore, root: Path) -> dict[str, int]:
    """Add every recognised ESCO file under ``root``; return the store's counts."""
    for file in find_files(root):
        store.add(read_concepts(file))
    return store.counts()


def import_custom(store: TaxonomyStore, path: Path) -> dict[str, int]:
    """Add custom skills with aliases; return the store's counts."""
    store.add(read_custom(path))
    return store.counts()
