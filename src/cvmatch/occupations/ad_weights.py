"""A recommender that uses the user's labelled ads, with ad weights fitted to those ads.

After ``cvmatch recommend-import-ads`` the index holds the ads (centroids and the ad
ingredients of :mod:`cvmatch.occupations.ad_signals`). :func:`tuned_for_ads` reads up to
:data:`MAX_TUNING_ADS` of them as queries (the others stay in every fold as background, see
:func:`background_ads`) and lets :func:`~cvmatch.occupations.tuning.tune_ad_weights` pick the ad
weights by cross-validation. :func:`crossfit` is the evaluation of
the same procedure on a labelled query set (``cvmatch eval … -m recommend+ads``).
"""

import hashlib
import json
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import numpy as np

from cvmatch.occupations.index import OccupationIndex, with_ads
from cvmatch.occupations.recommender import Recommender
from cvmatch.occupations.signals import RecommendWeights
from cvmatch.occupations.tuning import (
    GRIDS,
    BackgroundAds,
    LabelledQueries,
    crossfit_scores,
    tune_ad_weights,
)

MAX_TUNING_ADS = 3000
"""Ads read as queries to tune the weights (the ones with the smallest text hash)."""


def text_keys(texts: Sequence[str]) -> np.ndarray:
    """A stable non-negative integer per text (the same text, the same key and fold)."""
    digests = (hashlib.sha256(t.encode("utf-8")).digest()[:7] for t in texts)
    return np.asarray([int.from_bytes(d, "big") for d in digests], dtype=np.int64)


def tuning_sample(
    recommender: Recommender, ads: Sequence[tuple[str, str]]
) -> list[tuple[int, str]]:
    """``(occupation row, text)`` of the ads the weights are tuned on.

    The indexed ones, at most :data:`MAX_TUNING_ADS`, smallest text hash first (the same ads,
    the same sample).
    """
    row_of = {e.uri: i for i, e in enumerate(recommender.index.entries)}
    known = [(row_of[uri], text) for uri, text in ads if uri in row_of]
    order = np.argsort(text_keys([t for _, t in known]), kind="stable")[:MAX_TUNING_ADS]
    return [known[int(i)] for i in order]


def background_ads(index: OccupationIndex, sample: Sequence[tuple[int, str]]) -> BackgroundAds:
    """The ads of ``index`` that are not in the tuning ``sample`` (by text).

    A text of the sample is never background, even when imported twice: no tuning query can meet
    its own text as an ad.
    """
    sampled = {text for _, text in sample}
    keep = np.asarray([t not in sampled for t in index.ad_texts], dtype=bool)
    return BackgroundAds(
        rows=index.ad_owner[keep],
        vectors=index.ad_vectors[keep],
        texts=tuple(t for t, k in zip(index.ad_texts, keep, strict=True) if k),
    )


def without_ads(recommender: Recommender, weights: RecommendWeights) -> Recommender:
    """``recommender`` with no imported ad and the mix ``weights``."""
    empty = np.zeros((0, recommender.encoder.dim), dtype=np.float32)
    index = with_ads(recommender.index, np.zeros(0, np.int64), empty, [])
    return replace(recommender, index=index, weights=weights, _ad_char=[])


def labelled_queries(
    recommender: Recommender,
    texts: Sequence[str],
    titles: Sequence[Sequence[str]],
    gold: Sequence[int],
    language: str,
    ad_texts: Sequence[str] | None = None,
) -> LabelledQueries:
    """``texts`` (gold occupation rows ``gold``) read as queries by an ad-free ``recommender``.

    ``ad_texts`` (default ``texts``) is what each row contributes when it serves as an ad.
    """
    vectors, parts = recommender.ingredients(texts, language, titles)
    ads = list(ad_texts) if ad_texts is not None else list(texts)
    return LabelledQueries(
        texts=tuple(texts),
        ad_texts=tuple(ads),
        query_vectors=vectors,
        ad_vectors=recommender.encoder.encode(ads, role="passage"),
        parts=parts,
        gold=np.asarray(gold, dtype=np.int64),
        keys=text_keys(texts),
    )


def _groups(recommender: Recommender) -> list[str]:
    return [e.isco_group for e in recommender.index.entries]


def tuned_for_ads(
    recommender: Recommender,
    plain: Recommender,
    queries: LabelledQueries,
    background: BackgroundAds | None = None,
) -> tuple[Recommender, float]:
    """``recommender`` (which holds the ads) with ad weights tuned on ``queries``.

    ``plain`` is the same recommender without ads (the tuning builds its folds from it);
    ``background`` are the held ads not read as queries. Returns the recommender and the
    cross-validated MRR@100 of the chosen weights.
    """
    weights, mrr = tune_ad_weights(
        plain.index, plain.weights, queries, _groups(plain), background=background
    )
    return replace(recommender, weights=weights), mrr


def crossfit(
    plain: Recommender, queries: LabelledQueries
) -> tuple[np.ndarray, list[RecommendWeights]]:
    """Cross-fitted scores of labelled ``queries`` (see :func:`crossfit_scores`)."""
    return crossfit_scores(plain.index, plain.weights, queries, _groups(plain))


def tuning_key(recommender: Recommender, ads: Sequence[tuple[str, str]]) -> str:
    """What the tuned weights depend on: model, base mix, grid and the ads themselves."""
    digest = hashlib.sha256()
    # "background" marks the tuning that keeps unsampled ads in every fold: weights cached by
    # the earlier tuning (sample only) are tuned again rather than reused
    parts = (recommender.index.model_id, repr(recommender.weights), repr(GRIDS), "background")
    for part in parts:
        digest.update(part.encode("utf-8") + b"\x1f")
    for uri, text in ads:
        digest.update(f"{uri}\x1e{text}\x1f".encode())
    return digest.hexdigest()[:24]


def load_tuned(path: Path, key: str, base: RecommendWeights) -> RecommendWeights | None:
    """The ad weights stored under ``key`` applied to ``base`` (``None``: not tuned yet)."""
    try:
        stored = json.loads(path.read_text(encoding="utf-8")).get(key)
    except (OSError, ValueError, AttributeError):
        return None
    if not isinstance(stored, dict):
        return None
    try:
        return replace(base, **{name: float(stored[name]) for name in GRIDS})
    except (KeyError, TypeError, ValueError):
        return None


def save_tuned(path: Path, key: str, weights: RecommendWeights, mrr: float) -> None:
    """Store the tuned ad weights under ``key`` (other keys kept)."""
    try:
        known = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        known = {}
    if not isinstance(known, dict):
        known = {}
    known[key] = {name: float(getattr(weights, name)) for name in GRIDS} | {"cv_mrr": mrr}
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(known, indent=2, sort_keys=True), encoding="utf-8")
