"""The SDK's pure parts: retry policy, token bucket, ordering guard, batching, JSON encoding."""

from __future__ import annotations

import subprocess
import sys
import threading
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import httpx
import pytest

from massid.client import ClientConfig, RetryPolicy, TokenBucket
from massid.client.batching import chunk_events
from massid.client.encoding import dumps, loads
from massid.client.errors import (
    Conflict,
    InvalidRequest,
    NotFound,
    OutOfOrderError,
    PendingProcessConflict,
    RateLimited,
    ServerError,
    TransportError,
)
from massid.client.ordering import OrderGuard
from massid.client.ratelimit import bucket_for
from tests.client.conftest import FakeClock


def api_error(cls: type, status: int, retry_after: float | None = None) -> object:
    return cls(status, "code", "message", retry_after=retry_after)


@pytest.mark.parametrize("fraction", [0.0, 0.5, 0.999])
def test_backoff_grows_from_one_second_to_thirty(fraction: float) -> None:
    policy = RetryPolicy(random=lambda: fraction)
    error = api_error(ServerError, 503)
    delays = [policy.delay(n, error) for n in range(5)]  # type: ignore[arg-type]
    lows = [1, 2, 4, 8, 16]
    highs = [2, 4, 8, 16, 30]
    for delay, low, high in zip(delays, lows, highs, strict=True):
        assert delay is not None
        assert low <= delay <= high
    assert policy.delay(5, error) is None  # type: ignore[arg-type]  # at most 5 retries


def test_jitter_spreads_the_delays() -> None:
    policy = RetryPolicy()
    error = api_error(RateLimited, 429)
    delays = {policy.delay(2, error) for _ in range(50)}  # type: ignore[arg-type]
    assert len(delays) > 40
    assert all(4 <= d <= 8 for d in delays if d is not None)


def test_retry_after_is_honoured_and_pending_waits_two_to_five_seconds() -> None:
    policy = RetryPolicy(random=lambda: 0.0)
    assert policy.delay(0, api_error(RateLimited, 429, retry_after=7)) == 7  # type: ignore[arg-type]
    assert policy.delay(0, api_error(RateLimited, 429, retry_after=0)) == 1  # type: ignore[arg-type]
    pending = api_error(PendingProcessConflict, 409)
    assert policy.delay(3, pending) == 2  # type: ignore[arg-type]
    assert RetryPolicy(random=lambda: 1.0).delay(0, pending) == 5  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "error",
    [
        InvalidRequest(400, "validationError", "m"),
        InvalidRequest(413, "validationError", "m"),
        InvalidRequest(422, "validationError", "m"),
        NotFound(404, "objectNotFound", "m"),
        Conflict(409, "conflictError", "m", reason="EVENT_OUT_OF_ORDER"),
        OutOfOrderError("doc", "2026-01-01T00:00:00Z", "2026-01-02T00:00:00Z"),
    ],
)
def test_permanent_errors_are_never_retried(error: Exception) -> None:
    assert RetryPolicy().delay(0, error) is None  # type: ignore[arg-type]


def test_connection_errors_are_retried() -> None:
    request = httpx.Request("GET", "http://x")
    error = TransportError("GET", httpx.ConnectError("refused", request=request))
    assert RetryPolicy().delay(0, error) is not None
    assert not error.may_have_reached_server
    assert TransportError("x", httpx.ReadError("reset", request=request)).may_have_reached_server


def test_bucket_paces_requests_at_the_rate() -> None:
    clock = FakeClock()
    bucket = TokenBucket(5, clock=clock)
    waits = [bucket.reserve() for _ in range(6)]
    # 5 % apart more than 1/rate: six requests span 1.05 s, never one second.
    assert waits == pytest.approx([0, 0.21, 0.42, 0.63, 0.84, 1.05])
    clock.now += 10  # idle time does not bank a burst with burst=1
    assert bucket.reserve() == 0
    assert bucket.reserve() == pytest.approx(0.21)
    exact = TokenBucket(5, clock=clock, margin=0)
    assert [exact.reserve() for _ in range(3)] == pytest.approx([0, 0.2, 0.4])
    with pytest.raises(ValueError, match="margin"):
        TokenBucket(5, margin=1)


def test_bucket_with_a_burst() -> None:
    clock = FakeClock()
    bucket = TokenBucket(10, burst=3, clock=clock, margin=0)
    assert [bucket.reserve() for _ in range(4)] == pytest.approx([0, 0, 0, 0.1])


