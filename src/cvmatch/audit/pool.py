"""What a whole pool of CVs looks like for one job (issue 22 item 4, ``cvmatch report``).

:func:`pool_summary` gathers, per CV, its score and band, the status of each job requirement,
its total dated years, languages and skills (taxonomy labels), and counts them over the pool.

Score bands read the calibrated 0–100 score ("about score % of comparable pairs are matches",
docs/scoring.md): below 25 *unlikely*, 25–50 *possible*, 50–75 *likely*, 75 and above *strong*.
"""

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from cvmatch.types import CvFacts, Document, EvidenceStatus, Match

__all__ = ["BANDS", "PoolRow", "PoolSummary", "band", "pool_summary"]

BANDS: tuple[tuple[str, float, float], ...] = (
    ("unlikely", 0.0, 25.0),
    ("possible", 25.0, 50.0),
    ("likely", 50.0, 75.0),
    ("strong", 75.0, 100.01),
)
STATUSES = (EvidenceStatus.MET, EvidenceStatus.PARTIAL, EvidenceStatus.MISSING)


@dataclass(frozen=True)
class PoolRow:
    """One CV of the pool."""

    cv_id: str
    score: float
    band: str
    language: str
    years: float
    languages: tuple[str, ...]
    skills: tuple[str, ...]
    statuses: tuple[tuple[str, EvidenceStatus], ...]  # (requirement text, status)


@dataclass(frozen=True)
class PoolSummary:
    """A pool of CVs scored for one job, best first, and what the charts count."""

    job_id: str
    requirements: tuple[str, ...]
    rows: tuple[PoolRow, ...]

    def status_counts(self) -> dict[str, Counter[EvidenceStatus]]:
        """Requirement text → how many CVs meet, partly meet or miss it."""
        counts: dict[str, Counter[EvidenceStatus]] = {r: Counter() for r in self.requirements}
        for row in self.rows:
            for text, status in row.statuses:
                counts[text][status] += 1
        return counts

    def most_missing(self, top: int = 10) -> list[tuple[str, int]]:
        """The requirements most often missing across the pool, most first (ties by text)."""
        missing = [(r, c[EvidenceStatus.MISSING]) for r, c in self.status_counts().items()]
        return sorted((m for m in missing if m[1]), key=lambda m: (-m[1], m[0]))[:top]

    def skills(self, top: int = 15) -> list[tuple[str, int]]:
        """The skills named by the most CVs (each CV counted once per skill)."""
        return Counter(s for row in self.rows for s in set(row.skills)).most_common(top)

    def languages(self) -> list[tuple[str, int]]:
        """Spoken languages (or the CV's own language when none is stated) by CV count."""
        found = Counter(g for row in self.rows for g in (row.languages or (row.language,)))
        return found.most_common()

    def band_counts(self) -> dict[str, int]:
        """CVs per score band, in band order."""
        counts = Counter(row.band for row in self.rows)
        return {name: counts[name] for name, _, _ in BANDS}


def band(score: float) -> str:
    """The name of the band ``score`` falls in."""
    return next(name for name, low, high in BANDS if low <= score < high)


def pool_summary(
    job_id: str, matches: Sequence[Match], cvs: Sequence[Document], facts: Sequence[CvFacts]
) -> PoolSummary:
    """The pool's rows (best score first) from aligned ``matches``, ``cvs`` and their ``facts``."""
    requirements: dict[str, None] = {}
    rows = []
    for match, cv, cv_facts in zip(matches, cvs, facts, strict=True):
        statuses = tuple(
            (e.requirement.text, e.status) for e in match.evidence if e.status in STATUSES
        )
        requirements.update(dict.fromkeys(text for text, _ in statuses))
        skills = tuple(dict.fromkeys(c.label for c in cv_facts.concepts))
        rows.append(
            PoolRow(
                cv.id,
                match.score,
                band(match.score),
                cv.language,
                cv_facts.total_years,
                cv_facts.languages,
                skills,
                statuses,
            )
        )
    rows.sort(key=lambda r: (-r.score, r.cv_id))
    return PoolSummary(job_id, tuple(requirements), tuple(rows))
