"""A candidate's rows deleted on PostgreSQL (pgvector column included): no trace left."""

from pathlib import Path

import pytest
from sqlalchemy import text
from tests.audit.service_support import CVS, JOB
from tests.support.engine import fake_engine, fake_settings

from cvmatch.store.erasure import candidate_traces
from cvmatch.workspace import Workspace
from cvmatch.workspace.categories import ReportedVia
from cvmatch.workspace.records import Decision

pytestmark = pytest.mark.postgres


def test_a_candidate_is_erased_from_a_postgres_store(
    fresh_postgres_url: str, tmp_path: Path
) -> None:
    settings = fake_settings(tmp_path, db=fresh_postgres_url)
    ws = Workspace.open(settings=settings, engine=fake_engine(settings))
    try:
        user = ws.authenticate(ws.add_user("alice"))
        job = ws.create_job(user, "Cassandra DBA", JOB)
        outcomes = ws.add_cvs(user, job.id, CVS)
        ada, others = outcomes[0].candidate_id or 0, [o.candidate_id for o in outcomes[1:]]
        ws.rank(job.id)
        ws.star(user, job.id, ada)
        ws.decide(user, job.id, ada, Decision.SHORTLIST, "great")
        ws.record_categories(user, ada, {"sex": "female"}, ReportedVia.CANDIDATE)
        with ws.ctx.db.connect() as conn:
            document_id, content_hash = conn.execute(
                text(
                    "SELECT d.id, d.content_hash FROM documents d"
                    " JOIN candidates c ON c.document_id = d.id WHERE c.id = :c"
                ),
                {"c": ada},
            ).one()
            vectors = conn.execute(text("SELECT count(embedding) FROM embeddings")).scalar_one()
        assert vectors == len(CVS)  # the pgvector column is filled

        report = ws.delete_candidate(user, ada, "REQ-1")

        assert report.rows["documents"] == report.rows["embeddings"] == 1
        with ws.ctx.db.connect() as conn:
            traces = candidate_traces(conn, ada, int(document_id), str(content_hash))
            left = conn.execute(text("SELECT count(embedding) FROM embeddings")).scalar_one()
        assert not any(traces.values()), traces
        assert left == len(CVS) - 1
        assert sorted(i.candidate.id for i in ws.rank(job.id).items) == others
    finally:
        ws.close()
