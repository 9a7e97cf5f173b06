"""What the query path needs of a CV, computed once at ingest: its facts and its scoring vectors.

Ranking a stored CV the first time used to pay, on the query path, its requirement facts
(periods, years, degree, languages, taxonomy mentions: ~7 ms a CV) and the embedding of its
text, lines and role titles by the scoring encoder (~80 ms a CV on one core). Ingest computes
both in its workers and stores them beside the CV (:mod:`cvmatch.ingest.feature_rows`), so
``cvmatch index search`` scores stored CVs without parsing or embedding them.

- **Facts** are kept with a key (:func:`facts_key`: cvmatch's version, the reference month and
  the taxonomy file's size and time); a key that no longer matches is ignored and the facts are
  computed again, as before, so a stale value can never change a score.
- **Stems**: the CV's key terms in every language and its lines' stems glossed with the
  taxonomy labels they mention (:mod:`cvmatch.scoring.known_cvs`), kept with the stems' version
  (a constant bumped when they change, and the stemming libraries' versions); another version
  is ignored and the stems computed again.
- **Vectors** are the encoder's chunk vectors exactly as its embedding cache keys them
  (``cache key``, sha256 of the chunk text): :class:`RecordingCache` captures them while the
  encoder embeds the CV's texts, and :class:`PrecomputedCache` serves them back at query time
  in front of the engine's own cache. The encoder is the one a job in the CV's language scores
  it with (English CVs: ``english_encoder``; others: ``multilingual_encoder``); a job in
  another language falls back to embedding on the query path.
"""

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np

from cvmatch import __version__
from cvmatch.encoders.base import DenseEncoder
from cvmatch.encoders.cache import EmbeddingCache, text_key
from cvmatch.extract.extractor import DocumentExtractor
from cvmatch.scoring.evidence import dense_texts
from cvmatch.scoring.known_cvs import CvLexical, cv_lexical
from cvmatch.types import (
    ConceptMention,
    CvFacts,
    Document,
    ExperiencePeriod,
    Importance,
    Requirement,
    RequirementKind,
)

_PROBE = Requirement("", RequirementKind.EXPERIENCE, Importance.REQUIRED, subject="-")
"""A requirement with a subject: makes :func:`dense_texts` list the CV's role titles too."""


@dataclass(frozen=True)
class ChunkVectors:
    """One encoder's chunk vectors of a CV, keyed as its embedding cache keys them."""

    cache_key: str
    """The encoder's cache key (its model id, plus the role for models with roles)."""
    keys: tuple[str, ...]
    """sha256 (hex) of each chunk's text."""
    vectors: np.ndarray
    """``(len(keys), dim)`` float32 unit vectors."""


@dataclass(frozen=True)
class CvFeatures:
    """A CV's precomputed facts (with the key they are valid for), chunk vectors and stems."""

    facts_key: str
    facts: CvFacts
    chunks: ChunkVectors | None
    lexical: CvLexical | None = None
    """Key terms and line stems (valid for :func:`cvmatch.scoring.known_cvs.version`)."""


def facts_key(reference: float, taxonomy_file: Path) -> str:
    """What a CV's facts depend on besides its text: code version, reference month, taxonomy."""
    taxonomy = "none"
    if taxonomy_file.is_file():
        stat = taxonomy_file.stat()
        taxonomy = f"{stat.st_size}:{stat.st_mtime_ns}"
    return f"{__version__}|{reference}|{taxonomy}"


def facts_to_json(facts: CvFacts) -> dict[str, Any]:
    """The facts as JSON values (tuples become lists)."""
    return asdict(facts)


def facts_from_json(data: dict[str, Any]) -> CvFacts:
    """Rebuild :class:`CvFacts` from :func:`facts_to_json`."""
    return CvFacts(
        periods=tuple(ExperiencePeriod(**p) for p in data["periods"]),
        total_years=float(data["total_years"]),
        stated_years=tuple((float(y), str(line)) for y, line in data["stated_years"]),
        education_level=int(data["education_level"]),
        languages=tuple(str(x) for x in data["languages"]),
        concepts=tuple(ConceptMention(**c) for c in data["concepts"]),
    )


