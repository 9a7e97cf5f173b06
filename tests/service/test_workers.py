"""``cvmatch serve --workers 2``: two processes over one store, each with its own page cache.

Consecutive requests land on either process; every page after a write must show it, whichever
process built its cached view before the write (the per-job revision is read from the store).
"""

from pathlib import Path

import pytest
from tests.service.live import LIMIT, live_server

pytestmark = pytest.mark.models

CVS = {
    "ada.txt": "Ada\nApache Cassandra repair and replication on Linux, Python.",
    "bob.txt": "Bob\nCassandra, Linux.",
    "cid.txt": "Cid\nHead chef: menus, pastry, kitchen.",
}
JOB = "Cassandra DBA\n# Requirements\n- Apache Cassandra repair and replication\n- Linux, Python\n"


def test_pages_follow_writes_across_worker_processes(tmp_path: Path) -> None:
    with (
        live_server(tmp_path, "--workers", "2", CVMATCH_MAX_FILE_BYTES=str(LIMIT)) as server,
        server.client() as client,
    ):
        job = client.post("/api/jobs", json={"title": "DBA", "text": JOB}).json()
        url = f"/api/jobs/{job['id']}"
        files = [("files", (n, t.encode(), "text/plain")) for n, t in CVS.items()]
        assert client.post(url + "/cvs", files=files).json()["stored"] == len(CVS)

        def pages() -> list[dict[str, object]]:
            """Enough requests, each on a new connection, for both processes to answer some."""
            params = {"evidence": "false"}
            headers = {"Connection": "close"}
            return [
                client.get(url + "/ranking", params=params, headers=headers).json()
                for _ in range(8)
            ]

        plain = pages()
        ids = [i["candidate_id"] for i in plain[0]["items"]]  # type: ignore[index]
        assert all(p == plain[0] for p in plain)
        for step in range(3):
            client.put(f"{url}/stars/{ids[-1]}").raise_for_status()
            assert all(p["stars"] == [ids[-1]] for p in pages()), step
            client.delete(f"{url}/stars/{ids[-1]}").raise_for_status()
            assert all(p == plain[0] for p in pages()), step
        decision = {"decision": "reject", "note": ""}
        client.post(f"{url}/candidates/{ids[0]}/decisions", json=decision).raise_for_status()
        assert all(p["items"][0]["decision"] == "reject" for p in pages())  # type: ignore[index]
