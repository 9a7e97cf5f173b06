"""User-facing errors. Every failure cvmatch reports on purpose is a :class:`CvmatchError`.

Each message says what went wrong and what to do. The CLI maps these classes to exit codes in one
place (:data:`EXIT_CODES`).
"""


class CvmatchError(Exception):
    """Root of every error cvmatch raises on purpose."""


class DocumentError(CvmatchError):
    """A document cannot be read."""


class EmptyDocumentError(DocumentError):
    """The document holds no readable text."""


class CorruptDocumentError(DocumentError):
    """The file is damaged or not what its format promises."""


class EncryptedDocumentError(DocumentError):
    """The file is password-protected."""


class DocumentTooLargeError(DocumentError):
    """The file exceeds a documented size limit (bytes, pages or characters)."""


class UnsupportedFormatError(DocumentError):
    """The file type is not one cvmatch reads."""


class WrongExtensionError(DocumentError):
    """The file's content does not match its extension."""


class OcrUnavailableError(DocumentError):
    """A scanned document needs OCR but tesseract is missing or read nothing."""


class UnknownNameError(CvmatchError, KeyError):
    """A registry has no entry of that name."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else "unknown name"


class DuplicateNameError(CvmatchError):
    """Two entries tried to register under one name."""


class ModelUnavailableError(CvmatchError):
    """A model's package or weights are not installed or cannot be loaded."""


class InvalidInputError(CvmatchError):
    """An argument or data file is malformed."""


EXIT_CODES: dict[type[CvmatchError], int] = {
    UnsupportedFormatError: 3,
    WrongExtensionError: 3,
    EmptyDocumentError: 4,
    CorruptDocumentError: 4,
    EncryptedDocumentError: 4,
    DocumentTooLargeError: 5,
    OcrUnavailableError: 6,
    ModelUnavailableError: 7,
    UnknownNameError: 2,
    InvalidInputError: 2,
}


def exit_code_for(error: CvmatchError) -> int:
    """Return the CLI exit code of ``error`` (most specific class wins, 1 by default)."""
    for cls in type(error).__mro__:
        if cls in EXIT_CODES:
            return EXIT_CODES[cls]
    return 1


# ---- recruiter workspace (issue 6) ---------------------------------------------------------
class NotFoundError(CvmatchError):
    """A job, candidate or user that does not exist."""


class AuthenticationError(CvmatchError):
    """A missing or unknown API token."""


class StarLimitError(CvmatchError):
    """A job already has the maximum number of starred candidates."""


EXIT_CODES.update({NotFoundError: 8, AuthenticationError: 9, StarLimitError: 2})


# ---- taxonomy (issue 4) ----------------------------------------------------------------------
class TaxonomyError(CvmatchError):
    """A taxonomy file cannot be read, imported or opened."""


EXIT_CODES[TaxonomyError] = 10


class RecommendError(CvmatchError):
    """Occupation recommendation cannot run (no occupations, bad ads file, unknown level)."""


EXIT_CODES[RecommendError] = 11


# ---- memory (issue 25) -----------------------------------------------------------------------
class MemoryBudgetError(CvmatchError):
    """A job cannot fit in the memory it may use (checked from sizes before it starts)."""


EXIT_CODES[MemoryBudgetError] = 12
