"""Structured logging: one JSON object per line, no secrets, no stack traces."""

from __future__ import annotations

import logging
import os
import sys

import structlog


def _add_pid(
    _logger: object, _method: str, event: structlog.types.EventDict
) -> structlog.types.EventDict:
    # With several workers on one stream, the pid tells which process wrote a line.
    event["pid"] = os.getpid()
    return event


def configure_logging(level: str = "INFO", as_json: bool = True, debug: bool = False) -> None:
    """Configure structlog and the standard library once per process."""
    renderer: structlog.types.Processor = (
        structlog.processors.JSONRenderer() if as_json else structlog.dev.ConsoleRenderer()
    )
    # Stack traces are rendered only in debug mode, which production refuses.
    traces: list[structlog.types.Processor] = (
        [structlog.processors.format_exc_info] if debug else []
    )
    structlog.configure(
        processors=[
            structlog.contextvars.merge_contextvars,
            _add_pid,
            structlog.processors.add_log_level,
            structlog.processors.TimeStamper(fmt="iso", utc=True),
            *traces,
            renderer,
        ],
        wrapper_class=structlog.make_filtering_bound_logger(
            logging.getLevelNamesMapping().get(level.upper(), logging.INFO)
        ),
        logger_factory=structlog.PrintLoggerFactory(file=sys.stdout),
        cache_logger_on_first_use=False,
    )
