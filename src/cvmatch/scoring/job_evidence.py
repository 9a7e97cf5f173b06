"""Requirement evidence of one job against many CVs at once: the job side done once.

:func:`cvmatch.scoring.evidence.pair_evidence` scores one pair; its dense passes ask the encoder
for the vectors of the job's requirement texts and of the CV's lines on every pair (a thousand
CVs: thousands of encoder calls for vectors it already holds). :func:`job_evidence` gives the
same evidence for every CV of a job: the lexical and taxonomy checks pair by pair as before,
then one encoder call for the requirement texts and one for the experience subjects, and per
CV its lines and role titles, which the engine's prefetch has just embedded
(:func:`rows_of` answers from that matrix: no encoder call per pair). Each pair then compares
exactly the rows :func:`pair_evidence` would have received (same vectors, same shapes), so
cosines, statuses and scores are identical.
"""

from collections.abc import Sequence

import numpy as np

from cvmatch.scoring.cvlines import LabelNames
from cvmatch.scoring.evidence import (
    TEXT_KINDS,
    Encode,
    dense_todo,
    dense_upgrades,
    role_title,
    role_todo,
    role_upgrades,
    soft_skill,
)
from cvmatch.scoring.requirements import CvView, assess, cv_view
from cvmatch.types import CvFacts, Document, Evidence, Requirement, RequirementKind


class _Rows:
    """Vectors of distinct texts from one encoder call, handed out as rows per text."""

    def __init__(self, encode: Encode, texts: Sequence[str]) -> None:
        unique = list(dict.fromkeys(texts))
        self._row = {text: i for i, text in enumerate(unique)}
        self._matrix = encode(unique) if unique else np.zeros((0, 0))

    def of(self, texts: Sequence[str]) -> np.ndarray:
        """The rows of ``texts``, in order (a new array, as an encoder call returns)."""
        return self._matrix[[self._row[t] for t in texts]]


def rows_of(texts: Sequence[str], vectors: np.ndarray, encode: Encode) -> Encode:
    """An :data:`Encode` answering from ``encode(texts)`` (``vectors``), else from ``encode``.

    The rows are the values ``encode`` gives (a text's vector does not depend on its batch),
    without asking it again for texts it has just embedded.
    """
    row = {text: i for i, text in enumerate(texts)}

    def known(asked: list[str]) -> np.ndarray:
        if all(t in row for t in asked):
            return vectors[[row[t] for t in asked]]
        return encode(asked)

    return known


def job_evidence(  # noqa: PLR0913 (two keyword-only options of the pair checks)
    requirements: Sequence[Requirement],
    job_language: str,
    cvs: Sequence[Document],
    facts: Sequence[CvFacts],
    encode: Encode,
    *,
    soft_not_assessed: bool = False,
    names: LabelNames | None = None,
) -> list[tuple[Evidence, ...]]:
    """``pair_evidence(requirements, job_language, cv, facts, encode)`` for every CV, in order."""
    views = [cv_view(cv, f, job_language, names) for cv, f in zip(cvs, facts, strict=True)]
    found = [[assess(r, view, job_language) for r in requirements] for view in views]
    found = _dense_passes(requirements, views, found, encode)
    found = _dense_roles(requirements, views, found, encode)
    return [tuple(soft_skill(e, soft_not_assessed) for e in evidence) for evidence in found]


def _dense_passes(
    requirements: Sequence[Requirement],
    views: Sequence[CvView],
    found: list[list[Evidence]],
    encode: Encode,
) -> list[list[Evidence]]:
    todo = [
        dense_todo(evidence) if view.lines else []
        for view, evidence in zip(views, found, strict=True)
    ]
    if not any(todo):
        return found
    texts = _Rows(encode, [r.text for r in requirements if r.kind in TEXT_KINDS])
    result = list(found)
    for c, rows in enumerate(todo):
        if rows:
            asked = texts.of([requirements[i].text for i in rows])
            lines = encode([line.text for line in views[c].lines])
            result[c] = dense_upgrades(found[c], views[c], rows, asked, lines)
    return result


def _dense_roles(
    requirements: Sequence[Requirement],
    views: Sequence[CvView],
    found: list[list[Evidence]],
    encode: Encode,
) -> list[list[Evidence]]:
    todo = [
        role_todo(evidence) if view.facts.periods else []
        for view, evidence in zip(views, found, strict=True)
    ]
    if not any(todo):
        return found
    subjects = _Rows(
        encode,
        [r.subject for r in requirements if r.kind is RequirementKind.EXPERIENCE and r.subject],
    )
    result = list(found)
    for c, rows in enumerate(todo):
        if rows:
            asked = subjects.of([str(requirements[i].subject) for i in rows])
            titles = encode([role_title(p) for p in views[c].facts.periods])
            result[c] = role_upgrades(found[c], views[c], rows, asked, titles)
    return result
