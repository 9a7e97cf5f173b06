"""Requirement coverage, the knock-out rule, and the final 0–100 score.

``coverage = Σ w_i × value_i / Σ w_i`` over the job's requirements, with ``w = required_weight``
(1.0) or ``preferred_weight`` (0.35), × ``transversal`` (0.25) for soft skills, and ``value``
1 met, 0.5 partial (years: found / asked), 0 missing or not assessed. ``raw = (w_cov × coverage + w_dense × dense + w_lex × lexical + w_years × years) /
(w_cov + w_dense + w_lex + w_years)``, ``w_years = 0.4 × w_cov``, ``years`` =
:func:`years_signal` (left out, with its weight, for a job that asks for no years), plus
``w_depth × experience`` in both sums (``w_depth = 0.4 × w_cov``, :func:`experience_signal`);
no lexical term when the job and CV languages differ (:func:`pair_weights`). The score is the calibrated probability of ``raw`` × 100
(``calibration.json``).
Knock-out: when a *hard* requirement (marked must-have by the recruiter, or worded "must",
"mandatory", "essential", ... in the ad) is missing, the score becomes ``knockout_cap ×
probability``: never above the cap (25 by default), and still ordered among knocked-out CVs.
"""

from collections.abc import Sequence
from dataclasses import dataclass, replace

from cvmatch.errors import InvalidInputError
from cvmatch.scoring.calibration import Calibration
from cvmatch.scoring.transversal import is_transversal
from cvmatch.types import Evidence, EvidenceStatus, Importance, RequirementKind, Signals

YEARS_CAP = 1.5


@dataclass(frozen=True)
class ScoreWeights:
    """Weights of the three signals and of the two importances, and the knock-out cap."""

    coverage: float = 0.6
    dense: float = 0.3
    lexical: float = 0.2
    required: float = 1.0
    preferred: float = 0.35
    knockout_cap: float = 25.0
    experience: float = 2.0
    """Multiplier of years-of-experience requirements (the most checkable kind)."""
    years: float = 0.4
    """Weight of the years signal (:func:`years_signal`), as a share of the coverage weight."""
    depth: float = 0.4
    """Weight of the experience-depth signal (:func:`experience_signal`), share of coverage."""
    transversal: float = 0.25
    """Multiplier of transversal (soft) skill requirements: a CV can claim them, not show them."""

    def __post_init__(self) -> None:
        values = (
            self.coverage,
            self.dense,
            self.lexical,
            self.required,
            self.preferred,
            self.experience,
            self.years,
            self.depth,
            self.transversal,
        )
        if min(values) < 0 or self.coverage + self.dense + self.lexical == 0:
            raise InvalidInputError("score weights must be ≥ 0 and the signal weights not all 0")
        if not 0 <= self.knockout_cap <= 100:  # noqa: PLR2004
            raise InvalidInputError("knockout_cap must be within 0–100")


def coverage(evidence: Sequence[Evidence], weights: ScoreWeights) -> float:
    """Weighted share of requirements met (0–1); 0 when the job states none.

    >>> coverage([], ScoreWeights())
    0.0
    """
    total = 0.0
    covered = 0.0
    for item in evidence:
        w = (
            weights.required
            if item.requirement.importance is Importance.REQUIRED
            else weights.preferred
        )
        if item.requirement.hard:
            w *= 1.5
        if item.requirement.kind is RequirementKind.EXPERIENCE:
            w *= weights.experience
        if is_transversal(item.requirement):
            w *= weights.transversal
        total += w
        covered += w * item.value
    return round(covered / total, 4) if total else 0.0


def pair_weights(weights: ScoreWeights, job_language: str, cv_language: str) -> ScoreWeights:
    """The weights for one pair: no lexical signal when the job and CV languages differ.

    Lexical overlap compares words, so across languages it measures little more than shared
    names (a French CV scores about 0.2 where its English twin scores 0.46); its weight goes to
    coverage and dense, which are compared across languages.
    """
    if job_language == cv_language or weights.lexical == 0:
        return weights
    if weights.coverage + weights.dense == 0:
        return weights
    return replace(weights, lexical=0.0)


def knocked_out(evidence: Sequence[Evidence]) -> bool:
    """True when a hard requirement is missing; a soft skill never knocks a CV out."""
    return any(
        e.requirement.hard
        and e.status is EvidenceStatus.MISSING
        and not is_transversal(e.requirement)
        for e in evidence
    )


def years_signal(evidence: Sequence[Evidence]) -> float | None:
    """Years found over years asked, per experience requirement, averaged (0–1); None if none.

    Each requirement gives ``min(found / asked, YEARS_CAP) / YEARS_CAP``: unlike coverage, which
    stops at "met", it still tells 6 years from 4 when 3 are asked (up to 1.5 × the ask).
    """
    ratios = [
        min((e.found_years or 0.0) / e.required_years, YEARS_CAP) / YEARS_CAP
        for e in evidence
        if e.requirement.kind is RequirementKind.EXPERIENCE and e.required_years
    ]
    return round(sum(ratios) / len(ratios), 4) if ratios else None


DEPTH_ASK_FACTOR = 2.0
DEPTH_DEFAULT_YEARS = 10.0


def experience_signal(evidence: Sequence[Evidence], total_years: float) -> float:
    """The CV's total dated experience over a reference, at most 1.

    The reference is twice the most years any requirement asks, or 10 years when none does:
    a CV with 9 years where 5 are asked reads 0.9, one with 5 years 0.5. Experience beyond the
    ask counts a little (the years signal stops at 1.5 × the ask), never without bound.

    >>> experience_signal([], 4.0)
    0.4
    """
    asked = [e.required_years for e in evidence if e.required_years]
    reference = DEPTH_ASK_FACTOR * max(asked) if asked else DEPTH_DEFAULT_YEARS
    return round(min(max(total_years, 0.0), reference) / reference, 4)


def raw_score(
    signals: Signals, weights: ScoreWeights, has_requirements: bool, years: float | None = None
) -> float:
    """The uncalibrated 0–1 combination.

    Coverage is left out when the job states no requirement, the years signal when it asks for
    no years.
    """
    w_cov = weights.coverage if has_requirements else 0.0
    w_years = weights.years * w_cov if years is not None else 0.0
    w_depth = weights.depth * w_cov
    total = w_cov + weights.dense + weights.lexical + w_years + w_depth
    if total == 0:
        return 0.0
    value = (
        w_cov * signals.coverage
        + weights.dense * signals.dense
        + weights.lexical * signals.lexical
        + w_years * (years or 0.0)
        + w_depth * signals.experience
    )
    return value / total


def final_score(
    signals: Signals,
    evidence: Sequence[Evidence],
    weights: ScoreWeights,
    calibration: Calibration,
) -> tuple[float, bool]:
    """The 0–100 score (one decimal) and whether the knock-out rule capped it."""
    raw = raw_score(signals, weights, bool(evidence), years_signal(evidence))
    probability = calibration.probability(raw)
    score = round(100.0 * probability, 1)
    knockout = knocked_out(evidence)
    if knockout:  # scaled, not clipped: knocked-out CVs keep their order among themselves
        score = round(weights.knockout_cap * probability, 1)
    return score, knockout
