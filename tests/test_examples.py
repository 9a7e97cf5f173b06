"""The committed example CVs and jobs: present, well-formed, current and reproducible."""

import csv
import importlib
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path
from types import ModuleType

import docx
import pypdfium2
import pytest

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples"
SCRIPT = REPO / "scripts" / "make_examples.py"
FORMATS = {".pdf", ".docx", ".txt", ".md", ".html"}


@pytest.fixture(scope="module")
def gen() -> ModuleType:
    """``scripts/make_examples.py`` imported as a module (scripts are files, not a package)."""
    with pytest.MonkeyPatch.context() as mp:
        mp.syspath_prepend(str(SCRIPT.parent))
        return importlib.import_module("make_examples")


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(SCRIPT), *args], capture_output=True, text=True, check=False
    )


def _pdf_text(path: Path) -> str:
    pdf = pypdfium2.PdfDocument(path)
    try:
        return "\n".join(page.get_textpage().get_text_range() for page in pdf)
    finally:
        pdf.close()


def _text(path: Path, encoding: str = "utf-8") -> str:
    if path.suffix == ".pdf":
        return _pdf_text(path)
    if path.suffix == ".docx":
        document = docx.Document(str(path))
        cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
        return "\n".join([p.text for p in document.paragraphs] + cells)
    return path.read_bytes().decode(encoding)


def _words(text: str) -> int:
    return sum(1 for token in text.split() if any(ch.isalnum() for ch in token))


def test_every_example_in_the_source_is_committed(gen: ModuleType) -> None:
    for folder, examples in (("jobs", gen.JOBS), ("cvs", gen.CVS)):
        on_disk = {p.name for p in (EXAMPLES / folder).iterdir()}
        assert on_disk == {e.filename for e in examples}
    assert (EXAMPLES / "README.md").is_file()
    assert (EXAMPLES / "ground_truth.csv").is_file()


def test_counts_and_formats(gen: ModuleType) -> None:
    assert len(gen.CVS) >= 14
    assert len(gen.JOBS) >= 3
    formats = Counter(Path(cv.filename).suffix for cv in gen.CVS)
    assert set(formats) == FORMATS
    assert min(formats.values()) >= 2
    languages = Counter(cv.language for cv in gen.CVS)
    assert languages["fr"] >= 2
    assert languages["de"] >= 1
    assert languages["es"] >= 1
    names = [e.filename for e in (*gen.JOBS, *gen.CVS)]
    assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*\.[a-z]+", name) for name in names)
    assert {"cassandra-dba.md", "icu-nurse.txt", "frontend-engineer.md"} <= {
        j.filename for j in gen.JOBS
    }


def test_word_counts_are_realistic(gen: ModuleType) -> None:
    for cv in gen.CVS:
        words = _words(_text(EXAMPLES / "cvs" / cv.filename, cv.encoding))
        assert 250 <= words <= 600, (cv.filename, words)
    for job in gen.JOBS:
        words = _words(_text(EXAMPLES / "jobs" / job.filename))
        assert 200 <= words <= 450, (job.filename, words)


def test_non_english_cvs_both_match_and_miss_the_cassandra_job(gen: ModuleType) -> None:
    foreign = [cv for cv in gen.CVS if cv.language != "en"]
    labels = {cv.labels.cassandra_dba for cv in foreign}
    assert {"match", "unrelated"} <= labels


