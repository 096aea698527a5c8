"""Prometheus metrics of one server process, or of all workers of one host.

With ``massid serve --workers N`` the workers write their samples to files in
``PROMETHEUS_MULTIPROC_DIR`` (set by ``serve``) and ``/metrics`` in any worker adds up every
worker of the host (prometheus-client's multiprocess mode). With one process the samples live
in memory. Counters and histograms only: they add up correctly across processes.
"""

from __future__ import annotations

import os

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
)
from prometheus_client.multiprocess import MultiProcessCollector

MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"

REQUESTS = Counter(
    "massid_http_requests",
    "HTTP requests by route template and status",
    ["method", "route", "status"],
)
LATENCY = Histogram(
    "massid_http_request_duration_seconds",
    "Time from the request's arrival to the end of its response",
    ["method", "route"],
    buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
)
DOCUMENTS_CREATED = Counter(
    "massid_documents_created", "Documents created (replays not counted)", ["environment"]
)
EVENTS_APPENDED = Counter(
    "massid_events_appended",
    "Events appended, single or in batches (replays not counted)",
    ["environment"],
)
DEDUP_REPLAYS = Counter(
    "massid_deduplication_replays",
    "Requests answered with the stored response (Idempotent-Replayed: true)",
    ["kind"],
)
RATE_LIMITED = Counter("massid_rate_limited", "Requests refused with 429, by policy", ["policy"])
TOKENS_ISSUED = Counter("massid_tokens_issued", "Access tokens issued", ["environment"])
TOKEN_FAILURES = Counter(
    "massid_token_failures", "Token requests refused, by OAuth error code", ["error"]
)
RATELIMIT_BACKEND_FAILURES = Counter(
    "massid_ratelimit_backend_failures", "Failed calls to the shared rate-limit store (Redis)"
)
RATELIMIT_FALLBACK = Counter(
    "massid_ratelimit_fallback_decisions",
    "Rate-limit decisions taken on per-process counters because Redis was unavailable",
)


def observe_request(method: str, route: str, status: int, seconds: float) -> None:
    REQUESTS.labels(method, route, str(status)).inc()
    LATENCY.labels(method, route).observe(seconds)


def observe_write(kind: str, environment: str, *, replayed: bool, created: int) -> None:
    """A document create (``kind`` document) or an append (event, batch) that succeeded."""
    if replayed:
        DEDUP_REPLAYS.labels(kind).inc()
    if created:
        counter = DOCUMENTS_CREATED if kind == "document" else EVENTS_APPENDED
        counter.labels(environment).inc(created)


def render() -> tuple[bytes, str]:
    """The exposition text (this process, or every worker of the host) and its media type."""
    if os.environ.get(MULTIPROC_ENV):
        registry = CollectorRegistry()
        MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
        return generate_latest(registry), CONTENT_TYPE_LATEST
    return generate_latest(REGISTRY), CONTENT_TYPE_LATEST
