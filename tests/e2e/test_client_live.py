"""The SDK over real HTTP against a live server: the rate limit measured, tokens refreshed
and refetched, and every non-retryable error raised at once with its code."""

from __future__ import annotations

import asyncio
import threading
import time
import uuid
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from massid.auth.tokens import DEFAULT_SCOPE, TokenSigner
from massid.client import (
    AsyncClient,
    AuthenticationError,
    Client,
    ClientConfig,
    Conflict,
    InvalidRequest,
    MassIdError,
    NotFound,
    PermissionDenied,
)
from tests.conftest import SECRET
from tests.e2e.faults import FaultProxy
from tests.e2e.live import Live
from tests.factories import make_document, make_event

pytestmark = pytest.mark.e2e


class Recording(httpx.HTTPTransport):
    """Notes when each request leaves the client (after the rate limiter let it go)."""

    def __init__(self) -> None:
        super().__init__()
        self.sent: list[float] = []
        self._lock = threading.Lock()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        with self._lock:
            self.sent.append(time.monotonic())
        return super().handle_request(request)


class AsyncRecording(httpx.AsyncHTTPTransport):
    def __init__(self) -> None:
        super().__init__()
        self.sent: list[float] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.sent.append(time.monotonic())
        return await super().handle_async_request(request)


def most_in_one_second(times: list[float]) -> int:
    """The largest number of requests in any window of one second."""
    times = sorted(times)
    best, first = 0, 0
    for last, moment in enumerate(times):
        while moment - times[first] >= 1.0:
            first += 1
        best = max(best, last - first + 1)
    return best


def check_rate(sent: list[float], arrived: list[float], rate: int) -> None:
    """The limiter gives each request a slot 1/rate after the previous one; a request leaves at
    its slot or later (a thread or task wakes a little late, never early). A late request can
    crowd its successor into the same one-second window, but while lateness stays under one
    slot (200 ms at 5/s) no window holds more than rate + 1: that is the tolerance, both where
    requests leave the client and where they arrive at the proxy. Over the whole run, the
    rate is never exceeded, and the client is not starved either."""
    assert most_in_one_second(sent) <= rate + 1
    assert most_in_one_second(arrived) <= rate + 1
    span = max(sent) - min(sent)
    assert (len(sent) - 1) / rate - 0.01 <= span <= (len(sent) - 1) / rate * 1.5 + 0.5


