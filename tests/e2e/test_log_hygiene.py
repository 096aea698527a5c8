"""No secret, token or stack trace in any response or log line of a whole realistic run.

A real ``massid serve`` goes through the integrator's flow (tokens both ways, documents,
events, a batch, files through signed URLs, listings), its errors (wrong and unknown
credentials, forged and expired tokens, Basic credentials on the API, bad bodies, conflicts,
too large bodies) and an unexpected exception (a row corrupted behind its back). Then its
complete output and every response are scanned for the client secret, every token, the
signing key, Basic credentials, signed-URL signatures and ``Traceback``.

The token endpoint's timings of an unknown client id and of a known one with a wrong secret
are printed (real Argon2id parameters): comparable, as the dummy hash makes them.
"""

from __future__ import annotations

import base64
import sqlite3
import statistics
import time
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from tests.api.test_auth import claims_for, forge
from tests.conftest import SECRET
from tests.e2e.server import ServerProcess
from tests.e2e.test_quickstart import exports_from
from tests.factories import make_document, make_event

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

FORM = {"grant_type": "client_credentials"}
SECRET_KEY = SECRET + "-hygiene"


class Recorder:
    """An HTTP client that keeps every response body for the scan."""

    def __init__(self, url: str) -> None:
        self.http = httpx.Client(base_url=url, timeout=30)
        self.bodies: list[tuple[str, bytes]] = []

    def __call__(self, method: str, path: str, **kwargs: object) -> httpx.Response:
        response = self.http.request(method, path, **kwargs)  # type: ignore[arg-type]
        self.bodies.append((f"{method} {path} {response.status_code}", response.content))
        return response


def credentials(tmp_path: Path, database: str) -> tuple[str, str]:
    """The welcome client of a first start, whose own output is not scanned (it shows the
    secret once, on purpose, to the operator who started it)."""
    with ServerProcess(tmp_path, database, secret=SECRET_KEY) as first:
        exports = exports_from(first.output())
    return exports["CLIENT_ID"], exports["CLIENT_SECRET"]


def token_timings(call: Recorder, client_id: str) -> dict[str, float]:
    """Median seconds of five refusals each: an unknown client id, a wrong secret."""
    timings: dict[str, list[float]] = {"unknown": [], "wrong": []}
    for _ in range(5):
        for name, who in (("unknown", "z" * 26), ("wrong", client_id)):
            started = time.perf_counter()
            response = call("POST", "/oauth2/token", data=FORM, auth=(who, "not-the-secret"))
            timings[name].append(time.perf_counter() - started)
            assert response.status_code == 401
    return {name: statistics.median(values) for name, values in timings.items()}


def corrupt(database: Path, document_id: str) -> None:
    """Break a stored row the way only a bug or an operator could."""
    with sqlite3.connect(database) as connection:
        connection.execute(
            "UPDATE documents SET updated_at = 'not a time', external_created_at = 'x' "
            "WHERE id = ?",
            (document_id,),
        )


