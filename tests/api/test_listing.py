"""``GET /documents`` (filters, visibility, cursors) and ``GET /documents/{id}/events`` (§9)."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from massid.domain.identity import participant_key
from tests.api.helpers import append, create_document, error_of
from tests.conftest import Api, Clock
from tests.factories import make_actor, make_event, make_participant


async def list_all(
    api: Api, headers: dict[str, str], **params: Any
) -> tuple[list[dict[str, Any]], int]:
    """Every item of a listing, following nextCursor; and the number of pages read."""
    items: list[dict[str, Any]] = []
    cursor: str | None = None
    pages = 0
    while True:
        query = dict(params, **({"cursor": cursor} if cursor else {}))
        response = await api.http.get("/documents", params=query, headers=headers)
        assert response.status_code == 200, response.text
        body = response.json()
        items += body["items"]
        pages += 1
        cursor = body["nextCursor"]
        if cursor is None:
            return items, pages


def ids(items: list[dict[str, Any]]) -> list[str]:
    return [item["id"] for item in items]


async def test_pages_cover_every_document_once_in_id_order(api: Api) -> None:
    headers = await api.headers()
    created = [await create_document(api, headers, externalId=f"ext-{i}") for i in range(7)]
    items, pages = await list_all(api, headers, limit=3)
    assert ids(items) == created == sorted(created)
    assert pages == 3
    first = items[0]
    assert first["eventCount"] == 0 and first["status"] == "OPEN"
    assert "externalEvents" not in first and "attachments" not in first
    assert first["primaryParticipant"]["name"] and first["externalId"] == "ext-0"


async def test_filters(api: Api, clock: Clock) -> None:
    headers = await api.headers()
    clock.fixed = datetime(2026, 3, 1, tzinfo=UTC)
    food = await create_document(api, headers, externalId="A-1")
    clock.fixed = datetime(2026, 3, 2, tzinfo=UTC)
    green = await create_document(api, headers, subtype="Garden and Park Waste")
    credit = await create_document(api, headers, category="Credit", type="Carbon", subtype=None)
    closed = await create_document(api, headers)
    clock.fixed = datetime(2026, 3, 3, tzinfo=UTC)
    assert (await append(api, headers, closed, make_event("CLOSE", 2))).status_code == 201
    clock.fixed = None

    async def listed(**params: Any) -> list[str]:
        return ids((await list_all(api, headers, **params))[0])

    assert await listed(category="Credit") == [credit]
    assert await listed(category="MassID", type="Organic") == [food, green, closed]
    assert await listed(subtype="Garden and Park Waste") == [green]
    assert await listed(externalId="A-1") == [food]
    assert await listed(status="CLOSED") == [closed]
    assert await listed(status="OPEN") == [food, green, credit]
    assert await listed(createdAfter="2026-03-01T12:00:00Z") == [green, credit, closed]
    assert await listed(createdAfter="2026-03-01T09:00:00-03:00") == [green, credit, closed]
    assert await listed(updatedAfter="2026-03-02T12:00:00Z") == [closed]
    assert await listed(category="Nothing") == []


async def test_visibility_own_granted_auditor_environment(api: Api) -> None:
    owner = await api.headers(integrator="Owner")
    colleague = await api.headers(integrator="Owner")
    stranger = await api.headers()
    key = participant_key("BR", "CNPJ", "33333333000133")
    partner = await api.headers(participant_key=key)
    auditor = await api.headers(role="auditor")
    prod_auditor = await api.headers(role="auditor", env="PROD")
    private = await create_document(api, owner)
    shared = await create_document(api, owner)
    grant = make_actor(
        "Processor",
        make_participant("Partner", tax_id="33.333.333/0001-33"),
        permissions=[{"effect": "ALLOW", "actions": ["READ"]}],
    )
    assert (await append(api, owner, shared, grant)).status_code == 201
    partners_own = await create_document(api, partner)
    denied = await create_document(api, owner)
    deny = make_actor(
        "Other",
        make_participant("Partner", tax_id="33333333000133"),
        permissions=[{"effect": "DENY", "actions": ["READ"]}],
    )
    assert (await append(api, owner, denied, deny)).status_code == 201

    assert ids((await list_all(api, owner))[0]) == [private, shared, denied]
    assert ids((await list_all(api, colleague, limit=1))[0]) == [private, shared, denied]
    assert ids((await list_all(api, stranger))[0]) == []
    assert ids((await list_all(api, partner, limit=1))[0]) == [shared, partners_own]
    everything = [private, shared, partners_own, denied]
    assert ids((await list_all(api, auditor, limit=2))[0]) == everything
    assert ids((await list_all(api, prod_auditor))[0]) == []


async def test_updated_after_orders_by_update_and_follows_changes(api: Api, clock: Clock) -> None:
    headers = await api.headers()
    base = datetime(2026, 4, 1, tzinfo=UTC)
    clock.fixed = base
    first, second, third = [await create_document(api, headers) for _ in range(3)]
    # Updated in the order third, first: a change feed lists them in that order.
    clock.fixed = base + timedelta(hours=1)
    assert (await append(api, headers, third, make_event())).status_code == 201
    clock.fixed = base + timedelta(hours=2)
    assert (await append(api, headers, first, make_event())).status_code == 201
    clock.fixed = None
    items, _ = await list_all(api, headers, updatedAfter="2026-04-01T00:30:00Z", limit=1)
    assert ids(items) == [third, first]
    assert [item["eventCount"] for item in items] == [1, 1]
    everything = await list_all(api, headers, updatedAfter="2026-03-01T00:00:00Z")
    assert ids(everything[0]) == [second, third, first]
    # Equal updatedAt: ties are broken by id, across page boundaries.
    clock.fixed = base + timedelta(days=1)
    tied = [await create_document(api, headers) for _ in range(4)]
    clock.fixed = None
    items, pages = await list_all(api, headers, updatedAfter="2026-04-01T12:00:00Z", limit=1)
    assert ids(items) == tied and pages == 4


@pytest.mark.parametrize("mode", ["id", "updatedAfter"])
async def test_paging_under_concurrent_inserts_neither_skips_nor_repeats(
    api: Api, mode: str
) -> None:
    headers = await api.headers(integrator="Pager")
    writer = await api.headers(integrator="Pager")
    before = [await create_document(api, headers) for _ in range(24)]
    params: dict[str, Any] = {"limit": 5}
    if mode == "updatedAfter":
        params["updatedAfter"] = "2000-01-01T00:00:00Z"
    stop = asyncio.Event()
    inserted: list[str] = []

    async def insert_while_paging() -> None:
        # Bounded: writers faster than the pager (5 per page) would otherwise keep it paging
        # forever; 60 documents still land between and during its pages.
        while not stop.is_set() and len(inserted) < 60:
            inserted.append(await create_document(api, writer))
            await asyncio.sleep(0)

    async def page_through() -> list[dict[str, Any]]:
        try:
            items: list[dict[str, Any]] = []
            cursor = None
            while True:
                query = dict(params, **({"cursor": cursor} if cursor else {}))
                body = (await api.http.get("/documents", params=query, headers=headers)).json()
                items += body["items"]
                cursor = body["nextCursor"]
                if cursor is None:
                    return items
                await asyncio.sleep(0.01)  # let the writers commit between pages
        finally:
            stop.set()

    inserters = [asyncio.create_task(insert_while_paging()) for _ in range(3)]
    items = await page_through()
    await asyncio.gather(*inserters)
    seen = ids(items)
    assert len(seen) == len(set(seen)), "a document was returned twice"
    assert [i for i in seen if i in before] == before, "a document that existed was skipped"
    assert set(seen) <= set(before) | set(inserted)
    assert len(inserted) >= 3


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("limit=0", "limit"),
        ("limit=201", "limit"),
        ("limit=abc", "limit"),
        ("limit=-1", "limit"),
        ("cursor=nonsense", "cursor"),
        ("cursor=", "cursor"),
        ("status=DONE", "status"),
        ("createdAfter=2026-01-01T00:00:00", "createdAfter"),
        ("updatedAfter=yesterday", "updatedAfter"),
        ("createdAfter=2026-01-01", "createdAfter"),
        ("category=", "category"),
        ("categroy=MassID", "categroy"),
        ("type=A&type=B", "type"),
    ],
)
async def test_invalid_parameters_are_400_naming_them(api: Api, query: str, parameter: str) -> None:
    headers = await api.headers()
    response = await api.http.get(f"/documents?{query}", headers=headers)
    assert response.status_code == 400, response.text
    error = error_of(response)
    assert error["code"] == "validationError"
    assert error["message"].startswith(f"/{parameter} (query parameter)")


async def test_tampered_or_foreign_cursors_are_400(api: Api) -> None:
    headers = await api.headers()
    for _ in range(3):
        await create_document(api, headers)
    page = (await api.http.get("/documents?limit=1", headers=headers)).json()
    cursor = page["nextCursor"]
    body, _, signature = cursor.partition(".")
    forged = body[:-2] + ("AA" if body[-2:] != "AA" else "BB") + "." + signature
    for bad in (forged, cursor[:-1], body):
        response = await api.http.get("/documents", params={"cursor": bad}, headers=headers)
        assert response.status_code == 400
        assert "/cursor (query parameter)" in error_of(response)["message"]
    other = await api.http.get(
        "/documents", params={"cursor": cursor, "category": "MassID"}, headers=headers
    )
    assert other.status_code == 400
    assert "other filters" in error_of(other)["message"]
    fine = await api.http.get("/documents", params={"cursor": cursor, "limit": 1}, headers=headers)
    assert fine.status_code == 200


async def test_listing_needs_a_token(api: Api) -> None:
    assert (await api.http.get("/documents")).status_code == 401


async def test_event_pages(api: Api) -> None:
    headers = await api.headers()
    document_id = await create_document(api, headers)
    for hour in range(1, 8):
        assert (
            await append(api, headers, document_id, make_event(offset_hours=hour))
        ).status_code == 201
    url = f"/documents/{document_id}/events"
    sequences: list[int] = []
    after: int | None = 0
    while after is not None:
        response = await api.http.get(url, params={"after": after, "limit": 3}, headers=headers)
        assert response.status_code == 200, response.text
        page = response.json()
        sequences += [event["sequence"] for event in page["items"]]
        after = page["nextAfter"]
    assert sequences == list(range(1, 8))
    whole = (await api.http.get(f"/documents/{document_id}", headers=headers)).json()
    everything = (await api.http.get(url, headers=headers)).json()
    assert everything == {"items": whole["externalEvents"], "nextAfter": None}
    tail = (await api.http.get(url, params={"after": 7}, headers=headers)).json()
    assert tail == {"items": [], "nextAfter": None}
    for bad in ("after=-1", "after=x", "limit=0", "limit=1001", "before=3"):
        response = await api.http.get(f"{url}?{bad}", headers=headers)
        assert response.status_code == 400, bad
        assert error_of(response)["message"].startswith(f"/{bad.split('=')[0]} (query parameter)")
    stranger = await api.headers()
    assert (await api.http.get(url, headers=stranger)).status_code == 404
    missing = "/documents/00000000-0000-7000-8000-000000000000/events"
    assert (await api.http.get(missing, headers=headers)).status_code == 404


async def test_openapi_declares_listing_and_attachments(api: Api) -> None:
    schema = (await api.http.get("/openapi.json")).json()
    listing = schema["paths"]["/documents"]["get"]
    declared = [parameter["name"] for parameter in listing["parameters"]]
    assert declared == [
        "category",
        "type",
        "subtype",
        "status",
        "externalId",
        "createdAfter",
        "updatedAfter",
        "limit",
        "cursor",
    ]
    assert listing["responses"]["200"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/DocumentPage"
    }
    events = schema["paths"]["/documents/{documentId}/events"]["get"]
    assert [p["name"] for p in events["parameters"]] == ["documentId", "after", "limit"]
    attachment = schema["paths"]["/documents/{documentId}/attachments/{fileName}"]
    assert {"put", "get"} <= set(attachment)
    assert "413" in attachment["put"]["responses"]
    for name in ("DocumentSummary", "EventPage", "UploadUrl", "DownloadUrl", "AttachmentRequestIn"):
        assert name in schema["components"]["schemas"]
