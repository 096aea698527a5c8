"""The SDK's reading, upload and verification calls over real HTTP against a live server,
sync and async: ``iter_documents`` follows the cursors across pages, ``upload_attachment``
stores the bytes an event then references, ``verify`` passes a canonical MassID and stores
its audit, ``preview`` judges an unsaved one and stores nothing."""

from __future__ import annotations

import hashlib
import threading
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest

from massid.client import AsyncClient, Client, InvalidRequest
from massid.demo.catalog import accreditations, demo_massid
from massid.demo.payloads import find_event, set_attr
from massid.demo.seeder import write_payload
from tests.e2e.conftest import fresh_database
from tests.e2e.live import Live, credentials_from
from tests.e2e.server import ServerProcess
from tests.e2e.test_cli_demo import seed_definitions
from tests.factories import make_document, make_event

pytestmark = pytest.mark.e2e

YEAR = datetime.now(UTC).year
PAGES = 7, 3  # documents, page size: pages of 3, 3 and 1
PDF = b"%PDF-1.4\n" + bytes(range(256)) * 4 + b"\n%%EOF\n"


class Paths(httpx.HTTPTransport):
    """Notes the method, path and query of each request the client sends."""

    def __init__(self) -> None:
        super().__init__()
        self.sent: list[tuple[str, httpx.URL]] = []
        self._lock = threading.Lock()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        with self._lock:
            self.sent.append((request.method, request.url))
        return super().handle_request(request)


