"""An in-memory server that follows api.md for the SDK's unit tests (httpx.MockTransport).

It implements the token endpoint, documents, events, batches with deduplication, ``GET
/documents`` with cursors, attachments with single-use upload URLs, verifications and the
preview, and lets a test script failures in front of any of them (``fail``).
"""

from __future__ import annotations

import base64
import hashlib
import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs

import httpx

TOKEN_PATH = "/oauth2/token"
CLIENT_ID, CLIENT_SECRET = "client-1", "secret-1"
Fault = Callable[[httpx.Request], httpx.Response]


def envelope(status: int, code: str, reason: str, message: str = "refused") -> httpx.Response:
    request_id = uuid.uuid4().hex
    body = {
        "statusCode": status,
        "errors": [
            {"code": code, "message": message, "reason": reason, "id": request_id, "timestamp": "1"}
        ],
    }
    return httpx.Response(status, json=body, headers={"X-Request-Id": request_id})


def drop(request: httpx.Request) -> httpx.Response:
    raise httpx.ReadError("connection dropped", request=request)


@dataclass
class FakeServer:
    token_lifetime: int = 3600
    page_size: int = 2
    requests: list[httpx.Request] = field(default_factory=list)
    tokens: list[str] = field(default_factory=list)
    revoked: set[str] = field(default_factory=set)
    documents: dict[str, dict[str, Any]] = field(default_factory=dict)
    dedup: dict[tuple[str, str], tuple[dict[str, Any], str]] = field(default_factory=dict)
    uploads: dict[str, tuple[str, str, int]] = field(default_factory=dict)
    files: dict[tuple[str, str], bytes] = field(default_factory=dict)
    types: dict[tuple[str, str], str] = field(default_factory=dict)
    verifications: list[dict[str, Any]] = field(default_factory=list)
    faults: list[tuple[str, Fault, bool]] = field(default_factory=list)

    def fail(self, path_part: str, fault: Fault, times: int = 1, *, after: bool = False) -> None:
        """The next ``times`` requests whose path contains ``path_part`` get ``fault`` —
        before the request is handled, or ``after`` it (the work is done, the answer lost)."""
        self.faults.extend([(path_part, fault, after)] * times)

    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self.handle)

    def sent(self, path_part: str = "") -> list[httpx.Request]:
        return [r for r in self.requests if path_part in r.url.path]

    def handle(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        fault = next((f for f in self.faults if f[0] in request.url.path), None)
        if fault is not None:
            self.faults.remove(fault)
            if not fault[2]:
                return fault[1](request)
        response = self.route(request)
        if fault is not None:
            return fault[1](request)
        return response

    def route(self, request: httpx.Request) -> httpx.Response:
        path, method = request.url.path, request.method
        if path == TOKEN_PATH:
            return self.token(request)
        if path.startswith("/upload/"):
            return self.receive_upload(request, path.removeprefix("/upload/"))
        if request.headers.get("authorization", "").removeprefix("Bearer ") not in (
            set(self.tokens) - self.revoked
        ):
            return envelope(401, "unauthorized", "UNAUTHORIZED")
        parts = path.strip("/").split("/")
        body = json.loads(request.content) if request.content else None
        if parts == ["documents"] and method == "POST":
            return self.create(body)
        if parts == ["documents"]:
            return self.list(request)
        if parts == ["documents", "events"]:
            return self.batch(body)
        if parts == ["verifications", "preview"]:
            return httpx.Response(200, json=self.result(None, body))
        document = self.documents.get(parts[1])
        if document is None:
            return envelope(404, "objectNotFound", "NOT_FOUND")
        if len(parts) == 2:
            return httpx.Response(200, json={**document, "attachments": self.listed(document)})
        if parts[2] == "events":
            return self.append(document, body, single=True)
        if parts[2] == "attachments" and method == "PUT":
            if (document["id"], parts[3]) in self.files:
                return envelope(409, "conflictError", "ATTACHMENT_EXISTS")
            url = f"http://files.test/upload/{uuid.uuid4().hex}"
            self.uploads[url] = (document["id"], parts[3], body["contentLength"])
            return httpx.Response(200, json={"uploadUrl": url, "expiresAt": "2026-01-01T00:00:00Z"})
        if parts[2] == "attachments":
            url = f"http://files.test/download/{parts[3]}"
            return httpx.Response(200, json={"downloadUrl": url, "expiresAt": "2026-01-01T00:00Z"})
        self.verifications.append({"key": request.headers.get("idempotency-key"), **body})
        return httpx.Response(201, json=self.result(document["id"], body))

    def token(self, request: httpx.Request) -> httpx.Response:
        basic = request.headers.get("authorization", "").removeprefix("Basic ")
        form = parse_qs(request.content.decode())
        expected = base64.b64encode(f"{CLIENT_ID}:{CLIENT_SECRET}".encode()).decode()
        if basic != expected or form.get("grant_type") != ["client_credentials"]:
            return httpx.Response(401, json={"error": "invalid_client"})
        self.tokens.append(f"token-{len(self.tokens) + 1}")
        body = {"access_token": self.tokens[-1], "token_type": "Bearer"}
        return httpx.Response(200, json={**body, "expires_in": self.token_lifetime})

    def replay(self, key: str | None, kind: str, fingerprint: dict[str, Any]) -> str | None:
        if key is None or (kind, key) not in self.dedup:
            return None
        seen_print, result = self.dedup[(kind, key)]
        assert seen_print == fingerprint, "DEDUPLICATION_MISMATCH"
        return str(result)

    def create(self, body: dict[str, Any]) -> httpx.Response:
        key = body.get("deduplicationId")
        known = self.replay(key, "document", body)
        if known:
            return httpx.Response(201, json={"id": known}, headers={"Idempotent-Replayed": "true"})
        document_id = str(uuid.uuid4())
        self.documents[document_id] = {
            **body,
            "id": document_id,
            "status": "OPEN",
            "currentValue": body.get("value", 0),
            "externalEvents": [],
        }
        if key:
            self.dedup[("document", key)] = (body, document_id)
        return httpx.Response(201, json={"id": document_id})

    def append(self, document: dict[str, Any], event: dict[str, Any], single: bool) -> Any:
        fingerprint = {**event, "documentId": document["id"]}
        known = self.replay(event.get("deduplicationId"), "event", fingerprint)
        if known is None:
            events = document["externalEvents"]
            if events and event["externalCreatedAt"] < events[-1]["externalCreatedAt"]:
                return envelope(409, "conflictError", "EVENT_OUT_OF_ORDER")
            known = f"event-{sum(len(d['externalEvents']) for d in self.documents.values())}"
            events.append({**event, "id": known, "sequence": len(events) + 1})
            if event.get("deduplicationId"):
                self.dedup[("event", event["deduplicationId"])] = (fingerprint, known)
        if single:
            return httpx.Response(201, json={"documentId": document["id"], "eventId": known})
        return known

    def batch(self, body: dict[str, Any]) -> httpx.Response:
        if len(body["events"]) > 500:
            return envelope(413, "validationError", "PAYLOAD_TOO_LARGE")
        items = []
        for event in body["events"]:
            target = event.pop("documentId")
            result = self.append(self.documents[target], event, single=False)
            if isinstance(result, httpx.Response):
                return result
            items.append({"eventId": result, "targetDocumentId": target})
        return httpx.Response(
            201, json={"documentId": items[0]["targetDocumentId"], "events": items}
        )

    def list(self, request: httpx.Request) -> httpx.Response:
        params = dict(request.url.params)
        matching = [
            d
            for d in self.documents.values()
            if params.get("category", d["category"]) == d["category"]
        ]
        start = int(params.get("cursor", "0"))
        page = matching[start : start + self.page_size]
        more = start + self.page_size < len(matching)
        cursor = str(start + self.page_size) if more else None
        return httpx.Response(200, json={"items": page, "nextCursor": cursor})

    def receive_upload(self, request: httpx.Request, token: str) -> httpx.Response:
        url = f"http://files.test/upload/{token}"
        if url not in self.uploads or "authorization" in request.headers:
            return envelope(403, "restrictedResource", "UPLOAD_URL_INVALID")
        document_id, name, length = self.uploads.pop(url)  # single use
        if len(request.content) != length:
            return envelope(400, "validationError", "CONTENT_LENGTH_MISMATCH")
        self.files[(document_id, name)] = request.content
        self.types[(document_id, name)] = request.headers["content-type"]
        return httpx.Response(200)

    def listed(self, document: dict[str, Any]) -> list[dict[str, Any]]:
        return [
            {
                "fileName": name,
                "contentLength": len(data),
                "contentType": self.types[(document_id, name)],
                "sha256": hashlib.sha256(data).hexdigest(),
            }
            for (document_id, name), data in self.files.items()
            if document_id == document["id"]
        ]

    @staticmethod
    def result(document_id: str | None, body: dict[str, Any]) -> dict[str, Any]:
        return {
            "auditDocumentId": None if document_id is None else str(uuid.uuid4()),
            "documentId": document_id,
            "methodology": body["methodology"],
            "methodologyVersion": "1.0.0",
            "status": "PASSED",
            "evaluatedAt": "2026-11-26T12:00:00Z",
            "rules": [
                {
                    "slug": "prevented-emissions",
                    "name": "Prevented Emissions",
                    "status": "PASSED",
                    "comment": "ok",
                    "content": {"gasType": "CH4", "preventedCo2e": "43.9152"},
                }
            ],
            "certificate": {
                "documentId": str(uuid.uuid4()),
                "type": "GasID",
                "value": 43.9152,
                "measurementUnit": "kg CO2e",
                "credits": "0.043915",
                "rewards": [{"actorType": "Recycler", "participantId": "p", "percentage": "20"}],
            },
        }
