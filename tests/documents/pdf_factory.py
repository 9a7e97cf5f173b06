"""Build small fixture PDFs with reportlab (deterministic: ``invariant=1``) for reader tests.

Coordinates are PDF points with the origin at the bottom-left of an A4 page (595 x 842 pt).
Other tests may import these helpers.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image
from reportlab.lib.pagesizes import A4
from reportlab.lib.pdfencrypt import StandardEncryption
from reportlab.pdfgen.canvas import Canvas

PAGE_WIDTH, PAGE_HEIGHT = A4
BLACK = (0.0, 0.0, 0.0)
WHITE = (1.0, 1.0, 1.0)
LEADING = 14.0


@dataclass(frozen=True)
class Text:
    """One line of text drawn at ``(x, y)`` (baseline, bottom-left origin)."""

    x: float
    y: float
    text: str
    size: float = 11.0
    font: str = "Helvetica"
    color: tuple[float, float, float] = BLACK
    render_mode: int = 0


@dataclass(frozen=True)
class Rect:
    """A filled rectangle; drawn in list order, so it covers earlier items."""

    x: float
    y: float
    width: float
    height: float
    color: tuple[float, float, float] = BLACK


@dataclass(frozen=True)
class Picture:
    """An image file drawn into the box ``(x, y, width, height)``."""

    x: float
    y: float
    width: float
    height: float
    path: Path


Item = Text | Rect | Picture


def build_pdf(
    path: Path,
    pages: Sequence[Sequence[Item]],
    *,
    password: str | None = None,
    page_size: tuple[float, float] = A4,
) -> Path:
    """Write ``pages`` (items drawn in the given order = content-stream order) to ``path``."""
    encrypt = None
    if password is not None:
        encrypt = StandardEncryption(password, ownerPassword=password + "-owner")
    canvas = Canvas(str(path), pagesize=page_size, invariant=1, encrypt=encrypt)
    for items in pages:
        for item in items:
            _draw(canvas, item)
        canvas.showPage()
    canvas.save()
    return path


def _draw(canvas: Canvas, item: Item) -> None:
    # Colour and render mode live in the graphics state: save/restore keeps them per item.
    canvas.saveState()
    if isinstance(item, Picture):
        canvas.drawImage(str(item.path), item.x, item.y, item.width, item.height)
    elif isinstance(item, Rect):
        canvas.setFillColorRGB(*item.color)
        canvas.rect(item.x, item.y, item.width, item.height, stroke=0, fill=1)
    else:
        canvas.setFillColorRGB(*item.color)
        text = canvas.beginText(item.x, item.y)
        text.setFont(item.font, item.size)
        text.setTextRenderMode(item.render_mode)
        text.textLine(item.text)
        canvas.drawText(text)
    canvas.restoreState()


def column(x: float, top: float, lines: Sequence[str], *, size: float = 11.0) -> list[Text]:
    """Lines stacked downwards from baseline ``top`` at ``x``, one every :data:`LEADING` points."""
    return [Text(x, top - i * LEADING, line, size=size) for i, line in enumerate(lines)]


SINGLE_COLUMN_LINES = (
    "Jane Doe",
    "Senior Data Engineer",
    "",
    "Summary",
    "Data engineer with eight years of experience building pipelines.",
    "",
    "Experience",
    "Acme Corp, Data Engineer, 2019 - 2024",
    "Built streaming pipelines with Kafka and Spark.",
    "",
    "Education",
    "MSc Computer Science, University of Lyon, 2016",
    "",
    "Skills",
    "Python, SQL, Kafka, Spark, Airflow",
)


def single_column_cv(path: Path) -> Path:
    """A one-page, one-column CV; empty strings in :data:`SINGLE_COLUMN_LINES` are blank lines."""
    items = [
        Text(72, PAGE_HEIGHT - 72 - i * LEADING, line, size=14 if i == 0 else 11)
        for i, line in enumerate(SINGLE_COLUMN_LINES)
        if line
    ]
    return build_pdf(path, [items])


LEFT_LINES = tuple(f"Left marker {i} skills Python" for i in range(1, 13))
RIGHT_LINES = tuple(f"Right marker {i} experience at Acme" for i in range(1, 13))
HEADER_LINE = "HEADER Jane Doe - Data Engineer - jane@example.com - +33 6 00 00 00 00"


def two_column_cv(path: Path, *, right_first: bool = False, header: bool = True) -> Path:
    """Header across the page, then two columns (left x=50, right x=320) of 12 lines each.

    With ``right_first`` the content stream writes the right column before the left one, so
    stream order differs from reading order.
    """
    top = PAGE_HEIGHT - 120
    left = column(50, top, LEFT_LINES, size=10)
    right = column(320, top, RIGHT_LINES, size=10)
    items: list[Item] = [Text(50, PAGE_HEIGHT - 70, HEADER_LINE, size=12)] if header else []
    items += right + left if right_first else left + right
    return build_pdf(path, [items])


def render_page_png(source: Path, dest: Path, *, dpi: int = 150) -> Path:
    """Rasterise the first page of ``source`` to a PNG file."""
    pdf = pdfium.PdfDocument(source)
    try:
        pdf[0].render(scale=dpi / 72).to_pil().convert("RGB").save(dest, "PNG")
    finally:
        pdf.close()
    return dest


def render_to_image_pdf(source: Path, dest: Path, *, dpi: int = 200) -> Path:
    """Rasterise every page of ``source`` and save them as an image-only PDF (a "scan")."""
    pdf = pdfium.PdfDocument(source)
    try:
        images = [page.render(scale=dpi / 72).to_pil().convert("RGB") for page in pdf]
    finally:
        pdf.close()
    images[0].save(dest, "PDF", resolution=float(dpi), save_all=True, append_images=images[1:])
    return dest


def blank_image_pdf(dest: Path) -> Path:
    """An image-only PDF whose single page is a white image (a scan of nothing)."""
    Image.new("RGB", (827, 1169), "white").save(dest, "PDF", resolution=100.0)
    return dest
