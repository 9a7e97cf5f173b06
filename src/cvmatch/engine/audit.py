"""Audit facades for the CLI and the service (issue 22, docs/audit.md).

:func:`probe` scores the counterfactual variants of each CV (:mod:`cvmatch.audit.variants`)
against a job in one :meth:`Engine.matrix` call and summarises the deltas per attribute
(:mod:`cvmatch.audit.probe`). Variants are built from the original text and, with ``redact``,
redacted afterwards, as blind screening would see them. :func:`pool_report` ranks a pool and
renders the candidate-pool report (:mod:`cvmatch.audit.html`). :func:`bias_report` reads a job's
stored scores and decisions and tabulates them by self-reported category
(:mod:`cvmatch.audit.bias`).
"""

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Protocol

from sqlalchemy import Connection, inspect

from cvmatch.audit.bias import Applicant, bias_audit
from cvmatch.audit.categories import audit_to_dict, read_categories
from cvmatch.audit.html import render_pool_report
from cvmatch.audit.pool import pool_summary
from cvmatch.audit.probe import AttributeDeltas, ProbeReport, probe_to_dict, summarise
from cvmatch.audit.variants import ATTRIBUTES, counterfactuals
from cvmatch.engine.encoders import ProgressCallback
from cvmatch.errors import InvalidInputError
from cvmatch.redaction import redact_text
from cvmatch.scoring.matcher import RequirementMatcher
from cvmatch.store import open_database, schema
from cvmatch.store.categories import job_categories
from cvmatch.store.people import latest_decisions
from cvmatch.store.recruiting import job_exists, match_scores
from cvmatch.types import Document, DocumentKind, Match


class Engine(Protocol):
    """What the audits need of :class:`cvmatch.engine.Engine` (no import back: it assembles)."""

    redact: bool

    def parse_text(
        self, text: str, kind: DocumentKind, doc_id: str | None = None, redact: bool | None = None
    ) -> Document:
        """Build a document from text, redacted when asked."""
        ...

    def matrix(
        self, jobs: Sequence[Document], cvs: Sequence[Document], explain: bool = True
    ) -> list[list[Match]]:
        """Score every job against every CV."""
        ...

    def requirement_matcher(self) -> RequirementMatcher:
        """The requirement-level matcher."""
        ...


__all__ = [
    "AttributeDeltas",
    "ProbeReport",
    "bias_report",
    "job_bias_report",
    "pool_report",
    "probe",
    "probe_to_dict",
    "redact_text",
    "scored_pool_report",
]


def bias_report(db: str, job_id: int, categories: Path | None, min_count: int) -> dict[str, Any]:
    """The bias-audit table (JSON shape) of a stored job's scored candidates.

    ``categories`` is a CSV of self-reported categories (:mod:`cvmatch.audit.categories`); without
    it, the categories recorded in the store are read (``candidate_categories``). A candidate
    counts as selected when their latest decision is a shortlist.
    """
    reported = read_categories(categories) if categories is not None else None
    database = open_database(db, migrate=False)
    try:
        with database.connect() as conn:
            if not job_exists(conn, job_id):
                raise InvalidInputError(f"no job {job_id} in {db}")
            return job_bias_report(conn, job_id, min_count, reported)
    finally:
        database.close()


def job_bias_report(
    conn: Connection,
    job_id: int,
    min_count: int,
    reported: Mapping[int, Mapping[str, str]] | None = None,
) -> dict[str, Any]:
    """The bias-audit JSON of an existing job, with ``reported`` categories or the store's."""
    if reported is None:
        if not inspect(conn).has_table(schema.candidate_categories.name):
            raise InvalidInputError(
                "this store records no categories yet (open it with `cvmatch serve` to migrate"
                " it, record them, or pass --categories FILE.csv)"
            )
        reported = job_categories(conn, job_id)
    scores = match_scores(conn, job_id)
    decisions = latest_decisions(conn, job_id)
    applicants = [
        Applicant(
            float(row.score),
            decisions[row.candidate_id].decision == "shortlist"
            if row.candidate_id in decisions
            else None,
            reported.get(int(row.candidate_id), {}),
        )
        for row in scores
    ]
    return audit_to_dict(bias_audit(applicants, min_count), job_id)


def pool_report(engine: Engine, job: Document, cvs: Sequence[Document]) -> str:
    """The candidate-pool report (one HTML page) of ``cvs`` scored for ``job`` by ``engine``."""
    return scored_pool_report(engine, job, cvs, engine.matrix([job], cvs)[0])


def scored_pool_report(
    engine: Engine, job: Document, cvs: Sequence[Document], matches: Sequence[Match]
) -> str:
    """The candidate-pool report of ``cvs`` already scored for ``job`` (``matches`` aligned).

    The service passes the matches it stored, so the report shows the scores its list shows.
    """
    matcher = engine.requirement_matcher()
    facts = [matcher.facts(cv) for cv in cvs]
    summary = pool_summary(job.id, matches, cvs, facts)
    return render_pool_report(summary, redacted=engine.redact)


def probe(
    engine: Engine,
    job: Document,
    cvs: Sequence[Document],
    redact: bool,
    on_progress: ProgressCallback | None = None,
) -> ProbeReport:
    """The per-attribute score deltas of ``cvs``' counterfactual variants for ``job``.

    ``cvs`` must be read without redaction (``Engine(redact=False)``): names are swapped in the
    original text, then each variant is redacted when ``redact`` is set.
    """
    keys: list[tuple[str, str, str, int]] = []  # cv id, attribute, label, index in attribute
    documents: list[Document] = []
    for done, cv in enumerate(cvs, start=1):
        for attribute, variants in counterfactuals(cv.text).items():
            for index, variant in enumerate(variants):
                doc_id = f"{cv.id}#{attribute}#{index}"
                documents.append(engine.parse_text(variant.text, DocumentKind.CV, doc_id, redact))
                keys.append((cv.id, attribute, variant.label, index))
        if on_progress is not None:
            on_progress("variants", done, len(cvs))
    scores = [m.score for m in engine.matrix([job], documents, explain=False)[0]]
    return ProbeReport(job.id, redact, len(cvs), _summaries(keys, scores))


def _summaries(
    keys: Sequence[tuple[str, str, str, int]], scores: Sequence[float]
) -> tuple[AttributeDeltas, ...]:
    """Each variant's score minus its attribute's reference (index 0), summarised."""
    reference = {(cv, attr): s for (cv, attr, _, i), s in zip(keys, scores, strict=True) if i == 0}
    deltas: dict[str, dict[str, list[tuple[str, float]]]] = {a: {} for a in ATTRIBUTES}
    for (cv, attribute, label, index), score in zip(keys, scores, strict=True):
        if index:
            delta = score - reference[cv, attribute]
            deltas[attribute].setdefault(cv, []).append((label, delta))
    return tuple(summarise(attribute, deltas[attribute]) for attribute in ATTRIBUTES)
