"""The HTML guard: browser-like tag boundaries, nesting flattened, amplification refused."""

import pytest

from cvmatch.documents.base import Budget, Limits
from cvmatch.documents.html_guard import MAX_DEPTH, guard_html
from cvmatch.errors import DocumentTooLargeError


def guard(html: str, **limits: int) -> str:
    return guard_html(html, Budget(Limits(**limits)))  # type: ignore[arg-type]


def test_small_documents_pass_unchanged():
    html = '<p title="a<b">x</p>'
    assert guard(html) is html


def test_lt_inside_quoted_attribute_does_not_hide_a_tag():
    depth = MAX_DEPTH + 10
    html = '<div title="a<b">' * depth + "x" + "</div>" * depth
    out = guard(html)
    # 512 divs kept, with their end tags; the 10 too deep are dropped with theirs.
    assert out.count("<div") == MAX_DEPTH
    assert out.count("</div>") == MAX_DEPTH


def test_quote_inside_an_unquoted_value_is_a_plain_character():
    depth = MAX_DEPTH + 5
    out = guard('<div x=a"b>' * depth + "x")
    assert out.count("<div") == MAX_DEPTH  # a stray quote does not swallow the next tags


def test_comments_and_flat_tags_do_not_deepen():
    html = "<!-- <div> -->" * 600 + "<p>x" * 600 + "<br>" * 600
    assert guard(html) == html


def test_tags_count_against_the_element_ceiling():
    with pytest.raises(DocumentTooLargeError, match="more than 1,000 elements"):
        guard("<i>a</i>" * 600, max_elements=1_000)


def test_reopened_formatting_counts_against_the_ceiling():
    # 100 unclosed <b>, then 600 paragraphs: the parser would re-open the 100 in each one.
    html = "<p>" + "".join(f'<b class="c{i}">' for i in range(100)) + "<p>a" * 600
    assert len(html) < 10_000
    with pytest.raises(DocumentTooLargeError, match="elements"):
        guard(html, max_elements=20_000)


def test_closed_formatting_does_not_count_again():
    html = "<p><b>x</b><i>y</i>" * 400
    assert guard(html, max_elements=2_000) == html  # 1,600 tags, nothing left open


def test_stray_lt_is_text():
    html = "a < b <= c <3 " * 200
    assert guard(html) == html
