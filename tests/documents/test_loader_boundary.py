"""The reader boundary: only documented errors leave ``load_document``; a batch skips bad files."""

import logging
from pathlib import Path

import pytest

from cvmatch.documents import loader
from cvmatch.documents.base import Budget, RawText, Reader
from cvmatch.engine import Engine
from cvmatch.errors import (
    CorruptDocumentError,
    DocumentTooLargeError,
    EncryptedDocumentError,
)
from cvmatch.types import DocumentKind

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "cvs"


class _Failing(Reader):
    """A text reader that raises ``error`` (what a library may do on hostile bytes)."""

    name = "text"
    extensions = (".txt",)

    def __init__(self, error: BaseException) -> None:
        self.error = error

    def _read(self, data: bytes, budget: Budget) -> RawText:  # noqa: ARG002
        raise self.error


@pytest.fixture
def cv(tmp_path):
    path = tmp_path / "anna.txt"
    path.write_text("Anna Lee\nPython developer", encoding="utf-8")
    return path


def use_reader(monkeypatch, error: BaseException) -> None:
    monkeypatch.setitem(loader.READERS, "text", _Failing(error))


def test_unexpected_exception_becomes_corrupt_document_naming_the_file(monkeypatch, cv, caplog):
    use_reader(monkeypatch, AttributeError("'NoneType' object has no attribute 'lower'"))
    with (
        caplog.at_level(logging.DEBUG, logger="cvmatch.documents.loader"),
        pytest.raises(CorruptDocumentError, match=r"^anna\.txt: .*damaged.*AttributeError"),
    ):
        loader.load_document(cv, DocumentKind.CV)
    assert "Traceback" in caplog.text  # the original traceback goes to the debug log


def test_message_holds_no_traceback(monkeypatch, cv):
    use_reader(monkeypatch, KeyError("word/document.xml"))
    with pytest.raises(CorruptDocumentError) as caught:
        loader.load_document(cv, DocumentKind.CV)
    assert "Traceback" not in str(caught.value)
    assert isinstance(caught.value.__cause__, KeyError)


def test_memory_error_is_too_large(monkeypatch, cv):
    use_reader(monkeypatch, MemoryError())
    with pytest.raises(DocumentTooLargeError, match=r"anna\.txt: reading it ran out of memory"):
        loader.load_document(cv, DocumentKind.CV)


def test_documented_errors_pass_unchanged(monkeypatch, cv):
    use_reader(monkeypatch, EncryptedDocumentError("remove the password"))
    with pytest.raises(EncryptedDocumentError, match=r"^remove the password$"):
        loader.load_document(cv, DocumentKind.CV)


def test_interrupts_are_not_swallowed(monkeypatch, cv):
    use_reader(monkeypatch, KeyboardInterrupt())
    with pytest.raises(KeyboardInterrupt):
        loader.load_document(cv, DocumentKind.CV)


def test_a_bad_file_is_skipped_and_the_batch_goes_on(tmp_path):
    good = [EXAMPLES / "grace-thompson-icu-nurse.md", EXAMPLES / "marco-silva-hgv-driver.txt"]
    bad = tmp_path / "broken.docx"
    bad.write_bytes(b"PK\x03\x04" + b"\x00" * 200)
    report = Engine().parse_many([good[0], bad, good[1]], DocumentKind.CV)
    assert [d.id for d in report.documents] == [p.name for p in good]
    assert [(f.source, f.error) for f in report.failures] == [(str(bad), "CorruptDocumentError")]
