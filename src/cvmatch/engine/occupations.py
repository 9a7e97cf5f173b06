"""Occupation recommendation over the engine's encoders: the work is in explain/ and index/."""

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from cvmatch.explain.recommend import Recommender
from cvmatch.explain.recommend_setup import (
    build_recommender,
    cv_input,
    cv_titles,
    encoder_name,
    occupation_source,
)
from cvmatch.extract.cv import experience_periods
from cvmatch.extract.titles import leading_title
from cvmatch.index.ads import read_ads_csv, save_ads
from cvmatch.scoring.matcher import reference_year
from cvmatch.scoring.occupations import occupation_profile, profile_similarity
from cvmatch.types import (
    Concept,
    Document,
    DocumentKind,
    Match,
    OccupationEntry,
    OccupationRecommendation,
)

if TYPE_CHECKING:
    from cvmatch.engine.core import Engine


class OccupationFacade:
    """CV → ranked occupations (docs/recommend.md), and the occupation signal of ``match``."""

    def __init__(self, engine: "Engine") -> None:
        self._engine = engine
        self._recommenders: dict[str, Recommender] = {}
        self._source: tuple[list[OccupationEntry], dict[str, Concept]] | None = None

    def recommender(self, language: str = "en", model: str | None = None) -> Recommender:
        """The recommender for input in ``language`` (index built once, cached on disk)."""
        engine = self._engine
        name = encoder_name(engine.settings, language, model)
        if name not in self._recommenders:
            if self._source is None:
                self._source = occupation_source(engine.settings.taxonomy_file)
            engine.progress(f"occupation index ({name})", 0, 1)
            self._recommenders[name] = build_recommender(
                engine.settings, self._source, engine.encoder(name)
            )
            engine.progress(f"occupation index ({name})", 1, 1)
        return self._recommenders[name]

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
        year = reference_year(self._engine.settings.reference_date)
        docs = [self._engine.parse_text(t, DocumentKind.CV, f"q{i}") for i, t in enumerate(texts)]
        titles = [list(cv_titles(d.text, experience_periods(d, year))) for d in docs]
        _, scores = self.recommender(language, model).scores(
            [d.text for d in docs], language, titles
        )
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
        settings = self._engine.settings
        entries, _ = occupation_source(settings.taxonomy_file)
        count = save_ads(settings.cache_dir, read_ads_csv(path, entries))
        self.clear()
        return count

    def clear(self) -> None:
        """Forget built indexes (after a taxonomy or ads import)."""
        self._recommenders.clear()
        self._source = None
