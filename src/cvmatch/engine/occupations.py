"""Occupation recommendation over the engine's encoders: the work is in explain/ and index/."""

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from cvmatch.extract.cv import experience_periods
from cvmatch.extract.titles import leading_title
from cvmatch.occupations.ad_store import load_ads, read_ads_csv, save_ads
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
from cvmatch.occupations.index import OccupationIndex
from cvmatch.occupations.recommender import Recommender
from cvmatch.occupations.records import AdsImport, OccupationRecommendation
from cvmatch.occupations.setup import (
    build_recommender,
    cv_input,
    cv_titles,
    default_weights,
    encoder_name,
    occupation_source,
)
from cvmatch.occupations.signals import (
    RecommendWeights,
    occupation_profile,
    profile_similarity,
)
from cvmatch.occupations.tuning import LabelledQueries
from cvmatch.scoring.matcher import reference_year
from cvmatch.types import Concept, Document, DocumentKind, Match, OccupationEntry

AD_WEIGHTS_FILE = "occupation-ad-weights.json"
"""Ad weights tuned per (model, ads) under the cache dir (:mod:`cvmatch.occupations.ad_weights`)."""

if TYPE_CHECKING:
    from cvmatch.engine.core import Engine


class OccupationFacade:
    """CV → ranked occupations (docs/recommend.md), and the occupation signal of ``match``."""

    def __init__(self, engine: "Engine") -> None:
        self._engine = engine
        self._recommenders: dict[str, Recommender] = {}
        self._untuned: dict[str, Recommender] = {}
        self._source: tuple[list[OccupationEntry], dict[str, Concept]] | None = None

    def recommender(self, language: str = "en", model: str | None = None) -> Recommender:
        """The recommender for input in ``language`` (index built once, cached on disk)."""
        name = encoder_name(self._engine.settings, language, model)
        if name not in self._recommenders:
            built = self._built(name)
            self._recommenders[name] = (
                self._with_ad_weights(built, language) if built.index.ads_count else built
            )
        return self._recommenders[name]

    def index(self, language: str = "en", model: str | None = None) -> OccupationIndex:
        """The occupation index the recommender for ``language`` uses (no ad-weight tuning)."""
        return self._built(encoder_name(self._engine.settings, language, model)).index

    def _built(self, name: str) -> Recommender:
        """The recommender of encoder ``name`` as built: the user's ads in, weights not tuned."""
        engine = self._engine
        if name not in self._untuned:
            if self._source is None:
                self._source = occupation_source(engine.settings.taxonomy_file)
            engine.progress(f"occupation index ({name})", 0, 1)
            self._untuned[name] = build_recommender(
                engine.settings, self._source, engine.encoder(name)
            )
            engine.progress(f"occupation index ({name})", 1, 1)
        return self._untuned[name]

    def _with_ad_weights(self, recommender: Recommender, language: str) -> Recommender:
        """The recommender with ad weights tuned on the imported ads (cached per ads file)."""
        settings = self._engine.settings
        ads = load_ads(settings.cache_dir)
        key, path = tuning_key(recommender, ads), settings.cache_dir / AD_WEIGHTS_FILE
        if (weights := load_tuned(path, key, recommender.weights)) is not None:
            return replace(recommender, weights=weights)
        self._engine.progress("tuning ad weights", 0, 1)
        sample = tuning_sample(recommender, ads)
        plain = without_ads(recommender, recommender.weights)
        queries = self.labelled_queries(
            plain, [t for _, t in sample], [r for r, _ in sample], language
        )
        background = background_ads(recommender.index, sample)
        tuned, mrr = tuned_for_ads(recommender, plain, queries, background)
        save_tuned(path, key, tuned.weights, mrr)
        self._engine.progress("tuning ad weights", 1, 1)
        return tuned

    def _read_as_cvs(self, texts: Sequence[str]) -> tuple[list[str], list[list[str]]]:
        """Each text as :meth:`recommend` reads a CV: its parsed text and its titles."""
        year = reference_year(self._engine.settings.reference_date)
        docs = [self._engine.parse_text(t, DocumentKind.CV, f"q{i}") for i, t in enumerate(texts)]
        titles = [list(cv_titles(d.text, experience_periods(d, year))) for d in docs]
        return [d.text for d in docs], titles

    def labelled_queries(
        self,
        plain: Recommender,
        texts: Sequence[str],
        gold: Sequence[int],
        language: str,
        ad_texts: Sequence[str] | None = None,
    ) -> LabelledQueries:
        """Labelled texts (gold occupation rows) read as CVs and embedded by ad-free ``plain``."""
        read, titles = self._read_as_cvs(texts)
        return labelled_queries(plain, read, titles, gold, language, ad_texts)

    def crossfit_scores(
        self,
        texts: Sequence[str],
        gold: Sequence[str],
        language: str,
        model: str | None = None,
        ad_texts: Sequence[str] | None = None,
    ) -> tuple[np.ndarray, list[RecommendWeights]]:
        """Cross-fitted scores of labelled texts (``gold``: an occupation URI per text).

        Each text is scored by a recommender whose only imported ads are the texts of the other
        folds, ad weights tuned on those folds alone (:func:`~cvmatch.occupations.tuning.
        crossfit_scores`); the user's own imported ads are left out. ``ad_texts`` (default:
        ``texts``) is what each labelled row contributes as an ad. Columns: the index entries.
        Returns the scores and the weights chosen per fold.
        """
        built = self._built(encoder_name(self._engine.settings, language, model))
        plain = without_ads(built, default_weights(built.index.model_id))
        row_of = {e.uri: i for i, e in enumerate(plain.index.entries)}
        queries = self.labelled_queries(plain, texts, [row_of[u] for u in gold], language, ad_texts)
        return crossfit(plain, queries)

    def recommend(
        self,
        cvs: Sequence[Document],
        top: int = 10,
        level: str = "occupation",
        language: str | None = None,
        model: str | None = None,
    ) -> list[OccupationRecommendation]:
        """Top occupations (or ISCO groups) per CV, with evidence and skills gap."""
        engine = self._engine
        gazetteer = engine.requirement_matcher().gazetteer
        year = reference_year(engine.settings.reference_date)
        results = []
        for done, doc in enumerate(cvs, start=1):
            cv = cv_input(doc, gazetteer, year, language)
            results.append(self.recommender(cv.language, model).recommend(cv, top, level))
            engine.progress("recommending", done, len(cvs))
        return results

    def score_texts(
        self, texts: Sequence[str], language: str, model: str | None = None
    ) -> np.ndarray:
        """``(texts, occupations)`` scores of the recommender (columns: its index entries).

        Each text is read as a CV the way :meth:`recommend` reads it: same titles, same mix.
        """
        read, titles = self._read_as_cvs(texts)
        _, scores = self.recommender(language, model).scores(read, language, titles)
        return scores

    def affinity(self, cv: Document, jobs: Sequence[Document]) -> list[float]:
        """Per job, the cosine of its occupation profile with the CV's (0–1)."""
        year = reference_year(self._engine.settings.reference_date)
        titles = [list(cv_titles(cv.text, experience_periods(cv, year)))]
        titles += [[t] if (t := leading_title(j.text)) else [] for j in jobs]
        _, scores = self.recommender(cv.language).scores(
            [cv.text, *(j.text for j in jobs)], cv.language, titles
        )
        profiles = occupation_profile(scores)
        return [float(x) for x in profile_similarity(profiles[:1], profiles[1:])[0]]

    def blend_affinity(
        self, cv: Document, jobs: Sequence[Document], matches: list[Match]
    ) -> list[Match]:
        """Blend the occupation affinity into match scores (``occupation_weight``, 0 = off)."""
        weight = self._engine.settings.occupation_weight
        if not weight or not jobs:
            return matches
        affinity = dict(zip((j.id for j in jobs), self.affinity(cv, jobs), strict=True))
        return [
            replace(
                m,
                score=round((1 - weight) * m.score + weight * 100 * affinity[m.job_id], 2),
                reasons=(*m.reasons, f"occupation affinity {affinity[m.job_id]:.2f}"),
            )
            for m in matches
        ]

    def import_ads(self, path: Path) -> int:
        """Import labelled job ads (CSV) into the occupation centroids; return how many are kept."""
        return self.import_ads_report(path).stored

    def import_ads_report(self, path: Path, skip_unknown: bool = False) -> AdsImport:
        """Import labelled job ads (CSV); ``skip_unknown`` skips lines of unknown occupations.

        Nothing is stored when the file is refused, so the ads already stored are kept.
        """
        settings = self._engine.settings
        entries, _ = occupation_source(settings.taxonomy_file)
        ads, skipped = read_ads_csv(path, entries, skip_unknown)
        count = save_ads(settings.cache_dir, ads)
        self.clear()
        return AdsImport(count, tuple(skipped))

    def clear(self) -> None:
        """Forget built indexes (after a taxonomy or ads import)."""
        self._recommenders.clear()
        self._untuned.clear()
        self._source = None
