"""Helpers shared by CLI commands: settings, an async container, readable failures."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import TypeVar

import typer

from massid.bootstrap import ConfigurationError, Container, build_container
from massid.config import Settings
from massid.domain.errors import DomainError

T = TypeVar("T")


def fail(message: str, code: int = 1) -> typer.Exit:
    typer.secho(f"error: {message}", fg=typer.colors.RED, err=True)
    return typer.Exit(code)


def run_with_container(work: Callable[[Container], Awaitable[T]]) -> T:
    """Build a container from the environment, run ``work``, close it; errors become exits."""

    async def main() -> T:
        container = build_container(Settings())
        try:
            return await work(container)
        finally:
            await container.close()

    try:
        return asyncio.run(main())
    except ConfigurationError as error:
        raise fail(str(error), 2) from None
    except DomainError as error:
        raise fail(error.message) from None
