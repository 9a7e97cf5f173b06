"""A workspace whose keyword fake encoder keeps a real on-disk embedding cache, and its app."""

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from fastapi.testclient import TestClient
from tests.support.encoders import FAKE, KeywordEncoder
from tests.support.engine import fake_settings

from cvmatch.encoders.cache import EmbeddingCache
from cvmatch.engine import Engine
from cvmatch.service.app import create_app
from cvmatch.workspace import Workspace

JOB = """Cassandra DBA
# Requirements
- Apache Cassandra administration, replication and repair
- Linux, Python scripting, monitoring with Prometheus
"""
OTHER_JOB = """Head chef
# Requirements
- Menus, kitchen brigade and food safety
"""


def cv(name: str, body: str) -> tuple[str, bytes]:
    """A small text CV whose first line is its owner's name."""
    return f"{name}.txt", f"{name.title()} Example\n# Experience\n{body}\n".encode()


CVS = [
    cv("ada", "Apache Cassandra administration, repair and replication on Linux with Python."),
    cv("bob", "Cassandra clusters, Prometheus monitoring, Linux."),
    cv("cid", "Head chef: menus, kitchen brigade, food safety, pastry."),
    cv("dee", "Pastry chef, kitchen, menus, food cost."),
]


@dataclass
class Service:
    """The app's client (authenticated), its workspace and the encoder's cache."""

    client: TestClient
    workspace: Workspace
    cache: EmbeddingCache
    settings_db: str


@contextmanager
def service(tmp_path: Path, blind: bool = False) -> Iterator[Service]:
    """The real app over a SQLite store in ``tmp_path``, token of user ``alice`` set.

    ``blind``: the workspace's engine scores redacted CVs (``Engine(redact=True)``).
    """
    settings = fake_settings(tmp_path)
    encoder = KeywordEncoder()
    cache = EmbeddingCache(tmp_path / "vectors.sqlite")
    encoder.cache = cache
    workspace = Workspace.open(
        settings=settings, engine=Engine(settings, encoders={FAKE: encoder}, redact=blind)
    )
    with TestClient(create_app(settings, workspace)) as client:
        client.headers["Authorization"] = f"Bearer {workspace.add_user('alice')}"
        yield Service(client, workspace, cache, str(settings.db))
    workspace.close()
    cache.close()


def new_job(client: TestClient, text: str = JOB, title: str = "Cassandra DBA") -> int:
    """Create a job through the API; its id."""
    response = client.post("/api/jobs", json={"title": title, "text": text})
    assert response.status_code == 201, response.text
    return int(response.json()["id"])


def upload(client: TestClient, job_id: int, files: list[tuple[str, bytes]]) -> list[int]:
    """Upload CVs to a job through the API; their candidate ids in order."""
    parts = [("files", (name, body, "text/plain")) for name, body in files]
    response = client.post(f"/api/jobs/{job_id}/cvs", files=parts)
    assert response.status_code == 200, response.text
    return [int(f["candidate_id"]) for f in response.json()["files"]]
