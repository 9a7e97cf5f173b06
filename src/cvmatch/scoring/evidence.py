"""All requirements of a job against one CV, and the recruiter's must-have / ignore choices.

Lexical and taxonomy checks first (:mod:`cvmatch.scoring.requirements`), then a dense pass for
paraphrases.

Transversal skills (:mod:`cvmatch.scoring.transversal`) still missing after both passes are
``not_assessed``: a CV cannot show them.

Dense pass: a skill not met lexically is compared with every CV line by embedding cosine (the
pair's encoder). ``DENSE_PARTIAL_AT`` turns *missing* into *partial*, ``DENSE_MET_AT`` turns
*partial* into *met*; the cosine is kept in ``Evidence.dense``.
"""

import re
from collections.abc import Callable, Sequence
from dataclasses import replace

import numpy as np

from cvmatch.extract.overrides import Overrides, apply_overrides
from cvmatch.scoring.cvlines import LabelNames
from cvmatch.scoring.requirements import (
    CvView,
    assess,
    cv_view,
    experience_evidence,
    union_years,
)
from cvmatch.scoring.transversal import is_transversal
from cvmatch.types import (
    CvFacts,
    Document,
    Evidence,
    EvidenceStatus,
    ExperiencePeriod,
    Requirement,
    RequirementKind,
)

__all__ = [  # Overrides and apply_overrides moved to extract/; kept importable from here
    "DENSE_MET_AT",
    "DENSE_PARTIAL_AT",
    "TEXT_KINDS",
    "Encode",
    "Overrides",
    "apply_overrides",
    "cv_lines",
    "dense_texts",
    "dense_todo",
    "dense_upgrades",
    "pair_evidence",
    "role_title",
    "role_todo",
    "role_upgrades",
    "soft_skill",
]

_ROLE_END = re.compile(r",|\s[|–—]\s|\s-\s|\sat\s|\s@\s|\schez\s|\sbei\s|\sen\s")

Encode = Callable[[list[str]], np.ndarray]
"""Texts → L2-normalised vectors (one row per text)."""

DENSE_PARTIAL_AT = 0.7
DENSE_MET_AT = 0.8
DENSE_ROLE_AT = 0.6
"""A dated role whose title is this close to an experience subject counts toward its years
("Administratrice de bases de données" for "database administrator")."""
DESCRIPTIVE_DENSE_PARTIAL_AT = 0.45
DESCRIPTIVE_DENSE_MET_AT = 0.7
TEXT_KINDS = (RequirementKind.SKILL, RequirementKind.CERTIFICATION, RequirementKind.OTHER)
"""Requirements the dense pass compares with CV lines by meaning."""


def pair_evidence(  # noqa: PLR0913 (two keyword-only options of the pair checks)
    requirements: Sequence[Requirement],
    job_language: str,
    cv: Document,
    facts: CvFacts,
    encode: Encode | None = None,
    *,
    soft_not_assessed: bool = False,
    names: LabelNames | None = None,
) -> tuple[Evidence, ...]:
    """One evidence per requirement, in requirement order.

    A transversal skill the CV does not name stays ``missing`` with a note saying it is a soft
    skill; ``soft_not_assessed=True`` reports it ``not_assessed`` instead. ``names`` (the
    taxonomy's labels per language) bridges a CV in another language than the job.
    """
    view = cv_view(cv, facts, job_language, names)
    evidence = [assess(r, view, job_language) for r in requirements]
    if encode is not None:
        evidence = _dense_pass(evidence, view, encode)
        evidence = _dense_roles(evidence, view, encode)
    return tuple(soft_skill(e, soft_not_assessed) for e in evidence)


NOT_ASSESSED_NOTE = "unverifiable from a CV (transversal skill)"
SOFT_MISSING_NOTE = "transversal (soft) skill the CV does not name; never a knock-out"


def soft_skill(item: Evidence, not_assessed: bool) -> Evidence:
    """A missing transversal skill: ``missing`` with a soft-skill note, or ``not_assessed``."""
    if item.status is not EvidenceStatus.MISSING or not is_transversal(item.requirement):
        return item
    if not_assessed:
        return replace(item, status=EvidenceStatus.NOT_ASSESSED, value=0.0, note=NOT_ASSESSED_NOTE)
    return replace(item, note=item.note or SOFT_MISSING_NOTE)


