"""Hidden-text classes in HTML, decided by the CSS cascade (tinycss2 + cssselect2)."""

import pytest

from cvmatch.documents import css_cascade
from cvmatch.documents.base import Limits
from cvmatch.documents.html import HtmlReader
from cvmatch.errors import DocumentTooLargeError
from cvmatch.types import Flag

STUFFING = "Cassandra CQL nodetool"


def read(html: str):
    return HtmlReader().read(html.encode(), Limits())


def page(style: str, body: str) -> str:
    return f"<style>{style}</style><p>Registered nurse</p>{body}<p>Ward leadership</p>"


@pytest.mark.parametrize(
    ("style", "body"),
    [
        # selectors the old reader did not cascade
        ("div[data-ats] p {display:none}", f"<div data-ats><p>{STUFFING}</p></div>"),
        (
            "section .k span {visibility:hidden}",
            f"<section><div class=k><span>{STUFFING}</span></div></section>",
        ),
        ("p + div {display:none}", f"<div>{STUFFING}</div>"),
        ("p ~ section:nth-child(n+2) {display:none}", f"<section>{STUFFING}</section>"),
        (":not(.shown) > b {display:none}", f"<div><b>{STUFFING}</b></div>"),
        ("@media screen { .k {display:none} }", f"<div class=k>{STUFFING}</div>"),
        ("@media all and (min-width: 1px) { .k {opacity:0} }", f"<div class=k>{STUFFING}</div>"),
        ("@supports (display:grid) { .k {display:none} }", f"<div class=k>{STUFFING}</div>"),
        # boxes that show nothing
        (
            ".sr-only{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0,0,0,0)}",
            f"<span class=sr-only>{STUFFING}</span>",
        ),
        (".k{clip-path: inset(50%)}", f"<div class=k>{STUFFING}</div>"),
        (".k{transform: scale(0)}", f"<div class=k>{STUFFING}</div>"),
        (".k{transform: matrix(0.001, 0, 0, 0.001, 0, 0)}", f"<div class=k>{STUFFING}</div>"),
        (".k{transform: translateX(-200em)}", f"<div class=k>{STUFFING}</div>"),
        (".k{height:0; overflow:hidden}", f"<div class=k><p>{STUFFING}</p></div>"),
        (".k{max-height:0; overflow-y:hidden}", f"<div class=k>{STUFFING}</div>"),
        (".k{position:absolute; top:-100vh}", f"<div class=k>{STUFFING}</div>"),
        (".k{text-indent:-9999px}", f"<div class=k>{STUFFING}</div>"),
        (".k{position:absolute; left:-100%}", f"<div class=k>{STUFFING}</div>"),
        (".k{content-visibility:hidden}", f"<div class=k>{STUFFING}</div>"),
        ("", f"<details><summary></summary><p>{STUFFING}</p></details>"),
        # ink the reader cannot see
        ("body{color:#333} .k{color:#f4f4f4}", f"<p class=k>{STUFFING}</p>"),
        (
            ".panel{background:#123} .panel p{color:#102030}",
            f"<div class=panel><p>{STUFFING}</p></div>",
        ),
        (".k{color: rgba(0, 0, 0, 0.03)}", f"<p class=k>{STUFFING}</p>"),
        (".a{opacity:.1} .b{opacity:.1}", f"<div class=a><div class=b>{STUFFING}</div></div>"),
        (
            ".a{font-size:4px} .b{font-size:.5em}",
            f"<div class=a><span class=b>{STUFFING}</span></div>",
        ),
        (".k{font: 2pt/1 sans-serif; color:#999}", f"<p class=k>{STUFFING}</p>"),
        # the cascade's order: !important, specificity, inline
        ("#k{display:none !important}", f"<p id=k style='display:block'>{STUFFING}</p>"),
        ("#k{color:#fff} p.c{color:#000}", f"<p id=k class=c>{STUFFING}</p>"),
        ("p{color:#000}", f"<p style='color:#fefefe'>{STUFFING}</p>"),
    ],
)
def test_hidden_by_the_cascade(style, body):
    raw = read(page(style, body))
    assert raw.text == "Registered nurse\n\nWard leadership"
    assert raw.hidden_text == STUFFING
    assert Flag.HIDDEN_TEXT in raw.flags


@pytest.mark.parametrize(
    ("style", "body"),
    [
        ("@media print { .k {display:none} }", f"<p class=k>{STUFFING}</p>"),
        ("@media not screen { .k {display:none} }", f"<p class=k>{STUFFING}</p>"),
        ("p.k::before {display:none; content:''}", f"<p class=k>{STUFFING}</p>"),
        (".k{display:none} .k{display:block}", f"<p class=k>{STUFFING}</p>"),
        (
            "#k{color:#fff !important} p{color:#000}",
            f"<p id=k style='background:#000'>{STUFFING}</p>",
        ),
        (".v{visibility:hidden} .v p{visibility:visible}", f"<div class=v><p>{STUFFING}</p></div>"),
        (".k{height:0}", f"<div class=k>{STUFFING}</div>"),  # overflow visible: it shows
        (".k{color:#aaa}", f"<p class=k>{STUFFING}</p>"),  # light grey, still readable
        (".k{color:yellow}", f"<p class=k>{STUFFING}</p>"),  # low contrast, other hue
        (".k{font-size:7px}", f"<p class=k>{STUFFING}</p>"),
        ("", f"<details open><summary>Skills</summary><p>{STUFFING}</p></details>"),
    ],
)
def test_visible_by_the_cascade(style, body):
    raw = read(page(style, body))
    assert STUFFING in raw.text
    assert raw.hidden_text == ""


