from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pytest
from tests.documents.pdf_factory import (
    HEADER_LINE,
    LEFT_LINES,
    PAGE_HEIGHT,
    RIGHT_LINES,
    SINGLE_COLUMN_LINES,
    WHITE,
    Item,
    Rect,
    Text,
    build_pdf,
    column,
    single_column_cv,
    two_column_cv,
)

from cvmatch.documents.base import Limits, RawText
from cvmatch.documents.pdf import PdfReader
from cvmatch.documents.pdf_layout import dehyphenate
from cvmatch.documents.pdf_visibility import MIN_FONT_SIZE_PT, contrast_ratio
from cvmatch.errors import (
    CorruptDocumentError,
    DocumentTooLargeError,
    EmptyDocumentError,
    EncryptedDocumentError,
)
from cvmatch.types import Flag

VISIBLE = ("Jane Doe", "Experience", "Data engineer at Acme Corp since 2019.")
HIDDEN_WORDS = "kubernetes terraform golang"


def read(path: Path, **limits: Any) -> RawText:
    return PdfReader().read(path.read_bytes(), Limits(**limits))


def non_blank(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.strip()]


def test_single_column_cv_round_trips_with_headings_on_their_own_lines(tmp_path: Path) -> None:
    raw = read(single_column_cv(tmp_path / "cv.pdf"))

    assert non_blank(raw.text) == [line for line in SINGLE_COLUMN_LINES if line]
    assert raw.pages == 1
    assert raw.flags == ()
    assert raw.hidden_text == ""


def test_blank_lines_separate_blocks_but_not_lines_of_one_block(tmp_path: Path) -> None:
    raw = read(single_column_cv(tmp_path / "cv.pdf"))

    assert "Senior Data Engineer\n\nSummary\nData engineer with" in raw.text
    assert "2019 - 2024\nBuilt streaming pipelines" in raw.text


@pytest.mark.parametrize("right_first", [False, True], ids=["stream-order", "right-column-first"])
def test_two_columns_read_left_column_then_right_column(tmp_path: Path, right_first: bool) -> None:
    raw = read(two_column_cv(tmp_path / "cv.pdf", right_first=right_first))

    assert non_blank(raw.text) == [HEADER_LINE, *LEFT_LINES, *RIGHT_LINES]


def test_right_first_fixture_really_writes_the_right_column_first(tmp_path: Path) -> None:
    # Guards the test above: pdfium's own stream-order text must start with the right column.
    pdf = pdfium.PdfDocument(two_column_cv(tmp_path / "cv.pdf", right_first=True))
    stream_text = pdf[0].get_textpage().get_text_range()
    pdf.close()

    assert stream_text.index("Right marker 1 ") < stream_text.index("Left marker 1 ")


def test_two_columns_without_header(tmp_path: Path) -> None:
    raw = read(two_column_cv(tmp_path / "cv.pdf", right_first=True, header=False))

    assert non_blank(raw.text) == [*LEFT_LINES, *RIGHT_LINES]


def test_header_columns_full_width_block_columns_keep_their_order(tmp_path: Path) -> None:
    wide = "spanning the whole page width of this document, really wide"
    top = PAGE_HEIGHT - 100
    items: list[Item] = [Text(50, PAGE_HEIGHT - 60, f"TOP {wide}", size=12)]
    items += column(320, top, [f"R1 line {i}" for i in range(1, 9)])
    items += column(50, top, [f"L1 line {i}" for i in range(1, 9)])
    items += [Text(50, top - 150, f"MIDDLE {wide}", size=12)]
    items += column(320, top - 190, [f"R2 line {i}" for i in range(1, 10)])
    items += column(50, top - 190, [f"L2 line {i}" for i in range(1, 10)])

    lines = non_blank(read(build_pdf(tmp_path / "mixed.pdf", [items])).text)

    expected_prefixes = ["TOP", *["L1"] * 8, *["R1"] * 8, "MIDDLE", *["L2"] * 9, *["R2"] * 9]
    assert [line.split()[0] for line in lines] == expected_prefixes


def test_three_columns_read_left_to_right(tmp_path: Path) -> None:
    items: list[Item] = []
    for number, x in ((3, 410), (1, 50), (2, 230)):
        items += column(x, PAGE_HEIGHT - 100, [f"col{number} line {i} text" for i in range(1, 7)])

    lines = non_blank(read(build_pdf(tmp_path / "three.pdf", [items])).text)

    assert [line.split()[0] for line in lines] == ["col1"] * 6 + ["col2"] * 6 + ["col3"] * 6


