"""``massid clients``: create, list, disable, enable and update API clients."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from massid.bootstrap import Container
from massid.cli.common import fail, run_with_container
from massid.domain.access import ROLES
from massid.domain.identity import participant_key
from massid.services.clients import ENVIRONMENTS

app = typer.Typer(help="Manage integrators' API clients.", no_args_is_help=True)


@app.command("create")
def create(
    integrator: Annotated[str, typer.Option(help="Integrator name (created on first use)")],
    env: Annotated[str, typer.Option(help="TEST or PROD")],
    role: Annotated[str, typer.Option(help="integrator, accreditor or auditor")] = "integrator",
    tax_id: Annotated[
        str | None, typer.Option(help="The integrator's own tax id (for ACTOR grants)")
    ] = None,
    tax_id_type: Annotated[str, typer.Option(help="e.g. CNPJ")] = "CNPJ",
    country_code: Annotated[str, typer.Option(help="e.g. BR")] = "BR",
) -> None:
    """Create a client and print its credentials as JSON — the only time the secret is shown."""
    env = env.upper()
    if env not in ENVIRONMENTS:
        raise fail(f"--env must be one of {', '.join(ENVIRONMENTS)}", 2)
    if role not in ROLES:
        raise fail(f"--role must be one of {', '.join(ROLES)}", 2)
    key = participant_key(country_code, tax_id_type, tax_id) if tax_id else None

    async def work(container: Container) -> dict[str, str]:
        created = await container.clients.create(integrator, env, role, key)
        return created.as_json()

    typer.echo(json.dumps(run_with_container(work)))


@app.command("list")
def list_clients(
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per line")] = False,
) -> None:
    """List clients (never their secrets)."""

    async def work(container: Container) -> list[dict[str, object]]:
        return [
            {
                "clientId": record.client_id,
                "integratorId": record.integrator_id,
                "integrator": record.integrator_name,
                "environment": record.environment,
                "role": record.role,
                "enabled": record.enabled,
                "rateLimit": record.rate_limit,
                "createdAt": record.created_at.isoformat(),
            }
            for record in await container.clients.list()
        ]

    rows = run_with_container(work)
    if as_json:
        for row in rows:
            typer.echo(json.dumps(row))
        return
    from rich.console import Console
    from rich.table import Table

    table = Table("clientId", "integrator", "env", "role", "enabled", "rate", "created")
    for row in rows:
        table.add_row(
            str(row["clientId"]),
            str(row["integrator"]),
            str(row["environment"]),
            str(row["role"]),
            "yes" if row["enabled"] else "no",
            str(row["rateLimit"] or "default"),
            str(row["createdAt"])[:19],
        )
    Console().print(table)


@app.command("disable")
def disable(client_id: str) -> None:
    """Disable a client: new tokens are refused and its existing tokens stop working."""
    run_with_container(lambda container: container.clients.disable(client_id))
    typer.echo(f"client {client_id} disabled")


@app.command("enable")
def enable(client_id: str) -> None:
    """Enable a disabled client again."""
    run_with_container(lambda container: container.clients.enable(client_id))
    typer.echo(f"client {client_id} enabled")


@app.command("update")
def update(
    client_id: str,
    rate: Annotated[
        str,
        typer.Option(
            help="Requests per second for this client, or 'default' for its environment's "
            "(TEST 5, PROD 10 unless MASSID_RATE_LIMIT_TEST/_PROD say otherwise)"
        ),
    ],
) -> None:
    """Change a client's rate limit; servers apply it after at most one more of its requests."""
    if rate.strip().lower() == "default":
        limit = None
    elif rate.strip().isdigit() and int(rate) >= 1:
        limit = int(rate)
    else:
        raise fail("--rate must be a whole number of requests per second (>= 1) or 'default'", 2)
    run_with_container(lambda container: container.clients.set_rate_limit(client_id, limit))
    shown = f"{limit} requests/s" if limit else "its environment's default"
    typer.echo(f"client {client_id} rate limit: {shown}")