def test_summary_of_a_closed_details_shows():
    raw = read(f"<details><summary>Skills</summary>{STUFFING}<p>more</p></details>")
    assert raw.text == "Skills"
    assert raw.hidden_text == f"{STUFFING}\n\nmore"


def test_print_only_style_element_is_ignored():
    raw = read(f"<style media='print'>p {{display:none}}</style><p>{STUFFING}</p>")
    assert raw.text == STUFFING


def test_long_selectors_are_cut_to_a_superset_that_still_hides():
    style = ".a .b .c .d .e p {display:none}"
    body = f"<div class=a><div class=b><div class=c><div class=d><div class=e><p>{STUFFING}</p>"
    raw = read(page(style, body + "</div>" * 5))
    assert raw.hidden_text == STUFFING


def test_hidden_text_is_capped():
    cap = Limits().max_hidden_chars
    raw = read(page("", f"<div hidden>{'keyword ' * (cap // 4)}</div>"))
    assert cap - 8 <= len(raw.hidden_text) <= cap


def test_selector_matching_over_budget_is_refused():
    """Descendant walks on a deep tree would take minutes: refused before that."""
    rules = "".join(f"x{i} div div {{color:red}}" for i in range(50))
    html = f"<style>{rules}</style>" + "<div>" * 500 + "text" + "</div>" * 500
    with pytest.raises(DocumentTooLargeError, match="too complex to check for hidden text"):
        read(html)


def test_too_many_selectors_are_refused(monkeypatch):
    monkeypatch.setattr(css_cascade, "MAX_SELECTORS", 10)
    with pytest.raises(DocumentTooLargeError, match="CSS selectors"):
        read("<style>" + "".join(f".c{i}{{color:red}}" for i in range(11)) + "</style><p>x</p>")


def test_huge_numbers_and_broken_css_do_not_stop_the_check():
    style = f".k{{margin-left:-{'9' * 5000}px}} p{{color: ; }} }}{{ @media {{"
    raw = read(page(style, f"<div class=k>{STUFFING}</div>"))
    assert raw.hidden_text == STUFFING


def test_data_url_style_sheets_count():
    link = "<link rel=stylesheet href='data:text/css,.k%7Bdisplay:none%7D'>"
    imported = "<style>@import url('data:text/css;base64,LmsgeyBkaXNwbGF5OiBub25lIH0=');</style>"
    for head in (link, imported):
        raw = read(head + page("", f"<div class=k>{STUFFING}</div>"))
        assert raw.hidden_text == STUFFING


def test_print_only_imports_and_links_do_not_count():
    link = "<link rel=stylesheet media=print href='data:text/css,.k%7Bdisplay:none%7D'>"
    imported = "<style>@import url('data:text/css,.k%7Bdisplay:none%7D') print;</style>"
    for head in (link, imported):
        raw = read(head + page("", f"<div class=k>{STUFFING}</div>"))
        assert STUFFING in raw.text


def test_custom_properties_are_resolved():
    style = ":root{--paper:#fff; --ink:#fefefe; --dark:#1f3864} .k{color:var(--ink)}"
    raw = read(page(style, f"<p class=k>{STUFFING}</p>"))
    assert raw.hidden_text == STUFFING
    shown = ".side{background:var(--dark)} .side p{color:var(--paper)}"
    raw = read(page(style + shown, f"<aside class=side><p>{STUFFING}</p></aside>"))
    assert STUFFING in raw.text
    fallback = ".k{color:var(--missing, rgb(250, 250, 250))}"
    raw = read(page(fallback, f"<p class=k>{STUFFING}</p>"))
    assert raw.hidden_text == STUFFING


def test_a_styled_cv_template_hides_nothing():
    """Dark sidebar (gradient and variables), header on a dark band, skill bars, print rules."""
    style = """
    :root { --accent: #1f3864; --on-accent: #ffffff; }
    body { font: 14px/1.4 Georgia, serif; color: #222; }
    header { background: var(--accent); color: var(--on-accent); padding: 1em; }
    aside { background: linear-gradient(#2c3e50, #34495e); color: #fff; width: 30%; }
    .bar { height: 6px; overflow: hidden; background: #eee; }
    .bar span { display: block; width: 80%; background: var(--accent); }
    .muted { color: #777; font-size: .8em; }
    .tag { color: var(--accent); background: rgba(31, 56, 100, .1); }
    @media print { .screen-only { display: none } }
    @media (max-width: 600px) { aside { width: 100% } }
    """
    body = """
    <header><h1>Grace Thompson</h1><p>Registered Nurse</p></header>
    <aside><h2>Skills</h2><p>Ventilation</p><div class=bar><span></span></div></aside>
    <main><p class=muted>Bristol, UK</p><p><span class=tag>ICU</span></p>
    <p class=screen-only>Portfolio online</p></main>
    """
    raw = read(f"<style>{style}</style>{body}")
    assert raw.hidden_text == ""
    for shown in (
        "Grace Thompson",
        "Registered Nurse",
        "Ventilation",
        "Bristol",
        "ICU",
        "Portfolio",
    ):
        assert shown in raw.text
