"""The service's audit page over real HTTP, rendered in headless Chromium.

A uvicorn server in a thread serves the real app (fake encoder, SQLite store in ``tmp_path``);
the page takes the token from ``localStorage`` as the ranking page saves it, fetches both
reports and shows them in sandboxed frames. The screenshot goes to
``test-artifacts/audit-page.png`` (git-ignored).
"""

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import uvicorn
from tests.audit.service_support import CVS, Service, new_job, service, upload

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[str, Service, int]]:
    """``(base url, service, job id)``: a job with 4 CVs and two recorded answers."""
    with service(tmp_path) as svc:
        job = new_job(svc.client)
        ids = upload(svc.client, job, CVS)
        for person in ids[:2]:
            svc.client.put(f"/api/candidates/{person}/categories", json={"sex": "female"})
        port = _free_port()
        config = uvicorn.Config(svc.client.app, host="127.0.0.1", port=port, log_level="warning")
        server = uvicorn.Server(config)
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        deadline = time.monotonic() + 30
        while not server.started and time.monotonic() < deadline:
            time.sleep(0.05)
        try:
            yield f"http://127.0.0.1:{port}", svc, job
        finally:
            server.should_exit = True
            thread.join(timeout=10)


def test_the_reports_are_served_over_http_with_the_token(served: tuple[str, Service, int]) -> None:
    base, svc, job = served
    token = svc.client.headers["Authorization"]
    without = httpx.get(f"{base}/api/jobs/{job}/pool-report")
    report = httpx.get(
        f"{base}/api/jobs/{job}/pool-report", headers={"Authorization": token}, timeout=300
    )
    assert without.status_code == 401
    assert report.status_code == 200
    assert "<svg" in report.text


@pytest.mark.browser
def test_the_audit_page_shows_both_reports_in_chromium(served: tuple[str, Service, int]) -> None:
    if not CHROMIUM.exists():
        pytest.skip("no /usr/bin/chromium: run scripts/service-deps.sh as root (apt chromium)")
    from playwright.sync_api import sync_playwright  # noqa: PLC0415 - only for browser tests

    base, svc, job = served
    token = svc.client.headers["Authorization"].removeprefix("Bearer ")
    requests: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        page = browser.new_page(viewport={"width": 1100, "height": 1400})
        page.goto(base + "/")
        page.evaluate("token => localStorage.setItem('cvmatch-token', token)", token)
        page.on("request", lambda request: requests.append(request.url))
        page.goto(f"{base}/jobs/{job}/audit")
        page.wait_for_function(
            "['bias', 'pool'].every(id => document.getElementById(id).srcdoc.length > 0)"
        )
        pool = page.frame_locator("#pool")
        bias = page.frame_locator("#bias")
        charts = pool.locator("figure > svg").count()
        heading = bias.locator("h1").inner_text()
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "audit-page.png"), full_page=True)
        browser.close()
    assert charts >= 3
    assert heading.startswith("Bias audit: Cassandra DBA")
    assert all(url.startswith(base) for url in requests)  # nothing from a CDN
