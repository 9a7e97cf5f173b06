"""``Engine.parse_many(embed_for=...)`` embeds while reading and ranks exactly as without it."""

from pathlib import Path

from tests.support.encoders import KeywordEncoder
from tests.support.engine import FAKE, fake_engine, fake_settings

from cvmatch.engine import Engine
from cvmatch.types import DocumentKind

JOB = "Python developer\nRequirements:\n- Python\n- Django\n- Kafka\n"


def _files(tmp_path: Path) -> list[Path]:
    paths = []
    for i, skills in enumerate(["Python Django Kafka", "Java Spring", "Python Flask", "Nursing"]):
        path = tmp_path / f"cv{i}.txt"
        path.write_text(f"Candidate {i}\nSkills\n{skills}\nExperience\nFive years.\n", "utf-8")
        paths.append(path)
    (tmp_path / "broken.pdf").write_bytes(b"not a pdf")
    return [*paths, tmp_path / "broken.pdf"]


def _rank(engine: Engine, tmp_path: Path, prefetch: bool) -> tuple[list[tuple[str, float]], int]:
    job = engine.parse_text(JOB, DocumentKind.JOB, "job")
    report = engine.parse_many(_files(tmp_path), embed_for=job if prefetch else None)
    encoder = engine.encoder(FAKE)
    assert isinstance(encoder, KeywordEncoder)
    embedded_while_reading = len(encoder.embedded)
    ranking = engine.rank(job, report.documents)
    assert len(report.failures) == 1  # a broken file is still reported, not hidden
    return [(m.cv_id, m.score) for m in ranking.matches], embedded_while_reading


def test_embedding_while_reading_gives_the_same_ranking(tmp_path: Path) -> None:
    plain, before = _rank(fake_engine(fake_settings(tmp_path)), tmp_path, prefetch=False)
    fast, during = _rank(fake_engine(fake_settings(tmp_path)), tmp_path, prefetch=True)
    assert fast == plain
    assert before == 0
    assert during > 0  # the job and CV texts were embedded during parse_many
