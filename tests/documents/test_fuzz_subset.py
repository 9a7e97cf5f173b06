"""A seeded subset of the fuzz bench runs in the test suite: no input may crash a reader.

``python -m bench.robustness.fuzz_ingest`` runs 10,000+ inputs in worker processes with time
and memory measured (docs/benchmarks/fuzz.md); here 320 of the same kind run in-process: the
crafted attacks at small scales and seeded mutations of every example file. Each must parse
or end in a documented :class:`CvmatchError`. No timing is asserted.
"""

import itertools
from pathlib import Path

import pytest
from bench.robustness.mutate import Case, cases, crafted_cases, seed_files

from cvmatch.documents.loader import load_document
from cvmatch.errors import CvmatchError
from cvmatch.types import DocumentKind

SCALES = (0.001, 0.01)
COUNT = 320
SEED = 17


def subset() -> list[Case]:
    """The crafted attacks at small scales, then seeded mutations up to :data:`COUNT`."""
    return list(itertools.islice(cases(COUNT, seed=SEED, scales=SCALES), COUNT))


def test_subset_covers_every_format_and_attack() -> None:
    inputs = subset()
    assert len(inputs) >= 300
    assert {case.ext for case in inputs} >= {"pdf", "docx", "html", "md", "txt"}
    assert len(crafted_cases(SCALES)) < len(inputs)  # mutations follow the attacks
    assert len(seed_files()) >= 10


@pytest.mark.parametrize("chunk", range(8))
def test_no_input_crashes_a_reader(tmp_path: Path, chunk: int) -> None:
    crashes = []
    for index, case in enumerate(subset()[chunk::8]):
        path = tmp_path / f"{index}.{case.ext}"
        path.write_bytes(case.build())
        try:
            load_document(path, DocumentKind.CV)
        except CvmatchError:
            pass
        except Exception as error:  # noqa: BLE001 - a crash is what this test looks for
            crashes.append(f"{case.name}: {type(error).__name__}: {error}")
    assert crashes == []
