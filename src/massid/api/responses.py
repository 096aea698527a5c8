"""Turning service outcomes into HTTP responses without serialising twice."""

from __future__ import annotations

from fastapi.responses import Response

from massid import metrics
from massid.services.representation import Outcome


def json_response(outcome: Outcome, headers: dict[str, str] | None = None) -> Response:
    all_headers = dict(headers or {})
    if outcome.replayed:
        all_headers["Idempotent-Replayed"] = "true"
    return Response(
        content=outcome.body.encode(),
        status_code=outcome.status_code,
        media_type="application/json",
        headers=all_headers,
    )


def json_text(body: str, status_code: int = 200) -> Response:
    """A JSON body the service already serialised."""
    return Response(content=body.encode(), status_code=status_code, media_type="application/json")


def observe_write(kind: str, environment: str, outcome: Outcome) -> None:
    """Count a write's outcome: records written, or a deduplication replay."""
    metrics.observe_write(kind, environment, replayed=outcome.replayed, created=outcome.written)
