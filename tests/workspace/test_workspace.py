"""Workspace behaviour over a real SQLite file with the keyword fake encoder."""

import io
import threading
from pathlib import Path

import pytest
from sqlalchemy import func, select
from tests.support.encoders import KeywordEncoder
from tests.support.engine import fake_engine, fake_settings

from cvmatch.errors import (
    AuthenticationError,
    CorruptDocumentError,
    DocumentTooLargeError,
    InvalidInputError,
    NotFoundError,
    StarLimitError,
)
from cvmatch.store import schema
from cvmatch.workspace import Workspace
from cvmatch.workspace.records import Decision, User

JOB = """Cassandra DBA
# Requirements
- Apache Cassandra administration, replication and repair
- Linux, Python scripting, monitoring with Prometheus
"""


def cv(name: str, body: str) -> tuple[str, bytes]:
    return f"{name}.txt", f"{name}\n# Experience\n{body}\n".encode()


CVS = [
    cv("ada", "Apache Cassandra administration, repair and replication on Linux with Python."),
    cv("bob", "Cassandra clusters, Prometheus monitoring, Linux."),
    cv("cid", "Head chef: menus, kitchen brigade, food safety, pastry."),
    cv("dee", "Pastry chef, kitchen, menus, food cost."),
    cv("eve", "Python developer, Django, Linux servers."),
    cv("fay", "Accountant: ledgers, audits, IFRS."),
    cv("gus", "Nurse in intensive care, ventilators."),
]


@pytest.fixture
def job_id(workspace: Workspace, user: User) -> int:
    job = workspace.create_job(user, "Cassandra DBA", JOB)
    workspace.add_cvs(user, job.id, CVS)
    return job.id


def _count(workspace: Workspace, table: str) -> int:
    with workspace.ctx.db.connect() as conn:
        return int(
            conn.execute(
                select(func.count()).select_from(schema.metadata.tables[table])
            ).scalar_one()
        )


def test_tokens_are_stored_hashed_and_authenticate(workspace: Workspace) -> None:
    token = workspace.add_user("carol")
    assert workspace.authenticate(token).name == "carol"
    with workspace.ctx.db.connect() as conn:
        hashes = conn.execute(select(schema.tokens.c.token_hash)).scalars().all()
    assert token not in hashes
    with pytest.raises(AuthenticationError, match="unknown"):
        workspace.authenticate(token + "x")
    with pytest.raises(AuthenticationError, match="missing"):
        workspace.authenticate(None)


def test_ranking_puts_matching_cvs_first_with_evidence(workspace: Workspace, job_id: int) -> None:
    page = workspace.rank(job_id, 0, 3)
    assert page.total == len(CVS)
    names = [item.candidate.name for item in workspace.rank(job_id, 0, 10).items]
    assert names[0] == "ada"
    assert names.index("bob") < min(names.index("cid"), names.index("dee"), names.index("fay"))
    top = page.items[0]
    assert "cassandra" in top.match.matched_terms
    assert top.match.reasons
    assert [i.rank for i in page.items] == [1, 2, 3]


def test_pages_are_consistent_and_deterministic(workspace: Workspace, job_id: int) -> None:
    full = [i.candidate.id for i in workspace.rank(job_id, 0, 100).items]
    paged = [i.candidate.id for o in (0, 3, 6) for i in workspace.rank(job_id, o, 3).items]
    assert paged == full
    assert [i.candidate.id for i in workspace.rank(job_id, 0, 100).items] == full
    with pytest.raises(InvalidInputError):
        workspace.rank(job_id, -1, 10)


def test_compact_rows_match_the_full_page(workspace: Workspace, user: User, job_id: int) -> None:
    ids = {i.candidate.name: i.candidate.id for i in workspace.rank(job_id, 0, 100).items}
    workspace.star(user, job_id, ids["cid"])
    workspace.decide(user, job_id, ids["ada"], Decision.REJECT)
    for offset, limit in [(0, 100), (2, 3), (50, 10)]:
        full, rows = (
            workspace.rank(job_id, offset, limit),
            workspace.rank_rows(job_id, offset, limit),
        )
        assert (rows.total, rows.stars, rows.offset) == (full.total, full.stars, full.offset)
        assert [
            (r.rank, r.score, r.job_score, r.candidate, r.starred, r.star_similarity, r.decision)
            for r in rows.items
        ] == [
            (i.rank, i.score, i.match.score, i.candidate, i.starred, i.star_similarity, i.decision)
            for i in full.items
        ]
    with pytest.raises(InvalidInputError):
        workspace.rank_rows(job_id, 2**63, 10)


