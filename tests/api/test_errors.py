"""The error envelope on every path, framework-level ones included (api.md §3)."""

from __future__ import annotations

import pytest

from tests.api.helpers import error_of
from tests.conftest import Api
from tests.factories import make_document


async def test_unknown_route_is_404_in_the_envelope(api: Api) -> None:
    response = await api.http.get("/nowhere")
    assert response.status_code == 404
    error = error_of(response)
    assert error["code"] == "objectNotFound"
    assert error["timestamp"].isdigit()


async def test_wrong_method_is_405_in_the_envelope(api: Api) -> None:
    response = await api.http.delete("/documents")
    assert response.status_code == 405
    assert error_of(response)["code"] == "methodNotAllowed"


@pytest.mark.parametrize(
    "raw",
    [
        b"{not json",
        b"",
        b"   ",
        b'{"a": NaN}',
        b'{"a": Infinity}',
        b'{"a": -Infinity}',
        b'{"a": 1e400}',
        b'{"a": 1, "a": 2}',
        b"\xff\xfe{}",
        b"[" * 100_000,
    ],
)
async def test_malformed_json_is_400_invalid_json(api: Api, raw: bytes) -> None:
    headers = {**(await api.headers()), "Content-Type": "application/json"}
    response = await api.http.post("/documents", content=raw, headers=headers)
    assert response.status_code == 400, response.text
    assert error_of(response)["code"] == "invalidJson"


async def test_non_object_body_is_a_validation_error(api: Api) -> None:
    headers = await api.headers()
    response = await api.http.post("/documents", json=[1, 2], headers=headers)
    assert response.status_code == 400
    assert error_of(response)["code"] == "validationError"


async def test_body_over_the_limit_is_413(api: Api) -> None:
    headers = await api.headers()
    payload = make_document(title="x" * 1_100_000)
    response = await api.http.post("/documents", json=payload, headers=headers)
    assert response.status_code == 413
    error = error_of(response)
    assert error["code"] == "validationError" and error["reason"] == "PAYLOAD_TOO_LARGE"


async def test_chunked_body_over_the_limit_is_413(api: Api) -> None:
    headers = await api.headers()

    async def chunks():  # type: ignore[no-untyped-def]
        for _ in range(20):
            yield b"x" * 100_000

    response = await api.http.post(
        "/documents", content=chunks(), headers={**headers, "Content-Type": "application/json"}
    )
    assert response.status_code == 413


async def test_wrong_content_type_is_415(api: Api) -> None:
    headers = {**(await api.headers()), "Content-Type": "text/plain"}
    response = await api.http.post("/documents", content=b"{}", headers=headers)
    assert response.status_code == 415
    assert error_of(response)["reason"] == "UNSUPPORTED_MEDIA_TYPE"


async def test_auth_comes_before_body_validation(api: Api) -> None:
    response = await api.http.post("/documents", content=b"{bad")
    assert response.status_code == 401


async def test_request_id_is_honoured_or_generated(api: Api) -> None:
    sent = await api.http.get("/nowhere", headers={"X-Request-Id": "my-trace-42"})
    assert sent.headers["x-request-id"] == "my-trace-42"
    assert error_of(sent)["id"] == "my-trace-42"
    hostile = await api.http.get("/nowhere", headers={"X-Request-Id": "bad id\twith spaces"})
    assert hostile.headers["x-request-id"] != "bad id\twith spaces"


async def test_unexpected_errors_are_500_without_details(api: Api) -> None:
    async def boom(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("secret internal detail")

    api.container.documents.get = boom  # type: ignore[method-assign]
    headers = await api.headers()
    response = await api.http.get(
        "/documents/00000000-0000-7000-8000-000000000000", headers=headers
    )
    assert response.status_code == 500
    error = error_of(response)
    assert error["code"] == "internalServerError"
    assert "secret" not in response.text and "Traceback" not in response.text


async def test_openapi_declares_every_error_response(api: Api) -> None:
    schema = (await api.http.get("/openapi.json")).json()
    for path in ("/documents", "/documents/{documentId}/events", "/documents/events"):
        responses = schema["paths"][path]["post"]["responses"]
        for status in ("400", "401", "404", "409", "413", "429", "500", "503"):
            if status == "404" and path == "/documents":
                continue
            assert status in responses, (path, status)
        assert "422" not in responses
    assert "DocumentIn" in schema["components"]["schemas"]
    docs = await api.http.get("/docs")
    assert docs.status_code == 200
