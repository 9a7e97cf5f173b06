"""Signal features for the learned ranker, by name in a pluggable registry.

A feature scores one query against its candidate list: ``feature(query, candidates, context)``
returns one float per candidate. Built-ins:

* ``dense`` — cosine of the ``context`` dense encoder (``ranker.dense_model``);
* ``bm25`` — BM25 of the query over the candidate list, divided by the list's best score;
* ``tfidf_char`` — TF-IDF char 3–5-gram cosine;
* ``coverage`` — the engine's lexical coverage: weighted share of the query's key terms found
  in the candidate (:mod:`cvmatch.scoring.lexical`);
* ``title`` — TF-IDF char cosine between the first lines / sentences (the titles);
* ``requirements`` / ``years`` / ``must_have`` — requirement coverage, share of asked years of
  experience and share of must-have requirements missed, from the requirement evidence
  (:mod:`cvmatch.training.requirement_features`).

Other signals join with :func:`register_feature`.
"""

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

from cvmatch.encoders.base import DenseEncoder
from cvmatch.encoders.bm25 import BM25Scorer
from cvmatch.encoders.tfidf import TfidfScorer
from cvmatch.errors import UnknownNameError
from cvmatch.scoring.lexical import lexical_evidence
from cvmatch.scoring.terms import key_terms, term_profile
from cvmatch.training.requirement_features import (
    must_have_missing,
    requirement_coverage,
    years_share,
)


@dataclass
class FeatureContext:
    """Shared state of a feature run: the dense encoder and a vector cache."""

    encoder: DenseEncoder | None = None
    language: str = "en"
    vectors: dict[str, np.ndarray] = field(default_factory=dict)

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Unit vectors of ``texts`` (each text embedded once per context)."""
        if self.encoder is None:
            raise UnknownNameError("the dense feature needs ranker.dense_model")
        missing = [t for t in dict.fromkeys(texts) if t not in self.vectors]
        if missing:
            self.vectors.update(zip(missing, self.encoder.encode(missing), strict=True))
        return np.stack([self.vectors[t] for t in texts])


Feature = Callable[[str, Sequence[str], FeatureContext], np.ndarray]
FEATURES: dict[str, Feature] = {}


def register_feature(name: str, feature: Feature) -> None:
    """Add a feature under ``name`` (a clash raises, so two plug-ins cannot shadow each other)."""
    if name in FEATURES:
        raise ValueError(f"feature {name!r} is already registered")
    FEATURES[name] = feature


def _title(text: str) -> str:
    return re.split(r"[\n.;:|]", text.strip(), maxsplit=1)[0] or text


def _dense(query: str, candidates: Sequence[str], context: FeatureContext) -> np.ndarray:
    vectors = context.embed([query, *candidates])
    return np.asarray(vectors[1:] @ vectors[0], dtype=np.float64)


def _bm25(query: str, candidates: Sequence[str], context: FeatureContext) -> np.ndarray:
    scores = BM25Scorer(context.language).similarity([query], list(candidates))[0]
    best = float(scores.max()) if len(scores) else 0.0
    return np.asarray(scores / best if best > 0 else scores, dtype=np.float64)


def _tfidf(query: str, candidates: Sequence[str], context: FeatureContext) -> np.ndarray:
    del context
    return np.asarray(TfidfScorer("char").similarity([query], list(candidates))[0], np.float64)


def _coverage(query: str, candidates: Sequence[str], context: FeatureContext) -> np.ndarray:
    profile = term_profile(query, context.language)
    values = [
        lexical_evidence(profile, frozenset(key_terms(c, context.language))).coverage
        for c in candidates
    ]
    return np.asarray(values, dtype=np.float64)


def _title_similarity(query: str, candidates: Sequence[str], context: FeatureContext) -> np.ndarray:
    return _tfidf(_title(query), [_title(c) for c in candidates], context)


for _name, _feature in {
    "dense": _dense,
    "bm25": _bm25,
    "tfidf_char": _tfidf,
    "coverage": _coverage,
    "title": _title_similarity,
    "requirements": requirement_coverage,
    "years": years_share,
    "must_have": must_have_missing,
}.items():
    register_feature(_name, _feature)


def feature_matrix(
    names: Sequence[str], query: str, candidates: Sequence[str], context: FeatureContext
) -> np.ndarray:
    """``(len(candidates), len(names))`` features of one candidate list.

    Raises:
        UnknownNameError: A feature name is not registered (the message lists the known ones).
    """
    unknown = [n for n in names if n not in FEATURES]
    if unknown:
        raise UnknownNameError(f"unknown ranker features {unknown}; known: {sorted(FEATURES)}")
    columns = [FEATURES[name](query, candidates, context) for name in names]
    return np.stack(columns, axis=1) if columns else np.zeros((len(candidates), 0))
