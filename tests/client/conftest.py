"""Fixtures for the SDK's unit tests: a contract-following fake server and fast clients."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from massid.client import AsyncClient, Client, TokenBucket
from tests.client.fake import CLIENT_ID, CLIENT_SECRET, FakeServer


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


class Sleeps(list[float]):
    """Records every sleep instead of sleeping (the retry delays stay injectable)."""

    def __call__(self, seconds: float) -> None:
        self.append(seconds)

    async def asleep(self, seconds: float) -> None:
        self.append(seconds)


class Unlimited(TokenBucket):
    """No pacing, so the recorded sleeps are the retry delays alone."""

    def __init__(self) -> None:
        super().__init__(rate=1)

    def reserve(self) -> float:
        return 0.0


@pytest.fixture
def server() -> FakeServer:
    return FakeServer()


@pytest.fixture
def sleeps() -> Sleeps:
    return Sleeps()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


def options(server: FakeServer, clock: FakeClock, **overrides: Any) -> dict[str, Any]:
    return {
        "api_url": "http://massid.test",
        "client_id": CLIENT_ID,
        "client_secret": CLIENT_SECRET,
        "bucket": Unlimited(),
        "clock": clock,
        **overrides,
    }


@pytest.fixture
def client(server: FakeServer, sleeps: Sleeps, clock: FakeClock) -> Iterator[Client]:
    with Client(transport=server.transport(), sleep=sleeps, **options(server, clock)) as api:
        yield api


@pytest.fixture
async def aclient(server: FakeServer, sleeps: Sleeps, clock: FakeClock) -> Any:
    async with AsyncClient(
        transport=server.transport(), sleep=sleeps.asleep, **options(server, clock)
    ) as api:
        yield api
