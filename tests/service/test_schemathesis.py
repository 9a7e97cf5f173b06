"""Property-based API tests: schemathesis against a real ``cvmatch serve`` on loopback.

Every operation of the served OpenAPI schema gets generated requests, valid and invalid;
schemathesis's default checks then require no 5xx, only declared status codes, content types
and headers, bodies that match the declared schemas (problem+json included), 405 with ``Allow``
for other methods, and 401 without the token. Unknown query parameters are ignored by design
(as FastAPI does), so the fuzzer does not invent them. The example count per operation and mode is bounded
(:data:`EXAMPLES`) and derandomised, so the module stays well under ~90 s and is repeatable.
The server has its own store, so what the fuzzer creates reaches no other test.

Schemathesis's lazy pytest loader (``from_fixture``) does not run under pytest 9, so the test
drives its Python API: one hypothesis run per (operation, generation mode).
"""

from collections.abc import Iterator
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.config import SchemathesisConfig
from schemathesis.schemas import APIOperation
from schemathesis.specs.openapi.checks import positive_data_acceptance
from tests.service.live import LIMIT, LiveServer, live_server

pytestmark = pytest.mark.models
EXAMPLES = 25
"""Generated requests per operation and generation mode."""
DOCUMENT_BODIES = {
    "POST /api/jobs",
    "POST /api/jobs/file",
    "POST /api/jobs/{job_id}/cvs",
    "POST /api/jobs/{job_id}/score",
    "POST /api/categories/import",  # a CSV of self-reported categories (audit)
}
"""Operations whose body is a document, which a valid request may still carry unreadable."""
REGISTRY_BODIES = {"PUT /api/jobs/{job_id}/settings"}
"""Operations naming trained models: a schema-valid name may still be unknown (a 422)."""


@pytest.fixture(scope="module")
def fuzzed_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    folder: Path = tmp_path_factory.mktemp("schemathesis")
    with live_server(folder, CVMATCH_MAX_FILE_BYTES=str(LIMIT)) as running:
        yield running


def _fuzz(operation: APIOperation, mode: GenerationMode) -> None:
    """Run the generated cases of one operation; raise on the first failing check."""

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def run(case: schemathesis.Case) -> None:
        case.call_and_validate(excluded_checks=excluded, timeout=60)

    # A schema-valid document can still be refused (413/415/422): the schema cannot say "a
    # readable CV", so "valid data is accepted" does not hold for document bodies.
    # Nor can it list the trained models of the registry a job's settings may name.
    refusable = DOCUMENT_BODIES | REGISTRY_BODIES
    excluded = [positive_data_acceptance] if operation.label in refusable else []

    run()


def _config(token: str) -> SchemathesisConfig:
    """The bearer token for the ``HTTPBearer`` scheme; no made-up query parameters."""
    return SchemathesisConfig.from_dict(
        {
            "auth": {"openapi": {"HTTPBearer": {"bearer": token}}},
            "generation": {"allow-extra-parameters": False},
        }
    )


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_api_conforms_to_its_schema(fuzzed_server: LiveServer, mode: GenerationMode) -> None:
    url = fuzzed_server.url + "/openapi.json"
    schema = schemathesis.openapi.from_url(url, config=_config(fuzzed_server.token))
    failures: dict[str, str] = {}
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 15  # every route of docs/service.md
    for operation in operations:
        try:
            _fuzz(operation, mode)
        except Unsatisfiable:
            assert mode is GenerationMode.NEGATIVE  # nothing to break: no parameter, no body
        except (Exception, BaseExceptionGroup) as error:  # noqa: BLE001 - report them all
            failures[operation.label] = str(error)[:2000]
    assert not failures, "\n\n".join(f"{k}:\n{v}" for k, v in failures.items())
