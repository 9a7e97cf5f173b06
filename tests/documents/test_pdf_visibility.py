"""Hidden-text classes in PDF: invisible layers over images, tiny and faint text.

The OCR check is exercised with a stand-in for tesseract (``page_words``), so the decision
logic runs on machines without the binary; test_ocr.py runs the real tesseract when present.
"""

from pathlib import Path

import pypdfium2 as pdfium
import pytest
from PIL import Image
from tests.documents.pdf_factory import (
    LEADING,
    PAGE_HEIGHT,
    PAGE_WIDTH,
    Picture,
    Text,
    build_pdf,
)

from cvmatch.documents import pdf_visibility
from cvmatch.documents.base import Limits, RawText
from cvmatch.documents.pdf import PdfReader
from cvmatch.documents.pdf_chars import read_chars
from cvmatch.documents.pdf_ocr_check import OcrWord, agreeing_lines
from cvmatch.types import Flag

GENUINE = ("Registered nurse in intensive care", "Ventilation and sedation management")
STUFFING = "Cassandra CQL nodetool compaction replication"


def read(path: Path) -> RawText:
    return PdfReader().read(path.read_bytes(), Limits())


def picture(tmp_path: Path) -> Path:
    """A light grey image standing in for a scanned page (it shows no text at all)."""
    path = tmp_path / "scan.png"
    Image.new("RGB", (200, 280), (235, 235, 235)).save(path)
    return path


def layered_scan(tmp_path: Path, invisible: list[str], visible: tuple[str, ...] = ()) -> Path:
    """A full-page image, ``visible`` lines drawn on it, ``invisible`` lines in render mode 3."""
    items: list = [Picture(0, 0, PAGE_WIDTH, PAGE_HEIGHT, picture(tmp_path))]
    items += [Text(72, 780 - i * LEADING, line) for i, line in enumerate(visible)]
    items += [Text(72, 600 - i * LEADING, line, render_mode=3) for i, line in enumerate(invisible)]
    return build_pdf(tmp_path / "layered.pdf", [items])


def ocr_words(lines: dict[float, str]) -> tuple[OcrWord, ...]:
    """What tesseract would read: each line's words centred 3 pt above its baseline, from x=72."""
    return tuple(
        OcrWord(word.lower(), 72 + 30 * k + 15, baseline + 3)
        for baseline, text in lines.items()
        for k, word in enumerate(text.split())
    )


def fake_ocr(monkeypatch: pytest.MonkeyPatch, lines: dict[float, str] | None) -> None:
    """Tesseract reads ``lines`` (baseline → text) on every page (None: not installed)."""
    found = None if lines is None else ocr_words(lines)
    monkeypatch.setattr(pdf_visibility, "page_words", lambda _page, _languages: found)


def at_layer(lines: tuple[str, ...]) -> dict[float, str]:
    """``lines`` placed where :func:`layered_scan` lays its invisible lines."""
    return {600 - i * LEADING: line for i, line in enumerate(lines)}


def test_ocr_layer_that_agrees_with_the_image_is_kept(tmp_path, monkeypatch):
    fake_ocr(monkeypatch, at_layer(GENUINE))

    raw = read(layered_scan(tmp_path, list(GENUINE)))

    assert raw.text.splitlines() == list(GENUINE)
    assert Flag.OCR in raw.flags
    assert Flag.HIDDEN_TEXT not in raw.flags


def test_invisible_keywords_the_image_does_not_show_are_hidden(tmp_path, monkeypatch):
    fake_ocr(monkeypatch, at_layer(GENUINE))

    raw = read(layered_scan(tmp_path, [*GENUINE, STUFFING]))

    assert raw.text.splitlines() == list(GENUINE)
    assert raw.hidden_text == STUFFING
    assert Flag.HIDDEN_TEXT in raw.flags


def test_without_tesseract_invisible_text_over_an_image_is_hidden(tmp_path, monkeypatch):
    fake_ocr(monkeypatch, None)

    raw = read(layered_scan(tmp_path, [STUFFING], visible=GENUINE))

    assert raw.text.splitlines() == list(GENUINE)
    assert raw.hidden_text == STUFFING
    assert Flag.HIDDEN_TEXT in raw.flags
    assert Flag.OCR not in raw.flags


@pytest.mark.parametrize(
    ("size", "colour"), [(2.0, (0.5, 0.5, 0.5)), (3.5, (0.0, 0.0, 0.0)), (11.0, (0.94, 0.94, 0.94))]
)
def test_tiny_or_faint_text_is_hidden(tmp_path, size, colour):
    page = [
        Text(72, 780, GENUINE[0]),
        Text(72, 700, STUFFING, size=size, color=colour),
        Text(72, 620, GENUINE[1]),
    ]

    raw = read(build_pdf(tmp_path / "tiny.pdf", [page]))

    assert [line for line in raw.text.splitlines() if line] == list(GENUINE)
    assert raw.hidden_text == STUFFING
    assert Flag.HIDDEN_TEXT in raw.flags


def test_small_print_stays_visible(tmp_path):
    page = [Text(72, 780, GENUINE[0]), Text(72, 700, GENUINE[1], size=6.0)]

    raw = read(build_pdf(tmp_path / "small.pdf", [page]))

    assert GENUINE[1] in raw.text
    assert raw.hidden_text == ""


def test_agreement_is_decided_line_by_line(tmp_path):
    page = [Text(72, 700 - i * LEADING, line, render_mode=3) for i, line in enumerate(GENUINE)]
    path = build_pdf(tmp_path / "lines.pdf", [page])
    pdf = pdfium.PdfDocument(path.read_bytes())
    try:
        textpage = pdf[0].get_textpage()
        chars = read_chars(textpage)
        textpage.close()
    finally:
        pdf.close()
    # OCR read the first line and one word of the second ("sedation"): 1 of 4 is too few.
    verdicts = agreeing_lines(chars, ocr_words({700: GENUINE[0], 686: "sedation"}))
    first = [v for c, v in zip(chars, verdicts, strict=True) if abs(c.baseline - 700) < 1]
    second = [v for c, v in zip(chars, verdicts, strict=True) if abs(c.baseline - 686) < 1]
    assert all(first)
    assert not any(second)


def test_words_read_elsewhere_on_the_page_do_not_vouch_for_a_line(tmp_path, monkeypatch):
    """OCR reads the stuffing's words, but in another place: the invisible line stays hidden."""
    fake_ocr(monkeypatch, {**at_layer(GENUINE), 300.0: STUFFING})

    raw = read(layered_scan(tmp_path, [*GENUINE, STUFFING]))

    assert raw.hidden_text == STUFFING
    assert Flag.HIDDEN_TEXT in raw.flags
