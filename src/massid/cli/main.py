"""The ``massid`` command: server, database, clients (and the integrator tools)."""

from __future__ import annotations

import typer

from massid.cli import clients, db, demo, integrator, methodologies, serve, verify

app = typer.Typer(
    help="massid: a Carrot-compatible MassID traceability server.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
app.command("serve")(serve.serve)
app.add_typer(db.app, name="db")
app.add_typer(clients.app, name="clients")
app.command("submit")(integrator.submit)
app.command("get")(integrator.get)
app.add_typer(methodologies.app, name="methodologies")
app.command("verify")(verify.verify)
app.command("demo")(demo.demo)


def main() -> None:
    app()
