"""All requirements of a job against one CV, and the recruiter's must-have / ignore choices.

Lexical and taxonomy checks first (:mod:`cvmatch.scoring.requirements`), then a dense pass for
paraphrases.

Dense pass: a skill not met lexically is compared with every CV line by embedding cosine (the
pair's encoder). ``DENSE_PARTIAL_AT`` turns *missing* into *partial*, ``DENSE_MET_AT`` turns
*partial* into *met*; the cosine is kept in ``Evidence.dense``.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

import numpy as np

from cvmatch.scoring.requirements import CvView, assess, cv_view
from cvmatch.taxonomy.gazetteer import Gazetteer
from cvmatch.taxonomy.normalise import normalise
from cvmatch.types import (
    CvFacts,
    Document,
    Evidence,
    EvidenceStatus,
    Importance,
    Requirement,
    RequirementKind,
)

Encode = Callable[[list[str]], np.ndarray]
"""Texts → L2-normalised vectors (one row per text)."""

DENSE_PARTIAL_AT = 0.7
DENSE_MET_AT = 0.8
DESCRIPTIVE_DENSE_PARTIAL_AT = 0.45
DESCRIPTIVE_DENSE_MET_AT = 0.7
_TEXT_KINDS = (RequirementKind.SKILL, RequirementKind.CERTIFICATION, RequirementKind.OTHER)


@dataclass(frozen=True)
class Overrides:
    """A recruiter's choices: requirements that must be met, and ones to leave out.

    Each entry is matched against requirement texts and concept labels (normalised, as a
    phrase); a must-have that matches no requirement is added as a required skill.
    """

    must: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()


def _mentions(requirement: Requirement, phrase: str) -> bool:
    key = f" {normalise(phrase)} "
    return bool(key.strip()) and key in f" {normalise(requirement.text)} "


def apply_overrides(
    requirements: Sequence[Requirement], overrides: Overrides, gazetteer: Gazetteer
) -> tuple[Requirement, ...]:
    """Requirements with ignored ones removed and must-haves made required and hard."""
    kept = [r for r in requirements if not any(_mentions(r, x) for x in overrides.ignore)]
    result = []
    for req in kept:
        must = any(_mentions(req, x) for x in overrides.must)
        result.append(replace(req, importance=Importance.REQUIRED, hard=True) if must else req)
    for phrase in overrides.must:
        if not any(_mentions(r, phrase) for r in result):
            hit = gazetteer.lookup(phrase)
            result.append(
                Requirement(
                    phrase,
                    RequirementKind.SKILL,
                    Importance.REQUIRED,
                    line=f"must-have: {phrase}",
                    concept=hit.concept_id if hit else None,
                    hard=True,
                )
            )
    return tuple(result)


def pair_evidence(
    requirements: Sequence[Requirement],
    job_language: str,
    cv: Document,
    facts: CvFacts,
    encode: Encode | None = None,
) -> tuple[Evidence, ...]:
    """One evidence per requirement, in requirement order."""
    view = cv_view(cv, facts, job_language)
    evidence = [assess(r, view, job_language) for r in requirements]
    if encode is not None:
        evidence = _dense_pass(evidence, view, encode)
    return tuple(evidence)


def _dense_pass(evidence: list[Evidence], view: CvView, encode: Encode) -> list[Evidence]:
    todo = [
        i
        for i, e in enumerate(evidence)
        if e.status is not EvidenceStatus.MET and e.requirement.kind in _TEXT_KINDS
    ]
    if not todo or not view.lines:
        return evidence
    req_vectors = encode([evidence[i].requirement.text for i in todo])
    line_vectors = encode([line.text for line in view.lines])
    cosines = np.round(np.asarray(req_vectors @ line_vectors.T, dtype=np.float64), 4)
    result = list(evidence)
    for row, i in enumerate(todo):
        best = int(np.argmax(cosines[row]))
        result[i] = _upgrade(evidence[i], float(cosines[row, best]), view, best)
    return result


def _upgrade(item: Evidence, cosine: float, view: CvView, best: int) -> Evidence:
    line = view.lines[best]
    descriptive = item.requirement.kind is RequirementKind.OTHER
    partial_at = DESCRIPTIVE_DENSE_PARTIAL_AT if descriptive else DENSE_PARTIAL_AT
    met_at = DESCRIPTIVE_DENSE_MET_AT if descriptive else DENSE_MET_AT
    if item.status is EvidenceStatus.MISSING and cosine >= partial_at:
        status, value = EvidenceStatus.PARTIAL, 0.5
    elif item.status is EvidenceStatus.PARTIAL and cosine >= met_at:
        status, value = EvidenceStatus.MET, 1.0
    else:
        return replace(item, dense=cosine)
    end = line.start + len(line.text)
    return replace(
        item, status=status, value=value, dense=cosine, cv_span=line.text, start=line.start, end=end
    )
