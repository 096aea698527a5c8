"""Attachments on the local backend (api.md §8): signed upload/download URLs and references."""

from __future__ import annotations

import hashlib
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import httpx

from massid.domain.identity import participant_key
from tests.api.helpers import append, create_document, error_of, get_document
from tests.conftest import Api, Clock
from tests.factories import make_actor, make_event, make_participant

PDF = b"%PDF-1.7 massid test file\n" * 40


async def request_upload(
    api: Api,
    headers: dict[str, str],
    document_id: str,
    name: str = "weighing-ticket.pdf",
    *,
    length: int = len(PDF),
    content_type: str = "application/pdf",
) -> httpx.Response:
    return await api.http.put(
        f"/documents/{document_id}/attachments/{name}",
        json={"contentLength": length, "contentType": content_type},
        headers=headers,
    )


async def upload_url(api: Api, headers: dict[str, str], document_id: str, **kwargs: Any) -> str:
    response = await request_upload(api, headers, document_id, **kwargs)
    assert response.status_code == 200, response.text
    return str(response.json()["uploadUrl"])


async def put_bytes(
    api: Api, url: str, data: bytes = PDF, content_type: str = "application/pdf"
) -> httpx.Response:
    return await api.http.put(url, content=data, headers={"Content-Type": content_type})


def with_attachment(name: str = "weighing-ticket.pdf", offset: float = 1) -> dict[str, Any]:
    return make_event(
        "Weighing", offset, attachments=[{"fileName": name, "isPublic": True, "label": "Ticket"}]
    )


async def test_upload_reference_and_download(api: Api) -> None:
    headers = await api.headers()
    document_id = await create_document(api, headers)
    before = await api.http.get(f"/documents/{document_id}", headers=headers)
    response = await request_upload(api, headers, document_id)
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"uploadUrl", "expiresAt"}
    assert body["uploadUrl"].startswith(f"http://massid.test/files/{document_id}/")
    expires = datetime.fromisoformat(body["expiresAt"].replace("Z", "+00:00"))
    assert timedelta(seconds=890) < expires - datetime.now(UTC) <= timedelta(seconds=900)

    uploaded = await put_bytes(api, body["uploadUrl"])  # no bearer token
    assert uploaded.status_code == 200, uploaded.text
    described = uploaded.json()
    assert described["sha256"] == hashlib.sha256(PDF).hexdigest()
    assert described["contentLength"] == len(PDF)

    assert (await append(api, headers, document_id, with_attachment())).status_code == 201
    document = await get_document(api, headers, document_id)
    assert document["attachments"] == [described]
    assert document["externalEvents"][0]["attachments"][0]["fileName"] == "weighing-ticket.pdf"
    assert document["updatedAt"] > before.json()["updatedAt"]
    after = await api.http.get(f"/documents/{document_id}", headers=headers)
    assert after.headers["etag"] == '"1.1"' != before.headers["etag"]
    assert "storage" not in after.text and "secret" not in after.text

    link = await api.http.get(
        f"/documents/{document_id}/attachments/weighing-ticket.pdf", headers=headers
    )
    assert link.status_code == 200
    assert set(link.json()) == {"downloadUrl", "expiresAt"}
    file = await api.http.get(link.json()["downloadUrl"])
    assert file.status_code == 200
    assert file.content == PDF
    assert file.headers["content-type"] == "application/pdf"
    assert file.headers["x-content-type-options"] == "nosniff"
    assert file.headers["content-disposition"].startswith("attachment;")


async def test_exactly_the_declared_byte_count(api: Api) -> None:
    headers = await api.headers()
    document_id = await create_document(api, headers)
    url = await upload_url(api, headers, document_id)
    for data in (PDF[:-1], PDF + b"x", b""):
        response = await put_bytes(api, url, data)
        assert response.status_code == 400, len(data)
        error = error_of(response)
        assert error["reason"] == "CONTENT_LENGTH_MISMATCH"
        assert str(len(PDF)) in error["message"]

    async def chunks(data: bytes) -> AsyncIterator[bytes]:
        for start in range(0, len(data), 100):
            yield data[start : start + 100]

    for data in (PDF[:-5], PDF * 2):  # chunked: no Content-Length, counted as it arrives
        response = await api.http.put(
            url, content=chunks(data), headers={"Content-Type": "application/pdf"}
        )
        assert response.status_code == 400
        assert error_of(response)["reason"] == "CONTENT_LENGTH_MISMATCH"
    ok = await api.http.put(url, content=chunks(PDF), headers={"Content-Type": "application/pdf"})
    assert ok.status_code == 200, "failed attempts do not use the URL up"


async def test_wrong_content_type_is_415(api: Api) -> None:
    headers = await api.headers()
    document_id = await create_document(api, headers)
    url = await upload_url(api, headers, document_id)
    for content_type in ("image/png", "application/pdf; charset=utf-8", "text/html"):
        response = await put_bytes(api, url, content_type=content_type)
        assert response.status_code == 415
        assert "application/pdf" in error_of(response)["message"]
    missing = await api.http.put(url, content=PDF)
    assert missing.status_code == 415
    assert (await put_bytes(api, url)).status_code == 200