def test_dates_beside_job_titles_stay_on_their_row(tmp_path: Path) -> None:
    # Right-aligned dates form a strip of text beside a wide gap, but they label their rows:
    # splitting them off as a column would detach each date from its job.
    items: list[Item] = [Text(72, PAGE_HEIGHT - 72, "Experience", size=14)]
    jobs = (("Data Engineer, Acme", "2019 - 2024"), ("Developer, Beta", "2015 - 2019"))
    for k, (job, dates) in enumerate(jobs * 2):
        y = PAGE_HEIGHT - 100 - 50 * k
        items += [Text(72, y, job), Text(470, y, dates)]
        items += column(84, y - 14, ["- Built pipelines", "- Wrote tests"], size=10)

    text = read(build_pdf(tmp_path / "dates.pdf", [items])).text

    assert "Data Engineer, Acme 2019 - 2024\n- Built pipelines" in text
    assert "Developer, Beta 2015 - 2019\n- Built pipelines" in text


def test_sidebar_of_white_text_on_a_dark_panel_is_visible_and_read_first(tmp_path: Path) -> None:
    sidebar: list[Item] = [Rect(0, 0, 180, PAGE_HEIGHT, color=(0.15, 0.2, 0.35))]
    sidebar += [
        Text(20, PAGE_HEIGHT - 60 - 14 * i, line, size=9, color=WHITE)
        for i, line in enumerate(("SKILLS", "Python", "Apache Spark", "Kafka", "SQL"))
    ]
    main = column(200, PAGE_HEIGHT - 60, ["Jane Doe", "Experience", *LEFT_LINES])

    raw = read(build_pdf(tmp_path / "sidebar.pdf", [main + sidebar]))

    assert Flag.HIDDEN_TEXT not in raw.flags
    assert raw.hidden_text == ""
    assert raw.text.startswith("SKILLS\nPython\nApache Spark\nKafka\nSQL\n\nJane Doe\nExperience")


HIDDEN_CASES = {
    "white-on-white": Text(72, 600, HIDDEN_WORDS, color=WHITE),
    "near-white": Text(72, 600, HIDDEN_WORDS, color=(0.97, 0.97, 0.97)),
    "tiny": Text(72, 600, HIDDEN_WORDS, size=MIN_FONT_SIZE_PT / 2),
    "right-of-page": Text(700, 600, HIDDEN_WORDS),
    "below-page": Text(72, -40, HIDDEN_WORDS),
    "render-mode-3": Text(72, 600, HIDDEN_WORDS, render_mode=3),
}


@pytest.mark.parametrize("trick", HIDDEN_CASES.values(), ids=HIDDEN_CASES.keys())
def test_hidden_text_is_excluded_from_text_and_reported(tmp_path: Path, trick: Text) -> None:
    page = [*column(72, 750, VISIBLE), trick]

    raw = read(build_pdf(tmp_path / "hidden.pdf", [page]))

    assert non_blank(raw.text) == list(VISIBLE)
    assert raw.hidden_text == HIDDEN_WORDS
    assert Flag.HIDDEN_TEXT in raw.flags


def test_text_covered_by_a_white_box_is_hidden(tmp_path: Path) -> None:
    page: list[Item] = [*column(72, 750, VISIBLE), Text(72, 600, HIDDEN_WORDS)]
    page.append(Rect(60, 590, 300, 25, WHITE))

    raw = read(build_pdf(tmp_path / "covered.pdf", [page]))

    assert HIDDEN_WORDS not in raw.text
    assert raw.hidden_text == HIDDEN_WORDS
    assert Flag.HIDDEN_TEXT in raw.flags


def test_faint_grey_text_and_text_on_a_tinted_box_stay_visible(tmp_path: Path) -> None:
    page: list[Item] = [
        Text(72, 750, "Grey footnote with contact details", color=(0.7, 0.7, 0.7)),
        Rect(60, 690, 300, 30, color=(0.85, 0.9, 1.0)),
        Text(72, 700, "Highlighted skills Python SQL"),
    ]

    raw = read(build_pdf(tmp_path / "faint.pdf", [page]))

    assert non_blank(raw.text) == [
        "Grey footnote with contact details",
        "Highlighted skills Python SQL",
    ]
    assert raw.flags == ()


