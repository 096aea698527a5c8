"""Signed access tokens: RFC 9068 JWT profile, HS256 with the deployment's secret key.

Verification pins the algorithm (``alg: none`` and RS/HS confusion are refused), the issuer,
the audience and the type, and requires every claim the server relies on. A token that passed
is remembered until it expires, so a client's every request does not decode and check the
same signature again (a bounded cache of verified tokens only: a forged one never enters).
"""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass
from datetime import datetime

import jwt

ALGORITHM = "HS256"
TOKEN_TYPE = "at+jwt"
DEFAULT_SCOPE = "api.carrot.eco/main-scope"
REQUIRED_CLAIMS = ["iss", "sub", "aud", "exp", "iat", "jti", "client_id", "scope", "environment"]
LEEWAY_SECONDS = 5
VERIFIED_CACHE_SIZE = 4096


class InvalidToken(Exception):
    """The token is malformed, forged, expired or otherwise unusable."""


@dataclass(frozen=True, slots=True)
class TokenClaims:
    client_id: str
    environment: str
    scope: str
    expires_at: int
    jti: str


class TokenSigner:
    def __init__(self, key: bytes, *, issuer: str, audience: str, lifetime_seconds: int) -> None:
        if len(key) < 32:
            raise ValueError("the token signing key must be at least 32 bytes")
        self._key = key
        self.issuer = issuer
        self.audience = audience
        self.lifetime_seconds = lifetime_seconds
        self._verified: dict[str, TokenClaims] = {}

    def issue(self, *, client_id: str, environment: str, scope: str, now: datetime) -> str:
        issued_at = int(now.timestamp())
        claims = {
            "iss": self.issuer,
            "sub": client_id,
            "aud": self.audience,
            "iat": issued_at,
            "nbf": issued_at,
            "exp": issued_at + self.lifetime_seconds,
            "jti": secrets.token_hex(16),
            "client_id": client_id,
            "scope": scope,
            "environment": environment,
        }
        return jwt.encode(claims, self._key, algorithm=ALGORITHM, headers={"typ": TOKEN_TYPE})

    def verify(self, token: str) -> TokenClaims:
        claims = self._verified.get(token)
        if claims is None:
            claims = self._verify(token)
            if len(self._verified) >= VERIFIED_CACHE_SIZE:
                del self._verified[next(iter(self._verified))]  # the oldest entry
            self._verified[token] = claims
        if time.time() > claims.expires_at + LEEWAY_SECONDS:
            self._verified.pop(token, None)
            raise InvalidToken("Signature has expired")
        return claims

    def _verify(self, token: str) -> TokenClaims:
        """The full check: signature, algorithm, type, issuer, audience, times, claims."""
        try:
            header = jwt.get_unverified_header(token)
            if header.get("typ") != TOKEN_TYPE:
                raise InvalidToken("unexpected token type")
            claims = jwt.decode(
                token,
                self._key,
                algorithms=[ALGORITHM],
                audience=self.audience,
                issuer=self.issuer,
                options={"require": REQUIRED_CLAIMS},
                leeway=LEEWAY_SECONDS,
            )
        except jwt.PyJWTError as error:
            raise InvalidToken(str(error)) from error
        if claims["sub"] != claims["client_id"]:
            raise InvalidToken("subject and client_id differ")
        values = (claims["client_id"], claims["environment"], claims["scope"], claims["jti"])
        if not all(isinstance(value, str) for value in values):
            raise InvalidToken("malformed claims")
        return TokenClaims(
            client_id=claims["client_id"],
            environment=claims["environment"],
            scope=claims["scope"],
            expires_at=int(claims["exp"]),
            jti=claims["jti"],
        )
