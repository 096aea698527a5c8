"""``massid methodologies``: list the methodologies and seed their definitions."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer

from massid.bootstrap import Container
from massid.cli.common import fail, run_with_container
from massid.methodologies.registry import METHODOLOGIES
from massid.services.clients import ENVIRONMENTS
from massid.services.methodology_seed import seed_methodologies

app = typer.Typer(
    help="BOLD methodologies: list them, seed their definitions.", no_args_is_help=True
)


@app.command("list")
def list_methodologies() -> None:
    """Print each methodology with its rules in execution order."""
    for methodology in METHODOLOGIES.values():
        typer.echo(f"{methodology.slug}  {methodology.name} {methodology.version}")
        for index, rule in enumerate(methodology.rules, start=1):
            typer.echo(f"  {index:2d}. {rule.slug}")


@app.command("seed")
def seed(
    env: Annotated[str, typer.Option(help="TEST or PROD")],
    participants: Annotated[
        Path | None,
        typer.Option(
            help="JSON file: {role: {participant: {...}, address: {...}}} for Network, "
            "Methodology Author, Methodology Developer, Community Impact Pool",
            exists=True,
            dir_okay=False,
        ),
    ] = None,
) -> None:
    """Write the bold-recycling and bold-carbon definitions (running it again changes nothing)."""
    env = env.upper()
    if env not in ENVIRONMENTS:
        raise fail(f"--env must be one of {', '.join(ENVIRONMENTS)}", 2)
    roles: dict[str, Any] | None = None
    if participants is not None:
        try:
            roles = json.loads(participants.read_text())
        except ValueError as error:
            raise fail(f"{participants} is not valid JSON: {error}", 2) from None

    async def work(container: Container) -> list[dict[str, str]]:
        return await seed_methodologies(
            container.clients, container.documents, container.events, env, roles
        )

    for written in run_with_container(work):
        typer.echo(f"{written['slug']}: definition {written['documentId']} ({env})")