def test_duplicate_upload_is_stored_once(workspace: Workspace, user: User, job_id: int) -> None:
    before = _count(workspace, "documents")
    outcome = workspace.add_cvs(user, job_id, [("renamed.txt", CVS[0][1])])[0]
    assert outcome.duplicate
    assert not outcome.linked
    assert _count(workspace, "documents") == before
    assert workspace.rank(job_id).total == len(CVS)


def test_concurrent_uploads_of_one_cv_store_it_once(workspace: Workspace, user: User) -> None:
    job = workspace.create_job(user, "x", JOB)
    same = [cv("zed", "Cassandra repair and replication.")]
    outcomes: list[object] = []

    def upload() -> None:
        outcomes.extend(workspace.add_cvs(user, job.id, same))

    threads = [threading.Thread(target=upload) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    ids = {o.candidate_id for o in outcomes}  # type: ignore[attr-defined]
    assert len(ids) == 1
    assert sum(not o.duplicate for o in outcomes) == 1  # type: ignore[attr-defined]
    assert _count(workspace, "documents") == 2  # the job and the CV
    assert workspace.rank(job.id).total == 1


def test_bad_files_are_reported_and_the_rest_stored(workspace: Workspace, user: User) -> None:
    job = workspace.create_job(user, "x", JOB)
    files = [
        ("virus.exe", b"MZ..."),
        ("empty.txt", b""),
        ("fake.pdf", b"this is not a pdf"),
        cv("ok", "Cassandra."),
    ]
    outcomes = workspace.add_cvs(user, job.id, files)
    assert [o.error is None for o in outcomes] == [False, False, False, True]
    assert outcomes[0].error == "UnsupportedFormatError"
    assert workspace.rank(job.id).total == 1


def test_a_reader_crash_is_a_refused_file(
    workspace: Workspace, user: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    job = workspace.create_job(user, "x", JOB)

    def explode(path: Path, kind: object) -> None:
        raise NotImplementedError("zip version 6.3 unsupported")

    monkeypatch.setattr(workspace.ctx.engine, "parse", explode)
    outcomes = workspace.add_cvs(user, job.id, [cv("a", "Cassandra."), cv("b", "Linux.")])
    assert [o.error for o in outcomes] == ["CorruptDocumentError"] * 2
    assert all("NotImplementedError" in (o.message or "") for o in outcomes)
    with pytest.raises(CorruptDocumentError, match=r"a\.txt"):
        workspace.score_file(job.id, "a.txt", b"a")
    assert workspace.rank(job.id).total == 0


def test_size_limit_reads_streams_only_up_to_the_limit(tmp_path: Path) -> None:
    settings = fake_settings(tmp_path, max_file_bytes=100)
    ws = Workspace.open(settings=settings, engine=fake_engine(settings))
    job = ws.create_job(None, "x", JOB)
    stream = io.BytesIO(b"a" * 10_000)
    outcome = ws.add_cvs(None, job.id, [("big.txt", stream)])[0]
    assert outcome.error == DocumentTooLargeError.__name__
    assert stream.tell() == 101
    with pytest.raises(InvalidInputError, match="limit"):
        ws.add_cvs(None, job.id, [cv(str(i), "x") for i in range(settings.max_upload_files + 1)])
    ws.close()


def test_star_reranks_and_reset_restores(workspace: Workspace, user: User, job_id: int) -> None:
    first = workspace.rank(job_id, 0, 10).items
    before = [i.candidate.name for i in first]
    chef = next(i for i in first if i.candidate.name == "cid")
    workspace.star(user, job_id, chef.candidate.id)
    page = workspace.rank(job_id, 0, 10)
    after = [i.candidate.name for i in page.items]
    assert after != before
    gain = {
        i.candidate.name: i.score - next(j for j in first if j.candidate.id == i.candidate.id).score
        for i in page.items
    }
    assert gain["dee"] > gain["gus"]  # the other chef gains more than the nurse
    assert page.stars == (chef.candidate.id,)
    starred = next(i for i in page.items if i.starred)
    assert starred.star_similarity == pytest.approx(1.0)
    assert starred.match.score == chef.match.score  # the job match itself is unchanged
    workspace.reset_stars(user, job_id)
    assert [i.candidate.name for i in workspace.rank(job_id, 0, 10).items] == before


def test_at_most_five_stars(workspace: Workspace, user: User, job_id: int) -> None:
    ids = [i.candidate.id for i in workspace.rank(job_id, 0, 10).items]
    for cid in ids[:5]:
        workspace.star(user, job_id, cid)
    workspace.star(user, job_id, ids[0])  # starring a starred candidate is not a 6th star
    with pytest.raises(StarLimitError, match="5 starred"):
        workspace.star(user, job_id, ids[5])
    assert workspace.unstar(user, job_id, ids[0]) == tuple(ids[1:5])
    assert len(workspace.star(user, job_id, ids[5])) == 5


def test_unknown_job_or_candidate_is_not_found(
    workspace: Workspace, user: User, job_id: int
) -> None:
    with pytest.raises(NotFoundError):
        workspace.rank(999)
    with pytest.raises(NotFoundError):
        workspace.star(user, job_id, 999)
    with pytest.raises(NotFoundError):
        workspace.candidate(job_id, 999)


def test_decisions_and_feedback_events(workspace: Workspace, user: User, job_id: int) -> None:
    top = workspace.rank(job_id, 0, 2).items
    workspace.decide(user, job_id, top[0].candidate.id, Decision.SHORTLIST)
    workspace.decide(user, job_id, top[1].candidate.id, Decision.REJECT, "no Prometheus")
    workspace.star(user, job_id, top[0].candidate.id)
    page = workspace.rank(job_id, 0, len(CVS))  # the star may re-order: look at every candidate
    decisions = {i.candidate.id: i.decision for i in page.items}
    assert decisions[top[0].candidate.id] is Decision.SHORTLIST
    assert decisions[top[1].candidate.id] is Decision.REJECT
    events = workspace.feedback_events(job_id)
    assert [e.action for e in events] == ["decision", "decision", "star"]
    assert events[1].detail == {"decision": "reject", "note": "no Prometheus"}
    assert events[0].job_score == top[0].match.score
    assert all(e.user == "alice" for e in events)
    actions = [a["action"] for a in workspace.audit_log(job_id)]
    assert actions[0] == "job_created"
    assert actions.count("cv_uploaded") == len(CVS)


def test_candidate_has_its_rank_and_score_file_is_not_stored(
    workspace: Workspace, job_id: int
) -> None:
    second = workspace.rank(job_id, 1, 1).items[0]
    assert workspace.candidate(job_id, second.candidate.id).rank == 2
    before = _count(workspace, "documents")
    match = workspace.score_file(job_id, *cv("new", "Cassandra repair"))
    assert "cassandra" in match.matched_terms
    assert _count(workspace, "documents") == before


def test_vectors_are_stored_once_and_results_reused(workspace: Workspace, job_id: int) -> None:
    workspace.rank(job_id)
    assert _count(workspace, "embeddings") == len(CVS)
    assert _count(workspace, "matches") == len(CVS)
    other = workspace.create_job(None, "y", JOB + "\nKafka\n")
    workspace.add_cvs(None, other.id, CVS[:2])
    workspace.rank(other.id)
    assert _count(workspace, "embeddings") == len(CVS)  # same CVs: no new vectors
    assert _count(workspace, "matches") == len(CVS) + 2


def test_a_failed_write_keeps_what_was_stored(
    workspace: Workspace, user: User, job_id: int
) -> None:
    before = _count(workspace, "documents")
    with pytest.raises(NotFoundError):
        workspace.add_cvs(user, 999, CVS)
    assert _count(workspace, "documents") == before
    assert workspace.rank(job_id).total == len(CVS)


def test_reopening_keeps_everything(tmp_path: Path) -> None:
    settings = fake_settings(tmp_path)
    ws = Workspace.open(settings=settings, engine=fake_engine(settings))
    job = ws.create_job(None, "x", JOB)
    ws.add_cvs(None, job.id, CVS[:3])
    order = [i.candidate.id for i in ws.rank(job.id).items]
    ws.close()
    again = Workspace.open(settings=settings, engine=fake_engine(settings))
    assert [i.candidate.id for i in again.rank(job.id).items] == order
    again.close()


class OtherEncoder(KeywordEncoder):
    """Same vectors as the keyword fake, another model id: a "new" feedback encoder."""

    name = "fake-other"

    @property
    def model_id(self) -> str:
        return "fake-other@1"


def test_changing_the_feedback_encoder_embeds_again(tmp_path: Path) -> None:
    settings = fake_settings(tmp_path)
    ws = Workspace.open(settings=settings, engine=fake_engine(settings))
    job = ws.create_job(None, "x", JOB)
    ws.add_cvs(None, job.id, CVS)
    ws.rank(job.id)
    ws.close()
    other = fake_settings(tmp_path, feedback_encoder="fake-other")
    engine = fake_engine(other, **{"fake-other": OtherEncoder()})
    again = Workspace.open(settings=other, engine=engine)
    chef = next(
        i.candidate.id for i in again.rank(job.id, 0, 10).items if i.candidate.name == "cid"
    )
    again.star(None, job.id, chef)
    page = again.rank(job.id, 0, 10)
    assert all(item.star_similarity is not None for item in page.items)
    assert _count(again, "embeddings") == 2 * len(CVS)
    similarity = {i.candidate.name: i.star_similarity for i in page.items}
    assert similarity["cid"] == pytest.approx(1.0)  # a real vector, not a zero placeholder
    assert len(set(similarity.values())) > 1
    again.close()
