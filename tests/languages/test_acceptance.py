"""Issue 20's acceptance: a Korean and a Chinese CV (PDF and DOCX) against an English and a
Korean job give sections, years, requirement evidence and sensible scores (real models)."""

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pytest
from tests.languages.cjk_files import FONT_PACKAGES, SOURCES, cjk_font, write_pdf
from typer.testing import CliRunner

from cvmatch.cli import app
from cvmatch.settings import get_settings

FIXTURES = Path(__file__).parent / "fixtures"
EXAMPLES = Path(__file__).parents[2] / "examples"
JOBS = {"en": EXAMPLES / "jobs" / "cassandra-dba.md", "ko": FIXTURES / "job-cassandra-dba-ko.md"}
CVS = [FIXTURES / f"{stem}.{ext}" for stem in SOURCES for ext in ("pdf", "docx")]
UNRELATED = EXAMPLES / "cvs" / "samuel-adeyemi-head-chef.md"
LANGUAGE = {"ko": "ko", "zh": "zh"}
SECTIONS = {"summary", "experience", "education", "skills", "certifications", "languages"}
runner = CliRunner()


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """A fresh cache and a fixed reference date (open periods end in January 2025)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CVMATCH_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
        patch.setenv("CVMATCH_REFERENCE_DATE", "2025-01")
        get_settings.cache_clear()
        yield
    get_settings.cache_clear()


def _json(*args: str) -> Any:
    result = runner.invoke(app, [*args, "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def scores(env: None) -> dict[tuple[str, str], Any]:
    """``(job language, CV file name)`` → the score JSON, for every fixture CV and the chef."""
    del env  # set up before scoring
    return {
        (language, cv.name): _json("score", str(job), str(cv))
        for language, job in JOBS.items()
        for cv in [*CVS, UNRELATED]
    }


@pytest.mark.models
@pytest.mark.usefixtures("env")
@pytest.mark.parametrize("cv", CVS, ids=lambda p: p.name)
def test_parse_reads_language_and_every_section(cv: Path) -> None:
    parsed = _json("parse", str(cv))
    assert parsed["language"] == cv.stem.rsplit("-", 1)[1]
    assert {s["kind"] for s in parsed["sections"]} >= SECTIONS
    assert "unsupported_language" not in parsed["flags"]
    assert not parsed["hidden_text"]


@pytest.mark.models
@pytest.mark.parametrize("cv", CVS, ids=lambda p: p.name)
@pytest.mark.parametrize("job", list(JOBS))
def test_years_evidence_and_scores_are_sensible(
    scores: dict[tuple[str, str], Any], job: str, cv: Path
) -> None:
    match = scores[job, cv.name]
    experience = [r for r in match["requirements"] if r["kind"] == "experience"]
    assert experience
    assert all(r["status"] == "met" for r in experience), experience
    assert all(r["found_years"] >= r["required_years"] for r in experience)
    evidenced = [r for r in match["requirements"] if r["status"] == "met" and r["cv_span"]]
    assert len(evidenced) >= 6
    assert match["score"] >= 60
    assert match["score"] >= scores[job, UNRELATED.name]["score"] + 50


@pytest.mark.models
@pytest.mark.parametrize("cv", CVS, ids=lambda p: p.name)
def test_products_the_cv_names_are_met_and_no_vendor_half_meets(
    scores: dict[tuple[str, str], Any], cv: Path
) -> None:
    assert scores["en", cv.name]["signals"]["dense_model"].startswith("use-m3@")  # multilingual
    verdicts = {r["text"]: r["status"] for r in scores["en", cv.name]["requirements"]}
    assert verdicts["Apache Kafka"] == verdicts["Apache Spark"] == "met"
    assert verdicts["EC2"] == "missing"


@pytest.mark.parametrize(("stem", "language"), SOURCES.items())
def test_committed_pdfs_match_their_sources(tmp_path: Path, stem: str, language: str) -> None:
    font = cjk_font(language)
    if font is None:
        pytest.skip(f"no {language} font to write the PDF: install {FONT_PACKAGES[language]}")
    text = (FIXTURES / f"{stem}.txt").read_text(encoding="utf-8")
    fresh = write_pdf(text, tmp_path / "fresh.pdf", font)
    assert _pdf_text(fresh) == _pdf_text(FIXTURES / f"{stem}.pdf")
    assert "高级数据库管理员" in _pdf_text(fresh) or language == "ko"  # no glyph dropped


def _pdf_text(path: Path) -> str:
    document = pdfium.PdfDocument(str(path))
    try:
        return "".join(page.get_textpage().get_text_range() for page in document)
    finally:
        document.close()
