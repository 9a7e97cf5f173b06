"""Ad weights tuned for a recommender's imported ads, and cross-fitted scores of labelled texts.

Both read labelled texts as CVs (``read``: texts → their parsed texts and role titles, the way
``cvmatch recommend`` reads a CV) and embed them with an ad-free copy of the recommender; the
tuning itself is :mod:`cvmatch.occupations.tuning`.
"""

from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path

import numpy as np

from cvmatch.occupations.ad_store import load_ads
from cvmatch.occupations.ad_weights import (
    background_ads,
    crossfit,
    labelled_queries,
    load_tuned,
    save_tuned,
    tuned_for_ads,
    tuning_key,
    tuning_sample,
    without_ads,
)
from cvmatch.occupations.recommender import Recommender
from cvmatch.occupations.setup import default_weights
from cvmatch.occupations.signals import RecommendWeights
from cvmatch.occupations.tuning import LabelledQueries

AD_WEIGHTS_FILE = "occupation-ad-weights.json"
"""Ad weights tuned per (model, ads) under the cache dir (:mod:`cvmatch.occupations.ad_weights`)."""

ReadAsCvs = Callable[[Sequence[str]], tuple[list[str], list[list[str]]]]
"""Texts → their parsed texts and the role titles of each, as a CV is read."""

Progress = Callable[[str, int, int], None]


def read_labelled(
    plain: Recommender,
    read: ReadAsCvs,
    labelled: tuple[Sequence[str], Sequence[int]],
    language: str,
    ad_texts: Sequence[str] | None = None,
) -> LabelledQueries:
    """Labelled texts (with their gold occupation rows) read as CVs, embedded by ``plain``."""
    texts, gold = labelled
    parsed, titles = read(texts)
    return labelled_queries(plain, parsed, titles, gold, language, ad_texts)


def with_tuned_ad_weights(
    recommender: Recommender, cache_dir: Path, read: ReadAsCvs, language: str, progress: Progress
) -> Recommender:
    """``recommender`` with ad weights tuned on its imported ads (cached per ads file)."""
    ads = load_ads(cache_dir)
    key, path = tuning_key(recommender, ads), cache_dir / AD_WEIGHTS_FILE
    if (weights := load_tuned(path, key, recommender.weights)) is not None:
        return replace(recommender, weights=weights)
    progress("tuning ad weights", 0, 1)
    sample = tuning_sample(recommender, ads)
    plain = without_ads(recommender, recommender.weights)
    labelled = ([t for _, t in sample], [r for r, _ in sample])
    queries = read_labelled(plain, read, labelled, language)
    background = background_ads(recommender.index, sample)
    tuned, mrr = tuned_for_ads(recommender, plain, queries, background)
    save_tuned(path, key, tuned.weights, mrr)
    progress("tuning ad weights", 1, 1)
    return tuned


def crossfit_labelled(
    built: Recommender,
    read: ReadAsCvs,
    labelled: tuple[Sequence[str], Sequence[str]],
    language: str,
    ad_texts: Sequence[str] | None = None,
) -> tuple[np.ndarray, list[RecommendWeights]]:
    """Cross-fitted scores of labelled texts (``labelled``: texts and an occupation URI each).

    Scored by ``built`` without its imported ads and with its default weights; see
    :meth:`cvmatch.engine.OccupationFacade.crossfit_scores`.
    """
    texts, gold = labelled
    plain = without_ads(built, default_weights(built.index.model_id))
    row_of = {e.uri: i for i, e in enumerate(plain.index.entries)}
    rows = [row_of[u] for u in gold]
    queries = read_labelled(plain, read, (texts, rows), language, ad_texts)
    return crossfit(plain, queries)
