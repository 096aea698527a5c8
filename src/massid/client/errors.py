"""What the SDK raises: one tree, every error carrying the server's ``statusCode``, ``code``,
``reason`` and request id (api.md §3)::

    MassIdError
    ├── ApiError                 the server (or a gateway) answered with an error
    │   ├── InvalidRequest       400, 413, 415, 422: fix the request, never retried
    │   ├── AuthenticationError  401, and the token endpoint's OAuth errors
    │   ├── PermissionDenied     403
    │   ├── NotFound             404
    │   ├── Conflict             409 (see ``reason``), including OutOfOrderError
    │   │   ├── PendingProcessConflict   409 PENDING_PROCESS_CONFLICT_ERROR (retried)
    │   │   └── OutOfOrderError  refused before the network: an earlier timestamp
    │   ├── RateLimited          429 (retried)
    │   └── ServerError          5xx (retried)
    └── TransportError           no answer: connection refused, dropped, timed out (retried)
"""

from __future__ import annotations

import json
from typing import Any

import httpx

PENDING_PROCESS = "PENDING_PROCESS_CONFLICT_ERROR"
_CODES_BY_STATUS = {
    400: "validationError",
    401: "unauthorized",
    403: "restrictedResource",
    404: "objectNotFound",
    409: "conflictError",
    413: "validationError",
    415: "validationError",
    422: "validationError",
    429: "tooManyRequests",
    500: "internalServerError",
    502: "badGateway",
    503: "serviceUnavailable",
    504: "gatewayTimeout",
}


class MassIdError(Exception):
    """Base of every error the SDK raises."""

    status_code: int | None = None
    code: str | None = None
    reason: str | None = None
    request_id: str | None = None

    @property
    def statusCode(self) -> int | None:  # the wire name (api.md §3)
        return self.status_code


class ApiError(MassIdError):
    """An error response, decoded from the envelope (or the OAuth / 429 body)."""

    def __init__(
        self,
        status_code: int,
        code: str,
        message: str,
        *,
        reason: str | None = None,
        request_id: str | None = None,
        retry_after: float | None = None,
        body: Any = None,
    ) -> None:
        detail = f"{status_code} {code}" + (f" ({reason})" if reason else "")
        suffix = f" [request {request_id}]" if request_id else ""
        super().__init__(f"{detail}: {message}{suffix}")
        self.status_code = status_code
        self.code = code
        self.message = message
        self.reason = reason
        self.request_id = request_id
        self.retry_after = retry_after
        self.body = body


class InvalidRequest(ApiError):
    """The request is malformed or breaks a documented rule; the message names the field."""


class AuthenticationError(ApiError):
    """Bad credentials, or a token the server refused even after fetching a fresh one."""


class PermissionDenied(ApiError):
    """Authenticated, but not allowed (wrong environment, no WRITE grant, read-only client)."""


class NotFound(ApiError):
    """The record does not exist or is not visible to this client."""


class Conflict(ApiError):
    """A state conflict; ``reason`` says which (EVENT_OUT_OF_ORDER, DOCUMENT_CLOSED, …)."""


class PendingProcessConflict(Conflict):
    """The same deduplicationId is being processed right now; retried after 2–5 s."""


class OutOfOrderError(Conflict):
    """An append earlier than the last timestamp sent for its document, refused locally."""

    def __init__(self, document_id: str, timestamp: str, last: str, pointer: str = "") -> None:
        where = f"{pointer}/externalCreatedAt" if pointer else "externalCreatedAt"
        super().__init__(
            409,
            "conflictError",
            f"{where} {timestamp} is earlier than {last}, the last timestamp sent for "
            f"document {document_id}; nothing was sent",
            reason="EVENT_OUT_OF_ORDER",
        )
        self.document_id = document_id


class RateLimited(ApiError):
    """429 Too Many Requests; ``retry_after`` holds the server's hint in seconds."""


class ServerError(ApiError):
    """A 5xx answer from the server or a gateway in front of it."""


class TransportError(MassIdError):
    """No HTTP answer at all: the connection failed, dropped or timed out."""

    def __init__(self, message: str, cause: httpx.TransportError) -> None:
        super().__init__(f"{message}: {type(cause).__name__}: {cause}")
        self.cause = cause

    @property
    def may_have_reached_server(self) -> bool:
        """False only when the connection was never made (the request surely did nothing)."""
        return not isinstance(self.cause, httpx.ConnectError | httpx.ConnectTimeout)


def parse_retry_after(value: str | None) -> float | None:
    """Seconds from a ``Retry-After`` header given in seconds (HTTP dates are ignored)."""
    if not value:
        return None
    try:
        seconds = float(value.strip())
    except ValueError:
        return None
    return seconds if seconds >= 0 else None


def _class_for(status: int, code: str) -> type[ApiError]:
    if status == 409:
        return PendingProcessConflict if code == PENDING_PROCESS else Conflict
    if status == 429:
        return RateLimited
    if status >= 500:
        return ServerError
    return {401: AuthenticationError, 403: PermissionDenied, 404: NotFound}.get(
        status, InvalidRequest
    )


def error_from_response(response: httpx.Response) -> ApiError:
    """Decode an error response of any of the three shapes: envelope, OAuth, or 429."""
    status = response.status_code
    code = _CODES_BY_STATUS.get(status, "httpError")
    message = response.reason_phrase or f"HTTP {status}"
    reason: str | None = None
    request_id = response.headers.get("x-request-id")
    try:
        body: Any = json.loads(response.content) if response.content else None
    except ValueError:
        body = None
    if isinstance(body, dict):
        errors = body.get("errors")
        if isinstance(errors, list) and errors and isinstance(errors[0], dict):
            first = errors[0]
            code = str(first.get("code") or code)
            message = str(first.get("message") or message)
            reason = first.get("reason") if isinstance(first.get("reason"), str) else None
            request_id = request_id or (str(first["id"]) if first.get("id") else None)
        elif isinstance(body.get("error"), str):
            code = body["error"]
            message = str(body.get("error_description") or code)
        elif isinstance(body.get("message"), str):
            message = body["message"]
    retry_after = parse_retry_after(response.headers.get("retry-after"))
    return _class_for(status, code)(
        status,
        code,
        message,
        reason=reason,
        request_id=request_id,
        retry_after=retry_after,
        body=body,
    )
