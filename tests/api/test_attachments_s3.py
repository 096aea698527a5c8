"""Attachments on the S3 backend, against a real S3-compatible server (moto in server mode).

moto does not verify presigned signatures or their expiry (real S3 does: the upload URL signs
``Content-Type``, ``Content-Length`` and an expiry, and S3 answers ``SignatureDoesNotMatch``
or ``AccessDenied``). That makes it a lax server — which is what these tests need to show
massid's own checks: whatever reaches the bucket is accepted only if it is the declared
size and type, uploaded in time, and an accepted file never changes.
"""

from __future__ import annotations

import hashlib
import subprocess
import sys
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import boto3
import httpx
import pytest

from massid.bootstrap import build_container
from tests.api.helpers import append, create_document, error_of, get_document
from tests.api.test_attachments import PDF, request_upload, upload_url, with_attachment
from tests.conftest import Api, Clock, make_settings, serve_in_process
from tests.e2e.server import free_port


@pytest.fixture(scope="session")
def moto_endpoint() -> Iterator[str]:
    """A moto S3 server in its own process, for the whole session."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    endpoint = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            httpx.get(f"{endpoint}/moto-api/", timeout=0.5)
            break
        except httpx.HTTPError:
            if time.monotonic() > deadline or process.poll() is not None:
                process.kill()
                pytest.fail("the moto S3 server did not start")
            time.sleep(0.1)
    yield endpoint
    process.terminate()
    process.wait(10)


@pytest.fixture(scope="session")
def s3_client(moto_endpoint: str) -> Any:
    return boto3.client(
        "s3",
        endpoint_url=moto_endpoint,
        region_name="us-east-1",
        aws_access_key_id="test",
        aws_secret_access_key="test",
    )


@pytest.fixture
def bucket(s3_client: Any) -> str:
    name = f"massid-{uuid.uuid4().hex[:12]}"
    s3_client.create_bucket(Bucket=name)
    return name


@pytest.fixture
async def s3_api(
    clean_database: str, tmp_path: Path, clock: Clock, moto_endpoint: str, bucket: str
) -> AsyncIterator[Api]:
    settings = make_settings(
        clean_database,
        tmp_path / "data",
        s3_bucket=bucket,
        s3_endpoint_url=moto_endpoint,
        s3_access_key_id="test",
        s3_secret_access_key="test",
        s3_prefix="massid/",
    )
    container = build_container(settings, clock=clock)
    async with serve_in_process(container) as served:
        yield served
    await container.close()


def keys(client: Any, bucket: str) -> list[str]:
    listed = client.list_objects_v2(Bucket=bucket)
    return sorted(item["Key"] for item in listed.get("Contents", []))


async def put_to_bucket(url: str, data: bytes, content_type: str = "application/pdf") -> int:
    async with httpx.AsyncClient() as client:
        response = await client.put(url, content=data, headers={"Content-Type": content_type})
    return response.status_code


async def test_presigned_round_trip(
    s3_api: Api, bucket: str, s3_client: Any, moto_endpoint: str
) -> None:
    api = s3_api
    headers = await api.headers()
    document_id = await create_document(api, headers)
    url = await upload_url(api, headers, document_id)
    query = parse_qs(urlsplit(url).query)
    assert url.startswith(f"{moto_endpoint}/{bucket}/massid/uploads/TEST/{document_id}/")
    assert query["X-Amz-SignedHeaders"] == ["content-length;content-type;host"]
    assert query["X-Amz-Expires"] == ["900"]
    assert await put_to_bucket(url, PDF) == 200

    assert (await append(api, headers, document_id, with_attachment())).status_code == 201
    document = await get_document(api, headers, document_id)
    (attachment,) = document["attachments"]
    assert attachment["sha256"] == hashlib.sha256(PDF).hexdigest()
    assert attachment["contentLength"] == len(PDF)
    assert "massid/" not in str(document)
    stored = keys(s3_client, bucket)
    assert len(stored) == 1 and stored[0].startswith(f"massid/files/TEST/{document_id}/")

    link = await api.http.get(
        f"/documents/{document_id}/attachments/weighing-ticket.pdf", headers=headers
    )
    assert link.status_code == 200
    download = link.json()["downloadUrl"]
    assert download.startswith(f"{moto_endpoint}/{bucket}/massid/files/")
    async with httpx.AsyncClient() as client:
        file = await client.get(download)
    assert file.content == PDF
    assert file.headers["content-type"] == "application/pdf"
    assert file.headers["content-disposition"].startswith("attachment;")


async def test_wrong_size_or_type_in_the_bucket_is_refused(
    s3_api: Api, bucket: str, s3_client: Any
) -> None:
    api = s3_api
    headers = await api.headers()
    document_id = await create_document(api, headers)
    url = await upload_url(api, headers, document_id)
    for data, content_type in ((PDF[:-1], "application/pdf"), (PDF, "image/png")):
        assert await put_to_bucket(url, data, content_type) == 200  # moto does not check
        response = await append(api, headers, document_id, with_attachment())
        assert response.status_code == 400
        assert error_of(response)["message"].startswith("/attachments/0/fileName:")
        assert keys(s3_client, bucket) == [], "the refused object is deleted"
    path = f"/documents/{document_id}/attachments/weighing-ticket.pdf"
    assert (await api.http.get(path, headers=headers)).status_code == 404
    assert (await get_document(api, headers, document_id))["externalEvents"] == []
    assert await put_to_bucket(url, PDF) == 200
    assert (await append(api, headers, document_id, with_attachment())).status_code == 201


async def test_a_reused_url_never_changes_an_accepted_file(s3_api: Api, bucket: str) -> None:
    api = s3_api
    headers = await api.headers()
    document_id = await create_document(api, headers)
    url = await upload_url(api, headers, document_id)
    assert await put_to_bucket(url, PDF) == 200
    first = (await get_document(api, headers, document_id))["attachments"]
    assert await put_to_bucket(url, PDF.upper()) == 200  # real S3 would allow it until expiry
    assert (await get_document(api, headers, document_id))["attachments"] == first
    link = await api.http.get(
        f"/documents/{document_id}/attachments/weighing-ticket.pdf", headers=headers
    )
    async with httpx.AsyncClient() as client:
        assert (await client.get(link.json()["downloadUrl"])).content == PDF
    again = await request_upload(api, headers, document_id)
    assert again.status_code == 409
    assert error_of(again)["reason"] == "ATTACHMENT_EXISTS"


async def test_uploads_after_expiry_are_refused(
    s3_api: Api, clock: Clock, bucket: str, s3_client: Any
) -> None:
    api = s3_api
    headers = await api.headers()
    document_id = await create_document(api, headers)
    clock.fixed = datetime.now(UTC) - timedelta(hours=1)
    late = await upload_url(api, headers, document_id)  # massid's record: expired 45 min ago
    never = await upload_url(api, headers, document_id, name="never.pdf")
    clock.fixed = None
    assert await put_to_bucket(late, PDF) == 200  # S3 signs with real time; moto ignores it
    response = await append(api, headers, document_id, with_attachment())
    assert response.status_code == 400
    assert keys(s3_client, bucket) == []
    clock.fixed = datetime.now(UTC) + timedelta(hours=2)
    await get_document(api, headers, document_id)  # settles: both uploads are now EXPIRED
    async with api.container.store.read() as tx:
        statuses = {
            name: (await tx.get_attachment(document_id, name)).status  # type: ignore[union-attr]
            for name in ("weighing-ticket.pdf", "never.pdf")
        }
    assert statuses == {"weighing-ticket.pdf": "EXPIRED", "never.pdf": "EXPIRED"}
    clock.fixed = None
    fresh = await upload_url(api, headers, document_id)
    assert never != fresh
    assert await put_to_bucket(fresh, PDF) == 200
    assert (await append(api, headers, document_id, with_attachment())).status_code == 201
