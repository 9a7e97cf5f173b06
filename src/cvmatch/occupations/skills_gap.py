"""Why an occupation was recommended, and what the CV lacks for it (the skills gap).

* Evidence: the CV's role titles whose vector is close to one of the occupation's labels
  (cosine ≥ ``ROLE_THRESHOLD``), then the CV's skills that the occupation names (its essential
  skills or words of its one text).
* Skills gap: the occupation's essential skills whose normalised label does not occur in the
  normalised CV text and that the taxonomy did not find in the CV under another of their names
  (any language, aliases); empty when the taxonomy has no occupation–skill relations.
"""

import re
from collections.abc import Mapping, Sequence

import numpy as np

from cvmatch.occupations.index import OccupationIndex, one_text
from cvmatch.taxonomy.normalise import normalise

ROLE_THRESHOLD = 0.5
"""Least cosine between a CV role title and an occupation label for the role to count."""
MAX_EVIDENCE = 6


def _contains(haystack: str, needle: str) -> bool:
    return bool(needle) and re.search(rf"(?<!\w){re.escape(needle)}(?!\w)", haystack) is not None


def skills_gap(
    cv_text: str, skills: Sequence[str], mentioned: Sequence[str] = ()
) -> tuple[str, ...]:
    """The ``skills`` the CV lacks, in order: label absent from its text and not ``mentioned``.

    ``mentioned``: labels of the skills the taxonomy found in the CV in any of their names, in
    any language (a French "utiliser des fours" is the skill "use ovens", "k8s" is Kubernetes).

    >>> skills_gap("Python and SQL daily", ["python", "SQL", "project management"])
    ('project management',)
    >>> skills_gap("J'utilise des fours à bois", ["use ovens"], mentioned=["use ovens"])
    ()
    """
    folded = normalise(cv_text)
    known = {normalise(m) for m in mentioned}
    return tuple(
        s for s in skills if normalise(s) not in known and not _contains(folded, normalise(s))
    )


def shown_skills(skills: Sequence[str], words: Sequence[str], language: str) -> dict[str, str]:
    """How evidence names each CV skill whose words differ from its label, labels not in English.

    The taxonomy names a skill in English ("accounting"); a French CV shown with French
    occupation labels reads it in its own words first: ``"comptabilité (accounting)"``. With
    English labels, or words equal to the label, the label alone (nothing in the result).

    >>> shown_skills(["accounting", "python"], ["Comptabilité", "Python"], "fr")
    {'accounting': 'Comptabilité (accounting)'}
    >>> shown_skills(["accounting"], ["Comptabilité"], "en")
    {}
    """
    if language == "en":
        return {}
    return {
        label: f"{word} ({label})"
        for label, word in zip(skills, words, strict=False)
        if normalise(word) != normalise(label)
    }


def skill_evidence(
    cv_skills: Sequence[str],
    occupation_text: str,
    essential: Sequence[str],
    shown: Mapping[str, str] | None = None,
) -> list[str]:
    """CV skills the occupation names (essential skill or a phrase of its one text).

    ``shown`` names a skill otherwise than by its label (:func:`shown_skills`).
    """
    wanted = {normalise(s) for s in essential}
    text = normalise(occupation_text)
    found = []
    for skill in dict.fromkeys(cv_skills):
        norm = normalise(skill)
        if norm in wanted or (len(norm) > 2 and _contains(text, norm)):  # noqa: PLR2004
            found.append(f"skill: {(shown or {}).get(skill, skill)}")
    return found


def role_evidence(
    index: OccupationIndex, row: int, roles: Sequence[str], role_vectors: np.ndarray
) -> list[str]:
    """CV role titles close to a label of occupation ``row``, closest first."""
    if not roles:
        return []
    rows = np.flatnonzero(index.labels.owner == row)
    if not len(rows):
        return []
    sims = (role_vectors @ index.label_vectors[rows].T).max(axis=1)
    order = sorted(range(len(roles)), key=lambda i: (-float(sims[i]), i))
    return [f"role: {roles[i]}" for i in order if sims[i] >= ROLE_THRESHOLD]


AD_EVIDENCE_CHARS = 80
"""Longest labelled-ad excerpt shown as evidence."""


def closest_ad(index: OccupationIndex, row: int, query_vector: np.ndarray) -> tuple[str, ...]:
    """``("labelled ad: …",)`` — the occupation's imported ad closest to the input, if any."""
    ads = np.flatnonzero(index.ad_owner == row)
    if not len(ads):
        return ()
    best = int(ads[int(np.argmax(index.ad_vectors[ads] @ query_vector))])
    text = " ".join(index.ad_texts[best].split())
    short = text if len(text) <= AD_EVIDENCE_CHARS else text[: AD_EVIDENCE_CHARS - 1] + "…"
    return (f"labelled ad: {short} ({len(ads)} imported for this occupation)",)


def evidence_for(
    index: OccupationIndex,
    row: int,
    cv_skills: Sequence[str],
    roles: tuple[Sequence[str], np.ndarray],
    shown: Mapping[str, str] | None = None,
) -> tuple[str, ...]:
    """Role then skill evidence for occupation ``row`` (at most ``MAX_EVIDENCE`` items).

    ``roles``: the CV's role titles and their vectors; ``shown``: see :func:`skill_evidence`.
    """
    entry = index.entries[row]
    items = role_evidence(index, row, *roles)
    items += skill_evidence(cv_skills, one_text(entry), entry.essential_skills, shown)
    return tuple(dict.fromkeys(items))[:MAX_EVIDENCE]
