"""RequirementMatcher.prefetch: one embedding call covers what the pairs embed, same evidence.

The prefetch also computes the pairs' evidence from that call (memoised for :meth:`pair`).
"""

import zlib

import numpy as np

from cvmatch.documents.loader import document_from_text
from cvmatch.scoring.coverage import ScoreWeights
from cvmatch.scoring.matcher import RequirementMatcher
from cvmatch.taxonomy.gazetteer import Gazetteer
from cvmatch.types import DocumentKind, Signals

JOB = """Database administrator

Requirements
- 5 years of experience as a database administrator.
- Cassandra and PostgreSQL performance tuning.
- Incident management for production systems.
"""
SIGNALS = Signals(dense=0.5, dense_raw=0.5, lexical=0.5, dense_model="m@1")
CVS = (
    "Ann Lee\n\nExperience\nDBA, Acme (2015 - 2023)\n- Tuned Postgres clusters.\n",
    "Bo Chen\n\nExperience\nSite reliability engineer, Initech (2019 - 2024)\n- On-call lead.\n",
)


class Recorder:
    """Word-hash vectors (similar texts share directions); records every call's texts."""

    def __init__(self) -> None:
        self.calls: list[list[str]] = []

    def __call__(self, texts: list[str]) -> np.ndarray:
        self.calls.append(list(texts))
        vectors = np.zeros((len(texts), 16))
        for row, text in enumerate(texts):
            for word in text.lower().split():
                vectors[row, zlib.crc32(word.encode()) % 16] += 1.0
        norms = np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)
        return vectors / norms


def _score_all(prefetch: bool) -> tuple[list[object], Recorder]:
    matcher = RequirementMatcher(Gazetteer(), ScoreWeights(), reference=2024.0)
    job = document_from_text(JOB, DocumentKind.JOB)
    cvs = [document_from_text(text, DocumentKind.CV) for text in CVS]
    requirements = matcher.requirements(job)
    facts = [matcher.facts(cv) for cv in cvs]
    recorder = Recorder()
    if prefetch:
        matcher.prefetch(requirements, job, cvs, facts, [(recorder, "m@1")] * len(cvs))
    results = [
        matcher.pair(
            requirements, job, cv, f, signals=SIGNALS, encode=recorder, encoder_key="m@1"
        ).evidence
        for cv, f in zip(cvs, facts, strict=True)
    ]
    return list(results), recorder


def test_prefetch_embeds_every_text_the_pairs_ask_for_and_changes_no_evidence() -> None:
    plain, _ = _score_all(prefetch=False)
    fetched, recorder = _score_all(prefetch=True)
    assert fetched == plain
    first, *later = recorder.calls
    assert len(first) == len(set(first))  # each text once
    # The pairs' evidence was computed by the prefetch from that one call's vectors and
    # memoised: scoring the pairs asks the encoder nothing more.
    assert later == []


def test_prefetch_skips_memoised_pairs_and_pairs_without_encoder() -> None:
    matcher = RequirementMatcher(Gazetteer(), ScoreWeights(), reference=2024.0)
    job = document_from_text(JOB, DocumentKind.JOB)
    cv = document_from_text(CVS[0], DocumentKind.CV)
    requirements, facts = matcher.requirements(job), matcher.facts(cv)
    recorder = Recorder()
    matcher.prefetch(requirements, job, [cv], [facts], [(None, "")])
    assert recorder.calls == []
    matcher.pair(requirements, job, cv, facts, signals=SIGNALS, encode=recorder, encoder_key="m@1")
    calls = len(recorder.calls)
    matcher.prefetch(requirements, job, [cv], [facts], [(recorder, "m@1")])
    assert len(recorder.calls) == calls  # already memoised: nothing to embed
