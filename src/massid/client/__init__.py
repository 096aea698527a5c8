"""massid's Python SDK: talk to massid — or to Carrot's own API — with the production
safeguards built in (tokens, deduplicationIds, retries with backoff, client-side rate limit
and event ordering). See docs/sdk.md.

    from massid.client import Client

    with Client("http://127.0.0.1:8000", client_id="…", client_secret="…") as api:
        created = api.create_document({...})
        api.append_event(created.id, {...})

This package imports nothing of the server: an integrator needs only httpx and pydantic.
"""

from massid.client.aio import AsyncClient
from massid.client.config import DEFAULT_API_URL, ClientConfig
from massid.client.errors import (
    ApiError,
    AuthenticationError,
    Conflict,
    InvalidRequest,
    MassIdError,
    NotFound,
    OutOfOrderError,
    PendingProcessConflict,
    PermissionDenied,
    RateLimited,
    ServerError,
    TransportError,
)
from massid.client.models import (
    Address,
    AttachmentRef,
    Attribute,
    Metadata,
    NewDocument,
    NewEvent,
    Participant,
    Permission,
    RelatedDocument,
)
from massid.client.ratelimit import ENVIRONMENT_RATES, TokenBucket
from massid.client.responses import (
    BatchCreated,
    BatchItem,
    Certificate,
    CertificateNotIssued,
    Created,
    Document,
    DocumentPage,
    DownloadTarget,
    Event,
    EventCreated,
    RuleResult,
    UploadedAttachment,
    Verification,
)
from massid.client.retry import RetryPolicy
from massid.client.sync import Client
from massid.client.wire import DocumentFilters, new_deduplication_id

__all__ = [
    "DEFAULT_API_URL",
    "ENVIRONMENT_RATES",
    "Address",
    "ApiError",
    "AsyncClient",
    "AttachmentRef",
    "Attribute",
    "AuthenticationError",
    "BatchCreated",
    "BatchItem",
    "Certificate",
    "CertificateNotIssued",
    "Client",
    "ClientConfig",
    "Conflict",
    "Created",
    "Document",
    "DocumentFilters",
    "DocumentPage",
    "DownloadTarget",
    "Event",
    "EventCreated",
    "InvalidRequest",
    "MassIdError",
    "Metadata",
    "NewDocument",
    "NewEvent",
    "NotFound",
    "OutOfOrderError",
    "Participant",
    "PendingProcessConflict",
    "Permission",
    "PermissionDenied",
    "RateLimited",
    "RelatedDocument",
    "RetryPolicy",
    "RuleResult",
    "ServerError",
    "TokenBucket",
    "TransportError",
    "UploadedAttachment",
    "Verification",
    "new_deduplication_id",
]