def dense_texts(
    requirements: Sequence[Requirement], cvs: Sequence[Document], facts: Sequence[CvFacts]
) -> list[str]:
    """Every text the dense pass may embed for these pairs, each once, in a stable order.

    Embedding them in one call before scoring the pairs one by one fills whole batches
    instead of a few new lines per CV; the vectors are the same (an encoder's vector of a
    text does not depend on its batch) and come back from the encoder's memo afterwards.
    A CV whose requirements all end up met lexically gets its lines embedded for nothing.
    """
    texts = [r.text for r in requirements if r.kind in TEXT_KINDS]
    subjects = [
        r.subject for r in requirements if r.kind is RequirementKind.EXPERIENCE and r.subject
    ]
    texts += subjects
    for cv, cv_facts in zip(cvs, facts, strict=True):
        texts += cv_lines(cv)
        if subjects:
            texts += [role_title(p) for p in cv_facts.periods]
    return list(dict.fromkeys(texts))


def cv_lines(cv: Document) -> list[str]:
    """The CV's non-empty lines, stripped: what the dense evidence compares requirements with."""
    return [line for line in (raw.strip() for raw in cv.text.splitlines()) if line]


def _role(title: str) -> str:
    """The role part of "Senior DBA, Acme GmbH, Berlin" (company and place dilute embeddings)."""
    return _ROLE_END.split(title, maxsplit=1)[0].strip() or title


def role_todo(evidence: Sequence[Evidence]) -> list[int]:
    """Experience subjects not met by words (the dense roles pass may still find years)."""
    return [
        i
        for i, e in enumerate(evidence)
        if e.requirement.kind is RequirementKind.EXPERIENCE
        and e.requirement.subject
        and e.status is not EvidenceStatus.MET
    ]


def role_title(period: ExperiencePeriod) -> str:
    """The text a dated role is compared with by meaning: its role part."""
    return _role(period.title or period.line)


def _dense_roles(evidence: list[Evidence], view: CvView, encode: Encode) -> list[Evidence]:
    """Experience subjects not met by words: add the roles whose titles are close in meaning."""
    todo = role_todo(evidence)
    if not todo or not view.facts.periods:
        return evidence
    subjects = encode([evidence[i].requirement.subject for i in todo])
    titles = encode([role_title(p) for p in view.facts.periods])
    return role_upgrades(evidence, view, todo, subjects, titles)


def role_upgrades(
    evidence: list[Evidence],
    view: CvView,
    todo: list[int],
    subjects: np.ndarray,
    titles: np.ndarray,
) -> list[Evidence]:
    """:func:`_dense_roles` given the vectors of the ``todo`` subjects and of the role titles."""
    periods = list(view.facts.periods)
    cosines = np.round(np.asarray(subjects @ titles.T, dtype=np.float64), 4)
    result = list(evidence)
    for row, i in enumerate(todo):
        close = [p for p, c in zip(periods, cosines[row], strict=True) if c >= DENSE_ROLE_AT]
        if not close:
            continue
        found = union_years(close)
        if found > (evidence[i].found_years or 0.0):
            better = experience_evidence(evidence[i].requirement, view, close, found)
            result[i] = replace(better, dense=float(cosines[row].max()))
    return result


def dense_todo(evidence: Sequence[Evidence]) -> list[int]:
    """Text requirements not met by words: the dense pass compares them with the CV's lines."""
    return [
        i
        for i, e in enumerate(evidence)
        if e.status is not EvidenceStatus.MET and e.requirement.kind in TEXT_KINDS
    ]


def _dense_pass(evidence: list[Evidence], view: CvView, encode: Encode) -> list[Evidence]:
    todo = dense_todo(evidence)
    if not todo or not view.lines:
        return evidence
    req_vectors = encode([evidence[i].requirement.text for i in todo])
    line_vectors = encode([line.text for line in view.lines])
    return dense_upgrades(evidence, view, todo, req_vectors, line_vectors)


def dense_upgrades(
    evidence: list[Evidence],
    view: CvView,
    todo: list[int],
    req_vectors: np.ndarray,
    line_vectors: np.ndarray,
) -> list[Evidence]:
    """:func:`_dense_pass` given the vectors of the ``todo`` requirements and of the lines."""
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
