"""Write the Korean and Chinese fixture CVs as PDF (reportlab, embedded CJK font) and DOCX.

The committed PDFs and DOCX files in ``tests/languages/fixtures/`` were written by
``python -m tests.languages.cjk_files`` from the ``.txt`` sources beside them. PDFs need a font
with Hangul / Han glyphs: NanumGothic (Debian ``fonts-nanum``) and WenQuanYi Micro Hei
(``fonts-wqy-microhei``), installed by ``scripts/system-deps.sh``; tests that write PDFs are
skipped with a message naming the package when the font is absent.
"""

import shutil
import subprocess
import tempfile
from pathlib import Path

import docx
from fontTools.ttLib import TTCollection
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

FIXTURES = Path(__file__).parent / "fixtures"
SOURCES = {
    "kim-minjun-cassandra-dba-ko": "ko",
    "wang-fang-cassandra-dba-zh": "zh",
}
FONT_PACKAGES = {"ko": "fonts-nanum", "zh": "fonts-wqy-microhei"}
_KNOWN_FONTS = {
    "ko": Path("/usr/share/fonts/truetype/nanum/NanumGothic.ttf"),
    "zh": Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"),
}
_SIZE, _LEADING, _MARGIN = 10.0, 14.0, 50.0


def cjk_font(language: str) -> Path | None:
    """A TrueType font file with the glyphs of ``language`` (``ko``/``zh``), or None."""
    known = _KNOWN_FONTS[language]
    if known.is_file():
        return known
    if shutil.which("fc-list") is None:
        return None
    listing = subprocess.run(
        ["fc-list", f":lang={language}", "file"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout
    files = sorted(line.split(":")[0] for line in listing.splitlines() if line.strip())
    return Path(files[0]) if files else None


def _wrap(line: str, font: str, width: float) -> list[str]:
    """Cut ``line`` to ``width`` points: at spaces when it has some, else between characters."""
    rows, current = [], ""
    units = line.split(" ") if " " in line else list(line)
    joiner = " " if " " in line else ""
    for unit in units:
        candidate = f"{current}{joiner}{unit}" if current else unit
        if current and pdfmetrics.stringWidth(candidate, font, _SIZE) > width:
            rows.append(current)
            current = unit
        else:
            current = candidate
    return [*rows, current]


def _single_font(font_file: Path, folder: Path) -> Path:
    """A ``.ttf`` of the first font of a collection (reportlab drops glyphs of ``.ttc`` files)."""
    if font_file.suffix.lower() != ".ttc":
        return font_file
    target = folder / f"{font_file.stem}-0.ttf"
    if not target.is_file():
        TTCollection(str(font_file)).fonts[0].save(str(target))
    return target


def write_pdf(text: str, path: Path, font_file: Path) -> Path:
    """One-column A4 PDF of ``text`` with the font embedded (deterministic bytes)."""
    name = f"CJK-{font_file.stem}"  # reportlab keeps the first font registered under a name
    if name not in pdfmetrics.getRegisteredFontNames():
        with tempfile.TemporaryDirectory() as folder:
            pdfmetrics.registerFont(TTFont(name, str(_single_font(font_file, Path(folder)))))
    width, height = A4
    canvas = Canvas(str(path), pagesize=A4, invariant=1)
    y = height - _MARGIN
    for line in text.splitlines():
        for row in _wrap(line, name, width - 2 * _MARGIN) if line else [""]:
            if y < _MARGIN:
                canvas.showPage()
                y = height - _MARGIN
            canvas.setFont(name, _SIZE)
            canvas.drawString(_MARGIN, y, row)
            y -= _LEADING
    canvas.save()
    return path


def write_docx(text: str, path: Path) -> Path:
    """A DOCX with one paragraph per line of ``text``."""
    document = docx.Document()
    for line in text.splitlines():
        document.add_paragraph(line)
    document.save(str(path))
    return path


def main() -> None:
    """Rewrite every fixture PDF and DOCX from its ``.txt`` source."""
    for stem, language in SOURCES.items():
        text = (FIXTURES / f"{stem}.txt").read_text(encoding="utf-8")
        font = cjk_font(language)
        if font is None:
            raise SystemExit(f"no {language} font: install {FONT_PACKAGES[language]}")
        write_pdf(text, FIXTURES / f"{stem}.pdf", font)
        write_docx(text, FIXTURES / f"{stem}.docx")


if __name__ == "__main__":
    main()
