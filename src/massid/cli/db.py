"""``massid db upgrade``: migrate the configured database to the latest schema."""

from __future__ import annotations

import typer

from massid.config import Settings
from massid.storage.sql.migrate import current_revision_sync, head_revision, upgrade

app = typer.Typer(help="Database schema management.", no_args_is_help=True)


@app.command("upgrade")
def upgrade_command(
    revision: str = typer.Argument("head", help="Target revision"),
) -> None:
    """Apply every pending migration (Alembic) to MASSID_DATABASE_URL."""
    url = Settings().resolved_database_url()
    upgrade(url, revision)
    typer.echo(f"database at revision {current_revision_sync(url)} (head {head_revision()})")


@app.command("current")
def current_command() -> None:
    """Print the database's current revision and the code's head revision."""
    url = Settings().resolved_database_url()
    typer.echo(f"current {current_revision_sync(url)}; head {head_revision()}")