def test_every_job_has_a_match_and_the_csv_agrees(gen: ModuleType) -> None:
    with (EXAMPLES / "ground_truth.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == len(gen.CVS) * len(gen.JOBS)
    for job in gen.JOBS:
        assert any(r["job"] == job.filename and r["label"] == "match" for r in rows)
    maya = {r["job"]: r["label"] for r in rows if r["cv"].startswith("maya-okafor")}
    assert maya["cassandra-dba.md"] == "near_miss"


def test_pdf_text_holds_each_name(gen: ModuleType) -> None:
    pdfs = [cv for cv in gen.CVS if cv.filename.endswith(".pdf")]
    for cv in pdfs:
        assert cv.title_lines[0] in _pdf_text(EXAMPLES / "cvs" / cv.filename)


def test_two_column_pdf_writes_the_right_column_first(gen: ModuleType) -> None:
    two_column = [cv for cv in gen.CVS if cv.two_column]
    assert two_column, "one CV must be a two-column PDF"
    pdf = pypdfium2.PdfDocument(EXAMPLES / "cvs" / two_column[0].filename)
    page = pdf[0].get_textpage()
    stream = page.get_text_range()
    # Stream order: the right column (experience) comes before the left one (contact).
    assert stream.index("Experience") < stream.index("Contact") < stream.index("Skills")
    lefts = {}
    for word in ("Contact", "Skills", "Summary", "Experience"):
        index, _ = page.search(word, match_case=True).get_next()
        lefts[word] = page.get_charbox(index)[0]
    # On the page, contact and skills sit left of summary and experience.
    assert max(lefts["Contact"], lefts["Skills"]) < min(lefts["Summary"], lefts["Experience"])
    pdf.close()


def test_the_cp1252_cv_is_not_utf8(gen: ModuleType) -> None:
    legacy = [cv for cv in gen.CVS if cv.encoding != "utf-8"]
    assert [cv.encoding for cv in legacy] == ["cp1252"]
    data = (EXAMPLES / "cvs" / legacy[0].filename).read_bytes()
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    text = data.decode("cp1252")
    assert "é" in text
    assert "€" in text
    assert "cp1252" in (EXAMPLES / "README.md").read_text(encoding="utf-8")


def test_html_cvs_are_plain_html5_without_hidden_text(gen: ModuleType) -> None:
    pages = [cv for cv in gen.CVS if cv.filename.endswith(".html")]
    for cv in pages:
        html = (EXAMPLES / "cvs" / cv.filename).read_text(encoding="utf-8")
        assert html.startswith("<!DOCTYPE html>\n")
        assert f'<html lang="{cv.language}">' in html
        assert f"<h1>{cv.title_lines[0]}</h1>" in html
        assert "<ul>" in html
        assert not re.search(r"hidden|display\s*:\s*none|visibility|font-size\s*:\s*0", html)


def test_docx_near_miss_keeps_skills_in_a_table() -> None:
    document = docx.Document(str(EXAMPLES / "cvs" / "maya-okafor-frontend-engineer.docx"))
    assert len(document.tables) == 1
    cells = " ".join(c.text for row in document.tables[0].rows for c in row.cells)
    assert "TypeScript" in cells
    assert "MySQL" in cells
    assert "Cassandra" not in _text(EXAMPLES / "cvs" / "maya-okafor-frontend-engineer.docx")
    assert document.core_properties.created.year == 2024


def test_contacts_are_fictional(gen: ModuleType) -> None:
    for cv in gen.CVS:
        text = _text(EXAMPLES / "cvs" / cv.filename, cv.encoding)
        emails = re.findall(r"[\w.+-]+@[\w.-]+", text)
        assert emails, cv.filename
        assert all(email.endswith("@example.org") for email in emails), emails


def test_regenerating_gives_the_same_files(tmp_path: Path) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    assert _run("--out", str(first)).returncode == 0
    assert _run("--out", str(second)).returncode == 0
    committed = sorted(p.relative_to(EXAMPLES) for p in EXAMPLES.rglob("*") if p.is_file())
    assert sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file()) == committed
    for rel in committed:
        # Byte-reproducible, including PDF and DOCX.
        assert (first / rel).read_bytes() == (second / rel).read_bytes(), rel


def test_check_passes_on_committed_files_and_fails_on_edits(tmp_path: Path) -> None:
    assert _run("--check").returncode == 0
    out = tmp_path / "examples"
    assert _run("--out", str(out)).returncode == 0
    assert _run("--check", "--out", str(out)).returncode == 0
    job = out / "jobs" / "icu-nurse.txt"
    job.write_text(job.read_text(encoding="utf-8") + "edited\n", encoding="utf-8")
    (out / "cvs" / "extra.txt").write_text("stray", encoding="utf-8")
    result = _run("--check", "--out", str(out))
    assert result.returncode == 1
    assert "out of date" in result.stdout
    assert "icu-nurse.txt" in result.stdout
    assert "unexpected" in result.stdout
