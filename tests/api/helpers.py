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


FILE_CONTENT = b"%PDF-1.4 evidence"
FILE_TYPE = "application/pdf"


def named_files(events: list[dict[str, Any]]) -> list[str]:
    """The file names the events' attachment references name, once each, in order."""
    names: list[str] = []
    for event in events:
        for attachment in event.get("attachments") or []:
            if attachment["fileName"] not in names:
                names.append(attachment["fileName"])
    return names


async def upload_files(
    http: httpx.AsyncClient,
    headers: dict[str, str],
    document_id: str,
    events: list[dict[str, Any]],
    content: bytes = FILE_CONTENT,
    content_type: str = FILE_TYPE,
) -> None:
    """Upload a small file for every name the events reference, so they may be appended."""
    for name in named_files(events):
        granted = await http.put(
            f"/documents/{document_id}/attachments/{name}",
            json={"contentLength": len(content), "contentType": content_type},
            headers=headers,
        )
        assert granted.status_code == 200, granted.text
        sent = await http.put(
            granted.json()["uploadUrl"], content=content, headers={"Content-Type": content_type}
        )
        assert sent.status_code < 300, sent.text


async def submit(api: Api, headers: dict[str, str], payload: dict[str, Any]) -> str:
    """Create ``payload["document"]``, upload the files its events name, append them in a batch."""
    response = await api.http.post("/documents", json=payload["document"], headers=headers)
    assert response.status_code == 201, response.text
    document_id = str(response.json()["id"])
    if payload["events"]:
        await upload_files(api.http, headers, document_id, payload["events"])
        batch = {"documentId": document_id, "events": payload["events"]}
        appended = await api.http.post("/documents/events", json=batch, headers=headers)
        assert appended.status_code == 201, appended.text
    return document_id
