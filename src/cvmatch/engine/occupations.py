"""Occupation recommendation over the engine's encoders: the work is in :mod:`cvmatch.occupations`."""

from collections.abc import Sequence
from functools import partial
from pathlib import Path

import numpy as np

from cvmatch.engine.encoders import EncoderPool
from cvmatch.engine.parts import MatchingParts, ingest_limits
from cvmatch.extract.extractor import reference_year
from cvmatch.occupations.ad_store import read_ads_csv, save_ads
from cvmatch.occupations.ad_tuning import (
    AD_WEIGHTS_FILE,
    crossfit_labelled,
    read_labelled,
    with_tuned_ad_weights,
)
from cvmatch.occupations.affinity import affinity, blend_affinity
from cvmatch.occupations.index import OccupationIndex
from cvmatch.occupations.recommender import Recommender
from cvmatch.occupations.records import AdsImport, OccupationRecommendation
from cvmatch.occupations.setup import (
    build_recommender,
    cv_input,
    encoder_name,
    occupation_source,
    read_as_cvs,
)
from cvmatch.occupations.signals import RecommendWeights
from cvmatch.occupations.tuning import LabelledQueries
from cvmatch.settings import Settings
from cvmatch.types import Concept, Document, Match, OccupationEntry

__all__ = ["AD_WEIGHTS_FILE", "OccupationFacade"]


class OccupationFacade:
    """CV → ranked occupations (docs/recommend.md), and the occupation signal of ``match``.

    It shares the engine's settings, encoders (with their cache and progress) and taxonomy
    lookup (``parts``: its gazetteer).
    """

    def __init__(self, settings: Settings, encoders: EncoderPool, parts: MatchingParts) -> None:
        self._settings = settings
        self._encoders = encoders
        self._parts = parts
        self._recommenders: dict[str, Recommender] = {}
        self._untuned: dict[str, Recommender] = {}
        self._source: tuple[list[OccupationEntry], dict[str, Concept]] | None = None

    def recommender(self, language: str = "en", model: str | None = None) -> Recommender:
        """The recommender for input in ``language`` (index built once, cached on disk)."""
        name = encoder_name(self._settings, language, model)
        if name not in self._recommenders:
            built = self._built(name)
            self._recommenders[name] = (
                with_tuned_ad_weights(
                    built,
                    self._settings.cache_dir,
                    self._read_as_cvs,
                    language,
                    self._encoders.progress,
                )
                if built.index.ads_count
                else built
            )
        return self._recommenders[name]

    def index(self, language: str = "en", model: str | None = None) -> OccupationIndex:
        """The occupation index the recommender for ``language`` uses (no ad-weight tuning)."""
        return self._built(encoder_name(self._settings, language, model)).index

    def _built(self, name: str) -> Recommender:
        """The recommender of encoder ``name`` as built: the user's ads in, weights not tuned."""
        if name not in self._untuned:
            if self._source is None:
                self._source = occupation_source(self._settings.taxonomy_file)
            stage = f"occupation index ({name})"
            self._encoders.progress(stage, 0, 1)
            # The multilingual index embeds every label in every language (minutes on first
            # use): its bar counts labels. The English one is built in one call, as before.
            labels = None
            if name == self._settings.multilingual_encoder:
                labels = partial(self._encoders.progress, f"{stage}: labels")
            self._untuned[name] = build_recommender(
                self._settings, self._source, self._encoders.get(name), labels
            )
            self._encoders.progress(stage, 1, 1)
        return self._untuned[name]

    def _reference(self) -> float:
        return reference_year(self._settings.reference_date)

    def _read_as_cvs(self, texts: Sequence[str]) -> tuple[list[str], list[list[str]]]:
        """Each text as :meth:`recommend` reads a CV: its parsed text and its titles."""
        return read_as_cvs(texts, ingest_limits(self._settings), self._reference())

    def labelled_queries(
        self,
        plain: Recommender,
        texts: Sequence[str],
        gold: Sequence[int],
        language: str,
        ad_texts: Sequence[str] | None = None,
    ) -> LabelledQueries:
        """Labelled texts (gold occupation rows) read as CVs and embedded by ad-free ``plain``."""
        return read_labelled(plain, self._read_as_cvs, (texts, gold), language, ad_texts)

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
        built = self._built(encoder_name(self._settings, language, model))
        return crossfit_labelled(built, self._read_as_cvs, (texts, gold), language, ad_texts)

    def recommend(
        self,
        cvs: Sequence[Document],
        top: int = 10,
        level: str = "occupation",
        language: str | None = None,
        model: str | None = None,
    ) -> list[OccupationRecommendation]:
        """Top occupations (or ISCO groups) per CV, with evidence and skills gap."""
        gazetteer = self._parts.gazetteer
        year = self._reference()
        results = []
        for done, doc in enumerate(cvs, start=1):
            cv = cv_input(doc, gazetteer, year, language)
            # The encoder follows the CV's own language; --lang only picks the labels shown, so
            # an English CV asked for French labels keeps the English index (no multilingual build).
            reader = self.recommender(doc.language or "en", model)
            results.append(reader.recommend(cv, top, level))
            self._encoders.progress("recommending", done, len(cvs))
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
        return affinity(self.recommender(cv.language), cv, jobs, self._reference())

    def blend_affinity(
        self, cv: Document, jobs: Sequence[Document], matches: list[Match]
    ) -> list[Match]:
        """Blend the occupation affinity into match scores (``occupation_weight``, 0 = off)."""
        weight = self._settings.occupation_weight
        if not weight or not jobs:
            return matches
        by_job = dict(zip((j.id for j in jobs), self.affinity(cv, jobs), strict=True))
        return blend_affinity(matches, by_job, weight)

    def import_ads(self, path: Path) -> int:
        """Import labelled job ads (CSV) into the occupation centroids; return how many are kept."""
        return self.import_ads_report(path).stored

    def import_ads_report(self, path: Path, skip_unknown: bool = False) -> AdsImport:
        """Import labelled job ads (CSV); ``skip_unknown`` skips lines of unknown occupations.

        Nothing is stored when the file is refused, so the ads already stored are kept.
        """
        entries, _ = occupation_source(self._settings.taxonomy_file)
        ads, skipped = read_ads_csv(path, entries, skip_unknown)
        count = save_ads(self._settings.cache_dir, ads)
        self.clear()
        return AdsImport(count, tuple(skipped))

    def clear(self) -> None:
        """Forget built indexes (after a taxonomy or ads import)."""
        self._recommenders.clear()
        self._untuned.clear()
        self._source = None
