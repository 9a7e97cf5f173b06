"""A recruiter's must-have / ignore choices applied to a job's requirements."""

from collections.abc import Sequence
from dataclasses import dataclass, replace

from cvmatch.taxonomy.gazetteer import Gazetteer
from cvmatch.taxonomy.normalise import normalise
from cvmatch.types import Importance, Requirement, RequirementKind


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
                    transversal=gazetteer.transversal(hit.concept_id if hit else None),
                )
            )
    return tuple(result)