class AsyncPaths(httpx.AsyncHTTPTransport):
    def __init__(self) -> None:
        super().__init__()
        self.sent: list[tuple[str, httpx.URL]] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.sent.append((request.method, request.url))
        return await super().handle_async_request(request)


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
async def network(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[tuple[Live, dict[str, str]]]:
    """A server of its own (the package's shared one holds the demo's accreditations, and a
    participant accredited twice fails), its definitions, the demo network accredited once,
    and an integrator client."""
    folder = tmp_path_factory.mktemp(f"calls-{request.param}")
    async with fresh_database(request.param, folder) as url:
        with ServerProcess(folder, url) as server:
            live = Live(server, url, *credentials_from(server.output()))
            seed_definitions(live)
            accreditor = await live.new_client(role="accreditor")
            with Client(live.url, **login(accreditor)) as api:
                for entry in accreditations(YEAR):
                    write_payload(api, entry.key, entry.payload)
            yield live, await live.new_client()


def login(credentials: dict[str, str]) -> dict[str, Any]:
    return {
        "client_id": credentials["clientId"],
        "client_secret": credentials["clientSecret"],
        "rate_limit": 500,
    }


def listing_pages(sent: list[tuple[str, httpx.URL]]) -> list[str | None]:
    """The cursor of each ``GET /documents`` sent (None for the first page)."""
    return [
        url.params.get("cursor")
        for method, url in sent
        if (method, url.path) == ("GET", "/documents")
    ]


def unsaved(index: int) -> dict[str, Any]:
    """A canonical demo MassID no other test writes (its own seed), without attachments."""
    massid = demo_massid(seed=900 + index, year=YEAR, index=index)
    assert massid.failure is None, index
    payload = massid.payload
    for event in payload["events"]:
        event.pop("attachments", None)
        if event["name"].endswith("Manifest"):  # the exemption a manifest without file needs
            event["metadata"]["attributes"].append(
                {"name": "Exemption Justification", "value": "Paper copy", "isPublic": True}
            )
    return payload


def test_sync_list_upload_verify_and_preview(network: tuple[Live, dict[str, str]]) -> None:
    live, integrator = network
    transport = Paths()
    marker = f"pages-{uuid.uuid4().hex[:8]}"
    with Client(live.url, **login(integrator), transport=transport) as api:
        created = [api.create_document(make_document(externalId=marker)).id for _ in range(7)]
        listed = [d.id for d in api.iter_documents(externalId=marker, limit=PAGES[1])]
        assert listed == created  # in creation order, each once, across three pages
        cursors = listing_pages(transport.sent)
        assert len(cursors) == 3 and cursors[0] is None and None not in cursors[1:]
        assert list(api.iter_documents(externalId=f"{marker}-none")) == []

        # upload_attachment: the bytes land, an event references them, a repeat is a replay.
        document = created[0]
        uploaded = api.upload_attachment(document, "ticket.pdf", PDF, "application/pdf")
        assert (uploaded.contentLength, uploaded.replayed) == (len(PDF), False)
        again = api.upload_attachment(document, "ticket.pdf", PDF, "application/pdf")
        assert again.replayed
        reference = {"fileName": "ticket.pdf", "isPublic": False, "label": "Scale Ticket"}
        api.append_event(document, make_event("Weighing", 2, attachments=[reference]))
        stored = api.get_document(document)
        assert [(a.fileName, a.sha256) for a in stored.attachments] == [
            ("ticket.pdf", hashlib.sha256(PDF).hexdigest())
        ]
        assert stored.externalEvents[-1].attachments == [reference]
        target = api.attachment_url(document, "ticket.pdf")
        assert httpx.get(target.downloadUrl, timeout=10).content == PDF
        with pytest.raises(InvalidRequest):
            api.append_event(document, make_event("Drop-off", 3, attachments=[
                {**reference, "fileName": "never-uploaded.pdf"}]))  # fmt: skip

        # verify: a canonical MassID passes and gets its audit and certificate.
        payload = unsaved(1)
        massid = api.create_document(payload["document"]).id
        api.append_events(payload["events"], document_id=massid)
        for methodology, certificate in (
            ("bold-recycling", "RecycledID"),
            ("bold-carbon", "GasID"),
        ):
            result = api.verify(massid, methodology)
            assert (result.status, result.documentId) == ("PASSED", massid), [
                (r.slug, r.comment) for r in result.rules if r.status != "PASSED"
            ]
            assert result.auditDocumentId and result.certificate is not None
            assert result.certificate.type == certificate

        # preview: an unsaved MassID is judged; a failing one names its rule; nothing stored.
        before = len(list(api.iter_documents(category="MassID")))
        passing = unsaved(2)
        result = api.preview("bold-carbon", passing["document"], passing["events"])
        assert (result.status, result.auditDocumentId, result.documentId) == ("PASSED", None, None)
        assert result.rules[-1].slug == "prevented-emissions"
        set_attr(find_event(passing, "Pick-up"), "Vehicle License Plate", "12-345")
        result = api.preview("bold-recycling", passing["document"], passing["events"])
        assert [r.slug for r in result.rules if r.status != "PASSED"] == ["vehicle-identification"]
        assert len(list(api.iter_documents(category="MassID"))) == before


async def test_async_list_upload_verify_and_preview(network: tuple[Live, dict[str, str]]) -> None:
    live, integrator = network
    transport = AsyncPaths()
    marker = f"pages-{uuid.uuid4().hex[:8]}"
    async with AsyncClient(live.url, **login(integrator), transport=transport) as api:
        created = [
            (await api.create_document(make_document(externalId=marker))).id for _ in range(7)
        ]
        listed = [d.id async for d in api.iter_documents(externalId=marker, limit=PAGES[1])]
        assert listed == created
        cursors = listing_pages(transport.sent)
        assert len(cursors) == 3 and cursors[0] is None and None not in cursors[1:]

        document = created[0]
        uploaded = await api.upload_attachment(document, "ticket.pdf", PDF, "application/pdf")
        assert not uploaded.replayed
        reference = {"fileName": "ticket.pdf", "isPublic": False, "label": "Scale Ticket"}
        await api.append_event(document, make_event("Weighing", 2, attachments=[reference]))
        stored = await api.get_document(document)
        assert [(a.fileName, a.contentLength) for a in stored.attachments] == [
            ("ticket.pdf", len(PDF))
        ]
        target = await api.attachment_url(document, "ticket.pdf")
        async with httpx.AsyncClient(timeout=10) as http:
            assert (await http.get(target.downloadUrl)).content == PDF

        payload = unsaved(5)
        massid = (await api.create_document(payload["document"])).id
        await api.append_events(payload["events"], document_id=massid)
        result = await api.verify(massid, "bold-carbon", idempotency_key=f"{massid}-carbon")
        assert (result.status, result.documentId) == ("PASSED", massid), [
            (r.slug, r.comment) for r in result.rules if r.status != "PASSED"
        ]
        replay = await api.verify(massid, "bold-carbon", idempotency_key=f"{massid}-carbon")
        assert replay.auditDocumentId == result.auditDocumentId  # the same audit, not a second

        passing = unsaved(6)
        preview = await api.preview("bold-recycling", passing["document"], passing["events"])
        assert (preview.status, preview.auditDocumentId) == ("PASSED", None), preview.rules
