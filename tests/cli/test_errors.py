from pathlib import Path

from typer.testing import CliRunner

from cvmatch.cli import app
from cvmatch.errors import EmptyDocumentError, WrongExtensionError, exit_code_for


def test_corrupt_pdf_is_one_line_and_nonzero(tmp_path: Path) -> None:
    bad = tmp_path / "cv.pdf"
    bad.write_bytes(b"%PDF-1.4 garbage")
    result = CliRunner().invoke(app, ["parse", str(bad)])
    assert result.exit_code == 4
    assert "Traceback" not in result.output
    assert "error:" in result.output


def test_wrong_extension(tmp_path: Path) -> None:
    fake = tmp_path / "cv.docx"
    fake.write_text("<html><body><p>hello there</p></body></html>")
    result = CliRunner().invoke(app, ["parse", str(fake)])
    assert result.exit_code == exit_code_for(WrongExtensionError("x"))


def test_missing_file_is_a_usage_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["parse", str(tmp_path / "nope.pdf")])
    assert result.exit_code == 2
    assert "no such file" in result.output


def test_empty_file(tmp_path: Path) -> None:
    empty = tmp_path / "cv.txt"
    empty.write_bytes(b"")
    result = CliRunner().invoke(app, ["parse", str(empty)])
    assert result.exit_code == exit_code_for(EmptyDocumentError("x"))


def test_parse_shows_sections(tmp_path: Path) -> None:
    cv = tmp_path / "cv.md"
    cv.write_text("# Ann Lee\n\n## Skills\nPython, SQL\n\n## Education\nMSc Data Science\n")
    result = CliRunner().invoke(app, ["parse", str(cv), "-f", "json"])
    assert result.exit_code == 0, result.output
    assert '"skills"' in result.stdout


def test_models_lists_encoders() -> None:
    result = CliRunner().invoke(app, ["models", "-f", "json"])
    assert result.exit_code == 0
    assert "minilm-int8" in result.stdout
