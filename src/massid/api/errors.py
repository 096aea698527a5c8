"""The error envelope of api.md §3, and the one table mapping domain errors to HTTP."""

from __future__ import annotations

import time
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from massid.api.pointers import pointer_of
from massid.domain.errors import (
    Conflict,
    DomainError,
    Forbidden,
    InvalidJson,
    NotFound,
    PayloadTooLarge,
    PendingProcess,
    RateLimited,
    ServiceUnavailable,
    Unauthorized,
    UnsupportedMediaType,
    ValidationFailed,
)
from massid.services.auth import OAuthError

# api.md §3: a 429 is the one error whose body is not the envelope.
TOO_MANY_REQUESTS = b'{"message": "Too Many Requests"}'

# error class -> (HTTP status, Carrot code, default reason)
ERROR_TABLE: dict[type[DomainError], tuple[int, str, str]] = {
    InvalidJson: (400, "invalidJson", "INVALID_JSON"),
    ValidationFailed: (400, "validationError", "INVALID_FIELD"),
    UnsupportedMediaType: (415, "validationError", "UNSUPPORTED_MEDIA_TYPE"),
    PayloadTooLarge: (413, "validationError", "PAYLOAD_TOO_LARGE"),
    Unauthorized: (401, "unauthorized", "UNAUTHORIZED"),
    Forbidden: (403, "restrictedResource", "FORBIDDEN"),
    NotFound: (404, "objectNotFound", "NOT_FOUND"),
    Conflict: (409, "conflictError", "CONFLICT"),
    PendingProcess: (409, "PENDING_PROCESS_CONFLICT_ERROR", "PENDING_PROCESS"),
    ServiceUnavailable: (503, "serviceUnavailable", "DEPENDENCY_UNAVAILABLE"),
}

HTTP_CODES = {
    400: ("validationError", "BAD_REQUEST"),
    401: ("unauthorized", "UNAUTHORIZED"),
    403: ("restrictedResource", "FORBIDDEN"),
    404: ("objectNotFound", "NOT_FOUND"),
    405: ("methodNotAllowed", "METHOD_NOT_ALLOWED"),
    406: ("validationError", "NOT_ACCEPTABLE"),
    413: ("validationError", "PAYLOAD_TOO_LARGE"),
    415: ("validationError", "UNSUPPORTED_MEDIA_TYPE"),
    429: ("tooManyRequests", "TOO_MANY_REQUESTS"),
    500: ("internalServerError", "INTERNAL_ERROR"),
    503: ("serviceUnavailable", "DEPENDENCY_UNAVAILABLE"),
    504: ("gatewayTimeout", "GATEWAY_TIMEOUT"),
}


def request_id_of(request: Request) -> str:
    return str(getattr(request.state, "request_id", "-"))


def envelope(
    status: int, code: str, message: str, reason: str | None, request_id: str
) -> dict[str, Any]:
    error: dict[str, Any] = {"code": code, "message": message}
    if reason:
        error["reason"] = reason
    error["id"] = request_id
    error["timestamp"] = str(int(time.time()))
    return {"statusCode": status, "errors": [error]}


def error_response(
    request: Request,
    status: int,
    code: str,
    message: str,
    reason: str | None,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    body = envelope(status, code, message, reason, request_id_of(request))
    return JSONResponse(body, status_code=status, headers=headers)


def _lookup(error: DomainError) -> tuple[int, str, str]:
    for cls in type(error).__mro__:
        if cls in ERROR_TABLE:
            return ERROR_TABLE[cls]
    return 500, "internalServerError", "INTERNAL_ERROR"


async def domain_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, DomainError)
    status, code, default_reason = _lookup(error)
    headers: dict[str, str] = {}
    if status == 401:
        headers["WWW-Authenticate"] = 'Bearer realm="massid"'
    if status == 503:
        headers["Retry-After"] = "5"
    if status == 409 and isinstance(error, PendingProcess):
        headers["Retry-After"] = "3"
    return error_response(
        request, status, code, error.message, error.reason or default_reason, headers
    )


async def oauth_error(_request: Request, error: Exception) -> Response:
    assert isinstance(error, OAuthError)
    headers = {"Cache-Control": "no-store", "Pragma": "no-cache"}
    if error.status_code == 401:
        headers["WWW-Authenticate"] = 'Basic realm="massid"'
    body = {"error": error.error, "error_description": error.message}
    return JSONResponse(body, status_code=error.status_code, headers=headers)


async def rate_limited(_request: Request, error: Exception) -> Response:
    assert isinstance(error, RateLimited)
    headers = {"Retry-After": str(error.retry_after)}
    return Response(TOO_MANY_REQUESTS, 429, headers, media_type="application/json")


async def request_validation_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, RequestValidationError)
    first = error.errors()[0] if error.errors() else {"loc": (), "msg": "invalid request"}
    loc = tuple(first.get("loc", ()))
    where = loc[0] if loc else "body"
    pointer = pointer_of(loc[1:]) if loc else "/"
    what = f"{where} parameter" if where in ("query", "path", "header", "cookie") else where
    message = f"{pointer} ({what}): {first.get('msg', 'invalid value')}"
    return error_response(request, 400, "validationError", message, "INVALID_FIELD")


async def http_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, StarletteHTTPException)
    code, reason = HTTP_CODES.get(error.status_code, ("validationError", "BAD_REQUEST"))
    if error.status_code == 404:
        message = f"no route for {request.method} {request.url.path}"
    elif error.status_code == 405:
        message = f"method {request.method} is not allowed on {request.url.path}"
    else:
        message = str(error.detail)
    headers = dict(error.headers or {})
    return error_response(request, error.status_code, code, message, reason, headers)


def install(app: FastAPI) -> None:
    app.add_exception_handler(OAuthError, oauth_error)
    app.add_exception_handler(RateLimited, rate_limited)
    app.add_exception_handler(DomainError, domain_error)
    app.add_exception_handler(RequestValidationError, request_validation_error)
    app.add_exception_handler(StarletteHTTPException, http_error)
