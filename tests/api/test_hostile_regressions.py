"""Regressions found by the hostile corpus (tests/hostile): U+0000 made PostgreSQL fail with a
500 (bodies, URLs, the token endpoint), a lone surrogate escape was answered as a validation
error instead of invalid JSON, nesting had no limit, and ``/documents/%2F`` was redirected."""

from __future__ import annotations

import json

import httpx
import pytest

from tests.api.helpers import create_document, error_of, get_document
from tests.conftest import Api
from tests.factories import make_document, make_event


@pytest.mark.parametrize(
    ("overrides", "pointer"),
    [
        ({"category": "Mass\u0000ID"}, "/category"),
        ({"deduplicationId": "key\u0000"}, "/deduplicationId"),
        ({"tags": {"k\u0000": "v"}}, "/tags/k\u0000"),
        ({"participant": {"name": "\u0000"}}, "/participant/name"),
    ],
)
async def test_nul_in_a_body_string_is_a_400_naming_it(
    api: Api, overrides: dict[str, object], pointer: str
) -> None:
    headers = await api.headers()
    document = make_document()
    for key, value in overrides.items():
        if isinstance(value, dict) and isinstance(document.get(key), dict):
            document[key] = {**document[key], **value}
        else:
            document[key] = value
    response = await api.http.post("/documents", json=document, headers=headers)
    assert response.status_code == 400, response.text
    assert error_of(response)["message"].startswith(f"{pointer}: must not contain the NUL")
    listed = await api.http.get("/documents", headers=headers)
    assert listed.json()["items"] == []


async def test_nul_in_an_event_attribute_writes_nothing(api: Api) -> None:
    headers = await api.headers()
    document_id = await create_document(api, headers)
    attribute = {"name": "note", "value": "a\u0000b", "isPublic": True}
    event = make_event(metadata={"attributes": [attribute]})
    response = await api.http.post(f"/documents/{document_id}/events", json=event, headers=headers)
    assert response.status_code == 400
    assert error_of(response)["message"].startswith("/metadata/attributes/0/value")
    assert (await get_document(api, headers, document_id))["externalEvents"] == []


@pytest.mark.parametrize(
    "url", ["/documents?category=a%00b", "/documents/a%00b", "/documents?x=%00"]
)
async def test_nul_in_the_url_is_a_400(api: Api, url: str) -> None:
    response = await api.http.get(url, headers=await api.headers())
    assert response.status_code == 400
    assert error_of(response)["code"] == "validationError"


async def test_control_characters_in_the_idempotency_key_are_refused(api: Api) -> None:
    headers = {**(await api.headers()), "Idempotency-Key": "a\tb"}
    response = await api.http.post("/documents", json=make_document(), headers=headers)
    assert response.status_code == 400
    assert "Idempotency-Key" in error_of(response)["message"]


async def test_a_lone_surrogate_is_invalid_json(api: Api) -> None:
    body = json.dumps(make_document(category="\ud83d")).encode()
    response = await api.http.post(
        "/documents",
        content=body,
        headers={**(await api.headers()), "Content-Type": "application/json"},
    )
    assert response.status_code == 400
    assert error_of(response)["code"] == "invalidJson"


async def test_nul_in_a_client_id_is_invalid_client(api: Api) -> None:
    response = await api.http.post(
        "/oauth2/token",
        data={"grant_type": "client_credentials", "client_id": "a\u0000b", "client_secret": "x"},
    )
    assert response.status_code == 401
    assert response.json()["error"] == "invalid_client"


@pytest.mark.parametrize("depth", [33, 200])
async def test_a_body_nested_deeper_than_32_levels_is_invalid_json(api: Api, depth: int) -> None:
    headers = await api.headers()
    document_id = await create_document(api, headers)
    nested: object = "x"
    for _ in range(depth - 4):  # the event, metadata, attributes and the attribute add four
        nested = [nested]
    attribute = {"name": "deep", "isPublic": True, "value": nested}
    event = make_event(metadata={"attributes": [attribute]})
    response = await api.http.post(f"/documents/{document_id}/events", json=event, headers=headers)
    assert response.status_code == 400
    assert error_of(response)["code"] == "invalidJson"
    assert "nested too deeply" in error_of(response)["message"]


async def test_nesting_of_32_levels_is_accepted(api: Api) -> None:
    headers = await api.headers()
    document_id = await create_document(api, headers)
    nested: object = "x"
    for _ in range(32 - 4):
        nested = [nested]
    attribute = {"name": "deep", "isPublic": True, "value": nested}
    event = make_event(metadata={"attributes": [attribute]})
    response = await api.http.post(f"/documents/{document_id}/events", json=event, headers=headers)
    assert response.status_code == 201, response.text


async def test_an_encoded_slash_as_id_is_a_404_not_a_redirect(api: Api) -> None:
    response = await api.http.get("/documents/%2F", headers=await api.headers())
    assert response.status_code == 404
    assert error_of(response)["code"] == "objectNotFound"


async def test_headers_over_16_kb_are_a_431_in_the_envelope(api: Api) -> None:
    headers = {**(await api.headers()), "X-Filler": "x" * 17_000}
    response = await api.http.get("/documents", headers=headers)
    assert response.status_code == 431
    assert error_of(response)["reason"] == "HEADERS_TOO_LARGE"


async def test_a_url_over_8_kb_is_a_414_in_the_envelope(api: Api) -> None:
    response = await api.http.get("/documents?category=" + "c" * 9000, headers=await api.headers())
    assert response.status_code == 414
    assert error_of(response)["reason"] == "URI_TOO_LONG"


@pytest.mark.parametrize("cursor", ["é", "abc.\u00e9\u00e9", "\u0432.\u0432", "x." + "ñ" * 40])
async def test_a_cursor_with_non_ascii_characters_is_a_400(api: Api, cursor: str) -> None:
    response = await api.http.get(
        "/documents", params={"cursor": cursor}, headers=await api.headers()
    )
    assert response.status_code == 400, response.text
    assert error_of(response)["message"].startswith("/cursor")


async def test_a_file_url_with_a_non_ascii_signature_is_a_403(api: Api) -> None:
    headers = await api.headers()
    document_id = await create_document(api, headers)
    granted = await api.http.put(
        f"/documents/{document_id}/attachments/a.pdf",
        json={"contentLength": 3, "contentType": "application/pdf"},
        headers=headers,
    )
    assert granted.status_code == 200, granted.text
    url = httpx.URL(granted.json()["uploadUrl"])
    forged = url.copy_set_param("signature", "\u00e9" * 43)
    response = await api.http.put(
        str(forged), content=b"abc", headers={"Content-Type": "application/pdf"}
    )
    assert response.status_code == 403
    assert error_of(response)["reason"] == "INVALID_SIGNATURE"
