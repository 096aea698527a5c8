"""The outermost request layer (pure ASGI): request id, body limit, last-resort errors, log line.

Every response carries ``X-Request-Id`` (the caller's, when it is sane, else a new one); every
request gets one structured log line. An exception no handler took becomes a 500 envelope
here, logged by type and location only — never a stack trace in a response or a log.
"""

from __future__ import annotations

import re
import time
import uuid
from typing import Any

import structlog
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from massid import metrics
from massid.api.errors import envelope
from massid.domain.errors import PayloadTooLarge
from massid.services.representation import dumps

log = structlog.get_logger("massid.access")
_SANE_ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", ()):
        if key == name:
            try:
                return str(value.decode("latin-1"))
            except UnicodeDecodeError:
                return None
    return None


# Whatever the HTTP server in front lets through, a request line or header block larger than
# these is refused before any work: no legitimate call comes near them.
MAX_URL_BYTES = 8 * 1024
MAX_HEADER_BYTES = 16 * 1024


def _refusal(scope: Scope) -> tuple[int, str, str] | None:
    """(status, message, reason) when the request line or headers are refused outright."""
    query = bytes(scope.get("query_string", b""))
    path = str(scope.get("path", ""))
    if len(query) + len(path.encode("utf-8", "replace")) > MAX_URL_BYTES:
        return 414, f"the URL is over the limit of {MAX_URL_BYTES} bytes", "URI_TOO_LONG"
    headers = scope.get("headers", ())
    if sum(len(name) + len(value) for name, value in headers) > MAX_HEADER_BYTES:
        message = f"the request headers are over the limit of {MAX_HEADER_BYTES} bytes"
        return 431, message, "HEADERS_TOO_LARGE"
    # U+0000 in the path or query: no id or filter holds it, and PostgreSQL cannot store it.
    if b"%00" in query.lower() or b"\x00" in query or "\x00" in path:
        return 400, "the URL must not contain the NUL character (%00)", "INVALID_FIELD"
    return None


def _where(error: BaseException) -> str:
    trace = error.__traceback__
    while trace is not None and trace.tb_next is not None:
        trace = trace.tb_next
    if trace is None:
        return "?"
    return f"{trace.tb_frame.f_code.co_filename.rsplit('/', 1)[-1]}:{trace.tb_lineno}"


class RequestContextMiddleware:
    def __init__(
        self,
        app: ASGIApp,
        *,
        max_body_bytes: int,
        unlimited_prefixes: tuple[str, ...] = (),
        debug: bool = False,
    ) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes
        self.unlimited_prefixes = unlimited_prefixes
        self.debug = debug  # development only: the log line of a 500 gets its stack trace

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        given = _header(scope, b"x-request-id")
        request_id = given if given and _SANE_ID.match(given) else uuid.uuid4().hex
        state: dict[str, Any] = scope.setdefault("state", {})
        state["request_id"] = request_id
        status = {"code": 500, "started": False}
        raw_header = request_id.encode()

        async def send_wrapper(message: Message) -> None:
            if message["type"] == "http.response.start":
                status["code"] = message["status"]
                status["started"] = True
                headers = list(message.get("headers", []))
                headers.append((b"x-request-id", raw_header))
                message = {**message, "headers": headers}
            await send(message)

        length = _header(scope, b"content-length")
        unlimited = str(scope.get("path", "")).startswith(self.unlimited_prefixes)
        too_large = (
            not unlimited
            and length is not None
            and (not length.isdigit() or int(length) > self.max_body_bytes)
        )
        try:
            if too_large:
                await self._reject_size(send_wrapper, request_id)
            elif refusal := _refusal(scope):
                code, message, reason = refusal
                body = envelope(code, "validationError", message, reason, request_id)
                await self._send_json(send_wrapper, code, body)
            else:
                limited = receive if unlimited else self._limited(receive)
                await self.app(scope, limited, send_wrapper)
        except Exception as error:
            trace: dict[str, Any] = {"exc_info": error} if self.debug else {}
            log.error(
                "unhandled_error",
                request_id=request_id,
                error_type=type(error).__name__,
                where=_where(error),
                **trace,
            )
            if not status["started"]:
                await self._send_json(
                    send_wrapper,
                    500,
                    envelope(
                        500,
                        "internalServerError",
                        "the server failed to handle this request; it is logged under this id",
                        "INTERNAL_ERROR",
                        request_id,
                    ),
                )
        finally:
            duration = time.perf_counter() - started
            route = getattr(scope.get("route"), "path", None) or "unmatched"
            method = str(scope.get("method"))
            metrics.observe_request(method, route, status["code"], duration)
            log.info(
                "request",
                request_id=request_id,
                client_id=state.get("client_id"),
                method=method,
                route=route,
                status=status["code"],
                duration_ms=round(duration * 1000, 2),
            )

    def _limited(self, receive: Receive) -> Receive:
        limit = self.max_body_bytes
        seen = 0

        async def wrapped() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise PayloadTooLarge(f"the request body is over the limit of {limit} bytes")
            return message

        return wrapped

    async def _reject_size(self, send: Send, request_id: str) -> None:
        body = envelope(
            413,
            "validationError",
            f"the request body is over the limit of {self.max_body_bytes} bytes",
            "PAYLOAD_TOO_LARGE",
            request_id,
        )
        await self._send_json(send, 413, body)

    @staticmethod
    async def _send_json(send: Send, status: int, body: dict[str, Any]) -> None:
        payload = dumps(body).encode()
        await send(
            {
                "type": "http.response.start",
                "status": status,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(payload)).encode()),
                ],
            }
        )
        await send({"type": "http.response.body", "body": payload})
