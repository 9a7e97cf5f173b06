"""The work an ingest worker does per batch: read each file, then embed the batch at once.

:class:`EngineBatchProcessor` is what :mod:`cvmatch.ingest` sends to worker processes and Ray
actors: it holds only settings (picklable) and builds, on the first batch it gets, the engine's
reader and encoder pool (:class:`WorkerParts`: the same ``parse``, ``embed``, ``encoder`` and
``requirement_matcher`` as :class:`~cvmatch.engine.Engine`, without the rest), so models load
once per worker. Besides the stored vector, each CV gets what the query path needs of it
(:mod:`cvmatch.ingest.features`: its facts and the scoring encoder's chunk vectors), so ranking
stored CVs never parses or embeds them. In this
process it uses the engine it is given. A file is read from a temporary copy
of its bytes (a worker on another machine has no access to the driver's disk); a file that
cannot be read is refused with the reader's error, like an upload to the service.
"""

import logging
import tempfile
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from cvmatch.documents.loader import load_document, supported_extensions
from cvmatch.encoders.base import DenseEncoder
from cvmatch.engine.encoders import EncoderPool
from cvmatch.engine.parts import MatchingParts, ingest_limits
from cvmatch.errors import CorruptDocumentError, CvmatchError, UnsupportedFormatError
from cvmatch.ingest.feature_rows import features_meta
from cvmatch.ingest.features import CvFeatures, cv_features, facts_key
from cvmatch.ingest.records import Prepared, WorkItem
from cvmatch.scoring.dense import encoder_name_for
from cvmatch.scoring.matcher import RequirementMatcher
from cvmatch.settings import Settings
from cvmatch.store.codec import document_meta
from cvmatch.types import Document, DocumentKind

logger = logging.getLogger(__name__)


class Reader(Protocol):
    """What a worker needs of the engine: read a file, embed documents (:class:`Engine`'s)."""

    def parse(self, path: Path, kind: DocumentKind = DocumentKind.CV) -> Document:
        """Read one file."""
        ...

    def embed(self, docs: Sequence[Document], encoder: str | None = None) -> tuple[str, np.ndarray]:
        """Model id and unit vectors (``Settings.feedback_encoder`` by default)."""
        ...

    def encoder(self, name: str) -> DenseEncoder:
        """A dense encoder by name."""
        ...

    def requirement_matcher(self) -> RequirementMatcher:
        """The requirement matcher (its ``extractor`` finds a CV's facts)."""
        ...


class WorkerParts:
    """The engine's reader and encoders, built from settings in a worker process."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.pool = EncoderPool(settings)
        self.parts = MatchingParts(settings)

    def parse(self, path: Path, kind: DocumentKind = DocumentKind.CV) -> Document:
        """Read one file under the settings' limits (as :meth:`Engine.parse`)."""
        return load_document(path, kind, ingest_limits(self.settings))

    def embed(self, docs: Sequence[Document], encoder: str | None = None) -> tuple[str, np.ndarray]:
        """Model id and unit vectors of ``docs`` (as :meth:`Engine.embed`)."""
        name = encoder or self.settings.feedback_encoder
        vectors = self.pool.encode([doc.text for doc in docs], name)
        return self.pool.model_id(name), np.asarray(vectors, dtype=np.float32)

    def encoder(self, name: str) -> DenseEncoder:
        """The dense encoder called ``name`` (as :meth:`Engine.encoder`)."""
        return self.pool.get(name)

    def requirement_matcher(self) -> RequirementMatcher:
        """The requirement matcher of the settings (as :meth:`Engine.requirement_matcher`)."""
        return self.parts.matcher


class EngineBatchProcessor:
    """Parse and embed batches of CV files.

    Args:
        settings: The engine's settings (the encoder is ``settings.feedback_encoder``).
        reader: A ready engine to use in this process; never pickled (a worker builds
            :class:`WorkerParts` from ``settings``).
    """

    def __init__(self, settings: Settings, reader: Reader | None = None) -> None:
        self.settings = settings
        self._reader = reader

    def __getstate__(self) -> dict[str, Any]:
        return {"settings": self.settings, "_reader": None}

    @property
    def engine(self) -> Reader:
        """The reader, built on first use."""
        if self._reader is None:
            self._reader = WorkerParts(self.settings)
        return self._reader

    def __call__(self, batch: Sequence[WorkItem]) -> list[Prepared]:
        """One :class:`Prepared` per item, in order: the parsed row and vector, or the refusal."""
        docs: dict[int, Document] = {}
        refused: dict[int, Prepared] = {}
        for position, item in enumerate(batch):
            try:
                docs[position] = self._parse(item)
            except CvmatchError as error:
                logger.warning("ingest of %s refused: %s", item.source, error)
                refused[position] = Prepared(
                    item.source, item.content_hash, error=type(error).__name__, message=str(error)
                )
        vectors: dict[int, Any] = {}
        features: dict[int, CvFeatures] = {}
        model_id = ""
        if docs:
            model_id, matrix = self.engine.embed(list(docs.values()))
            vectors = dict(zip(docs, matrix, strict=True))
            features = dict(zip(docs, self._features(list(docs.values())), strict=True))
        return [
            refused[i]
            if i in refused
            else _prepared(item, docs[i], (vectors[i], model_id), features[i])
            for i, item in enumerate(batch)
        ]

    def _features(self, docs: list[Document]) -> list[CvFeatures]:
        """Facts and scoring chunk vectors (the encoder a job in the CV's language uses)."""
        s = self.settings
        extractor = self.engine.requirement_matcher().extractor
        encoders = [
            self.engine.encoder(encoder_name_for(d, d, s.english_encoder, s.multilingual_encoder))
            for d in docs
        ]
        key = facts_key(extractor.reference, s.taxonomy_file)
        return cv_features(docs, extractor, encoders, key)

    def _parse(self, item: WorkItem) -> Document:
        suffix = Path(item.filename).suffix.lower()
        if suffix not in supported_extensions():
            known = ", ".join(supported_extensions())
            raise UnsupportedFormatError(
                f"{item.filename}: {suffix or 'no extension'} is not one of {known}"
            )
        with tempfile.TemporaryDirectory(prefix="cvmatch-ingest-") as folder:
            path = Path(folder) / Path(item.filename).name
            path.write_bytes(item.content)
            try:
                doc = self.engine.parse(path, DocumentKind.CV)
            except CvmatchError:
                raise
            except Exception as error:  # any failure refuses this file only
                logger.warning("reading %s failed unexpectedly", item.source, exc_info=error)
                raise CorruptDocumentError(
                    f"{item.filename}: the file could not be read ({type(error).__name__})"
                ) from error
        return replace(doc, source=item.source)


def _prepared(
    item: WorkItem, doc: Document, embedded: tuple[Any, str], features: CvFeatures
) -> Prepared:
    vector, model_id = embedded
    row = {
        "kind": DocumentKind.CV.value,
        "filename": item.filename,
        "content_hash": item.content_hash,
        "content": item.content,
        "text": doc.text,
        "language": doc.language,
        "meta": document_meta(doc) | features_meta(features),
    }
    return Prepared(item.source, item.content_hash, row, vector, model_id, features=features)
