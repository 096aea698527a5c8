"""Participant and address ids: looked up once per transaction, remembered once committed."""

from __future__ import annotations

from typing import Any

from sqlalchemy import event, select

from massid.storage.sql.tables import addresses, participants
from tests.conftest import Api
from tests.factories import make_document, make_event, make_participant


def participant_lookups(api: Api) -> list[str]:
    seen: list[str] = []

    def hook(*args: Any) -> None:
        if args[2].lstrip().startswith("SELECT participants.id"):
            seen.append(args[2])

    event.listen(api.container.database.write_engine.sync_engine, "before_cursor_execute", hook)
    return seen


async def new_document(api: Api, headers: dict[str, str]) -> str:
    created = await api.http.post("/documents", json=make_document(), headers=headers)
    assert created.status_code == 201, created.text
    return str(created.json()["id"])


async def test_a_shared_participant_is_looked_up_once_per_batch_then_remembered(api: Api) -> None:
    headers = await api.headers()
    document_id = await new_document(api, headers)
    lookups = participant_lookups(api)
    batch = {"documentId": document_id, "events": [make_event() for _ in range(5)]}
    assert (await api.http.post("/documents/events", json=batch, headers=headers)).is_success
    assert len(lookups) == 1  # five events, one participant (inserted: not remembered yet)
    url = f"/documents/{document_id}/events"
    for expected in (2, 2):  # found committed once, then remembered
        assert (await api.http.post(url, json=make_event(), headers=headers)).is_success
        assert len(lookups) == expected


async def test_ids_of_a_rolled_back_transaction_are_not_remembered(api: Api) -> None:
    headers = await api.headers()
    document_id = await new_document(api, headers)
    newcomer = make_event(participant=make_participant("Newcomer Ltda"))
    too_early = make_event(externalCreatedAt="2000-01-01T00:00:00.000Z")
    batch = {"documentId": document_id, "events": [newcomer, too_early]}
    response = await api.http.post("/documents/events", json=batch, headers=headers)
    assert response.status_code == 409, response.text
    known = api.container.store.known_ids._ids
    async with api.container.database.read() as connection:
        for (table_name, _env, _key), row_id in known.items():
            table = participants if table_name == "participants" else addresses
            found = await connection.execute(select(table.c.id).where(table.c.id == row_id))
            assert found.scalar() == row_id  # every remembered id is a committed row
    retried = await api.http.post(
        f"/documents/{document_id}/events", json=newcomer, headers=headers
    )
    assert retried.status_code == 201, retried.text
