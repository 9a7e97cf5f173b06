"""Requirements a CV cannot show: transversal ("soft") skills.

"Team player", "communication skills", "attention to detail", "problem-solving abilities" are
claimed or not by a CV, never demonstrated by it. One the CV does not name stays ``missing`` (with
a note) or, with ``soft_not_assessed``, becomes ``not_assessed`` (unverifiable from a CV); in
both cases it weighs little (``ScoreWeights.transversal``) and never knocks a CV out.

A requirement (skill, certification or descriptive) is transversal when every content word of
its text is in the small list below (``SOFT_WORDS``: the words of ESCO v1.2's transversal skills
collection — communicate, collaborate, think critically, attend to detail, manage time, show
initiative … — and of the O*NET basic and social skill names RJDB-style ads use) and at least one
is a head word (``SOFT_HEADS``). "Project management", "customer service" or "technical writing"
stay skills: their domain word is not in the list. English only.

It is also transversal when its taxonomy concept is: ``cvmatch taxonomy import esco`` keeps
ESCO's ``reuseLevel`` (``skills_xx.csv``, ``transversalSkillsCollection_xx.csv``), and a
requirement whose concept has ``reuseLevel`` = transversal ("work in teams", "think critically",
in any imported language) gets ``Requirement.transversal`` at extraction.
"""

import re
from functools import lru_cache

import Stemmer

from cvmatch.taxonomy.normalise import fold
from cvmatch.types import Requirement, RequirementKind


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


SOFT_HEADS = _words(
    """
    communication communicate communicator interpersonal teamwork teamplayer collaboration
    collaborative collaborate cooperation cooperative listening listener leadership motivation
    motivated motivate proactive proactivity initiative adaptability adaptable adaptive
    flexibility flexible creativity creative curiosity curious empathy empathetic empathic
    patience patient perseverance persistence persistent dedication dedicated discipline
    disciplined punctuality punctual reliability reliable dependable dependability trustworthy
    trustworthiness integrity honesty detail multitasking multitask multitasker prioritisation
    prioritization prioritise prioritize organisational organizational organised organized
    stress pressure deadlines problem judgment judgement decision persuasion persuasive
    perceptiveness analytical critical thinking thinker resilience resilient enthusiasm
    enthusiastic passion passionate eagerness eager willingness attitude energetic
    self-starter starter self-motivated autonomy autonomous independently time eloquent player
    """
)
"""Words that make a requirement transversal when nothing domain-specific comes with them."""

SOFT_WORDS = SOFT_HEADS | _words(
    """
    skills skill abilities ability able capacity capability competence competencies
    strong excellent good great exceptional outstanding solid proven demonstrated effective
    effectively superior sound keen high level very highly ability work working works team
    teams player players under tight time management manage managing solving solve solver
    problems making maker oral verbal written writing spoken social service orientation
    oriented orientated attention active learning learn learner quickly fast continuous
    entrepreneurial spirit mindset positive cultural emotional intelligence conflict resolution
    open mind minded independent self others people relationship relationships building build
    sense can-do do will willing environment paced fast-paced hard worker
    """
)
"""Words allowed next to a head word ("written and verbal communication skills")."""

_FILLER = _words("and or of to the a an in with on for be as at from its their your")
_WORD = re.compile(r"[a-z]+(?:-[a-z]+)*")


@lru_cache(maxsize=1)
def _stemmer() -> Stemmer.Stemmer:
    return Stemmer.Stemmer("english")


@lru_cache(maxsize=1)
def _stem_sets() -> tuple[frozenset[str], frozenset[str]]:
    stem = _stemmer().stemWord
    return frozenset(map(stem, SOFT_HEADS)), frozenset(map(stem, SOFT_WORDS))


@lru_cache(maxsize=8192)
def is_soft_text(text: str) -> bool:
    """True when ``text`` names only transversal skills (English word list).

    >>> is_soft_text("Written and verbal communication skills"), is_soft_text("network protocols")
    (True, False)
    """
    heads, words = _stem_sets()
    stem = _stemmer().stemWord
    stems: list[str] = []
    for token in _WORD.findall(fold(text).lower()):
        if token in _FILLER:
            continue
        # "problem-solving", "detail-oriented": each part must be soft, or the whole token.
        parts = [token] if stem(token) in words else token.split("-")
        stems += [stem(p) for p in parts if p not in _FILLER]
    return bool(stems) and all(s in words for s in stems) and any(s in heads for s in stems)


_TEXT_KINDS = (RequirementKind.SKILL, RequirementKind.CERTIFICATION, RequirementKind.OTHER)


def is_transversal(requirement: Requirement) -> bool:
    """A skill requirement a CV can claim but not show ("teamwork", "attention to detail")."""
    if requirement.kind not in _TEXT_KINDS:
        return False
    return requirement.transversal or is_soft_text(requirement.text)
