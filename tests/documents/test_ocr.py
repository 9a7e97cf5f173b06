import logging
import shutil
from pathlib import Path
from typing import Any

import pytesseract
import pytest
from tests.documents.pdf_factory import (
    LEADING,
    LEFT_LINES,
    PAGE_HEIGHT,
    PAGE_WIDTH,
    SINGLE_COLUMN_LINES,
    Item,
    Picture,
    Text,
    blank_image_pdf,
    build_pdf,
    render_page_png,
    render_to_image_pdf,
    single_column_cv,
    two_column_cv,
)

from cvmatch.documents import ocr
from cvmatch.documents.base import Limits, RawText
from cvmatch.documents.pdf import PdfReader
from cvmatch.errors import OcrUnavailableError
from cvmatch.types import Flag

needs_tesseract = pytest.mark.skipif(
    not ocr.tesseract_available(),
    reason="tesseract is not installed; run scripts/system-deps.sh as root to enable OCR tests",
)


def read(path: Path, **limits: Any) -> RawText:
    return PdfReader().read(path.read_bytes(), Limits(**limits))


def fake_tesseract(monkeypatch: pytest.MonkeyPatch, languages: list[str]) -> None:
    """Pretend tesseract is installed with ``languages`` (no OCR can run)."""
    monkeypatch.setattr(shutil, "which", lambda _name: "/usr/bin/tesseract")
    monkeypatch.setattr(pytesseract, "get_languages", lambda **_: languages)


@pytest.mark.ocr
@needs_tesseract
def test_scanned_pdf_is_read_by_ocr_with_headings_on_their_own_lines(tmp_path: Path) -> None:
    scan = render_to_image_pdf(single_column_cv(tmp_path / "cv.pdf"), tmp_path / "scan.pdf")

    raw = read(scan)

    assert Flag.OCR in raw.flags
    assert Flag.HIDDEN_TEXT not in raw.flags
    lines = raw.text.splitlines()
    for heading in ("Summary", "Experience", "Education", "Skills"):
        assert heading in lines
    for word in ("Jane", "Kafka", "Airflow", "Lyon"):
        assert word in raw.text


@pytest.mark.ocr
@needs_tesseract
def test_scanned_two_columns_are_read_column_by_column(tmp_path: Path) -> None:
    source = two_column_cv(tmp_path / "cv.pdf", right_first=True)
    scan = render_to_image_pdf(source, tmp_path / "scan.pdf")

    text = read(scan, ocr_languages="eng").text

    assert text.index("HEADER") < text.index("Left marker 1 ")
    assert text.index("Left marker 12") < text.index("Right marker 1 ")


@pytest.mark.ocr
@needs_tesseract
def test_blank_scan_raises_no_readable_text(tmp_path: Path) -> None:
    with pytest.raises(OcrUnavailableError, match="no readable text"):
        read(blank_image_pdf(tmp_path / "blank.pdf"), ocr_languages="eng")


def test_missing_tesseract_raises_with_install_command(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    scan = render_to_image_pdf(single_column_cv(tmp_path / "cv.pdf"), tmp_path / "scan.pdf")
    monkeypatch.setattr(shutil, "which", lambda _name: None)

    with pytest.raises(
        OcrUnavailableError, match="apt-get install tesseract-ocr tesseract-ocr-fra"
    ):
        read(scan)


def test_missing_language_packs_fall_back_to_the_installed_ones(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    fake_tesseract(monkeypatch, ["eng", "deu", "osd"])

    with caplog.at_level(logging.WARNING, logger="cvmatch.documents.ocr"):
        assert ocr.available_languages("eng+fra+deu+spa") == "eng+deu"
    assert "fra, spa" in caplog.text


def test_no_requested_language_pack_raises(monkeypatch: pytest.MonkeyPatch) -> None:
    fake_tesseract(monkeypatch, ["osd"])

    with pytest.raises(OcrUnavailableError, match="no tesseract language pack"):
        ocr.available_languages("fra+deu")


def test_ocr_timeout_becomes_ocr_unavailable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake_tesseract(monkeypatch, ["eng"])
    seen: dict[str, Any] = {}

    def time_out(_image: object, **kwargs: Any) -> None:
        seen.update(kwargs)
        raise RuntimeError("Tesseract process timeout")

    monkeypatch.setattr(pytesseract, "image_to_data", time_out)

    with pytest.raises(OcrUnavailableError, match=r"OCR failed on page 1 .*timeout"):
        read(blank_image_pdf(tmp_path / "blank.pdf"))
    assert seen["timeout"] == ocr.PAGE_TIMEOUT_S
    assert seen["lang"] == "eng"


def test_tesseract_words_merged_across_columns_are_reordered(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Tesseract often returns one line per row that runs through both columns; the words'
    # boxes let our column detector put the left column first.
    fake_tesseract(monkeypatch, ["eng"])
    words: dict[str, list[Any]] = {k: [] for k in ("text", "left", "top", "width", "height")}
    words |= {"block_num": [], "par_num": [], "line_num": []}
    for row in range(6):
        for left, text in (
            (100, f"left{row}"),
            (240, "alpha"),
            (900, f"right{row}"),
            (1040, "beta"),
        ):
            values = (text, left, 200 + 60 * row, 120, 40, 1, 1, row)
            for key, value in zip(words, values, strict=True):
                words[key].append(value)
    monkeypatch.setattr(pytesseract, "image_to_data", lambda *_, **__: words)

    raw = read(blank_image_pdf(tmp_path / "blank.pdf"))

    left_lines = [f"left{row} alpha" for row in range(6)]
    right_lines = [f"right{row} beta" for row in range(6)]
    assert raw.text == "\n".join(left_lines) + "\n\n" + "\n".join(right_lines)
    assert raw.flags == (Flag.OCR,)


@pytest.mark.ocr
@needs_tesseract
def test_invisible_text_over_a_scan_is_its_ocr_layer(tmp_path: Path) -> None:
    picture = render_page_png(single_column_cv(tmp_path / "cv.pdf"), tmp_path / "page.png")
    layer = [
        Text(72, PAGE_HEIGHT - 72 - i * LEADING, line, render_mode=3)
        for i, line in enumerate(SINGLE_COLUMN_LINES)
        if line
    ]
    page: list[Item] = [Picture(0, 0, PAGE_WIDTH, PAGE_HEIGHT, picture), *layer]

    raw = read(build_pdf(tmp_path / "searchable-scan.pdf", [page]))

    assert Flag.OCR in raw.flags
    assert Flag.HIDDEN_TEXT not in raw.flags
    assert "Python, SQL, Kafka, Spark, Airflow" in raw.text.splitlines()


def test_invisible_text_without_a_scan_stays_hidden(tmp_path: Path) -> None:
    page = [
        Text(72, 750, "Visible summary line"),
        *(Text(72, 700, w, render_mode=3) for w in LEFT_LINES[:1]),
    ]

    raw = read(build_pdf(tmp_path / "invisible.pdf", [page]))

    assert raw.text == "Visible summary line"
    assert raw.hidden_text == LEFT_LINES[0]
    assert raw.flags == (Flag.HIDDEN_TEXT,)
