"""Rate limits through the app (api.md §7), on SQLite and PostgreSQL, on a fake clock.

The in-process window's clock is replaced by a settable one, so "within one second" and
"one second later" are exact here; real-time behaviour is measured in tests/e2e.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from massid.api.app import create_app
from massid.bootstrap import build_container
from massid.storage.ratelimit.memory import MemoryRateWindow
from tests.conftest import Api, make_settings
from tests.factories import make_document

TOO_MANY = b'{"message": "Too Many Requests"}'


class FakeTime:
    def __init__(self) -> None:
        self.now = 5000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def fake_time() -> FakeTime:
    return FakeTime()


@pytest.fixture
def limits_override() -> dict[str, int]:
    """Settings a test changes (with ``parametrize``) from the documented defaults."""
    return {}


@pytest.fixture
async def limited(
    clean_database: str, tmp_path: Path, fake_time: FakeTime, limits_override: dict[str, int]
) -> AsyncIterator[Api]:
    """The app with the documented default limits (not the test suite's unlimited ones)."""
    documented = {
        "rate_limit_test": 5,
        "rate_limit_prod": 10,
        "rate_limit_anonymous": 10,
        "token_rate_limit_per_client": 30,
        "token_rate_limit_per_address": 60,
    }
    settings = make_settings(clean_database, tmp_path / "data", **(documented | limits_override))
    container = build_container(settings)
    window = container.rate_limiter.window
    assert isinstance(window, MemoryRateWindow)
    window.clock = fake_time
    app = create_app(container=container)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://massid.test") as http:
        yield Api(http=http, container=container)
    await container.close()


async def token_for(api: Api, env: str = "TEST") -> tuple[str, dict[str, str]]:
    credentials = await api.new_client(env=env)
    return credentials["clientId"], {"Authorization": f"Bearer {await api.token(credentials)}"}


def state(response: httpx.Response) -> tuple[str, str]:
    return response.headers["ratelimit-policy"], response.headers["ratelimit"]


async def test_a_test_client_gets_five_per_second_then_429(
    limited: Api, fake_time: FakeTime
) -> None:
    _, headers = await token_for(limited)
    responses = [await limited.http.get("/documents/nope", headers=headers) for _ in range(6)]
    assert [r.status_code for r in responses] == [404] * 5 + [429]
    assert [state(r)[1] for r in responses[:5]] == [f'"client";r={n};t=1' for n in range(4, -1, -1)]
    refused = responses[5]
    assert refused.content == TOO_MANY
    assert refused.headers["content-type"] == "application/json"
    assert refused.headers["retry-after"] == "1"
    assert state(refused) == ('"client";q=5;w=1', '"client";r=0;t=1')
    assert refused.headers["x-request-id"]
    fake_time.now += 0.999
    assert (await limited.http.get("/documents/nope", headers=headers)).status_code == 429
    fake_time.now += 0.001  # one second after the first five: all five slots are free
    again = [await limited.http.get("/documents/nope", headers=headers) for _ in range(6)]
    assert [r.status_code for r in again] == [404] * 5 + [429]


async def test_a_prod_client_gets_ten_and_clients_do_not_share(limited: Api) -> None:
    _, prod = await token_for(limited, env="PROD")
    _, other = await token_for(limited)
    codes = [(await limited.http.get("/documents/x", headers=prod)).status_code for _ in range(11)]
    assert codes == [404] * 10 + [429]
    assert (await limited.http.get("/documents/x", headers=other)).status_code == 404


async def test_the_operators_per_client_limit_applies_and_resets(
    limited: Api, fake_time: FakeTime
) -> None:
    client_id, headers = await token_for(limited)
    before = await limited.http.get("/documents/x", headers=headers)
    assert state(before)[0] == '"client";q=5;w=1'
    await limited.container.clients.set_rate_limit(client_id, 2)
    # The next request still runs on the limit read by the one before; it reads the new one.
    stale = await limited.http.get("/documents/x", headers=headers)
    assert state(stale)[0] == '"client";q=5;w=1'
    fake_time.now += 1
    codes = [
        (await limited.http.get("/documents/x", headers=headers)).status_code for _ in range(3)
    ]
    assert codes == [404, 404, 429]
    await limited.container.clients.set_rate_limit(client_id, None)
    fake_time.now += 1
    await limited.http.get("/documents/x", headers=headers)
    fake_time.now += 1
    codes = [
        (await limited.http.get("/documents/x", headers=headers)).status_code for _ in range(6)
    ]
    assert codes == [404] * 5 + [429]


async def test_every_limited_response_carries_the_headers(limited: Api) -> None:
    _, headers = await token_for(limited)
    created = await limited.http.post("/documents", json=make_document(), headers=headers)
    invalid = await limited.http.post("/documents", json={"category": 1}, headers=headers)
    unknown_route = await limited.http.get("/nowhere", headers=headers)
    for response, status in ((created, 201), (invalid, 400), (unknown_route, 404)):
        assert response.status_code == status
        assert state(response)[0] == '"client";q=5;w=1'
    unauthenticated = await limited.http.get("/documents/x")
    assert unauthenticated.status_code == 401
    assert state(unauthenticated) == ('"address";q=10;w=1', '"address";r=9;t=1')


async def test_requests_without_a_valid_token_count_per_address(limited: Api) -> None:
    _, headers = await token_for(limited)
    bad = {"Authorization": "Bearer not-a-token"}
    codes = [(await limited.http.get("/documents/x", headers=bad)).status_code for _ in range(11)]
    assert codes == [401] * 10 + [429]
    assert (await limited.http.get("/openapi.json")).status_code == 429  # same address
    # A valid token is counted on its client, not on the address.
    assert (await limited.http.get("/documents/x", headers=headers)).status_code == 404


async def test_health_and_metrics_are_never_limited(limited: Api) -> None:
    for _ in range(11):
        await limited.http.get("/documents/x")
    for path in ("/healthz", "/readyz", "/metrics"):
        response = await limited.http.get(path)
        assert response.status_code == 200, path
        assert "ratelimit" not in response.headers


# Each refused guess costs a real Argon2 verification: small quotas keep these tests quick.
@pytest.mark.parametrize("limits_override", [{"token_rate_limit_per_client": 4}])
async def test_the_token_endpoint_is_limited_per_client_id(
    limited: Api, fake_time: FakeTime
) -> None:
    credentials = await limited.new_client()
    wrong = (credentials["clientId"], "not-the-secret")
    form = {"grant_type": "client_credentials"}
    codes = [
        (await limited.http.post("/oauth2/token", data=form, auth=wrong)).status_code
        for _ in range(4)
    ]
    assert codes == [401] * 4
    # Guessing is over for this client id for a minute, even with the right secret.
    right = (credentials["clientId"], credentials["clientSecret"])
    refused = await limited.http.post("/oauth2/token", data=form, auth=right)
    assert refused.status_code == 429
    assert refused.content == TOO_MANY
    assert refused.headers["retry-after"] == "60"  # the clock has not moved: a full minute
    assert state(refused) == (
        '"token-address";q=60;w=60, "token-client";q=4;w=60',
        '"token-address";r=55;t=60, "token-client";r=0;t=60',
    )
    # Another client id is not affected.
    other = await limited.new_client()
    ok = await limited.http.post(
        "/oauth2/token", data=form, auth=(other["clientId"], other["clientSecret"])
    )
    assert ok.status_code == 200
    assert "token-client" in ok.headers["ratelimit"]
    fake_time.now += 60
    assert (await limited.http.post("/oauth2/token", data=form, auth=right)).status_code == 200


@pytest.mark.parametrize("limits_override", [{"token_rate_limit_per_address": 5}])
async def test_the_token_endpoint_is_limited_per_source_address(limited: Api) -> None:
    form = {"grant_type": "client_credentials"}
    codes = []
    for number in range(6):
        response = await limited.http.post("/oauth2/token", data=form, auth=(f"c{number}", "s"))
        codes.append(response.status_code)
    assert codes == [401] * 5 + [429]
    refused = await limited.http.post("/oauth2/token", data=form, auth=("c", "s"))
    assert state(refused)[0] == '"token-address";q=5;w=60'  # refused before the client id is read
