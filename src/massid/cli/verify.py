"""``massid verify``: verify a stored MassID (or preview a file) on a server, as a rule table."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import httpx
import typer

from massid.cli.common import fail

EXIT_CODES = {"PASSED": 0, "FAILED": 1, "REVIEW_REQUIRED": 3}
STYLES = {"PASSED": "green", "FAILED": "bold red", "REVIEW_REQUIRED": "yellow"}


def _error(response: httpx.Response) -> str:
    try:
        body = response.json()
        if "errors" in body:
            return str(body["errors"][0]["message"])
        return str(body.get("error_description") or body.get("message") or body)
    except (ValueError, KeyError, IndexError, TypeError, AttributeError):
        return response.text[:200]


def _call(server: str, client_id: str, secret: str, path: str, body: dict[str, Any]) -> Any:
    try:
        return _request(server, client_id, secret, path, body)
    except httpx.HTTPError as error:
        raise fail(f"cannot reach {server}: {type(error).__name__}", 2) from None


def _request(server: str, client_id: str, secret: str, path: str, body: dict[str, Any]) -> Any:
    with httpx.Client(base_url=server, timeout=60) as http:
        token = http.post(
            "/oauth2/token", data={"grant_type": "client_credentials"}, auth=(client_id, secret)
        )
        if token.status_code != 200:
            raise fail(f"could not get a token ({token.status_code}): {_error(token)}", 2)
        headers = {"Authorization": f"Bearer {token.json()['access_token']}"}
        response = http.post(path, json=body, headers=headers)
        if response.status_code not in (200, 201):
            raise fail(f"{response.status_code}: {_error(response)}", 2)
        return response.json()


def render(result: dict[str, Any]) -> None:
    """Print the rule table and the overall status."""
    from rich.console import Console
    from rich.table import Table

    table = Table()
    table.add_column("#", justify="right")
    table.add_column("rule", no_wrap=True)
    table.add_column("status", no_wrap=True)
    table.add_column("comment")
    for index, rule in enumerate(result["rules"], start=1):
        status = str(rule["status"])
        table.add_row(
            str(index), rule["slug"], f"[{STYLES.get(status, '')}]{status}[/]", rule["comment"]
        )
    console = Console()
    console.print(table)
    where = (
        f" (audit {result['auditDocumentId']})" if result.get("auditDocumentId") else " (preview)"
    )
    status = str(result["status"])
    console.print(f"{result['methodology']}: [{STYLES.get(status, '')}]{status}[/]{where}")
    for rule in result["rules"]:
        if rule["slug"] == "prevented-emissions" and "preventedCo2e" in rule["content"]:
            console.print(f"prevented emissions: {rule['content']['preventedCo2e']} kg CO2e")
    certificate = result.get("certificate")
    if certificate:
        console.print(
            f"certificate: {certificate['type']} {certificate['documentId']}, "
            f"{certificate['value']} {certificate['measurementUnit']}, "
            f"{certificate['credits']} credits ({certificate.get('creditSymbol', '')})",
            soft_wrap=True,
        )
    elif result.get("certificateNotIssued") and result.get("auditDocumentId"):
        console.print(
            f"no certificate: {result['certificateNotIssued']['message']}", soft_wrap=True
        )


def verify(
    document_id: Annotated[str | None, typer.Argument(help="The MassID to verify")] = None,
    methodology: Annotated[str, typer.Option(help="bold-recycling or bold-carbon")] = "bold-carbon",
    file: Annotated[
        Path | None,
        typer.Option(help='Preview a MassID file ({"document": {…}, "events": […]}) instead'),
    ] = None,
    server: Annotated[str, typer.Option(envvar="MASSID_URL")] = "http://127.0.0.1:8000",
    client_id: Annotated[str, typer.Option(envvar=["MASSID_CLIENT_ID", "CLIENT_ID"])] = "",
    client_secret: Annotated[
        str, typer.Option(envvar=["MASSID_CLIENT_SECRET", "CLIENT_SECRET"])
    ] = "",
    as_json: Annotated[bool, typer.Option("--json", help="Print the raw result")] = False,
    strict: Annotated[
        bool | None,
        typer.Option("--strict/--no-strict", help="Add the framework-only checks (server default)"),
    ] = None,
) -> None:
    """Verify a MassID rule by rule; exits 1 when it FAILED (3 when review is required)."""
    if (document_id is None) == (file is None):
        raise fail("give a DOCUMENT_ID or --file, not both", 2)
    if not client_id or not client_secret:
        raise fail("--client-id and --client-secret (or MASSID_CLIENT_ID/SECRET) are required", 2)
    options = {} if strict is None else {"strict": strict}
    if file is not None:
        try:
            payload = json.loads(file.read_text())
        except (OSError, ValueError) as error:
            raise fail(f"cannot read {file}: {error}", 2) from None
        if not isinstance(payload, dict) or not isinstance(payload.get("document"), dict):
            raise fail(f'{file} must hold {{"document": {{…}}, "events": […]}}', 2)
        body = {
            "methodology": methodology,
            "document": payload["document"],
            "events": payload.get("events", []),
            **options,
        }
        result = _call(server, client_id, client_secret, "/verifications/preview", body)
    else:
        path = f"/documents/{document_id}/verifications"
        result = _call(
            server, client_id, client_secret, path, {"methodology": methodology, **options}
        )
    if as_json:
        typer.echo(json.dumps(result, indent=2, ensure_ascii=False))
    else:
        render(result)
    raise typer.Exit(EXIT_CODES.get(str(result["status"]), 1))
