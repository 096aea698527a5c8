"""Isolation sweep: every document-scoped endpoint, for every kind of stranger, never leaks.

An owner stores a verified MassID with files, events and audits. Clients of another
integrator, of the owner's integrator in the other environment, and auditors of the other
environment then try each document-scoped endpoint on it, and on random ids of the same
shape: every answer is a 403 or 404 error envelope and nothing else; listing filters never
name the document; and the owner's document is unchanged afterwards.
"""

from __future__ import annotations

import random
import uuid
from typing import Any

import httpx
import pytest

from tests.api.credit_helpers import seed_world, verify
from tests.api.helpers import get_document, named_files, submit
from tests.conftest import Api
from tests.factories import make_event
from tests.methodology_factories import make_massid

OWNER = "Owner Isolation Ltd"
STRANGERS = {
    "other-integrator": {"integrator": "Stranger Ltd"},
    "same-integrator-prod": {"integrator": OWNER, "env": "PROD"},
    "other-integrator-prod": {"integrator": "Stranger Ltd", "env": "PROD"},
    "auditor-prod": {"env": "PROD", "role": "auditor"},
}


def random_ids(seed: int, count: int) -> list[str]:
    """Ids of the documents' shape (UUIDv7-like and v4) that name nothing stored."""
    rng = random.Random(seed)
    made = []
    for _ in range(count):
        value = uuid.UUID(int=rng.getrandbits(128))
        made.append(str(uuid.UUID(int=(value.int & ~(0xF << 76)) | (0x7 << 76))))
        made.append(str(uuid.UUID(int=rng.getrandbits(128), version=4)))
    return made


def attempts(document_id: str, file_name: str) -> list[tuple[str, str, dict[str, Any] | None]]:
    """Every document-scoped request: (method, path, JSON body)."""
    base = f"/documents/{document_id}"
    return [
        ("GET", base, None),
        ("GET", f"{base}/events", None),
        ("GET", f"{base}/events?after=0&limit=5", None),
        ("POST", f"{base}/events", make_event(deduplicationId=f"stranger-{uuid.uuid4()}")),
        ("POST", "/documents/events", {"documentId": document_id, "events": [make_event()]}),
        ("POST", "/documents/events", {"events": [make_event(documentId=document_id)]}),
        (
            "PUT",
            f"{base}/attachments/stranger.pdf",
            {"contentLength": 3, "contentType": "application/pdf"},
        ),
        ("GET", f"{base}/attachments/{file_name}", None),
        ("GET", f"{base}/verifications", None),
        ("POST", f"{base}/verifications", {"methodology": "bold-carbon"}),
    ]


def assert_refused(response: httpx.Response, what: str) -> None:
    assert response.status_code in (403, 404), f"{what}: {response.status_code} {response.text}"
    body = response.json()
    assert set(body) == {"statusCode", "errors"}, f"{what}: {body}"
    assert set(body["errors"][0]) <= {"code", "message", "reason", "id", "timestamp"}


@pytest.fixture
async def owned(api: Api) -> dict[str, Any]:
    """A verified MassID with files, and its owner's headers and view."""
    world = await seed_world(api)
    owner = await api.headers(integrator=OWNER)
    payload = make_massid()
    payload["document"]["externalId"] = "owner-isolation-0001"
    document_id = await submit(api, owner, payload)
    await verify(api, owner, document_id, "bold-carbon")
    view = await get_document(api, owner, document_id)
    return {
        "world": world,
        "owner": owner,
        "id": document_id,
        "file": named_files(payload["events"])[0],
        "view": view,
    }


@pytest.mark.parametrize("stranger", sorted(STRANGERS))
async def test_strangers_get_403_or_404_and_never_data(
    api: Api, owned: dict[str, Any], stranger: str
) -> None:
    headers = await api.headers(**STRANGERS[stranger])
    targets = [owned["id"], *random_ids(sorted(STRANGERS).index(stranger), 3)]
    for target in targets:
        for method, path, body in attempts(target, owned["file"]):
            response = await api.http.request(method, path, json=body, headers=headers)
            assert_refused(response, f"{stranger} {method} {path}")

    # Listings and their filters never name the document.
    view = owned["view"]
    filters = [
        "",
        f"?externalId={view['externalId']}",
        "?category=MassID",
        "?category=MassID&type=Organic&status=CLOSED",
        "?updatedAfter=2000-01-01T00:00:00Z",
        "?createdAfter=2000-01-01T00:00:00Z&limit=200",
    ]
    for query in filters:
        control = await api.http.get(f"/documents{query}", headers=owned["owner"])
        assert owned["id"] in control.text, f"the owner's own listing {query!r} misses it"
        listed = await api.http.get(f"/documents{query}", headers=headers)
        assert listed.status_code == 200, listed.text
        assert owned["id"] not in listed.text, f"{stranger} listed it with {query!r}"

    # The owner's document is exactly as it was: no stranger wrote anything.
    assert await get_document(api, owned["owner"], owned["id"]) == view
    audits = await api.http.get(f"/documents/{owned['id']}/verifications", headers=owned["owner"])
    assert audits.status_code == 200 and len(audits.json()) == 1


async def test_random_ids_are_404_for_the_owner_too(api: Api, owned: dict[str, Any]) -> None:
    for target in random_ids(7, 3):
        for method, path, body in attempts(target, owned["file"]):
            response = await api.http.request(method, path, json=body, headers=owned["owner"])
            assert response.status_code == 404, f"{method} {path}: {response.text}"
