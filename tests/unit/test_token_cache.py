"""Verified tokens are remembered until they expire; nothing else is."""

from __future__ import annotations

import time
from datetime import UTC, datetime

import pytest

from massid.auth import tokens
from massid.auth.tokens import InvalidToken, TokenSigner

KEY = b"k" * 32


def signer() -> TokenSigner:
    return TokenSigner(KEY, issuer="massid", audience="massid-api", lifetime_seconds=60)


def test_a_verified_token_is_checked_once_and_refused_once_expired(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    tokens_signer = signer()
    token = tokens_signer.issue(client_id="c", environment="TEST", scope="s", now=datetime.now(UTC))
    first = tokens_signer.verify(token)
    calls: list[str] = []
    monkeypatch.setattr(tokens_signer, "_verify", lambda t: calls.append(t))
    assert tokens_signer.verify(token) == first
    assert calls == []  # answered from the cache
    now = time.time()
    monkeypatch.setattr(tokens.time, "time", lambda: now + 60 + tokens.LEEWAY_SECONDS + 1)
    with pytest.raises(InvalidToken):
        tokens_signer.verify(token)
    assert token not in tokens_signer._verified


def test_forged_tokens_are_never_remembered() -> None:
    tokens_signer = signer()
    other = TokenSigner(b"x" * 32, issuer="massid", audience="massid-api", lifetime_seconds=60)
    forged = other.issue(client_id="c", environment="TEST", scope="s", now=datetime.now(UTC))
    for _ in range(2):
        with pytest.raises(InvalidToken):
            tokens_signer.verify(forged)
    assert tokens_signer._verified == {}


def test_the_cache_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tokens, "VERIFIED_CACHE_SIZE", 3)
    tokens_signer = signer()
    issued = [
        tokens_signer.issue(client_id=f"c{n}", environment="TEST", scope="s", now=datetime.now(UTC))
        for n in range(5)
    ]
    for token in issued:
        tokens_signer.verify(token)
    assert list(tokens_signer._verified) == issued[2:]