async def test_ten_megabytes_and_no_more(api: Api) -> None:
    headers = await api.headers()
    document_id = await create_document(api, headers)
    limit = 10 * 1024 * 1024
    over = await request_upload(api, headers, document_id, "big.pdf", length=limit + 1)
    assert over.status_code == 413
    assert error_of(over)["message"].startswith("/contentLength")
    data = bytes(range(256)) * (limit // 256)
    url = await upload_url(api, headers, document_id, name="big.pdf", length=limit)
    response = await put_bytes(api, url, data)
    assert response.status_code == 200, response.text
    assert response.json()["sha256"] == hashlib.sha256(data).hexdigest()


async def test_expired_url_is_refused(api: Api, clock: Clock) -> None:
    headers = await api.headers()
    document_id = await create_document(api, headers)
    url = await upload_url(api, headers, document_id)
    clock.fixed = datetime.now(UTC) + timedelta(seconds=901)
    response = await put_bytes(api, url)
    assert response.status_code == 403
    error = error_of(response)
    assert error["reason"] == "URL_EXPIRED" and "expired" in error["message"]
    clock.fixed = None
    fresh = await upload_url(api, headers, document_id)
    assert (await put_bytes(api, fresh)).status_code == 200


def _altered(url: str, **changes: str) -> str:
    parts = urlsplit(url)
    query = {key: values[0] for key, values in parse_qs(parts.query).items()}
    query.update(changes)
    return parts._replace(query=urlencode(query)).geturl()


async def test_tampered_urls_are_refused(api: Api) -> None:
    headers = await api.headers()
    document_id = await create_document(api, headers)
    url = await upload_url(api, headers, document_id)
    signature = parse_qs(urlsplit(url).query)["signature"][0]
    expires = parse_qs(urlsplit(url).query)["expires"][0]
    flipped = ("A" if signature[0] != "A" else "B") + signature[1:]
    later = str(int(expires) + 3600)
    other_file = url.replace(urlsplit(url).path.rsplit("/", 1)[1], "0" * 32)
    tampered = [
        _altered(url, signature=flipped),
        _altered(url, expires=later),
        _altered(url, signature=""),
        url.split("?")[0],
        other_file,
    ]
    for bad in tampered:
        response = await put_bytes(api, bad)
        assert response.status_code == 403, bad
        assert error_of(response)["reason"] == "INVALID_SIGNATURE"
    as_download = await api.http.get(url)  # an upload signature is not a download signature
    assert as_download.status_code == 403
    assert (await put_bytes(api, url)).status_code == 200


async def test_a_url_uploads_once_and_files_never_change(api: Api) -> None:
    headers = await api.headers()
    document_id = await create_document(api, headers)
    url = await upload_url(api, headers, document_id)
    assert (await put_bytes(api, url)).status_code == 200
    again = await put_bytes(api, url, PDF.upper())
    assert again.status_code == 409
    assert error_of(again)["reason"] == "UPLOAD_URL_USED"
    replace = await request_upload(api, headers, document_id)
    assert replace.status_code == 409
    assert error_of(replace)["reason"] == "ATTACHMENT_EXISTS"
    link = await api.http.get(
        f"/documents/{document_id}/attachments/weighing-ticket.pdf", headers=headers
    )
    assert (await api.http.get(link.json()["downloadUrl"])).content == PDF


async def test_a_new_request_replaces_a_pending_upload(api: Api) -> None:
    headers = await api.headers()
    document_id = await create_document(api, headers)
    old = await upload_url(api, headers, document_id)
    new = await upload_url(api, headers, document_id, length=5, content_type="text/plain")
    response = await put_bytes(api, old)
    assert response.status_code == 409
    assert error_of(response)["reason"] == "UPLOAD_URL_REPLACED"
    assert (await put_bytes(api, new, b"hello", "text/plain")).status_code == 200


async def test_event_reference_to_a_missing_file_is_400_and_writes_nothing(api: Api) -> None:
    headers = await api.headers()
    document_id = await create_document(api, headers)
    other = await create_document(api, headers)
    await put_bytes(api, await upload_url(api, headers, other, name="elsewhere.pdf"))
    await upload_url(api, headers, document_id, name="pending.pdf")  # requested, never sent
    await put_bytes(api, await upload_url(api, headers, document_id))
    before = await api.http.get(f"/documents/{document_id}", headers=headers)
    for name in ("missing.pdf", "pending.pdf", "elsewhere.pdf", "WEIGHING-TICKET.PDF"):
        response = await append(api, headers, document_id, with_attachment(name))
        assert response.status_code == 400, name
        error = error_of(response)
        assert error["code"] == "validationError"
        assert error["message"].startswith("/attachments/0/fileName:")
        assert name in error["message"]
    twice = with_attachment()
    twice["attachments"].append({"fileName": "weighing-ticket.pdf", "isPublic": False})
    response = await append(api, headers, document_id, twice)
    assert error_of(response)["message"].startswith("/attachments/1/fileName:")
    batch = {
        "documentId": document_id,
        "events": [with_attachment(offset=1), with_attachment("missing.pdf", offset=2)],
    }
    response = await api.http.post("/documents/events", json=batch, headers=headers)
    assert response.status_code == 400
    assert error_of(response)["message"].startswith("/events/1/attachments/0/fileName:")
    after = await api.http.get(f"/documents/{document_id}", headers=headers)
    assert after.text == before.text
    good = {"documentId": document_id, "events": [with_attachment(offset=1)]}
    assert (await api.http.post("/documents/events", json=good, headers=headers)).status_code == 201


async def test_access_follows_the_document(api: Api) -> None:
    owner = await api.headers()
    document_id = await create_document(api, owner)
    await put_bytes(api, await upload_url(api, owner, document_id))
    path = f"/documents/{document_id}/attachments/weighing-ticket.pdf"
    stranger = await api.headers()
    assert (await request_upload(api, stranger, document_id, "x.pdf")).status_code == 404
    assert (await api.http.get(path, headers=stranger)).status_code == 404
    auditor = await api.headers(role="auditor")
    assert (await request_upload(api, auditor, document_id, "x.pdf")).status_code == 403
    assert (await api.http.get(path, headers=auditor)).status_code == 200
    key = participant_key("BR", "CNPJ", "44444444000144")
    reader = await api.headers(participant_key=key)
    grant = make_actor(
        "Auditor",
        make_participant("Reader", tax_id="44444444000144"),
        permissions=[{"effect": "ALLOW", "actions": ["READ"]}],
    )
    assert (await append(api, owner, document_id, grant)).status_code == 201
    assert (await api.http.get(path, headers=reader)).status_code == 200
    response = await request_upload(api, reader, document_id, "x.pdf")
    assert response.status_code == 403
    assert error_of(response)["code"] == "restrictedResource"
    assert (
        await api.http.put(path, json={"contentLength": 1, "contentType": "text/plain"})
    ).status_code == 401
    prod = await api.headers(env="PROD")
    assert (await api.http.get(path, headers=prod)).status_code == 404


async def test_bad_requests_name_the_field(api: Api) -> None:
    headers = await api.headers()
    document_id = await create_document(api, headers)
    base = f"/documents/{document_id}/attachments"
    cases: list[tuple[str, dict[str, Any], str]] = [
        ("a.pdf", {"contentLength": 0, "contentType": "application/pdf"}, "/contentLength"),
        ("a.pdf", {"contentLength": 1.5, "contentType": "application/pdf"}, "/contentLength"),
        ("a.pdf", {"contentLength": "10", "contentType": "application/pdf"}, "/contentLength"),
        ("a.pdf", {"contentType": "application/pdf"}, "/contentLength"),
        ("a.html", {"contentLength": 10, "contentType": "text/html"}, "/contentType"),
        ("a.svg", {"contentLength": 10, "contentType": "image/svg+xml"}, "/contentType"),
        ("a.pdf", {"contentLength": 10, "contentType": "application/pdf", "x": 1}, "/x"),
        ("%2E%2E", {"contentLength": 10, "contentType": "application/pdf"}, "/fileName"),
        ("%20a.pdf", {"contentLength": 10, "contentType": "application/pdf"}, "/fileName"),
        ("a%0Ab.pdf", {"contentLength": 10, "contentType": "application/pdf"}, "/fileName"),
        ("a" * 256, {"contentLength": 10, "contentType": "application/pdf"}, "/fileName"),
    ]
    for name, body, pointer in cases:
        response = await api.http.put(f"{base}/{name}", json=body, headers=headers)
        assert response.status_code == 400, (name, body, response.text)
        assert error_of(response)["message"].startswith(pointer), (name, body)
    missing = await api.http.get(f"{base}/nothing.pdf", headers=headers)
    assert missing.status_code == 404
    await upload_url(api, headers, document_id, name="later.pdf")
    pending = await api.http.get(f"{base}/later.pdf", headers=headers)
    assert pending.status_code == 404
    assert "have not arrived" in error_of(pending)["message"]
    unicode_name = "relatório de pesagem (1).pdf"
    url = await upload_url(api, headers, document_id, name=unicode_name)
    assert (await put_bytes(api, url)).status_code == 200
    link = (await api.http.get(f"{base}/{unicode_name}", headers=headers)).json()
    file = await api.http.get(link["downloadUrl"])
    assert "filename*=utf-8''relat%C3%B3rio%20de" in file.headers["content-disposition"]


async def test_cancelled_documents_take_no_files(api: Api) -> None:
    headers = await api.headers()
    document_id = await create_document(api, headers)
    assert (await append(api, headers, document_id, make_event("CANCEL", 1))).status_code == 201
    response = await request_upload(api, headers, document_id)
    assert response.status_code == 409
    assert error_of(response)["reason"] == "DOCUMENT_CANCELLED"