def scoring_texts(doc: Document, facts: CvFacts) -> list[str]:
    """Every text the scorer embeds for this CV: its whole text, its lines, its role titles."""
    extra = dense_texts([_PROBE], [doc], [facts])
    return list(dict.fromkeys([doc.text, *[t for t in extra if t != _PROBE.subject]]))


class RecordingCache(EmbeddingCache):
    """An in-memory stand-in for the embedding cache that records the chunks each CV asks for.

    Vectors computed for one CV are served to the next ones (no chunk is embedded twice in a
    batch); :meth:`take` returns the chunks the CV asked for since the last call.
    """

    def __init__(self) -> None:
        super().__init__(Path("unused"))
        self._vectors: dict[tuple[str, str], np.ndarray] = {}
        self._asked: dict[tuple[str, str], None] = {}

    def get_many(self, model_id: str, texts: Sequence[str]) -> dict[int, np.ndarray]:
        """Vectors already computed in this batch; every asked chunk is recorded."""
        found: dict[int, np.ndarray] = {}
        for i, text in enumerate(texts):
            key = (model_id, text_key(text))
            self._asked[key] = None
            if key in self._vectors:
                found[i] = self._vectors[key]
        return found

    def put_many(self, model_id: str, texts: Sequence[str], vectors: np.ndarray) -> None:
        """Keep the fresh vectors for this batch."""
        for text, vector in zip(texts, np.asarray(vectors, dtype=np.float32), strict=True):
            self._vectors[model_id, text_key(text)] = vector

    def take(self) -> ChunkVectors | None:
        """The chunks asked for since the last call (one cache key: one encoder)."""
        asked, self._asked = list(self._asked), {}
        if not asked:
            return None
        return ChunkVectors(
            asked[0][0],
            tuple(sha for _, sha in asked),
            np.stack([self._vectors[key] for key in asked]),
        )


def cv_features(
    docs: Sequence[Document],
    extractor: DocumentExtractor,
    encoders: Sequence[DenseEncoder],
    key: str,
) -> list[CvFeatures]:
    """Facts and chunk vectors of each CV; ``encoders[i]`` scores ``docs[i]``."""
    result: list[CvFeatures] = []
    recorders: dict[int, RecordingCache] = {}
    saved = {id(e): e.cache for e in encoders}
    try:
        for doc, encoder in zip(docs, encoders, strict=True):
            facts = extractor.facts(doc)
            recorder = recorders.setdefault(id(encoder), RecordingCache())
            encoder.cache = recorder  # also empties the memo: every chunk is asked for
            encoder.encode(scoring_texts(doc, facts))
            result.append(CvFeatures(key, facts, recorder.take(), cv_lexical(doc, facts)))
    finally:
        for encoder in encoders:
            encoder.cache = saved[id(encoder)]
    return result


class PrecomputedCache(EmbeddingCache):
    """Stored chunk vectors in front of the engine's embedding cache (or of none).

    Args:
        vectors: ``{(cache key, sha256 of the chunk text): vector}``.
        inner: The cache that answers the rest (and keeps fresh vectors), or None.
    """

    def __init__(
        self, vectors: dict[tuple[str, str], np.ndarray], inner: EmbeddingCache | None
    ) -> None:
        super().__init__(inner.path if inner is not None else Path("unused"))
        self.vectors = vectors
        """Replaced per query by the stored-CV ranking (the encoder's memo is kept)."""
        self.inner = inner

    def get_many(self, model_id: str, texts: Sequence[str]) -> dict[int, np.ndarray]:
        """Stored vectors first, then the inner cache for the rest."""
        found: dict[int, np.ndarray] = {}
        rest: list[int] = []
        for i, text in enumerate(texts):
            vector = self.vectors.get((model_id, text_key(text)))
            if vector is None:
                rest.append(i)
            else:
                found[i] = vector
        if rest and self.inner is not None:
            more = self.inner.get_many(model_id, [texts[i] for i in rest])
            found.update({rest[j]: vector for j, vector in more.items()})
        return found

    def fits(self, model_id: str, text: str) -> bool:
        """A stored chunk was embedded whole at ingest: it fits the model (no token count)."""
        return (model_id, text_key(text)) in self.vectors

    def put_many(self, model_id: str, texts: Sequence[str], vectors: np.ndarray) -> None:
        """Fresh vectors go to the inner cache."""
        if self.inner is not None:
            self.inner.put_many(model_id, texts, vectors)
