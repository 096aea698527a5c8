"""Domain errors: one tree, mapped to HTTP in exactly one place (``api/errors.py``).

::

    DomainError
    ├── InvalidJson           the body is not (acceptable) JSON
    ├── UnsupportedMediaType  the body is not declared as JSON
    ├── ValidationFailed      bad input; names the field as a JSON pointer
    ├── PayloadTooLarge       body, batch or file over a published limit
    ├── Unauthorized          no, bad, expired or revoked credentials
    ├── Forbidden             authenticated but not allowed (visible document, no grant)
    ├── NotFound              absent, or not visible to the caller
    ├── Conflict              a state conflict with a machine-readable reason
    ├── PendingProcess        the same deduplication key is being processed right now
    ├── RateLimited           over a rate limit; try again after ``retry_after`` seconds
    └── ServiceUnavailable    a dependency (the database) is unreachable
"""

from __future__ import annotations


class DomainError(Exception):
    """Base of every error the domain and services raise on purpose."""

    reason: str | None = None

    def __init__(self, message: str, *, reason: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if reason is not None:
            self.reason = reason


class InvalidJson(DomainError):
    reason = "INVALID_JSON"


class UnsupportedMediaType(DomainError):
    reason = "UNSUPPORTED_MEDIA_TYPE"


class ValidationFailed(DomainError):
    """Input breaks the schema or a documented rule; ``pointer`` names the field."""

    def __init__(self, pointer: str, message: str, *, reason: str | None = None) -> None:
        super().__init__(f"{pointer or '/'}: {message}", reason=reason)
        self.pointer = pointer


class PayloadTooLarge(DomainError):
    reason = "PAYLOAD_TOO_LARGE"


class Unauthorized(DomainError):
    pass


class Forbidden(DomainError):
    pass


class NotFound(DomainError):
    pass


class Conflict(DomainError):
    """409 with a reason such as ``EVENT_OUT_OF_ORDER`` or ``DEDUPLICATION_MISMATCH``."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message, reason=reason)


class PendingProcess(DomainError):
    reason = "PENDING_PROCESS"


class RateLimited(DomainError):
    def __init__(self, retry_after: int) -> None:
        super().__init__("Too Many Requests")
        self.retry_after = retry_after


class ServiceUnavailable(DomainError):
    reason = "DEPENDENCY_UNAVAILABLE"
