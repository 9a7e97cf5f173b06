"""The recruiter page in real headless Chromium (Debian ``chromium`` driven by playwright).

Create a job, upload the example CVs, see them ranked, star one and see the order change, open
a candidate's evidence, compare two. Screenshots go to ``test-artifacts/`` (git-ignored).
Never ``playwright install``: the browser is the system's ``/usr/bin/chromium``.
"""

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, sync_playwright
from tests.service.live import ROOT, LiveServer

pytestmark = [pytest.mark.models, pytest.mark.browser]
CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = ROOT / "test-artifacts"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]
CVS = sorted(str(p) for p in (ROOT / "examples" / "cvs").iterdir() if p.is_file())
JOB = ROOT / "examples" / "jobs" / "cassandra-dba.md"


@pytest.fixture(scope="module")
def browser_page() -> Iterator[Page]:
    if not CHROMIUM.exists():
        pytest.skip("no /usr/bin/chromium: run scripts/service-deps.sh as root (apt chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 1000})
        yield page
        browser.close()


def _names(page: Page) -> list[str]:
    return page.locator("#ranking tbody tr td:nth-child(3) .evidence-link").all_inner_texts()


def test_recruiter_flow(server: LiveServer, browser_page: Page) -> None:
    page = browser_page
    ARTIFACTS.mkdir(exist_ok=True)
    page.goto(server.url + "/")
    page.fill("#token", server.token)
    page.click("#token-form button[type=submit]")
    page.fill("#job-title", "Cassandra DBA (browser)")
    page.fill("#job-text", JOB.read_text())
    page.click("#job-form button[type=submit]")
    page.wait_for_selector("#job-name:has-text('Cassandra DBA (browser)')")
    page.set_input_files("#cv-files", CVS)
    page.wait_for_selector("#upload-status:has-text('ranked')", timeout=120_000)
    assert f"{len(CVS)} / {len(CVS)} sent" in page.inner_text("#upload-status")
    before = _names(page)
    assert len(before) == len(CVS)
    # The four Cassandra DBAs (two English, one French, one German) lead.
    assert set(before[:4]) == {
        "ethan-walsh-cassandra-dba",
        "priya-raman-sre-cassandra",
        "claire-dubois-dba-fr",
        "jonas-weber-datenbankadministrator-de",
    }
    page.screenshot(path=str(ARTIFACTS / "service-1-ranked.png"), full_page=True)

    nurse = "grace-thompson-icu-nurse"
    page.click(f"button[aria-label='Star {nurse}']")
    page.wait_for_selector("#rank-summary:has-text('re-ranked by 1 star')")
    after = _names(page)
    assert after != before
    assert after.index("nadia-hughes-healthcare-assistant") < before.index(
        "nadia-hughes-healthcare-assistant"
    )
    assert page.get_attribute(f"button[aria-label='Unstar {nurse}']", "aria-pressed") == "true"
    page.screenshot(path=str(ARTIFACTS / "service-2-starred.png"), full_page=True)

    page.click("#ranking tbody tr:first-child .evidence-link")
    page.wait_for_selector("#evidence:not([hidden]) .reasons li")
    assert page.locator("#evidence .chips.met li").count() > 0
    assert page.locator("#evidence mark").count() > 0
    assert page.locator("#evidence table.requirements tr.req").count() > 0
    assert page.locator("#evidence .status.met").count() > 0
    page.screenshot(path=str(ARTIFACTS / "service-3-evidence.png"), full_page=True)

    page.check("#ranking tbody tr:nth-child(1) input[type=checkbox]")
    page.check("#ranking tbody tr:nth-child(2) input[type=checkbox]")
    page.click("#compare-btn")
    page.wait_for_selector("#compare:not([hidden]) article:nth-child(2)")
    page.click("#ranking tbody tr:nth-child(1) .decision button:has-text('Shortlist')")
    page.wait_for_selector("#ranking tbody tr.shortlisted")
    page.screenshot(path=str(ARTIFACTS / "service-4-compare.png"), full_page=True)
    assert page.inner_text("#message") == ""


def test_learning_from_decisions(server: LiveServer, browser_page: Page) -> None:
    """Opt in on the page, decide through the API, see "re-ranked from your N decisions", reset."""
    page = browser_page
    with server.client() as client:
        job_id = max(j["id"] for j in client.get("/api/jobs").json())

    def open_job() -> None:
        page.goto(server.url + "/")
        page.wait_for_selector(f"#job-select option[value='{job_id}']", state="attached")
        page.select_option("#job-select", str(job_id))
        page.wait_for_selector("#ranking tbody tr")

    open_job()
    page.check("#learning-toggle")
    page.wait_for_selector("#learning-info:has-text('of 10 decisions')")
    with server.client() as client:
        items = client.get(f"/api/jobs/{job_id}/ranking", params={"evidence": "false"}).json()
        for position, item in enumerate(items["items"][:12]):
            decision = "reject" if position < 4 else "shortlist"  # against the job's order
            url = f"/api/jobs/{job_id}/candidates/{item['candidate_id']}/decisions"
            client.post(url, json={"decision": decision}).raise_for_status()
        learning = client.get(f"/api/jobs/{job_id}/learning").json()
    assert learning["status"] == "active"
    open_job()
    page.wait_for_selector(
        f"#learning-info:has-text('re-ranked from your {learning['decisions']} decisions')"
    )
    assert page.locator("#ranking .learned").count() > 0
    page.screenshot(path=str(ARTIFACTS / "service-5-learned.png"), full_page=True)
    page.click("#learning-reset")
    page.wait_for_selector("#learning-info:has-text('learning: 0 of 10 decisions')")
    assert page.locator("#ranking .learned").count() == 0
    assert page.inner_text("#message") == ""