def test_only_hidden_text_is_an_empty_document(tmp_path: Path) -> None:
    path = build_pdf(tmp_path / "only-hidden.pdf", [[Text(72, 600, HIDDEN_WORDS, color=WHITE)]])

    with pytest.raises(EmptyDocumentError, match="only hidden text"):
        read(path)


def test_pages_are_joined_with_a_blank_line(tmp_path: Path) -> None:
    pages = [[Text(72, 750, "First page line")], [Text(72, 750, "Second page line")]]

    raw = read(build_pdf(tmp_path / "two-pages.pdf", pages))

    assert raw.text == "First page line\n\nSecond page line"
    assert raw.pages == 2


def test_line_end_hyphens_join_syllables_but_keep_compounds(tmp_path: Path) -> None:
    lines = [
        "We led the develop-",
        "ment of a full-",
        "stack platform for appli\u00ad",
        "cation logs.",
    ]

    raw = read(build_pdf(tmp_path / "hyphens.pdf", [column(72, 750, lines)]))

    assert raw.text == "We led the development\nof a full-\nstack platform for application\nlogs."


def test_dehyphenate_moves_the_rest_of_the_word_up() -> None:
    assert dehyphenate(["Entwick-", "lung", "end-to-", "end"]) == ["Entwicklung", "end-to-", "end"]
    assert dehyphenate(["Python-", "Django"]) == ["Python-", "Django"]
    assert dehyphenate(["soft\u00adhyphen inside"]) == ["softhyphen inside"]


def test_contrast_ratio_follows_wcag() -> None:
    assert contrast_ratio([0, 0, 0], [255, 255, 255]) == pytest.approx(21.0)
    assert contrast_ratio([240, 240, 240], [255, 255, 255]) == pytest.approx(1.14, abs=0.01)


def test_password_protected_pdf_raises_encrypted(tmp_path: Path) -> None:
    pages = [column(72, 750, VISIBLE)]
    path = build_pdf(tmp_path / "locked.pdf", pages, password="s3cret")  # noqa: S106 (fixture)

    with pytest.raises(EncryptedDocumentError, match="password-protected; remove the password"):
        read(path)


def test_owner_password_only_pdf_is_read(tmp_path: Path) -> None:
    # An empty user password opens the file: only permissions are restricted.
    path = build_pdf(tmp_path / "restricted.pdf", [column(72, 750, VISIBLE)], password="")

    assert non_blank(read(path).text) == list(VISIBLE)


def test_truncated_pdf_raises_corrupt_with_the_pdfium_error_chained(tmp_path: Path) -> None:
    data = two_column_cv(tmp_path / "cv.pdf").read_bytes()

    with pytest.raises(CorruptDocumentError, match="damaged") as caught:
        PdfReader().read(data[: len(data) // 2], Limits())
    assert isinstance(caught.value.__cause__, pdfium.PdfiumError)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"%PDF-1.7\n" + bytes(range(256)) * 8, "damaged"),
        (b"PK\x03\x04 this is a zip archive, not a PDF", "not a PDF"),
    ],
    ids=["garbage-after-header", "no-header"],
)
def test_corrupt_bytes_raise_corrupt(data: bytes, message: str) -> None:
    with pytest.raises(CorruptDocumentError, match=message):
        PdfReader().read(data, Limits())


def test_too_many_pages_raises_before_extracting(tmp_path: Path) -> None:
    path = build_pdf(tmp_path / "long.pdf", [[Text(72, 750, f"page {n}")] for n in range(3)])

    with pytest.raises(DocumentTooLargeError, match="3 pages; the limit is 2"):
        read(path, max_pages=2)


@pytest.mark.parametrize("data", [b"", b"  \n\t"], ids=["empty", "white-space"])
def test_empty_file_raises_empty(data: bytes) -> None:
    with pytest.raises(EmptyDocumentError, match="empty"):
        PdfReader().read(data, Limits())


def test_reader_contract_and_config() -> None:
    reader = PdfReader()

    assert (reader.name, reader.extensions) == ("pdf", (".pdf",))
    assert reader.config()["min_font_size_pt"] == MIN_FONT_SIZE_PT


def test_concurrent_reads_match_sequential_reads(tmp_path: Path) -> None:
    paths = [
        single_column_cv(tmp_path / "one.pdf"),
        two_column_cv(tmp_path / "two.pdf", right_first=True),
    ] * 4
    expected = [read(path).text for path in paths]

    with ThreadPoolExecutor(max_workers=4) as pool:
        assert list(pool.map(lambda path: read(path).text, paths)) == expected
