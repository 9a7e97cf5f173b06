"""Errors as RFC 9457 problem details (``application/problem+json``), never a traceback."""

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from cvmatch.errors import (
    AuthenticationError,
    CvmatchError,
    DocumentError,
    DocumentTooLargeError,
    InvalidInputError,
    ModelUnavailableError,
    NotFoundError,
    StarLimitError,
    UnsupportedFormatError,
    WrongExtensionError,
)

logger = logging.getLogger(__name__)

MEDIA_TYPE = "application/problem+json"

STATUS: dict[type[CvmatchError], int] = {
    AuthenticationError: 401,
    NotFoundError: 404,
    StarLimitError: 409,
    DocumentTooLargeError: 413,
    UnsupportedFormatError: 415,
    WrongExtensionError: 415,
    DocumentError: 422,
    InvalidInputError: 422,
    ModelUnavailableError: 503,
}
"""HTTP status of each error class (most specific class wins; 400 otherwise)."""


def status_for(error: CvmatchError) -> int:
    """The HTTP status of a cvmatch error."""
    for cls in type(error).__mro__:
        if cls in STATUS:
            return STATUS[cls]
    return 400


def problem(
    request: Request, status: int, title: str, detail: str, **extra: object
) -> JSONResponse:
    """A problem+json response (``type`` names the error class under ``urn:cvmatch:problem:``)."""
    body = {
        "type": f"urn:cvmatch:problem:{title}",
        "title": title,
        "status": status,
        "detail": detail,
        "instance": request.url.path,
    } | extra
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None  # noqa: PLR2004
    return JSONResponse(body, status_code=status, media_type=MEDIA_TYPE, headers=headers)


async def _cvmatch_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, CvmatchError)  # noqa: S101 - registered for this class only
    return problem(request, status_for(exc), type(exc).__name__, str(exc))


async def _validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)  # noqa: S101
    errors = [
        {"loc": [str(part) for part in e.get("loc", ())], "msg": str(e.get("msg", ""))}
        for e in exc.errors()
    ]
    detail = "; ".join(f"{'.'.join(e['loc'])}: {e['msg']}" for e in errors)
    return problem(request, 422, "RequestValidationError", detail, errors=errors)


async def _http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, HTTPException)  # noqa: S101
    return problem(request, exc.status_code, "HTTPError", str(exc.detail))


async def _not_implemented(request: Request, exc: Exception) -> JSONResponse:
    return problem(request, 501, "NotImplemented", f"not implemented yet: {exc}")


async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
    logger.error("unexpected error on %s", request.url.path, exc_info=exc)
    return problem(request, 500, "InternalError", "unexpected server error; see the server log")


def install(app: FastAPI) -> None:
    """Register the handlers that turn every error into problem details."""
    app.add_exception_handler(CvmatchError, _cvmatch_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(HTTPException, _http_error)
    app.add_exception_handler(NotImplementedError, _not_implemented)
    app.add_exception_handler(Exception, _unexpected)
