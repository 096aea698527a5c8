"""``massid submit`` and ``massid get``: the integrator's side, through the SDK.

Server and credentials come from options or the environment: ``MASSID_URL``,
``MASSID_TOKEN_URL``, ``MASSID_CLIENT_ID`` (or ``CLIENT_ID``), ``MASSID_CLIENT_SECRET`` (or
``CLIENT_SECRET``), ``MASSID_CLIENT_ENVIRONMENT`` (TEST or PROD: the default rate limit) and
``MASSID_CLIENT_RATE_LIMIT``. ``massid serve`` prints the first three on its first start.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from massid.cli.common import fail
from massid.cli.submission import Entry, State, SubmissionError, default_state_path, read_entries
from massid.client import Client, ClientConfig, MassIdError
from massid.client.config import DEFAULT_API_URL
from massid.client.encoding import dumps

UrlOption = Annotated[
    str, typer.Option("--url", envvar="MASSID_URL", help="API base URL", show_default=True)
]
TokenUrlOption = Annotated[
    str | None,
    typer.Option(envvar="MASSID_TOKEN_URL", help="Token URL (default: URL/oauth2/token)"),
]
ClientIdOption = Annotated[
    str, typer.Option(envvar=["MASSID_CLIENT_ID", "CLIENT_ID"], help="API client id")
]
SecretOption = Annotated[
    str,
    typer.Option(
        envvar=["MASSID_CLIENT_SECRET", "CLIENT_SECRET"],
        help="API client secret",
        show_default=False,
    ),
]
EnvironmentOption = Annotated[
    str, typer.Option(envvar="MASSID_CLIENT_ENVIRONMENT", help="TEST or PROD (rate limit)")
]
RateOption = Annotated[
    float | None,
    typer.Option(envvar="MASSID_CLIENT_RATE_LIMIT", help="Requests/s (default: TEST 5, PROD 10)"),
]


def connect(
    url: str,
    token_url: str | None,
    client_id: str,
    client_secret: str,
    environment: str,
    rate: float | None,
) -> Client:
    try:
        config = ClientConfig(
            client_id,
            client_secret,
            api_url=url,
            token_url=token_url,
            environment=environment.upper(),
            rate_limit=rate,
        )
    except ValueError as error:
        raise fail(str(error), 2) from None
    return Client(config=config)


def explain(error: MassIdError) -> typer.Exit:
    details = [f"{key} {value}" for key, value in (("request", error.request_id),) if value]
    notes = "; ".join(getattr(error, "__notes__", []))
    return fail(" ".join([str(error), *details, notes]).strip())


def get(
    document_id: Annotated[str, typer.Argument(help="Document id")],
    url: UrlOption = DEFAULT_API_URL,
    token_url: TokenUrlOption = None,
    client_id: ClientIdOption = "",
    client_secret: SecretOption = "",
    environment: EnvironmentOption = "TEST",
    rate: RateOption = None,
) -> None:
    """Print a document with its status, currentValue and whole timeline, as JSON."""
    with connect(url, token_url, client_id, client_secret, environment, rate) as api:
        try:
            document = api.get_document(document_id)
        except MassIdError as error:
            raise explain(error) from None
    data = json.loads(dumps(document.model_dump(mode="python", exclude_unset=True)))
    typer.echo(json.dumps(data, indent=2, ensure_ascii=False))


def submit(
    file: Annotated[Path, typer.Argument(help="JSON: a document with its events, or a list")],
    url: UrlOption = DEFAULT_API_URL,
    token_url: TokenUrlOption = None,
    client_id: ClientIdOption = "",
    client_secret: SecretOption = "",
    environment: EnvironmentOption = "TEST",
    rate: RateOption = None,
    state_file: Annotated[
        Path | None, typer.Option("--state", help="Progress file (default: FILE.massid-state.json)")
    ] = None,
    batch_size: Annotated[int, typer.Option(min=1, max=500, help="Events per request")] = 100,
) -> None:
    """Create documents and append their events; re-run the same command to resume safely.

    Keys derived from the content make a re-run store only what is missing, nothing twice.
    """
    try:
        entries = read_entries(file)
    except SubmissionError as error:
        raise fail(str(error), 2) from None
    state = State.load(state_file or default_state_path(file), f"{url.rstrip('/')} {client_id}")
    console = Console(stderr=True)
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
    )
    total = sum(1 + len(entry.events) for entry in entries)
    finished = [entry for entry in entries if entry.key in state.done]
    with (
        connect(url, token_url, client_id, client_secret, environment, rate) as api,
        Progress(*columns, console=console) as progress,
    ):
        task = progress.add_task("submitting", total=total)
        progress.advance(task, sum(1 + len(entry.events) for entry in finished))
        try:
            for entry in entries:
                if entry.key not in state.done:
                    document_id = send(api, entry, batch_size, partial(progress.advance, task))
                    state.finish(entry.key, document_id)
        except MassIdError as error:
            progress.stop()
            console.print("[yellow]interrupted: run the same command again to resume[/]")
            raise explain(error) from None
    events = sum(len(entry.events) for entry in entries)
    skipped = len(finished)
    typer.echo(
        f"{len(entries)} document(s) and {events} event(s) stored"
        + (f" ({skipped} document(s) were already done)" if skipped else "")
        + f"; ids in {state.path}"
    )


def send(api: Client, entry: Entry, batch_size: int, advance: Callable[[int], object]) -> str:
    """Create (or find again, by its key) the document, then append its events in order."""
    created = api.create_document(entry.document)
    advance(1)
    for start in range(0, len(entry.events), batch_size):
        chunk = entry.events[start : start + batch_size]
        api.append_events(chunk, document_id=created.id)
        advance(len(chunk))
    return created.id
