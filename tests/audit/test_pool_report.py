"""The candidate-pool report: counts, bands, escaping, the CLI, and a render in headless Chromium.

The screenshot goes to ``test-artifacts/pool-report.png`` (git-ignored). Never
``playwright install``: the browser is the system's ``/usr/bin/chromium``.
"""

from pathlib import Path

import pytest
from typer.testing import CliRunner

from cvmatch.audit.html import render_pool_report
from cvmatch.audit.pool import PoolRow, PoolSummary, band
from cvmatch.cli import app
from cvmatch.types import EvidenceStatus

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"]
MET, PARTIAL, MISSING = EvidenceStatus.MET, EvidenceStatus.PARTIAL, EvidenceStatus.MISSING


def _summary() -> PoolSummary:
    rows = (
        PoolRow(
            "a", 80.0, "strong", "en", 9.0, ("English",), ("Cassandra",), (("Cassandra", MET),)
        ),
        PoolRow(
            "<b>",
            30.0,
            "possible",
            "fr",
            2.0,
            (),
            ("Cassandra", "Java"),
            (("Cassandra", MISSING), ("Linux", PARTIAL)),
        ),
    )
    return PoolSummary("job", ("Cassandra", "Linux"), rows)


def test_bands_follow_the_calibrated_scale() -> None:
    assert [band(s) for s in (0.0, 24.9, 25.0, 60.0, 75.0, 100.0)] == [
        "unlikely", "unlikely", "possible", "likely", "strong", "strong",
    ]  # fmt: skip


def test_counts_over_the_pool() -> None:
    summary = _summary()
    assert summary.most_missing() == [("Cassandra", 1)]
    assert summary.status_counts()["Linux"][PARTIAL] == 1
    assert summary.skills() == [("Cassandra", 2), ("Java", 1)]
    assert summary.languages() == [("English", 1), ("fr", 1)]
    assert summary.band_counts() == {"unlikely": 0, "possible": 1, "likely": 0, "strong": 1}


def test_html_is_self_contained_and_escaped() -> None:
    html = render_pool_report(_summary(), redacted=True)
    assert html.count("<svg") == 6
    assert "&lt;b&gt;" in html
    assert "<b>" not in html
    for external in ("<script", "<link", "src=", "@import", "url(http"):  # nothing fetched
        assert external not in html
    assert "Scored blind" in html


@pytest.fixture
def report_file(tmp_path: Path, fake_env: Path) -> Path:
    """``cvmatch report`` on the example CVs for the Cassandra job (fake encoder: quick)."""
    del fake_env
    out = tmp_path / "report.html"
    job = ROOT / "examples" / "jobs" / "cassandra-dba.md"
    args = ["report", str(job), str(ROOT / "examples" / "cvs"), "--out", str(out)]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "wrote" in result.stdout
    return out


def test_the_cli_writes_the_report(report_file: Path) -> None:
    html = report_file.read_text(encoding="utf-8")
    assert "Candidate pool for cassandra-dba" in html
    assert "Requirements most often missing" in html
    assert "ethan-walsh-cassandra-dba.pdf" in html


@pytest.mark.browser
def test_the_report_renders_in_headless_chromium(report_file: Path) -> None:
    if not CHROMIUM.exists():
        pytest.skip("no /usr/bin/chromium: run scripts/service-deps.sh as root (apt chromium)")
    from playwright.sync_api import sync_playwright  # noqa: PLC0415 - only for browser tests

    requests: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        page = browser.new_page(viewport={"width": 1100, "height": 900})
        page.on("request", lambda request: requests.append(request.url))
        page.goto(report_file.as_uri())
        charts = page.locator("figure > svg")
        sizes = [charts.nth(i).bounding_box() for i in range(charts.count())]
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "pool-report.png"), full_page=True)
        browser.close()
    assert len(sizes) >= 5
    assert all(box is not None and box["width"] > 300 and box["height"] > 100 for box in sizes)
    assert requests == [report_file.as_uri()]  # nothing fetched beyond the file itself
