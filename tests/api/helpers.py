"""Small request helpers shared by the API tests."""

from __future__ import annotations

from typing import Any

import httpx

from tests.conftest import Api
from tests.factories import make_document


async def create_document(api: Api, headers: dict[str, str], **overrides: Any) -> str:
    response = await api.http.post("/documents", json=make_document(**overrides), headers=headers)
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


async def append(
    api: Api, headers: dict[str, str], document_id: str, event: dict[str, Any]
) -> httpx.Response:
    return await api.http.post(f"/documents/{document_id}/events", json=event, headers=headers)


async def get_document(api: Api, headers: dict[str, str], document_id: str) -> dict[str, Any]:
    response = await api.http.get(f"/documents/{document_id}", headers=headers)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def error_of(response: httpx.Response) -> dict[str, Any]:
    body = response.json()
    assert body["statusCode"] == response.status_code
    error: dict[str, Any] = body["errors"][0]
    assert error["id"] == response.headers["x-request-id"]
    return error


async def submit(api: Api, headers: dict[str, str], payload: dict[str, Any]) -> str:
    """Create ``payload["document"]`` and append ``payload["events"]`` in one batch."""
    response = await api.http.post("/documents", json=payload["document"], headers=headers)
    assert response.status_code == 201, response.text
    document_id = str(response.json()["id"])
    if payload["events"]:
        batch = {"documentId": document_id, "events": payload["events"]}
        appended = await api.http.post("/documents/events", json=batch, headers=headers)
        assert appended.status_code == 201, appended.text
    return document_id
