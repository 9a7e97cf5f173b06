"""Offline synthetic job ↔ CV pairs from the packaged ESCO occupations and templates.

For each sampled occupation (seeded) a job ad asks for years of experience and four skills
(the gazetteer skill names closest to the occupation's labels and definition by TF-IDF word
cosine), and four CVs answer it, grouped by occupation:

* ``match`` (label 1): a paraphrased title, dated roles covering the years asked, every skill
  (some paraphrased: "hands-on X", "X (daily use)");
* ``missing_skill`` (label 0): the same CV without one required skill (never the
  nice-to-have one);
* ``missing_years`` (label 0): the same CV with one short role, under the years asked;
* ``other`` (label 0): the matched CV of another occupation.
"""

import random
import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from cvmatch.types import OccupationEntry

SKILLS_PER_JOB = 4
REQUIRED = 3
"""The first three skills are required, the fourth is nice to have."""
_SENIORITY = ("Senior", "Experienced", "Lead", "Qualified", "")
_SKILL_FORMS = ("{}", "hands-on {}", "{} (daily use)", "proficient in {}", "{} in production")
_COMPANIES = ("Northwind", "Acme", "Globex", "Initech", "Umbrella", "Stark", "Wayne", "Hooli")
_CITIES = ("Leeds", "Lyon", "Porto", "Gdansk", "Utrecht", "Aarhus", "Graz", "Bilbao")
_MIN_YEARS, _MAX_YEARS = 2, 7
_WORD = re.compile(r"^[a-z][a-z .+#/-]{2,40}$")


@dataclass(frozen=True)
class Spec:
    """One occupation's job: title, definition, years asked and required skills."""

    uri: str
    title: str
    definition: str
    years: int
    skills: tuple[str, ...]


@dataclass(frozen=True)
class SynthPair:
    """A job ↔ CV pair: ``kind`` is match, missing_skill, missing_years or other."""

    job: str
    cv: str
    label: int
    group: str
    kind: str


def job_specs(
    entries: Sequence[OccupationEntry], skills: Sequence[str], count: int, seed: int
) -> list[Spec]:
    """``count`` occupations (seeded sample) with their years and closest skills."""
    rng = random.Random(seed)  # noqa: S311 - reproducible data, not secrets
    usable = [e for e in entries if e.descriptions]
    chosen = rng.sample(usable, min(count, len(usable)))
    names = sorted({s for s in skills if _WORD.match(s) and len(s.split()) <= 4})  # noqa: PLR2004
    texts = [f"{e.label()} {e.descriptions[0].text}" for e in chosen]
    vectorizer = TfidfVectorizer(stop_words="english", sublinear_tf=True).fit(texts + names)
    similarity = (vectorizer.transform(texts) @ vectorizer.transform(names).T).toarray()
    specs = []
    for row, entry in enumerate(chosen):
        best = [names[i] for i in np.argsort(-similarity[row], kind="stable")[:12]]
        picked = _distinct(best, entry.label())[:SKILLS_PER_JOB]
        if len(picked) < SKILLS_PER_JOB:
            continue
        years = rng.randint(_MIN_YEARS, _MAX_YEARS)
        definition = entry.descriptions[0].text
        specs.append(Spec(entry.uri, entry.label(), definition, years, tuple(picked)))
    return specs


def pairs_for(spec: Spec, other: Spec, rng: random.Random) -> list[SynthPair]:
    """The four pairs of one job (see the module docstring)."""
    job = job_text(spec)
    dropped = rng.randrange(REQUIRED)  # a required skill, never the nice-to-have one
    kept = tuple(s for i, s in enumerate(spec.skills) if i != dropped)
    cvs = [
        ("match", 1, cv_text(spec.title, spec.skills, spec.years + rng.randint(0, 3), rng)),
        ("missing_skill", 0, cv_text(spec.title, kept, spec.years + rng.randint(0, 3), rng)),
        ("missing_years", 0, cv_text(spec.title, spec.skills, 0, rng)),
        ("other", 0, cv_text(other.title, other.skills, other.years + 1, rng)),
    ]
    return [SynthPair(job, cv, label, spec.uri, kind) for kind, label, cv in cvs]


def job_text(spec: Spec) -> str:
    """A short job ad: title, a line about the team, required years and skills.

    The ESCO definition only chooses the skills: it is the corpus text of occupation
    benchmarks (Hahu), so copying it would leak them.
    """
    city = _CITIES[int(spec.uri.encode("utf-8").hex(), 16) % len(_CITIES)]
    lines = [
        f"# {spec.title.capitalize()}",
        "",
        f"We are hiring a {spec.title} for our team in {city}.",
        "",
        "Requirements:",
        f"- {spec.years}+ years of experience as a {spec.title}",
        *[f"- {skill}" for skill in spec.skills[:REQUIRED]],
        "",
        "Nice to have:",
        *[f"- {skill}" for skill in spec.skills[REQUIRED:]],
    ]
    return "\n".join(lines) + "\n"


def cv_text(title: str, skills: Sequence[str], years: int, rng: random.Random) -> str:
    """A short CV: a paraphrased title, dated roles (``years`` in all, 0 = a few months)."""
    headline = f"{rng.choice(_SENIORITY)} {title}".strip()
    end = 2024
    roles = []
    remaining = years
    while remaining > 0:
        length = min(remaining, rng.randint(2, 4))
        company, city = rng.choice(_COMPANIES), rng.choice(_CITIES)
        roles.append(f"{end - length} – {end}  {title.capitalize()}, {company}, {city}")
        end -= length
        remaining -= length
    if not roles:
        roles.append(f"03/{end} – 09/{end}  Trainee {title}, {rng.choice(_COMPANIES)}")
    forms = [rng.choice(_SKILL_FORMS).format(skill) for skill in skills]
    lines = [
        headline.capitalize(),
        "",
        "Experience",
        *roles,
        *[f"- Worked with {skill}" for skill in skills[:2]],
        "",
        "Skills",
        ", ".join(forms),
    ]
    return "\n".join(lines) + "\n"


def _distinct(names: list[str], title: str) -> list[str]:
    """Skill names that are not the title and do not contain one another."""
    picked: list[str] = []
    for name in names:
        if name in title or any(name in p or p in name for p in picked):
            continue
        picked.append(name)
    return picked
