"""The Explorer: public, masked web pages over the registry (server-rendered, no script)."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from massid.explorer.routes import STATIC_DIR, router


def install(app: FastAPI) -> None:
    """Add the Explorer's pages and its stylesheet to ``app``."""
    app.include_router(router)
    app.mount("/explorer/static", StaticFiles(directory=STATIC_DIR), name="explorer-static")
