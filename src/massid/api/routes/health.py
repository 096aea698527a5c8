"""``/healthz`` (the process is up) and ``/readyz`` (the database answers)."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from massid.api.deps import ContainerDep

router = APIRouter(tags=["operations"])


@router.get("/healthz")
async def healthz() -> dict[str, str]:
    """The process is up and serving."""
    return {"status": "ok"}


@router.get("/readyz", responses={503: {"description": "Not ready"}})
async def readyz(container: ContainerDep) -> JSONResponse:
    """Ready when the database is reachable."""
    database = await container.database.ping()
    status = 200 if database else 503
    checks = {"database": "ok" if database else "unavailable"}
    return JSONResponse({"status": "ok" if database else "unavailable", "checks": checks}, status)
