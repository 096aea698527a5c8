"""A bare FastAPI app: the framework's ceiling under the same uvicorn setup as ``massid serve``.

python -m uvicorn bench.bare_app:app --port N --log-config ... (started by the suite)
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI

app = FastAPI()


@app.get("/healthz")
async def healthz() -> dict[str, str]:
    return {"status": "ok"}


@app.post("/echo", status_code=201)
async def echo(body: dict[str, Any]) -> dict[str, Any]:
    """Parse a JSON body and answer a small JSON object, as an append does (no database)."""
    return {"documentId": "x", "eventId": str(len(body))}
