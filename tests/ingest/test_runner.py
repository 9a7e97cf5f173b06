"""Batch ingest in this process: per-file outcomes, idempotence by content hash, list files."""

import shutil
from pathlib import Path

import pytest
from sqlalchemy import func, select
from tests.ingest.paths import EXAMPLE_CVS

from cvmatch.engine import Engine
from cvmatch.engine.stored import StoredCvs
from cvmatch.errors import InvalidInputError
from cvmatch.store.schema import candidates, documents, embeddings


def _count(stored: StoredCvs, table: object) -> int:
    with stored.db.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(table)).scalar_one())  # type: ignore[arg-type]


def test_examples_are_stored_once_with_a_vector_and_a_candidate(stored: StoredCvs) -> None:
    report = stored.ingest(EXAMPLE_CVS, batch=5)
    files = sorted(EXAMPLE_CVS.iterdir())
    assert report.counts == {"stored": len(files), "duplicate": 0, "refused": 0}
    assert [o.source for o in report.outcomes] == [str(p) for p in files]
    assert _count(stored, documents) == len(files)
    # one vector per CV, and one row of its precomputed scoring vectors (the fake encoder)
    assert _count(stored, embeddings) == 2 * len(files)
    assert _count(stored, candidates) == len(files)

    again = stored.ingest(EXAMPLE_CVS)
    assert again.counts == {"stored": 0, "duplicate": len(files), "refused": 0}
    assert _count(stored, documents) == len(files)


def test_bad_files_are_refused_with_reasons_and_copies_are_duplicates(
    stored: StoredCvs, tmp_path: Path
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(EXAMPLE_CVS / "marco-silva-hgv-driver.txt", folder / "a.txt")
    shutil.copy(EXAMPLE_CVS / "marco-silva-hgv-driver.txt", folder / "b-copy.txt")
    (folder / "notes.xyz").write_text("not a CV format")
    (folder / "broken.pdf").write_bytes(b"%PDF-1.4 this is not a real pdf")
    (folder / ".hidden.txt").write_text("skipped: a dotfile")
    report = stored.ingest(folder)
    by_name = {Path(o.source).name: o for o in report.outcomes}
    assert sorted(by_name) == ["a.txt", "b-copy.txt", "broken.pdf", "notes.xyz"]
    assert by_name["a.txt"].outcome.value == "stored"
    assert by_name["b-copy.txt"].outcome.value == "duplicate"
    assert by_name["notes.xyz"].error == "UnsupportedFormatError"
    assert by_name["broken.pdf"].outcome.value == "refused"
    assert by_name["broken.pdf"].message
    assert _count(stored, documents) == 1


def test_a_list_file_names_files_relative_to_itself(stored: StoredCvs, tmp_path: Path) -> None:
    shutil.copytree(EXAMPLE_CVS, tmp_path / "cvs")
    listing = tmp_path / "list.txt"
    listing.write_text(
        "# two CVs\ncvs/marco-silva-hgv-driver.txt\n\ncvs/zoe-carter-graphic-designer.html\n"
    )
    report = stored.ingest(listing)
    assert report.counts["stored"] == 2


def test_too_large_files_are_refused_unread(stored: StoredCvs, tmp_path: Path) -> None:
    folder = tmp_path / "big"
    folder.mkdir()
    (folder / "big.txt").write_text("x" * 2048)
    small = StoredCvs(
        tmp_path / "recruit.db", Engine(stored.settings.model_copy(update={"max_file_bytes": 1000}))
    )
    report = small.ingest(folder)
    small.close()
    assert report.outcomes[0].error == "DocumentTooLargeError"


def test_nothing_to_ingest_is_an_error(stored: StoredCvs, tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    with pytest.raises(InvalidInputError, match="no files"):
        stored.ingest(tmp_path / "empty")
    with pytest.raises(InvalidInputError, match="neither"):
        stored.ingest(tmp_path / "missing")
    with pytest.raises(InvalidInputError, match="--engine"):
        stored.ingest(EXAMPLE_CVS, engine="spark", workers=2)
