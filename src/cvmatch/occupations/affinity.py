"""The occupation signal of ``match``: how close a job's occupations are to a CV's (0–1)."""

from collections.abc import Sequence
from dataclasses import replace

from cvmatch.extract.cv import experience_periods
from cvmatch.extract.titles import leading_title
from cvmatch.occupations.recommender import Recommender
from cvmatch.occupations.setup import cv_titles
from cvmatch.occupations.signals import occupation_profile, profile_similarity
from cvmatch.types import Document, Match


def affinity(
    recommender: Recommender, cv: Document, jobs: Sequence[Document], reference: float
) -> list[float]:
    """Per job, the cosine of its occupation profile with the CV's (0–1)."""
    titles = [list(cv_titles(cv.text, experience_periods(cv, reference)))]
    titles += [[t] if (t := leading_title(j.text)) else [] for j in jobs]
    _, scores = recommender.scores([cv.text, *(j.text for j in jobs)], cv.language, titles)
    profiles = occupation_profile(scores)
    return [float(x) for x in profile_similarity(profiles[:1], profiles[1:])[0]]


def blend_affinity(
    matches: Sequence[Match], affinity_by_job: dict[str, float], weight: float
) -> list[Match]:
    """Match scores mixed with the occupation affinity (``weight`` of it), with a reason line."""
    return [
        replace(
            m,
            score=round((1 - weight) * m.score + weight * 100 * affinity_by_job[m.job_id], 2),
            reasons=(*m.reasons, f"occupation affinity {affinity_by_job[m.job_id]:.2f}"),
        )
        for m in matches
    ]
