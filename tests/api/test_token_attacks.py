"""Token attacks not covered by test_auth.py: algorithm confusion, header tricks, ghost clients,
and the unknown-client path of the token endpoint paying for a real Argon2 verification.

(test_auth.py has expired, not-yet-valid, tampered, wrong key, ``alg: none``, wrong audience
and issuer, HS512, a disabled client; test_rate_limits.py the token endpoint's limits.)
"""

from __future__ import annotations

import base64
import json
import time
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa

import massid.auth.secrets as client_secrets
from massid.auth.tokens import TOKEN_TYPE
from tests.api.test_auth import claims_for, forge
from tests.conftest import SECRET, Api

MISSING = "/documents/00000000-0000-7000-8000-000000000000"


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unsigned(header: dict[str, Any], claims: dict[str, Any], signature: bytes = b"") -> str:
    return ".".join(
        [b64(json.dumps(header).encode()), b64(json.dumps(claims).encode()), b64(signature)]
    )


def rsa_pem() -> tuple[bytes, bytes]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    private = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    public = key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return private, public


def hs256_with_raw_key(claims: dict[str, Any], key: bytes) -> str:
    """HS256 signed with any bytes (PyJWT refuses PEM keys as HMAC secrets, attackers don't)."""
    import hashlib
    import hmac

    header = b64(json.dumps({"alg": "HS256", "typ": TOKEN_TYPE}).encode())
    payload = b64(json.dumps(claims).encode())
    mac = hmac.new(key, f"{header}.{payload}".encode(), hashlib.sha256).digest()
    return f"{header}.{payload}.{b64(mac)}"


@pytest.mark.parametrize(
    "case",
    [
        "rs256_attacker_key",
        "es256_attacker_key",
        "hs256_signed_with_a_public_key",
        "alg_None_capitalised",
        "alg_none_with_the_real_signature",
        "jwk_header_injection",
        "no_typ_header",
        "unknown_client",
        "subject_differs",
        "secret_as_signature_key_prefix",
    ],
)
async def test_forged_and_confused_tokens_are_401(api: Api, case: str) -> None:
    credentials = await api.new_client()
    client_id = credentials["clientId"]
    claims = claims_for(client_id)
    private, public = rsa_pem()
    real = forge(claims)
    tokens = {
        "rs256_attacker_key": lambda: jwt.encode(
            claims, private, algorithm="RS256", headers={"typ": TOKEN_TYPE}
        ),
        "es256_attacker_key": lambda: jwt.encode(
            claims,
            ec.generate_private_key(ec.SECP256R1()),
            algorithm="ES256",
            headers={"typ": TOKEN_TYPE},
        ),
        "hs256_signed_with_a_public_key": lambda: hs256_with_raw_key(claims, public),
        "alg_None_capitalised": lambda: unsigned({"alg": "None", "typ": TOKEN_TYPE}, claims),
        "alg_none_with_the_real_signature": lambda: unsigned(
            {"alg": "none", "typ": TOKEN_TYPE},
            claims,
            base64.urlsafe_b64decode(real.split(".")[2] + "=="),
        ),
        "jwk_header_injection": lambda: jwt.encode(
            claims,
            private,
            algorithm="RS256",
            headers={
                "typ": TOKEN_TYPE,
                "jwk": json.loads(
                    jwt.algorithms.RSAAlgorithm.to_jwk(
                        serialization.load_pem_public_key(public)  # type: ignore[arg-type]
                    )
                ),
            },
        ),
        "no_typ_header": lambda: jwt.encode(claims, SECRET, algorithm="HS256"),
        "unknown_client": lambda: forge(claims_for("ghost00000000000000000000")),
        "subject_differs": lambda: forge({**claims, "sub": "someone-else"}),
        "secret_as_signature_key_prefix": lambda: forge(claims, key=SECRET[:-1] + "!"),
    }
    token = tokens[case]()
    response = await api.http.get(MISSING, headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 401, response.text
    assert response.json()["errors"][0]["code"] == "unauthorized"
    assert token not in response.text
    # The control: the same client's genuine token works.
    genuine = await api.http.get(MISSING, headers={"Authorization": f"Bearer {real}"})
    assert genuine.status_code == 404


async def test_a_deleted_or_disabled_client_cannot_get_a_token_nor_use_an_old_one(
    api: Api,
) -> None:
    credentials = await api.new_client()
    old = await api.token(credentials)
    await api.container.clients.disable(credentials["clientId"])
    response = await api.http.get(MISSING, headers={"Authorization": f"Bearer {old}"})
    assert response.status_code == 401
    refused = await api.http.post(
        "/oauth2/token",
        data={"grant_type": "client_credentials"},
        auth=(credentials["clientId"], credentials["clientSecret"]),
    )
    assert refused.status_code == 401
    assert refused.json()["error"] == "invalid_client"  # the same answer as a wrong secret


class SpyHasher:
    """Wraps the Argon2 hasher and records each hash it verifies against."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.verified: list[str] = []

    def verify(self, secret_hash: str, secret: str) -> bool:
        self.verified.append(secret_hash)
        return bool(self.inner.verify(secret_hash, secret))

    def hash(self, secret: str) -> str:
        return str(self.inner.hash(secret))


async def test_an_unknown_client_id_costs_one_argon2_verification(
    api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Constant time: the unknown id is checked against a dummy hash, like a known one."""
    credentials = await api.new_client()
    spy = SpyHasher(client_secrets._HASHER)
    monkeypatch.setattr(client_secrets, "_HASHER", spy)
    form = {"grant_type": "client_credentials"}
    cases = [
        ("unknown", ("nobody-" + "x" * 19, "some secret")),
        ("wrong", (credentials["clientId"], "some secret")),
        ("right", (credentials["clientId"], credentials["clientSecret"])),
    ]
    timings = {}
    for name, auth in cases:
        spy.verified.clear()
        started = time.perf_counter()
        response = await api.http.post("/oauth2/token", data=form, auth=auth)
        timings[name] = time.perf_counter() - started
        assert response.status_code == (200 if name == "right" else 401)
        assert len(spy.verified) == 1, f"{name}: {len(spy.verified)} verifications"
        assert spy.verified[0].startswith("$argon2id$")
        expected_dummy = name == "unknown"
        assert (spy.verified[0] == client_secrets._DUMMY_HASH) is expected_dummy
    print({name: f"{seconds * 1000:.1f} ms" for name, seconds in timings.items()})


def test_the_dummy_hash_has_the_real_parameters() -> None:
    """The dummy costs what a stored secret costs (same Argon2id parameters)."""
    stored = client_secrets.hash_secret("a stored secret")
    params = stored.split("$")[3]
    assert client_secrets._DUMMY_HASH.split("$")[3] == params
