"""Rate limiting at the edge of the app (api.md §7), and the headers that report it.

Every request except ``/healthz``, ``/readyz``, ``/metrics`` and the Explorer's stylesheet costs
one hit, before its body is read and before any database work:

- with a Bearer token whose signature verifies, on its client's window (the client's own limit
  or its environment's), whatever the outcome of the request — a disabled client's requests
  count too;
- without a token, or with one that does not verify, on the source address's window;
- on the public surface (``/public/…``, ``/explorer…``), on the source address's public window
  (per minute; none when it is set to 0), token or not;
- on ``/oauth2/token``, on the source address's token window here, and on the client id's
  token window in the route once the credentials are parsed (before the secret is checked).

Headers follow draft-ietf-httpapi-ratelimit-headers-09: ``RateLimit-Policy`` lists each
policy that applied as ``"name";q=<quota>;w=<window seconds>`` and ``RateLimit`` its state as
``"name";r=<remaining>;t=<seconds until a unit frees>``. A refusal is a 429 with the exact body
``{"message": "Too Many Requests"}`` and ``Retry-After`` in seconds.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from starlette.routing import BaseRoute, Match, Router
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from massid import metrics
from massid.api.errors import TOO_MANY_REQUESTS
from massid.bootstrap import Container
from massid.domain.errors import ServiceUnavailable, Unauthorized
from massid.services.ratelimit import Decision

EXEMPT = frozenset({"/healthz", "/readyz", "/metrics"})
EXEMPT_PREFIXES = ("/explorer/static/",)
PUBLIC_PREFIXES = ("/public/", "/explorer")
TOKEN_PATH = "/oauth2/token"


def rate_limit_headers(decisions: list[Decision]) -> list[tuple[bytes, bytes]]:
    """``RateLimit-Policy`` and ``RateLimit`` for the policies that applied to a request."""
    policy = ", ".join(
        f'"{d.policy.name}";q={d.policy.quota};w={d.policy.window}' for d in decisions
    )
    state = ", ".join(f'"{d.policy.name}";r={d.remaining};t={d.reset}' for d in decisions)
    return [(b"ratelimit-policy", policy.encode()), (b"ratelimit", state.encode())]


def too_many_requests_headers(decision: Decision) -> list[tuple[bytes, bytes]]:
    return [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(TOO_MANY_REQUESTS)).encode()),
        (b"retry-after", str(decision.retry_after).encode()),
    ]


def _bearer(scope: Scope) -> str | None:
    for name, value in scope.get("headers", ()):
        if name == b"authorization":
            scheme, _, token = value.decode("latin-1").partition(" ")
            token = token.strip()
            return token if scheme.lower() == "bearer" and token else None
    return None


class RateLimitMiddleware:
    def __init__(self, app: ASGIApp, *, container: Container, router: Router) -> None:
        self.app = app
        self.container = container
        self.limiter = container.rate_limiter
        self.router = router

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        if scope["type"] != "http" or path in EXEMPT or path.startswith(EXEMPT_PREFIXES):
            await self.app(scope, receive, send)
            return
        state = scope.setdefault("state", {})
        decision = await self._decide(scope, state)
        if decision is None:  # the public surface, with its limit turned off
            await self.app(scope, receive, send)
            return
        decisions = [decision]
        state["rate_limits"] = decisions  # the token route appends its per-client decision
        if not decisions[0].allowed:
            metrics.RATE_LIMITED.labels(decisions[0].policy.name).inc()
            self._name_route(scope)
            headers = too_many_requests_headers(decisions[0]) + rate_limit_headers(decisions)
            await send({"type": "http.response.start", "status": 429, "headers": headers})
            await send({"type": "http.response.body", "body": TOO_MANY_REQUESTS})
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [*message.get("headers", []), *rate_limit_headers(decisions)]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)

    async def _decide(self, scope: Scope, state: dict[str, object]) -> Decision | None:
        client = scope.get("client")
        address = client[0] if client else "unknown"
        if scope["path"].startswith(PUBLIC_PREFIXES):
            public = self.limiter.public
            return None if public is None else await self.limiter.hit(public, address)
        if scope["path"] == TOKEN_PATH:
            return await self.limiter.hit(self.limiter.token_per_address, address)
        token = _bearer(scope)
        if token is not None:
            try:
                claims = self.container.auth.verify(token)
            except Unauthorized:
                claims = None
            if claims is not None:
                state["verified_token"] = (token, claims)
                state["client_id"] = claims.client_id
                rate = await self._client_rate(claims.client_id)
                policy = self.limiter.client_policy(claims.environment, rate)
                return await self.limiter.hit(policy, claims.client_id)
        return await self.limiter.hit(self.limiter.anonymous, address)

    async def _client_rate(self, client_id: str) -> int | None:
        """The client's own limit: read once per process, then kept fresh by each request's
        client lookup (``get_principal``), so the hot path adds no database round trip."""
        known, rate = self.limiter.known_limit(client_id)
        if known:
            return rate
        try:
            record = await self.container.client_store.get_client(client_id)
        except ServiceUnavailable:
            return None  # the route will answer 503 itself
        rate = record.rate_limit if record else None
        self.limiter.remember(client_id, rate)
        return rate

    def _name_route(self, scope: Scope) -> None:
        """Name the route a refused request was for, for its log line and metrics."""
        for route in _leaf_routes(self.router.routes):
            match, _ = route.matches(scope)
            if match is Match.FULL:
                scope["route"] = route
                return


def _leaf_routes(routes: Iterable[BaseRoute]) -> Iterator[BaseRoute]:
    # FastAPI keeps included routers as wrappers around their own router.
    for route in routes:
        inner = getattr(route, "original_router", None)
        if inner is not None:
            yield from _leaf_routes(inner.routes)
        else:
            yield route
