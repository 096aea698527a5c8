"""The MassID uniqueness index, kept by the append path, on SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from massid.methodologies.bold.uniqueness import mass_id_fingerprint
from massid.methodologies.graph import document_from_json
from massid.services.verification_graph import parse
from massid.storage.sql.tables import massid_keys
from tests.api.helpers import append, submit, upload_files
from tests.conftest import Api
from tests.factories import make_event
from tests.methodology_factories import make_accreditations, make_massid


async def _row(api: Api, document_id: str) -> Any:
    async with api.container.store.read() as tx:
        parts = (await tx.get_massid_keys([document_id])).get(document_id)
        stored = await tx.get_document("TEST", document_id, None, lock=False)
        bodies = await tx.list_event_bodies(document_id)
    assert stored is not None
    document = document_from_json(
        parse(stored.body),
        [parse(b) for b in bodies],
        status=stored.head.status,
        current_value=stored.head.current_value,
    )
    return parts, document


async def _fingerprint(api: Api, document_id: str) -> str | None:
    async with api.container.database.read() as connection:
        query = select(massid_keys.c.fingerprint).where(massid_keys.c.document_id == document_id)
        return (await connection.execute(query)).scalar()


async def test_the_index_follows_every_append(api: Api) -> None:
    headers = await api.headers()
    payload = make_massid()
    events = payload["events"]
    mass_id = await submit(api, headers, {"document": payload["document"], "events": []})
    await upload_files(api.http, headers, mass_id, events)
    seen: list[str | None] = []
    for event in events:
        response = await append(api, headers, mass_id, event)
        assert response.status_code == 201, response.text
        fingerprint = await _fingerprint(api, mass_id)
        _parts, document = await _row(api, mass_id)
        assert fingerprint == mass_id_fingerprint(document), event["name"]
        seen.append(fingerprint)
    names = [event["name"] for event in events]
    # Incomplete until the first Drop-off; then it changes only with the value (Sorting).
    assert seen[: names.index("Drop-off")] == [None] * names.index("Drop-off")
    after_drop_off = seen[names.index("Drop-off")]
    assert after_drop_off is not None
    assert seen[names.index("Sorting")] != after_drop_off
    assert seen[-1] == seen[names.index("Sorting")]
    parts, _document = await _row(api, mass_id)
    assert parts.plate == "ABC1D23"


async def test_batches_and_single_appends_index_the_same_key(api: Api) -> None:
    headers = await api.headers()
    one = await submit(api, headers, make_massid())
    other = await submit(api, headers, make_massid())
    assert await _fingerprint(api, one) == await _fingerprint(api, other) is not None
    async with api.container.store.read() as tx:
        found = await tx.find_duplicates("TEST", str(await _fingerprint(api, one)), one, None)
    assert [ref.id for ref in found] == [other]
    cancel = make_event("CANCEL", 24 * 200)
    assert (await append(api, headers, other, cancel)).status_code == 409  # CLOSED: kept
    payload = make_massid()
    payload["events"] = [e for e in payload["events"] if e["name"] != "CLOSE"]
    third = await submit(api, headers, payload)
    assert (await append(api, headers, third, cancel)).status_code == 201
    async with api.container.store.read() as tx:
        found = await tx.find_duplicates("TEST", str(await _fingerprint(api, one)), one, None)
    assert [ref.id for ref in found] == [other]


async def test_other_documents_are_not_indexed(api: Api) -> None:
    accreditor = await api.headers(role="accreditor")
    document_id = await submit(api, accreditor, make_accreditations()["Recycler"])
    parts, _document = await _row(api, document_id)
    assert parts is None
