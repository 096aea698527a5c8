"""``massid demo``: seed a running server with a realistic, varied set, through the SDK.

Accreditations (written by an accreditor client) and ``--count`` MassIDs across six organic
subtypes, eight generators in five cities, four haulers and three composting facilities
(written by an integrator client), verified under both methodologies unless
``--no-verify``. One MassID in four fails exactly one rule, on purpose, and the summary says
which. The methodology definitions must exist: ``massid methodologies seed --env ENV`` on the
server first (without them, MassIDs pass but get no certificate). Running the same command
again stores nothing new.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from massid.cli.common import fail
from massid.cli.integrator import (
    ClientIdOption,
    EnvironmentOption,
    RateOption,
    SecretOption,
    TokenUrlOption,
    UrlOption,
    connect,
    explain,
)
from massid.client import MassIdError
from massid.client.config import DEFAULT_API_URL
from massid.demo.catalog import accreditations, demo_massids
from massid.demo.seeder import METHODOLOGIES, Report, seed_demo

AccreditorIdOption = Annotated[
    str,
    typer.Option(
        "--accreditor-id",
        envvar="MASSID_ACCREDITOR_ID",
        help="Client id of an accreditor client (massid clients create --role accreditor)",
    ),
]
AccreditorSecretOption = Annotated[
    str,
    typer.Option(
        "--accreditor-secret",
        envvar="MASSID_ACCREDITOR_SECRET",
        help="Its secret",
        show_default=False,
    ),
]


def demo(
    count: Annotated[int, typer.Option(min=1, max=100_000, help="MassIDs to write")] = 20,
    seed: Annotated[int, typer.Option(min=0, help="Another seed, another set")] = 1,
    year: Annotated[
        int | None,
        typer.Option(help="The set's year (default: this year; loads date from last year)"),
    ] = None,
    verify: Annotated[bool, typer.Option(help="Verify under both methodologies")] = True,
    url: UrlOption = DEFAULT_API_URL,
    token_url: TokenUrlOption = None,
    client_id: ClientIdOption = "",
    client_secret: SecretOption = "",
    accreditor_id: AccreditorIdOption = "",
    accreditor_secret: AccreditorSecretOption = "",
    environment: EnvironmentOption = "TEST",
    rate: RateOption = None,
) -> None:
    """Seed a running server with accreditations and COUNT varied MassIDs (safe to re-run)."""
    if not accreditor_id or not accreditor_secret:
        raise fail(
            "the accreditations need an accreditor client: --accreditor-id and "
            "--accreditor-secret (or MASSID_ACCREDITOR_ID and MASSID_ACCREDITOR_SECRET); "
            "massid clients create --role accreditor makes one",
            2,
        )
    year = year or datetime.now(UTC).year
    network = accreditations(year)
    massids = demo_massids(count, seed, year)
    console = Console(stderr=True)
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn())
    with (
        connect(url, token_url, client_id, client_secret, environment, rate) as integrator,
        connect(url, token_url, accreditor_id, accreditor_secret, environment, rate) as accreditor,
        Progress(*columns, TimeRemainingColumn(), console=console) as progress,
    ):
        task = progress.add_task("seeding", total=len(network) + len(massids))
        try:
            report = seed_demo(
                integrator,
                accreditor,
                network,
                massids,
                verify=verify,
                advance=lambda steps: progress.advance(task, steps),
            )
        except MassIdError as error:
            progress.stop()
            console.print("[yellow]interrupted: run the same command again to resume[/]")
            raise explain(error) from None
    for line in summary(report, verify, environment.upper()):
        typer.echo(line)
    if report.unexpected():
        raise fail(f"{len(report.unexpected())} MassID(s) did not verify as labelled")


def summary(report: Report, verified: bool, environment: str) -> list[str]:
    """What was written and how it verified, the deliberate failures named one by one."""
    written = report.massids
    shipments = [w.massid.shipment for w in written]
    subtypes = {s.subtype for s in shipments}
    cities = {s.generator[1]["city"] for s in shipments}
    haulers = {s.hauler[0]["name"] for s in shipments}
    failing = [w for w in written if w.massid.failure]
    lines = [
        f"accreditations: {report.accreditations} ({report.new_accreditations} new)",
        f"MassIDs: {len(written)} ({report.new_massids} new) across {len(subtypes)} subtypes, "
        f"{len(cities)} cities and {len(haulers)} haulers; "
        f"{len(written) - len(failing)} complete, {len(failing)} failing one rule each",
    ]
    if verified:
        passed = [w for w in written if all(r.status == "PASSED" for r in w.results.values())]
        certificates = ", ".join(f"{n} {kind}" for kind, n in sorted(report.certificates().items()))
        lines.append(
            f"verified ({', '.join(METHODOLOGIES)}): {len(passed)} passed both"
            + (f"; certificates: {certificates}" if certificates else "")
        )
        lines += [f"no certificate: {why}" for why in sorted(report.not_issued())]
        if report.not_issued():
            lines.append(
                f"(are the definitions seeded? massid methodologies seed --env {environment})"
            )
    if failing:
        lines.append("deliberately failing, one rule each:")
    for w in failing:
        assert w.massid.failure is not None
        outcome = ""
        if verified:
            outcome = "  [fails as labelled]" if w.as_expected() else "  [UNEXPECTED]"
        lines.append(
            f"  {w.document_id}  {w.massid.failure.rule}: {w.massid.failure.what}{outcome}"
        )
    for w in report.unexpected():
        if not w.massid.failure:
            rules = {slug: w.failed_rules(slug) for slug in w.results}
            lines.append(f"  UNEXPECTED {w.document_id} ({w.massid.label}) failed {rules}")
    return lines
