"""POST /oauth2/token and Bearer verification (api.md §1)."""

from __future__ import annotations

import base64
import time
from typing import Any

import jwt
import pytest

from massid.auth.tokens import ALGORITHM, TOKEN_TYPE
from tests.conftest import SECRET, Api


async def test_basic_credentials_give_a_bearer_token(api: Api) -> None:
    credentials = await api.new_client()
    response = await api.http.post(
        "/oauth2/token",
        data={"grant_type": "client_credentials"},
        auth=(credentials["clientId"], credentials["clientSecret"]),
    )
    assert response.status_code == 200
    assert response.headers["cache-control"] == "no-store"
    body = response.json()
    assert body["token_type"] == "Bearer"
    assert body["expires_in"] == 3600
    assert body["scope"] == "api.carrot.eco/main-scope"
    claims = jwt.decode(body["access_token"], options={"verify_signature": False})
    for claim in ("iss", "sub", "aud", "exp", "iat", "jti", "client_id", "scope", "environment"):
        assert claim in claims
    assert claims["client_id"] == credentials["clientId"]
    assert claims["environment"] == "TEST"
    assert claims["exp"] - claims["iat"] == 3600
    assert jwt.get_unverified_header(body["access_token"])["typ"] == TOKEN_TYPE


async def test_form_credentials_work_too(api: Api) -> None:
    credentials = await api.new_client()
    response = await api.http.post(
        "/oauth2/token",
        data={
            "grant_type": "client_credentials",
            "client_id": credentials["clientId"],
            "client_secret": credentials["clientSecret"],
        },
    )
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("data", "auth", "status", "error"),
    [
        ({"grant_type": "password"}, True, 400, "unsupported_grant_type"),
        ({}, True, 400, "invalid_request"),
        ({"grant_type": "client_credentials", "scope": "admin"}, True, 400, "invalid_scope"),
        ({"grant_type": "client_credentials"}, False, 401, "invalid_client"),
    ],
)
async def test_token_errors_follow_rfc_6749(
    api: Api, data: dict[str, str], auth: bool, status: int, error: str
) -> None:
    credentials = await api.new_client()
    response = await api.http.post(
        "/oauth2/token",
        data=data,
        auth=(credentials["clientId"], credentials["clientSecret"]) if auth else None,
    )
    assert response.status_code == status
    assert response.json()["error"] == error
    if status == 401:
        assert response.headers["www-authenticate"].startswith("Basic")


async def test_wrong_secret_and_unknown_client_are_invalid_client(api: Api) -> None:
    credentials = await api.new_client()
    for client_id, secret in ((credentials["clientId"], "wrong"), ("nobody", "x")):
        response = await api.http.post(
            "/oauth2/token", data={"grant_type": "client_credentials"}, auth=(client_id, secret)
        )
        assert response.status_code == 401
        assert response.json() == {
            "error": "invalid_client",
            "error_description": "client authentication failed",
        }


async def test_malformed_basic_header_is_invalid_client(api: Api) -> None:
    response = await api.http.post(
        "/oauth2/token",
        data={"grant_type": "client_credentials"},
        headers={"Authorization": "Basic !!!notbase64"},
    )
    assert response.status_code == 401
    assert response.json()["error"] == "invalid_client"


async def test_token_endpoint_needs_a_form(api: Api) -> None:
    response = await api.http.post("/oauth2/token", json={"grant_type": "client_credentials"})
    assert response.status_code == 400
    assert response.json()["error"] == "invalid_request"


def forge(claims: dict[str, Any], key: str = SECRET, alg: str = ALGORITHM) -> str:
    return jwt.encode(claims, key, algorithm=alg, headers={"typ": TOKEN_TYPE})


def claims_for(client_id: str, **overrides: Any) -> dict[str, Any]:
    now = int(time.time())
    claims = {
        "iss": "massid",
        "sub": client_id,
        "aud": "api.carrot.eco",
        "iat": now,
        "nbf": now,
        "exp": now + 600,
        "jti": "x" * 32,
        "client_id": client_id,
        "scope": "api.carrot.eco/main-scope",
        "environment": "TEST",
    }
    claims.update(overrides)
    return claims


