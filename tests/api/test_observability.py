"""``/metrics``, ``/readyz`` and the one JSON log line per request, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
import re

import pytest
import sqlalchemy as sa
from prometheus_client.parser import text_string_to_metric_families

from massid.storage.sql.migrate import head_revision
from tests.api.helpers import create_document
from tests.conftest import Api
from tests.factories import make_document, make_event


async def samples(api: Api) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    response = await api.http.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    found = {}
    for family in text_string_to_metric_families(response.text):
        for sample in family.samples:
            found[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return found


def value(
    found: dict[tuple[str, tuple[tuple[str, str], ...]], float], name: str, **labels: str
) -> float:
    return found.get((name, tuple(sorted(labels.items()))), 0.0)


async def test_metrics_count_requests_writes_replays_and_tokens(api: Api) -> None:
    before = await samples(api)
    credentials = await api.new_client()
    headers = {"Authorization": f"Bearer {await api.token(credentials)}"}
    bad = await api.http.post(
        "/oauth2/token", data={"grant_type": "client_credentials"}, auth=("nobody", "wrong")
    )
    assert bad.status_code == 401
    document = make_document(deduplicationId="metrics-doc")
    first = await api.http.post("/documents", json=document, headers=headers)
    replay = await api.http.post("/documents", json=document, headers=headers)
    assert (first.status_code, replay.headers["idempotent-replayed"]) == (201, "true")
    doc_id = first.json()["id"]
    single = await api.http.post(f"/documents/{doc_id}/events", json=make_event(), headers=headers)
    batch = await api.http.post(
        "/documents/events",
        json={"documentId": doc_id, "events": [make_event(), make_event()]},
        headers=headers,
    )
    assert (single.status_code, batch.status_code) == (201, 201)
    after = await samples(api)

    def delta(name: str, **labels: str) -> float:
        return value(after, name, **labels) - value(before, name, **labels)

    assert delta("massid_http_requests_total", method="POST", route="/documents", status="201") == 2
    assert (
        delta("massid_http_requests_total", method="POST", route="/oauth2/token", status="401") == 1
    )
    assert (
        delta("massid_http_request_duration_seconds_count", method="POST", route="/documents") == 2
    )
    assert delta("massid_documents_created_total", environment="TEST") == 1
    assert delta("massid_deduplication_replays_total", kind="document") == 1
    assert delta("massid_events_appended_total", environment="TEST") == 3
    assert delta("massid_tokens_issued_total", environment="TEST") == 1
    assert delta("massid_token_failures_total", error="invalid_client") == 1


async def test_readyz_checks_the_database_and_its_schema(api: Api) -> None:
    response = await api.http.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {"database": "ok", "migrations": "ok", "rateLimits": "memory"},
    }
    database = api.container.database
    async with database.write_engine.begin() as connection:
        await connection.execute(sa.text("UPDATE alembic_version SET version_num = '0000'"))
    try:
        behind = await api.http.get("/readyz")
    finally:
        async with database.write_engine.begin() as connection:
            await connection.execute(
                sa.text("UPDATE alembic_version SET version_num = :head"), {"head": head_revision()}
            )
    assert behind.status_code == 503
    assert behind.json()["checks"]["migrations"] == f"at 0000, head is {head_revision()}"


async def test_one_log_line_per_request_without_secrets(
    api: Api, capsys: pytest.CaptureFixture[str]
) -> None:
    credentials = await api.new_client()
    token = await api.token(credentials)
    headers = {"Authorization": f"Bearer {token}", "X-Request-Id": "trace-abc.123"}
    document_id = await create_document(api, headers)
    await api.http.get(f"/documents/{document_id}", headers={"Authorization": f"Bearer {token}"})
    output = capsys.readouterr().out
    assert token not in output
    assert credentials["clientSecret"] not in output
    lines = [json.loads(line) for line in output.splitlines() if line.startswith("{")]
    requests = [line for line in lines if line["event"] == "request"]
    assert [(line["method"], line["route"], line["status"]) for line in requests] == [
        ("POST", "/oauth2/token", 200),
        ("POST", "/documents", 201),
        ("GET", "/documents/{documentId}", 200),
    ]
    assert {line["client_id"] for line in requests} == {credentials["clientId"]}
    assert requests[1]["request_id"] == "trace-abc.123"
    assert re.fullmatch(r"[0-9a-f]{32}", requests[2]["request_id"])
    for line in requests:
        assert isinstance(line["duration_ms"], float | int)
        assert isinstance(line["pid"], int)
        assert line["timestamp"].endswith("Z")
