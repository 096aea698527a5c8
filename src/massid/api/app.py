"""The app factory: ``create_app(settings)`` builds a FastAPI app around a :class:`Container`."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from massid import __version__
from massid.api import errors
from massid.api.logging import configure_logging
from massid.api.middleware import RequestContextMiddleware
from massid.api.openapi import install_openapi
from massid.api.ratelimit import RateLimitMiddleware
from massid.api.routes import (
    attachments,
    credits,
    documents,
    events,
    health,
    oauth,
    public,
    verifications,
)
from massid.bootstrap import Container, build_container
from massid.config import Settings
from massid.domain.verification_commands import PreviewIn, VerifyIn
from massid.explorer import install as install_explorer


def create_app(settings: Settings | None = None, container: Container | None = None) -> FastAPI:
    """Build the ASGI app. With no arguments, settings come from ``MASSID_*`` variables."""
    settings = settings or (container.settings if container else Settings())
    configure_logging(settings.log_level, settings.log_json, settings.debug)
    owned = container is None
    built = container or build_container(settings)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        try:
            yield
        finally:
            if owned:
                await built.close()

    app = FastAPI(
        title="massid",
        version=__version__,
        lifespan=lifespan,
        docs_url="/docs",
        redoc_url=None,
        openapi_url="/openapi.json",
        # Paths are exact: "/documents/%2F" is a 404 in the envelope, not a redirect elsewhere.
        redirect_slashes=False,
    )
    app.state.container = built
    app.state.settings = settings
    errors.install(app)
    app.include_router(oauth.router)
    app.include_router(events.router)
    app.include_router(documents.router)
    app.include_router(attachments.router)
    app.include_router(verifications.router)
    app.include_router(credits.router)
    app.include_router(health.router)
    app.include_router(public.router)
    install_explorer(app)
    install_openapi(app, [VerifyIn, PreviewIn])
    app.add_middleware(RateLimitMiddleware, container=built, router=app.router)
    app.add_middleware(
        RequestContextMiddleware,
        max_body_bytes=settings.max_body_bytes,
        # Signed upload URLs count the bytes against the file's own declared length.
        unlimited_prefixes=("/files/",),
        debug=settings.debug,
    )
    return app