def test_bucket_is_shared_safely_by_threads() -> None:
    clock = FakeClock()
    bucket = TokenBucket(100, clock=clock, margin=0)
    waits: list[float] = []
    lock = threading.Lock()

    def take() -> None:
        for _ in range(50):
            wait = bucket.reserve()
            with lock:
                waits.append(wait)

    threads = [threading.Thread(target=take) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # 400 reservations, each its own slot: exactly 0, 0.01, 0.02, … 3.99.
    assert sorted(round(w, 6) for w in waits) == [round(i / 100, 6) for i in range(400)]


def test_environment_rates_and_override() -> None:
    assert bucket_for("TEST").rate == 5
    assert bucket_for("prod").rate == 10
    assert bucket_for("PROD", 2.5).rate == 2.5
    with pytest.raises(ValueError, match="unknown environment"):
        bucket_for("STAGING")
    config = ClientConfig.from_env(
        {"CLIENT_ID": "a", "CLIENT_SECRET": "b", "MASSID_CLIENT_RATE_LIMIT": "3"}
    )
    assert (config.rate_limit, config.api_url, config.resolved_token_url) == (
        3.0,
        "http://127.0.0.1:8000",
        "http://127.0.0.1:8000/oauth2/token",
    )
    carrot = ClientConfig.from_env(
        {
            "MASSID_CLIENT_ID": "a",
            "MASSID_CLIENT_SECRET": "b",
            "MASSID_URL": "https://api.example.com/v1/",
            "MASSID_TOKEN_URL": "https://auth.example.com/oauth2/token",
            "MASSID_CLIENT_ENVIRONMENT": "prod",
        }
    )
    assert carrot.base_url == "https://api.example.com/v1"
    assert carrot.resolved_token_url == "https://auth.example.com/oauth2/token"
    assert carrot.environment == "PROD"
    with pytest.raises(ValueError, match="client_id and client_secret"):
        ClientConfig.from_env({})


def moment(hours: float) -> datetime:
    return datetime(2026, 1, 1, tzinfo=UTC) + timedelta(hours=hours)


def test_order_guard() -> None:
    guard = OrderGuard(capacity=2)
    guard.check([("a", moment(1)), ("a", moment(1)), ("b", moment(0))], batch=True)
    with pytest.raises(OutOfOrderError) as caught:
        guard.check([("a", moment(2)), ("b", moment(0)), ("a", moment(1))], batch=True)
    assert "/events/2/externalCreatedAt" in caught.value.message
    assert (caught.value.statusCode, caught.value.code, caught.value.reason) == (
        409,
        "conflictError",
        "EVENT_OUT_OF_ORDER",
    )
    guard.record([("a", moment(5)), ("a", moment(3))])
    with pytest.raises(OutOfOrderError):
        guard.check([("a", moment(4))])
    guard.check([("a", moment(5))])  # equal timestamps are allowed
    guard.record([("b", moment(1)), ("c", moment(1))])  # capacity 2: "a" is forgotten
    guard.check([("a", moment(0))])


def test_chunks_keep_order_and_respect_both_limits() -> None:
    events = [{"n": index, "pad": "x" * 50} for index in range(1203)]
    chunks = list(chunk_events(events, 500, 10**9))
    assert [len(chunk) for _, chunk in chunks] == [500, 500, 203]
    assert [start for start, _ in chunks] == [0, 500, 1000]
    assert [e["n"] for _, chunk in chunks for e in chunk] == list(range(1203))
    small = list(chunk_events(events[:10], 500, 250))
    assert all(len(dumps({"events": chunk})) <= 250 for _, chunk in small)
    assert [e["n"] for _, chunk in small for e in chunk] == list(range(10))
    (alone,) = chunk_events([{"big": "y" * 500}], 500, 100)
    assert alone == (0, [{"big": "y" * 500}])


def test_encoding_keeps_decimals_exact_and_times_in_utc() -> None:
    sent = dumps(
        {
            "value": Decimal("990.50"),
            "count": Decimal("1000"),
            "at": datetime(2026, 1, 1, 12, tzinfo=UTC).astimezone(),
        }
    )
    assert sent == b'{"value":990.5,"count":1000,"at":"2026-01-01T12:00:00Z"}'
    assert loads(b'{"v": 0.1, "n": 3}') == {"v": Decimal("0.1"), "n": 3}
    with pytest.raises(ValueError, match="not a JSON number"):
        dumps({"v": Decimal("NaN")})
    with pytest.raises(ValueError, match="time zone"):
        dumps({"at": datetime(2026, 1, 1)})


def test_the_sdk_imports_nothing_of_the_server() -> None:
    code = (
        "import sys, massid.client; "
        "print(sorted(m for m in sys.modules if m.startswith('massid.') "
        "and not m.startswith('massid.client')))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
    for heavy in ("sqlalchemy", "fastapi"):
        probe = f"import sys, massid.client; print({heavy!r} in sys.modules)"
        assert (
            subprocess.run(
                [sys.executable, "-c", probe], capture_output=True, text=True, check=True
            ).stdout.strip()
            == "False"
        )
