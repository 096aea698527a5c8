"""The calls whose endpoints land on other branches (listing, attachments, verification),
run against the fake that follows api.md §8–§9 and verification.md."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from decimal import Decimal

import httpx
import pytest

from massid.client import AsyncClient, Client, Conflict, PermissionDenied
from tests.client.conftest import Sleeps
from tests.client.fake import FakeServer, drop, envelope
from tests.factories import make_document, make_event


def test_iter_documents_follows_the_cursors(client: Client, server: FakeServer) -> None:
    ids = [client.create_document(make_document()).id for _ in range(5)]
    client.create_document(make_document(category="Methodology"))
    since = datetime(2026, 1, 1, tzinfo=UTC)
    found = [d.id for d in client.iter_documents(category="MassID", createdAfter=since, limit=2)]
    assert found == ids
    pages = server.sent("/documents")[-3:]
    assert [r.url.params.get("cursor") for r in pages] == [None, "2", "4"]
    assert all(r.url.params["category"] == "MassID" for r in pages)
    assert pages[0].url.params["createdAfter"] == "2026-01-01T00:00:00Z"
    assert pages[0].url.params["limit"] == "2"


def test_a_page_that_fails_once_is_retried(client: Client, server: FakeServer) -> None:
    for _ in range(3):
        client.create_document(make_document())
    server.fail("/documents", lambda r: envelope(503, "serviceUnavailable", "DOWN"))
    assert len(list(client.iter_documents())) == 3


def test_upload_attachment_puts_the_bytes_to_the_signed_url(
    client: Client, server: FakeServer
) -> None:
    document = client.create_document(make_document())
    data = b"%PDF-1.7 weighing ticket"
    uploaded = client.upload_attachment(document.id, "ticket 1.pdf", data, "application/pdf")
    assert uploaded.contentLength == len(data) and uploaded.fileName == "ticket 1.pdf"
    ask, put = server.sent("/attachments")[0], server.sent("/upload/")[0]
    assert ask.method == "PUT" and ask.url.raw_path.endswith(b"/attachments/ticket%201.pdf")
    assert json.loads(ask.content) == {"contentLength": len(data), "contentType": "application/pdf"}
    assert "authorization" not in put.headers  # the signed URL is the credential
    assert put.headers["content-type"] == "application/pdf"
    assert server.files[(document.id, "ticket 1.pdf")] == data
    download = client.attachment_url(document.id, "ticket 1.pdf")
    assert download.downloadUrl.endswith("/download/ticket 1.pdf")


def test_a_failed_upload_starts_over_with_a_fresh_url(
    client: Client, server: FakeServer, sleeps: Sleeps
) -> None:
    document = client.create_document(make_document())
    server.fail("/upload/", lambda r: envelope(502, "badGateway", "BAD_GATEWAY"))
    uploaded = client.upload_attachment(document.id, "a.jpg", b"\xff\xd8 jpeg", "image/jpeg")
    urls = [str(r.url) for r in server.sent("/upload/")]
    assert len(urls) == 2 and urls[0] != urls[1]  # a signed URL is never sent twice
    assert len(server.sent("/attachments")) == 2 and len(sleeps) == 1
    assert server.files[(document.id, "a.jpg")] == b"\xff\xd8 jpeg"
    assert uploaded.replayed is False


def test_an_upload_whose_answer_was_lost_is_recognised(client: Client, server: FakeServer) -> None:
    document = client.create_document(make_document())
    server.fail("/upload/", drop, after=True)  # bytes stored, answer lost, URL now spent
    uploaded = client.upload_attachment(document.id, "a.jpg", b"jpeg", "image/jpeg")
    # The new URL is refused (ATTACHMENT_EXISTS); the stored file is this one: done.
    assert uploaded.replayed is True
    assert len(server.sent("/upload/")) == 1
    assert [r.method for r in server.sent(document.id)][-3:] == ["PUT", "PUT", "GET"]
    # Uploading the same file again is a replay too; other bytes under that name are not.
    assert client.upload_attachment(document.id, "a.jpg", b"jpeg", "image/jpeg").replayed
    with pytest.raises(Conflict) as caught:
        client.upload_attachment(document.id, "a.jpg", b"other", "image/jpeg")
    assert caught.value.reason == "ATTACHMENT_EXISTS"


def test_a_refused_upload_is_raised(client: Client, server: FakeServer) -> None:
    document = client.create_document(make_document())
    server.fail("/upload/", lambda r: envelope(403, "restrictedResource", "URL_EXPIRED"))
    with pytest.raises(PermissionDenied) as caught:
        client.upload_attachment(document.id, "a.txt", b"x")
    assert caught.value.reason == "URL_EXPIRED"
    assert len(server.sent("/upload/")) == 1


def test_verify_keeps_one_idempotency_key_across_retries(
    client: Client, server: FakeServer
) -> None:
    document = client.create_document(make_document())
    server.fail("/verifications", drop, after=True)
    result = client.verify(document.id, "bold-carbon", strict=True)
    assert result.status == "PASSED" and result.documentId == document.id
    assert [r.get("strict") for r in server.verifications] == [True, True]
    keys = {r["key"] for r in server.verifications}
    assert len(keys) == 1 and None not in keys
    assert result.certificate is not None
    assert result.certificate.value == Decimal("43.9152")
    assert result.certificate.credits == Decimal("0.043915")
    assert result.certificate.rewards[0].percentage == Decimal(20)
    assert result.rules[0].slug == "prevented-emissions"
    assert result.rules[0].content == {"gasType": "CH4", "preventedCo2e": "43.9152"}


def test_preview_sends_the_unsaved_massid(client: Client, server: FakeServer) -> None:
    document = make_document()
    events = [make_event("Pick-up", 1), make_event("Weighing", 2, value=Decimal("990.5"))]
    result = client.preview("bold-recycling", document, events)
    sent = json.loads(server.sent("/verifications/preview")[0].content)
    assert sent["methodology"] == "bold-recycling"
    assert sent["document"]["category"] == "MassID"
    assert [e["name"] for e in sent["events"]] == ["Pick-up", "Weighing"]
    assert sent["events"][1]["value"] == 990.5
    assert "deduplicationId" not in sent["document"]  # nothing is stored: no key needed
    assert result.auditDocumentId is None and result.methodology == "bold-recycling"


async def test_async_listing_upload_and_verification(
    aclient: AsyncClient, server: FakeServer
) -> None:
    ids = [(await aclient.create_document(make_document())).id for _ in range(3)]
    assert [d.id async for d in aclient.iter_documents()] == ids
    uploaded = await aclient.upload_attachment(ids[0], "b.csv", b"a,b\n1,2\n", "text/csv")
    assert uploaded.contentType == "text/csv"
    assert (await aclient.verify(ids[0], "bold-recycling")).status == "PASSED"
    assert (await aclient.preview("bold-carbon", make_document())).status == "PASSED"
    url = await aclient.attachment_url(ids[0], "b.csv")
    assert isinstance(url.downloadUrl, str)


def test_listing_accepts_the_documents_key_too() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/oauth2/token":
            return httpx.Response(200, json={"access_token": "t", "expires_in": 3600})
        doc = {"id": "d1", "category": "MassID", "type": "Organic", "status": "OPEN"}
        doc["externalCreatedAt"] = "2026-01-01T00:00:00Z"
        return httpx.Response(200, json={"documents": [doc], "nextCursor": None})

    with Client(
        "http://x.test", client_id="a", client_secret="b", transport=httpx.MockTransport(handler)
    ) as api:
        assert [d.id for d in api.iter_documents()] == ["d1"]
