"""The names of one skill in several languages, grouped: what word checks bridge languages with.

:data:`~cvmatch.taxonomy.aliases.TRANSLATED_LABELS` maps French, German and Spanish names onto
English labels ("restaurations" → "restore", "Datensicherung" → "backup"). Read the other way
round, they say which words of each language name what one English label names. A group is that
label (the alias *target*, a name of the group like any other, so an English "restore" reaches
the French "restaurations") and every name that maps to it.

The spellings of tech names (:data:`~cvmatch.taxonomy.aliases.TECH_ALIASES`) are not grouped:
they are written the same in every language, and a more specific alias ("gitlab ci" for
"continuous integration") must not be read into every text that names the general one.

>>> group = next(g for g in translation_groups() if g.label == "restore")
>>> "restaurations" in group.names, group.names[0]
(True, 'restore')
"""

from dataclasses import dataclass
from functools import lru_cache

from cvmatch.taxonomy.aliases import TRANSLATED_LABELS
from cvmatch.taxonomy.normalise import normalise


@dataclass(frozen=True)
class NameGroup:
    """An English label and its names in every language (the label first).

    Each name is there as written (lower case: "réplication") and without accents
    ("replication"), as ads write it either way and stemmers keep accents.
    """

    label: str
    names: tuple[str, ...]


@lru_cache(maxsize=1)
def translation_groups() -> tuple[NameGroup, ...]:
    """One group per English label of :data:`TRANSLATED_LABELS`, in the order of first use."""
    names: dict[str, list[str]] = {}
    for name, label in TRANSLATED_LABELS.items():
        key, norm = normalise(label), normalise(name)
        group = names.setdefault(key, [key])
        if not _narrower(norm, key):
            group.extend(x for x in dict.fromkeys((name.casefold(), norm)) if x not in group)
    return tuple(NameGroup(label, tuple(group)) for label, group in names.items() if len(group) > 1)


def _narrower(name: str, label: str) -> bool:
    """Whether ``name`` holds every word of ``label`` and more: a narrower name, no translation.

    "ligne de commande linux" names Linux, but not every text naming Linux names a command line.
    """
    words = set(name.split())
    return set(label.split()) < words
