"""Errors as RFC 9457 problem details (``application/problem+json``), never a traceback."""

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException
from starlette.routing import Route

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
from cvmatch.service.schemas import Problem

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


DESCRIPTIONS: dict[int, str] = {
    400: "Malformed request body (e.g. broken multipart data).",
    401: "Missing or unknown API token (`AuthenticationError`).",
    404: "Unknown job or candidate (`NotFoundError`).",
    405: "Method not allowed on this path (the `Allow` header lists the allowed ones).",
    409: "The job already has the maximum number of stars (`StarLimitError`).",
    413: "The file exceeds a size limit (`DocumentTooLargeError`).",
    415: "Not a format cvmatch reads, or content that does not match the extension.",
    422: "Unreadable document, invalid input or request validation (`errors` lists fields).",
    503: "A model is not installed or cannot be loaded (`ModelUnavailableError`).",
}
"""What each problem status means (the OpenAPI ``responses`` of the routes)."""

COMMON = (401, 404, 422, 503)
"""Statuses every authenticated route can return."""
UPLOAD = (*COMMON, 400, 413, 415)
"""Statuses of the routes that read an uploaded file."""


_REF = "#/components/schemas/"


def problem_schemas() -> dict[str, Any]:
    """The ``Problem`` schema and its parts, for the OpenAPI ``components``."""
    schema = Problem.model_json_schema(ref_template=_REF + "{model}")
    parts: dict[str, Any] = schema.pop("$defs", {})
    return parts | {"Problem": schema}


def responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI ``responses=`` declaring ``statuses`` with the problem+json body."""
    return {
        status: {
            "description": DESCRIPTIONS[status],
            "content": {MEDIA_TYPE: {"schema": {"$ref": f"{_REF}Problem"}}},
        }
        for status in sorted(set(statuses))
    }


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
    response = problem(request, exc.status_code, "HTTPError", str(exc.detail))
    response.headers.update(exc.headers or {})
    if exc.status_code == 405:  # noqa: PLR2004
        # Starlette's ``Allow`` names the first route matching the path only; list them all.
        response.headers["Allow"] = ", ".join(_allowed_methods(request))
    return response


def _allowed_methods(request: Request) -> list[str]:
    """Every method some route accepts on the request's path."""
    path = request.scope.get("path", "")
    methods: set[str] = set()
    pending = list(request.app.router.routes)
    while pending:
        route = pending.pop()
        included = getattr(route, "original_router", None)  # FastAPI's included router
        if included is not None:
            pending.extend(included.routes)
        elif isinstance(route, Route) and route.methods and route.path_regex.match(path):
            methods |= route.methods
    return sorted(methods)


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
