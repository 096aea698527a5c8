"""The hostile corpus against the in-process app, on SQLite and PostgreSQL.

Every entry (except those about the HTTP server itself, sent by tests/e2e/test_hostile_transport.py)
must be answered with one of its expected 4xx statuses, in the error envelope (the token
endpoint answers in RFC 6749's format instead), and must leave every row of every table as it
was. A separate test stores hostile-looking but valid strings and reads them back verbatim.
"""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy.ext.asyncio import create_async_engine
from sqlalchemy.pool import NullPool

from tests.api.helpers import create_document, get_document
from tests.conftest import Api
from tests.dbstate import snapshot
from tests.factories import make_address, make_event, make_participant
from tests.hostile.corpus import CORPUS, HostileRequest, build, load
from tests.hostile.generate import render

pytestmark = pytest.mark.slow

ENTRIES = load()
IN_PROCESS = [entry for entry in ENTRIES if not entry.get("transport_only")]


def test_the_corpus_is_large_and_named_uniquely() -> None:
    assert len(ENTRIES) >= 200
    assert len({entry["id"] for entry in ENTRIES}) == len(ENTRIES)
    assert all(all(400 <= status < 500 for status in entry["expect"]) for entry in ENTRIES)


def test_the_committed_corpus_is_what_the_generator_writes() -> None:
    assert CORPUS.read_text() == render(), "run python -m tests.hostile.generate and commit"


def refusal_problem(request: HostileRequest, status: int, body: Any, request_id: str) -> str:
    """What is wrong with the answer to a hostile request ('' when it is right)."""
    if status not in request.expect:
        return f"status {status}, expected one of {request.expect}: {str(body)[:300]}"
    if request.path.startswith("/oauth2/token"):
        ok = isinstance(body, dict) and isinstance(body.get("error"), str)
        return "" if ok else f"not an OAuth error body: {body}"
    if not isinstance(body, dict) or body.get("statusCode") != status:
        return f"not the envelope: {str(body)[:300]}"
    errors = body.get("errors") or [{}]
    if (
        not {"code", "message", "id", "timestamp"} <= set(errors[0])
        or errors[0]["id"] != request_id
    ):
        return f"incomplete envelope: {body}"
    return ""


async def test_every_hostile_request_is_refused_and_writes_nothing(
    api: Api, clean_database: str
) -> None:
    headers = await api.headers()
    token = headers["Authorization"].removeprefix("Bearer ")
    document_id = await create_document(api, headers)
    engine = create_async_engine(clean_database, poolclass=NullPool)
    problems: list[str] = []
    try:
        before = await snapshot(engine)
        for entry in IN_PROCESS:
            request = build(entry, document_id, token)
            response = await api.http.request(
                request.method, request.path, headers=request.headers, content=request.body
            )
            try:
                body: Any = response.json()
            except ValueError:
                body = response.text
            problem = refusal_problem(
                request, response.status_code, body, response.headers.get("x-request-id", "")
            )
            if problem:
                problems.append(f"{request.id}: {problem}")
            after = await snapshot(engine)
            if after != before:
                problems.append(f"{request.id}: the database changed")
                before = after
    finally:
        await engine.dispose()
    assert not problems, "\n".join(problems)
    print(f"{len(IN_PROCESS)} hostile requests refused in process")


VERBATIM = [
    "  leading and trailing spaces  ",
    "<script>alert('x')</script>",
    "'; DROP TABLE documents; --",
    "Robert'); DELETE FROM events WHERE ('1'='1",
    '" onmouseover="alert(1)',
    "{{7*7}} ${7*7} <%= 7*7 %>",
    "emoji 🐢🌱♻️ and ZWJ 👩‍👩‍👧",
    "RTL \u202eevil\u202c and Arabic مرحبا",
    "combining e\u0301 vs \u00e9, NFC/NFD kept apart",
    "zero\u200bwidth\ufeffmarks",
    "tab\tnew\nline\rreturn",
    'back\\slash "quotes" and /slashes/',
    "\U0010ffff\U0001d11e",
    "𝕄𝕒𝕤𝕤𝕀𝔻" * 30,
]


async def test_valid_hostile_looking_strings_are_stored_and_returned_verbatim(api: Api) -> None:
    headers = await api.headers()
    tags = {f"k{i} {value[:20]}": value for i, value in enumerate(VERBATIM)}
    participant = make_participant(VERBATIM[1], businessName=VERBATIM[2])
    document_id = await create_document(
        api,
        headers,
        title=VERBATIM[0],
        externalId=VERBATIM[3],
        tags=tags,
        participant=participant,
        address=make_address(VERBATIM[6], complement=VERBATIM[7]),
    )
    attributes = [{"name": value[:255], "value": value, "isPublic": True} for value in VERBATIM]
    event = make_event("Weighing", label=VERBATIM[8], metadata={"attributes": attributes})
    appended = await api.http.post(f"/documents/{document_id}/events", json=event, headers=headers)
    assert appended.status_code == 201, appended.text
    document = await get_document(api, headers, document_id)
    assert document["title"] == VERBATIM[0]
    assert document["externalId"] == VERBATIM[3]
    assert document["tags"] == tags
    assert document["primaryParticipant"]["name"] == VERBATIM[1]
    assert document["primaryParticipant"]["businessName"] == VERBATIM[2]
    assert document["primaryAddress"]["street"] == VERBATIM[6]
    assert document["primaryAddress"]["complement"] == VERBATIM[7]
    stored = document["externalEvents"][0]
    assert stored["label"] == VERBATIM[8]
    assert [a["value"] for a in stored["metadata"]["attributes"]] == VERBATIM