def none_token(claims: dict[str, Any]) -> str:
    def part(data: dict[str, Any]) -> str:
        import json

        return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()

    return f"{part({'alg': 'none', 'typ': TOKEN_TYPE})}.{part(claims)}."


async def test_a_well_formed_forged_token_with_the_right_key_is_accepted(api: Api) -> None:
    """The control case for the refusals below: the forging helper itself is sound."""
    credentials = await api.new_client()
    token = forge(claims_for(credentials["clientId"]))
    response = await api.http.get(
        "/documents/00000000-0000-7000-8000-000000000000",
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.status_code == 404


@pytest.mark.parametrize(
    "case",
    [
        "expired",
        "not_yet_valid",
        "tampered",
        "wrong_key",
        "alg_none",
        "wrong_audience",
        "wrong_issuer",
        "hs512",
        "no_environment",
        "wrong_environment",
        "garbage",
    ],
)
async def test_bad_tokens_are_401(api: Api, case: str) -> None:
    credentials = await api.new_client()
    client_id = credentials["clientId"]
    now = int(time.time())
    tokens = {
        "expired": lambda: forge(
            claims_for(client_id, iat=now - 7200, nbf=now - 7200, exp=now - 3600)
        ),
        "not_yet_valid": lambda: forge(claims_for(client_id, nbf=now + 3600, exp=now + 7200)),
        "tampered": lambda: _tamper(forge(claims_for(client_id))),
        "wrong_key": lambda: forge(claims_for(client_id), key="another-key-" + "x" * 40),
        "alg_none": lambda: none_token(claims_for(client_id)),
        "wrong_audience": lambda: forge(claims_for(client_id, aud="someone-else")),
        "wrong_issuer": lambda: forge(claims_for(client_id, iss="evil")),
        "hs512": lambda: forge(claims_for(client_id), alg="HS512"),
        "no_environment": lambda: forge(
            {k: v for k, v in claims_for(client_id).items() if k != "environment"}
        ),
        "wrong_environment": lambda: forge(claims_for(client_id, environment="PROD")),
        "garbage": lambda: "not.a.token",
    }
    response = await api.http.get(
        "/documents/00000000-0000-7000-8000-000000000000",
        headers={"Authorization": f"Bearer {tokens[case]()}"},
    )
    assert response.status_code == 401, response.text
    body = response.json()
    assert body["statusCode"] == 401
    assert body["errors"][0]["code"] == "unauthorized"
    assert response.headers["www-authenticate"].startswith("Bearer")


def _tamper(token: str) -> str:
    header, payload, signature = token.split(".")
    flipped = payload[:-2] + ("A" if payload[-2] != "A" else "B") + payload[-1]
    return f"{header}.{flipped}.{signature}"


@pytest.mark.parametrize("header", [None, "Bearer", "Basic abc", "Bearer    ", "token abc"])
async def test_missing_or_malformed_authorization_is_401(api: Api, header: str | None) -> None:
    headers = {"Authorization": header} if header is not None else {}
    response = await api.http.get(
        "/documents/00000000-0000-7000-8000-000000000000", headers=headers
    )
    assert response.status_code == 401
    assert response.json()["errors"][0]["code"] == "unauthorized"


async def test_disabled_client_tokens_stop_working(api: Api) -> None:
    credentials = await api.new_client()
    token = await api.token(credentials)
    headers = {"Authorization": f"Bearer {token}"}
    missing = "/documents/00000000-0000-7000-8000-000000000000"
    assert (await api.http.get(missing, headers=headers)).status_code == 404
    await api.container.clients.disable(credentials["clientId"])
    assert (await api.http.get(missing, headers=headers)).status_code == 401
    response = await api.http.post(
        "/oauth2/token",
        data={"grant_type": "client_credentials"},
        auth=(credentials["clientId"], credentials["clientSecret"]),
    )
    assert response.status_code == 401


async def test_secrets_are_stored_only_as_argon2id_hashes(api: Api) -> None:
    credentials = await api.new_client()
    record = await api.container.client_store.get_client(credentials["clientId"])
    assert record is not None
    assert record.secret_hash.startswith("$argon2id$")
    assert credentials["clientSecret"] not in record.secret_hash
