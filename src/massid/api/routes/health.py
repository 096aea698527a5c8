"""``/healthz`` (process up), ``/readyz`` (database reachable, schema at head), ``/metrics``."""

from __future__ import annotations

import asyncio

from fastapi import APIRouter
from fastapi.responses import JSONResponse, Response

from massid import metrics
from massid.api.deps import ContainerDep
from massid.storage.sql.migrate import engine_revision, head_revision

router = APIRouter(tags=["operations"])


@router.get("/healthz")
async def healthz() -> dict[str, str]:
    """The process is up and serving."""
    return {"status": "ok"}


@router.get("/readyz", responses={503: {"description": "Not ready"}})
async def readyz(container: ContainerDep) -> JSONResponse:
    """Ready when the database answers and its schema is at the code's head revision.

    The rate-limit store is reported but does not decide readiness: without Redis the server
    keeps serving on per-process counters (fail open).
    """
    head = head_revision()
    try:
        async with asyncio.timeout(container.database.timeout_seconds):
            revision = await engine_revision(container.database.read_engine)
        database = "ok"
        migrations = "ok" if revision == head else f"at {revision}, head is {head}"
    except Exception:
        database, migrations = "unavailable", "unknown"
    ready = database == "ok" and migrations == "ok"
    checks = {
        "database": database,
        "migrations": migrations,
        "rateLimits": await container.rate_limiter.backend_status(),
    }
    body = {"status": "ok" if ready else "unavailable", "checks": checks}
    return JSONResponse(body, 200 if ready else 503)


@router.get(
    "/metrics",
    response_class=Response,
    responses={200: {"content": {"text/plain": {}}, "description": "Prometheus text format"}},
)
async def prometheus_metrics() -> Response:
    """Prometheus metrics of this process (or of every worker of this host)."""
    payload, media_type = metrics.render()
    return Response(payload, media_type=media_type)
