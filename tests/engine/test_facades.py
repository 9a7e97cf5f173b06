"""The engine's narrower facades share its state, and a taxonomy import reaches the matcher."""

from pathlib import Path

from cvmatch.engine import Engine
from cvmatch.settings import Settings
from cvmatch.types import DocumentKind

JOB = "Database engineer\nRequirements:\n- Zorblax\n- SQL\n"


def _engine(tmp_path: Path) -> Engine:
    return Engine(Settings(cache_dir=tmp_path / "cache", dense_evidence=False))


def _concepts(engine: Engine) -> set[str | None]:
    job = engine.parse_text(JOB, DocumentKind.JOB, "job")
    return {req.concept for req in engine.requirements(job)}


def test_custom_skill_import_reaches_the_cached_matcher(tmp_path: Path) -> None:
    engine = _engine(tmp_path)
    before = _concepts(engine)  # builds and caches the matcher without the custom skill
    skills = tmp_path / "skills.csv"
    skills.write_text("label,aliases\nZorblax,zbx|zorblax db\n", encoding="utf-8")
    counts = engine.taxonomy.import_custom_skills(skills)
    after = _concepts(engine)
    assert sum(counts.values()) >= 1
    assert "custom:zorblax" not in before
    assert "custom:zorblax" in after
    assert engine.taxonomy.path == tmp_path / "cache" / "taxonomy.sqlite"


def test_facades_are_built_once_per_engine(tmp_path: Path) -> None:
    engine = _engine(tmp_path)
    assert engine.evaluation is engine.evaluation
    assert engine.taxonomy is engine.taxonomy
    assert engine.occupations is engine.occupations
    assert Engine(engine.settings).occupations is not engine.occupations
