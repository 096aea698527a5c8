"""The clients against a contract-following fake: tokens, deduplication, retries, errors,
ordering and batching. Each behaviour lives in the shared plan, so the async client is run
through the same scenarios where it drives I/O differently (sleeps, token lock)."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import httpx
import pytest

from massid.client import (
    AsyncClient,
    AuthenticationError,
    Client,
    ClientConfig,
    Conflict,
    InvalidRequest,
    NotFound,
    OutOfOrderError,
    PermissionDenied,
    RateLimited,
    ServerError,
    TransportError,
)
from tests.client.conftest import FakeClock, Sleeps, options
from tests.client.fake import FakeServer, drop, envelope
from tests.factories import make_document, make_event


def body_of(request: httpx.Request) -> Any:
    return json.loads(request.content)


def test_token_is_fetched_lazily_cached_and_refreshed_before_expiry(
    client: Client, server: FakeServer, clock: FakeClock
) -> None:
    assert server.requests == []  # nothing at construction
    document = client.create_document(make_document())
    client.get_document(document.id)
    client.get_document(document.id)
    assert len(server.tokens) == 1
    clock.now += 3600 - 61  # still more than the 60 s margin left
    client.get_document(document.id)
    assert len(server.tokens) == 1
    clock.now += 2  # inside the margin: refreshed before it runs out
    client.get_document(document.id)
    assert len(server.tokens) == 2
    used = [r.headers["authorization"] for r in server.sent("/documents")]
    assert used == ["Bearer token-1"] * 4 + ["Bearer token-2"]


def test_a_401_refetches_the_token_once(client: Client, server: FakeServer) -> None:
    document = client.create_document(make_document())
    server.revoked.add("token-1")
    assert client.get_document(document.id).id == document.id
    assert len(server.tokens) == 2
    server.revoked.add("token-2")
    server.fail("/oauth2/token", lambda r: envelope(401, "unauthorized", "UNAUTHORIZED"), 5)
    before = len(server.requests)
    with pytest.raises(AuthenticationError) as caught:
        client.get_document(document.id)
    # One API call (401), one token call (401): raised at once, never looped.
    assert len(server.requests) - before == 2
    assert caught.value.statusCode == 401


def test_bad_credentials_raise_the_oauth_error(server: FakeServer, clock: FakeClock) -> None:
    settings = options(server, clock, client_secret="wrong")
    with (
        Client(transport=server.transport(), **settings) as api,
        pytest.raises(AuthenticationError) as caught,
    ):
        api.get_document("x")
    assert (caught.value.status_code, caught.value.code) == (401, "invalid_client")
    assert len(server.requests) == 1


def test_a_generated_deduplication_id_is_reused_by_every_retry(
    client: Client, server: FakeServer, sleeps: Sleeps
) -> None:
    server.fail("/documents", drop, after=True)  # stored, answer lost
    server.fail("/documents", lambda r: envelope(503, "serviceUnavailable", "DOWN"))
    created = client.create_document(make_document())
    posts = server.sent("/documents")
    keys = {body_of(r)["deduplicationId"] for r in posts}
    assert len(posts) == 3 and len(keys) == 1
    assert created.replayed is True
    assert len(server.documents) == 1
    assert len(sleeps) == 2 and 1 <= sleeps[0] <= 2 and 2 <= sleeps[1] <= 4
    # A second logical operation gets a new key; the caller's own key is kept.
    client.create_document(make_document())
    client.create_document(make_document(deduplicationId="mine"))
    client.create_document(make_document(), deduplication_id="given")
    later = [body_of(r)["deduplicationId"] for r in server.sent("/documents")[3:]]
    assert later[0] not in keys and later[1:] == ["mine", "given"]


@pytest.mark.parametrize(
    ("status", "code", "reason", "error_type"),
    [
        (400, "validationError", "INVALID_FIELD", InvalidRequest),
        (403, "restrictedResource", "FORBIDDEN", PermissionDenied),
        (404, "objectNotFound", "NOT_FOUND", NotFound),
        (409, "conflictError", "DOCUMENT_CLOSED", Conflict),
        (413, "validationError", "PAYLOAD_TOO_LARGE", InvalidRequest),
        (415, "validationError", "UNSUPPORTED_MEDIA_TYPE", InvalidRequest),
        (422, "validationError", "UNPROCESSABLE", InvalidRequest),
    ],
)
def test_permanent_errors_are_raised_at_once_with_their_code(
    client: Client,
    server: FakeServer,
    sleeps: Sleeps,
    status: int,
    code: str,
    reason: str,
    error_type: type,
) -> None:
    document = client.create_document(make_document())
    response = envelope(status, code, reason)
    server.fail("/events", lambda r: response)
    with pytest.raises(error_type) as caught:
        client.append_event(document.id, make_event())
    error = caught.value
    assert (error.statusCode, error.code, error.reason) == (status, code, reason)
    assert error.request_id == response.headers["x-request-id"]
    assert len(server.sent("/events")) == 1 and sleeps == []


def test_transient_errors_are_retried_five_times_then_raised(
    client: Client, server: FakeServer, sleeps: Sleeps
) -> None:
    server.fail("/documents", lambda r: envelope(502, "badGateway", "BAD_GATEWAY"), 6)
    with pytest.raises(ServerError) as caught:
        client.create_document(make_document())
    assert len(server.sent("/documents")) == 6  # 1 + 5 retries
    assert len(sleeps) == 5 and sleeps[-1] <= 30
    assert "gave up after 6 attempts" in caught.value.__notes__[0]


def test_429_honours_retry_after_and_pending_conflicts_wait(
    client: Client, server: FakeServer, sleeps: Sleeps
) -> None:
    too_many = httpx.Response(
        429, json={"message": "Too Many Requests"}, headers={"Retry-After": "9"}
    )
    server.fail("/documents", lambda r: too_many)
    server.fail(
        "/documents", lambda r: envelope(409, "PENDING_PROCESS_CONFLICT_ERROR", "PENDING_PROCESS")
    )
    client.create_document(make_document())
    assert sleeps[0] == 9
    assert 2 <= sleeps[1] <= 5
    server.fail("/documents", lambda r: too_many, 6)
    with pytest.raises(RateLimited) as caught:
        client.create_document(make_document())
    assert (caught.value.status_code, caught.value.code, caught.value.retry_after) == (
        429,
        "tooManyRequests",
        9,
    )


def test_connection_failures_are_retried(client: Client, server: FakeServer) -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused", request=request)

    server.fail("/documents", refuse, 2)
    assert client.create_document(make_document()).replayed is False
    server.fail("/documents", refuse, 6)
    with pytest.raises(TransportError) as caught:
        client.create_document(make_document())
    assert caught.value.status_code is None


def test_ordering_is_checked_before_the_network(client: Client, server: FakeServer) -> None:
    document = client.create_document(make_document())  # at +0 h
    with pytest.raises(OutOfOrderError):
        client.append_event(document.id, make_event(offset_hours=-1))
    client.append_event(document.id, make_event(offset_hours=2))
    client.append_event(document.id, make_event(offset_hours=2))  # equal is fine
    count = len(server.requests)
    with pytest.raises(OutOfOrderError) as caught:
        client.append_events(
            [make_event(offset_hours=3), make_event(offset_hours=1)], document_id=document.id
        )
    assert "/events/1/externalCreatedAt" in str(caught.value)
    assert len(server.requests) == count  # nothing was sent


def test_a_refused_append_does_not_block_its_corrected_retry(
    client: Client, server: FakeServer
) -> None:
    document = client.create_document(make_document())
    server.fail("/events", lambda r: envelope(400, "validationError", "INVALID_FIELD"))
    with pytest.raises(InvalidRequest):
        client.append_event(document.id, make_event(offset_hours=5))
    client.append_event(document.id, make_event(offset_hours=4))
    # A lost answer may have stored the event: later appends must not go before it.
    server.fail("/events", lambda r: envelope(500, "internalServerError", "X"), 6, after=True)
    with pytest.raises(ServerError):
        client.append_event(document.id, make_event(offset_hours=6))
    with pytest.raises(OutOfOrderError):
        client.append_event(document.id, make_event(offset_hours=5))


def test_reading_a_document_teaches_the_guard_its_last_timestamp(
    client: Client, server: FakeServer, clock: FakeClock
) -> None:
    document = client.create_document(make_document())
    client.append_event(document.id, make_event(offset_hours=5))
    with Client(transport=server.transport(), **options(server, clock)) as other:
        other.get_document(document.id)
        with pytest.raises(OutOfOrderError):
            other.append_event(document.id, make_event(offset_hours=4))


def test_append_events_splits_into_ordered_batches(client: Client, server: FakeServer) -> None:
    first = client.create_document(make_document())
    second = client.create_document(make_document())
    events = []
    for index in range(1100):
        target = first.id if index % 2 else second.id
        events.append(make_event(f"E{index}", 1 + index / 1000, documentId=target))
    result = client.append_events(events)
    batches = server.sent("/documents/events")
    assert [len(body_of(b)["events"]) for b in batches] == [500, 500, 100]
    assert len(result.events) == 1100
    for document in (first, second):
        names = [e["name"] for e in server.documents[document.id]["externalEvents"]]
        assert names == [e["name"] for e in events if e["documentId"] == document.id]
    keys = [e["deduplicationId"] for b in batches for e in body_of(b)["events"]]
    assert len(set(keys)) == 1100


def test_a_batch_retried_after_a_lost_answer_is_stored_once(
    client: Client, server: FakeServer
) -> None:
    document = client.create_document(make_document())
    server.fail("/documents/events", drop, after=True)
    events = [make_event(f"E{i}", 1 + i) for i in range(3)]
    result = client.append_events(events, document_id=document.id)
    assert result.replayed is False  # the fake replays per event; the SDK reports what it got
    stored = server.documents[document.id]["externalEvents"]
    assert [e["name"] for e in stored] == ["E0", "E1", "E2"]
    attempts = server.sent("/documents/events")
    assert len(attempts) == 2 and attempts[0].content == attempts[1].content


def test_a_failing_batch_says_what_was_stored(
    server: FakeServer, sleeps: Sleeps, clock: FakeClock
) -> None:
    settings = options(server, clock)
    config = ClientConfig(
        settings.pop("client_id"),
        settings.pop("client_secret"),
        api_url=settings.pop("api_url"),
        max_batch_events=3,
    )
    events = [make_event(f"E{i}", 1 + i / 100) for i in range(7)]
    with Client(transport=server.transport(), sleep=sleeps, config=config, **settings) as api:
        document = api.create_document(make_document())
        server.fail("/documents/events", drop)  # the second batch: once dropped, then refused
        server.faults.insert(0, ("/documents/events", lambda r: server.route(r), False))
        server.fail(
            "/documents/events", lambda r: envelope(409, "conflictError", "DOCUMENT_CLOSED")
        )
        with pytest.raises(Conflict) as caught:
            api.append_events(events, document_id=document.id)
    assert "the first 3 events were stored" in caught.value.__notes__[-1]
    names = [e["name"] for e in server.documents[document.id]["externalEvents"]]
    assert names == ["E0", "E1", "E2"]
    assert [len(body_of(r)["events"]) for r in server.sent("/documents/events")] == [3, 3, 3]


async def test_the_async_client_has_the_same_safeguards(
    aclient: AsyncClient, server: FakeServer, sleeps: Sleeps
) -> None:
    server.fail("/documents", drop, after=True)
    document = await aclient.create_document(make_document())
    assert len(server.documents) == 1 and document.replayed
    server.revoked.add("token-1")
    # Ten tasks find the token revoked at once: the task lock makes one of them refetch it.
    await asyncio.gather(*(aclient.get_document(document.id) for _ in range(10)))
    assert len(server.tokens) == 2
    with pytest.raises(OutOfOrderError):
        await aclient.append_event(document.id, make_event(offset_hours=-2))
    server.fail("/events", lambda r: envelope(404, "objectNotFound", "NOT_FOUND"))
    with pytest.raises(NotFound):
        await aclient.append_event(document.id, make_event())
    result = await aclient.append_events(
        [make_event(f"E{i}", 1 + i) for i in range(3)], document_id=document.id
    )
    assert len(result.events) == 3
    assert 1 <= sleeps[0] <= 2


@pytest.mark.parametrize(
    ("document", "pointer"),
    [
        ({**make_document(), "isPublic": "yes"}, "/isPublic"),
        ({k: v for k, v in make_document().items() if k != "category"}, "/category"),
        ({**make_document(), "externalCreatedAt": "2026-01-10T10:00:00"}, "/externalCreatedAt"),
        ({**make_document(), "value": "1000"}, "/value"),
    ],
)
def test_a_body_the_client_refuses_is_never_sent(
    client: Client, server: FakeServer, document: dict[str, Any], pointer: str
) -> None:
    with pytest.raises(InvalidRequest) as caught:
        client.create_document(document)
    assert caught.value.message.startswith(f"{pointer}")
    assert (caught.value.status_code, caught.value.reason) == (400, "INVALID_FIELD")
    assert server.requests == []


def test_batch_refusals_name_the_event(client: Client, server: FakeServer) -> None:
    with pytest.raises(InvalidRequest, match=r"^400 validationError \(INVALID_FIELD\): /events/1/"):
        client.append_events([make_event(), make_event(isPublic=None)], document_id="d")
    with pytest.raises(InvalidRequest, match="/events/0/documentId"):
        client.append_events([make_event()])
    with pytest.raises(InvalidRequest, match="/documentId"):
        client.append_event("a", make_event(documentId="b"))
    assert server.requests == []