def test_the_rate_limit_holds_across_threads(live: Live) -> None:
    recording = Recording()
    with FaultProxy(live.url) as proxy:
        api = Client(
            proxy.url,
            client_id=live.client_id,
            client_secret=live.client_secret,
            environment="TEST",
            transport=recording,
        )
        document = api.create_document(make_document())

        def read() -> None:
            for _ in range(3):
                api.get_document(document.id)

        threads = [threading.Thread(target=read) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        api.close()
    assert api.config.environment == "TEST" and len(recording.sent) == 14
    check_rate(recording.sent, [record.at for record in proxy.log], rate=5)


async def test_the_rate_limit_holds_across_tasks(live: Live) -> None:
    recording = AsyncRecording()
    with FaultProxy(live.url) as proxy:
        async with AsyncClient(
            proxy.url,
            client_id=live.client_id,
            client_secret=live.client_secret,
            rate_limit=10,
            transport=recording,
        ) as api:
            document = await api.create_document(make_document())
            await asyncio.gather(*(api.get_document(document.id) for _ in range(20)))
    assert len(recording.sent) == 22
    check_rate(recording.sent, [record.at for record in proxy.log], rate=10)


def test_tokens_are_refreshed_before_they_expire(live: Live) -> None:
    # Server tokens live 60 s; with a 58.5 s margin each is used for 1.5 s, then replaced:
    # in 4 s, the first token, then one at about 1.5 s and one at about 3 s.
    config = ClientConfig(live.client_id, live.client_secret, rate_limit=10, refresh_margin=58.5)
    with FaultProxy(live.url) as proxy, Client(proxy.url, config=config) as api:
        document = api.create_document(make_document())
        deadline = time.monotonic() + 4
        while time.monotonic() < deadline:
            api.get_document(document.id)
    assert proxy.count(path="/oauth2/token") >= 3
    assert all(record.status != 401 for record in proxy.log)


def test_an_expired_token_is_refetched_once(live: Live) -> None:
    signer = TokenSigner(
        SECRET.encode(), issuer="massid", audience="api.carrot.eco", lifetime_seconds=60
    )
    expired = signer.issue(
        client_id=live.client_id,
        environment="TEST",
        scope=DEFAULT_SCOPE,
        now=datetime.now(UTC) - timedelta(minutes=5),
    )
    with (
        FaultProxy(live.url) as proxy,
        Client(
            proxy.url, client_id=live.client_id, client_secret=live.client_secret, rate_limit=50
        ) as api,
    ):
        # The client believes its token is good for an hour; the server knows it expired.
        api._api.tokens.store(expired, 3600, api._api.tokens.clock())
        created = api.create_document(make_document())
        assert api.get_document(created.id).id == created.id
    assert [(r.path, r.status) for r in proxy.log] == [
        ("/documents", 401),
        ("/oauth2/token", 200),
        ("/documents", 201),
        (f"/documents/{created.id}", 200),
    ]


def expect_once(proxy: FaultProxy, error: MassIdError, path: str) -> None:
    """The error came from exactly one request to ``path``, whose request id it carries."""
    attempts = [record for record in proxy.log if record.path == path]
    assert len(attempts) == 1, attempts
    assert error.request_id == attempts[0].request_id
    assert error.status_code == attempts[0].status
    proxy.log.clear()


async def test_every_non_retryable_error_is_raised_at_once_with_its_code(live: Live) -> None:
    auditor = await live.new_client(role="auditor")
    doomed = await live.new_client()
    with FaultProxy(live.url) as proxy:
        options = {"rate_limit": 100}
        api = Client(
            proxy.url, client_id=live.client_id, client_secret=live.client_secret, **options
        )
        document = api.create_document(make_document()).id
        proxy.log.clear()

        with pytest.raises(InvalidRequest) as invalid:
            api.create_document(make_document(isPubliclySearchabel=True))
        assert (invalid.value.code, invalid.value.reason) == ("validationError", "INVALID_FIELD")
        assert "isPubliclySearchabel" in invalid.value.message
        expect_once(proxy, invalid.value, "/documents")

        with pytest.raises(NotFound) as missing:
            api.get_document(str(uuid.uuid4()))
        assert missing.value.code == "objectNotFound"
        proxy.log.clear()

        events = [make_event(f"E{i}", 1 + i / 1000) for i in range(501)]
        big = Client(
            proxy.url,
            config=ClientConfig(live.client_id, live.client_secret, max_batch_events=1000),
        )
        with pytest.raises(InvalidRequest) as too_large:
            big.append_events(events, document_id=document)
        assert (too_large.value.status_code, too_large.value.reason) == (413, "PAYLOAD_TOO_LARGE")
        expect_once(proxy, too_large.value, "/documents/events")

        api.append_event(document, make_event("Pick-up", 2), deduplication_id="pickup-1")
        with pytest.raises(Conflict) as mismatch:
            api.append_event(document, make_event("Weighing", 3), deduplication_id="pickup-1")
        assert mismatch.value.reason == "DEDUPLICATION_MISMATCH"
        proxy.log.clear()

        unchecked = Client(
            proxy.url,
            config=ClientConfig(live.client_id, live.client_secret, check_order=False),
        )
        with pytest.raises(Conflict) as late:
            unchecked.append_event(document, make_event("Late", 1))
        assert (late.value.code, late.value.reason) == ("conflictError", "EVENT_OUT_OF_ORDER")
        expect_once(proxy, late.value, f"/documents/{document}/events")

        api.append_event(document, make_event("CLOSE", 4))
        with pytest.raises(Conflict) as closed:
            api.append_event(document, make_event("Sorting", 5))
        assert closed.value.reason == "DOCUMENT_CLOSED"
        proxy.log.clear()

        reader = Client(
            proxy.url, client_id=auditor["clientId"], client_secret=auditor["clientSecret"]
        )
        with pytest.raises(PermissionDenied) as forbidden:
            reader.create_document(make_document())
        assert (forbidden.value.statusCode, forbidden.value.code) == (403, "restrictedResource")
        expect_once(proxy, forbidden.value, "/documents")

        stranger = Client(proxy.url, client_id=live.client_id, client_secret="not-the-secret")
        with pytest.raises(AuthenticationError) as refused:
            stranger.get_document(document)
        assert (refused.value.status_code, refused.value.code) == (401, "invalid_client")
        assert len(proxy.log) == 1  # the token request only
        proxy.log.clear()

        # A client disabled while its token is cached: one 401, one refused refetch, raised.
        gone = Client(proxy.url, client_id=doomed["clientId"], client_secret=doomed["clientSecret"])
        gone.create_document(make_document())
        await live.disable(doomed["clientId"])
        proxy.log.clear()
        with pytest.raises(AuthenticationError) as disabled:
            gone.create_document(make_document())
        assert disabled.value.code == "invalid_client"
        assert [(r.path, r.status) for r in proxy.log] == [
            ("/documents", 401),
            ("/oauth2/token", 401),
        ]
        for client in (api, big, unchecked, reader, stranger, gone):
            client.close()