def test_no_secret_token_or_trace_in_any_response_or_log_line(tmp_path: Path) -> None:
    database_file = tmp_path / "hygiene.db"
    database = f"sqlite+aiosqlite:///{database_file}"
    client_id, client_secret = credentials(tmp_path, database)
    server = ServerProcess(tmp_path, database, secret=SECRET_KEY).start()
    secrets_seen: set[str] = {client_secret, SECRET_KEY}
    try:
        call = Recorder(server.url)
        basic = base64.b64encode(f"{client_id}:{client_secret}".encode()).decode()
        secrets_seen.add(basic)
        # Tokens both ways.
        issued = call("POST", "/oauth2/token", data=FORM, auth=(client_id, client_secret))
        by_form = call(
            "POST",
            "/oauth2/token",
            data={**FORM, "client_id": client_id, "client_secret": client_secret},
        )
        assert issued.status_code == by_form.status_code == 200
        access = issued.json()["access_token"]
        secrets_seen |= {access, by_form.json()["access_token"]}
        headers = {"Authorization": f"Bearer {access}"}

        # The integrator's flow.
        created = call(
            "POST", "/documents", json=make_document(deduplicationId="h-1"), headers=headers
        )
        assert created.status_code == 201, created.text
        document_id = created.json()["id"]
        grant = call(
            "PUT",
            f"/documents/{document_id}/attachments/ticket.pdf",
            json={"contentLength": 4, "contentType": "application/pdf"},
            headers=headers,
        )
        assert grant.status_code == 200, grant.text
        upload = grant.json()["uploadUrl"]
        secrets_seen.add(parse_qs(urlsplit(upload).query)["signature"][0])
        assert (
            call(
                "PUT", upload, content=b"%PDF", headers={"Content-Type": "application/pdf"}
            ).status_code
            < 300
        )
        event = make_event(
            attachments=[{"fileName": "ticket.pdf", "isPublic": False}], deduplicationId="h-2"
        )
        appended = call("POST", f"/documents/{document_id}/events", json=event, headers=headers)
        assert appended.status_code == 201, appended.text
        batch = {"documentId": document_id, "events": [make_event(), make_event("Weighing")]}
        assert call("POST", "/documents/events", json=batch, headers=headers).status_code == 201
        download = call("GET", f"/documents/{document_id}/attachments/ticket.pdf", headers=headers)
        assert download.status_code == 200, download.text
        signed = download.json()["downloadUrl"]
        secrets_seen.add(parse_qs(urlsplit(signed).query)["signature"][0])
        assert call("GET", signed).content == b"%PDF"
        assert call("GET", f"/documents/{document_id}", headers=headers).status_code == 200
        assert call("GET", "/documents?limit=5", headers=headers).status_code == 200
        assert call("GET", f"/documents/{document_id}/events", headers=headers).status_code == 200

        # Errors of every kind.
        timings = token_timings(call, client_id)
        expired = forge(claims_for(client_id, exp=int(time.time()) - 60), key=SECRET_KEY)
        forged = forge(claims_for(client_id), key="an-attackers-key-" + "k" * 32)
        secrets_seen |= {expired, forged}
        for bad in (expired, forged, access + "x"):
            answer = call(
                "GET", f"/documents/{document_id}", headers={"Authorization": f"Bearer {bad}"}
            )
            assert answer.status_code == 401
        wrong_scheme = call("GET", "/documents", headers={"Authorization": f"Basic {basic}"})
        assert wrong_scheme.status_code == 401
        in_query = call("POST", f"/oauth2/token?client_secret={client_secret}", data=FORM)
        assert in_query.status_code == 401
        assert (
            call(
                "POST",
                "/documents",
                content=b"{not json",
                headers={**headers, "Content-Type": "application/json"},
            ).status_code
            == 400
        )
        assert call("POST", "/documents", json={"category": 1}, headers=headers).status_code == 400
        conflict = make_document(deduplicationId="h-1", value=5)
        assert call("POST", "/documents", json=conflict, headers=headers).status_code == 409
        huge = {"x": "y" * 2_000_000}
        assert call("POST", "/documents", json=huge, headers=headers).status_code == 413
        assert call("GET", "/documents/" + "0" * 36, headers=headers).status_code == 404

        # An unexpected exception: a row broken behind the server's back.
        corrupt(database_file, document_id)
        broken = call("GET", f"/documents/{document_id}", headers=headers)
        assert broken.status_code == 500, broken.text
        assert broken.json()["errors"][0]["code"] == "internalServerError"
    finally:
        server.stop()
        call.http.close()

    output = server.output()
    assert '"unhandled_error"' in output  # the 500 was logged, by type and place only
    lines = output.splitlines()
    logged = [line for line in lines if '"event": "request"' in line]
    # One line per request (the start's /healthz polls aside).
    assert len([line for line in logged if '"/healthz"' not in line]) == len(call.bodies)
    for secret in secrets_seen:
        assert secret not in output, f"a secret or token ({secret[:6]}…) is in the log"
    for forbidden in ("Traceback", 'File "', "Bearer ey", "Basic "):
        assert forbidden not in output, f"{forbidden!r} is in the log"
    for what, body in call.bodies:
        text = body.decode(errors="replace")
        for forbidden in ("Traceback", 'File "', client_secret, SECRET_KEY, basic):
            assert forbidden not in text, f"{forbidden[:8]!r} in the response to {what}"
        if not what.startswith("POST /oauth2/token 200"):
            assert access not in text, f"the access token in the response to {what}"
    ratio = timings["unknown"] / timings["wrong"]
    print(
        f"scanned {len(lines)} log lines and {len(call.bodies)} responses for "
        f"{len(secrets_seen)} secrets: none found. Token refusals (median of 5): unknown "
        f"client {timings['unknown'] * 1000:.0f} ms, wrong secret "
        f"{timings['wrong'] * 1000:.0f} ms (ratio {ratio:.2f})"
    )
