"""Contract fuzzing: schemathesis against the app's own OpenAPI document, in process (ASGI).

Two parts, both with a fixed seed (``derandomize``): every operation with generated requests
(valid and invalid by the schema), and the stateful workflow the spec's OpenAPI links declare
(create a document → append events → read it). Every response must be declared, match its
schema, and — unless it is a 2xx, a 304, a 429 or a token-endpoint answer — be the error envelope.
No 5xx, ever.
"""

from __future__ import annotations

import asyncio
import shutil
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis.checks import not_a_server_error
from schemathesis.generation.stateful import run_state_machine_as_test
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from massid.api.app import create_app
from massid.bootstrap import build_container
from tests.conftest import make_settings, serve_in_process

pytestmark = pytest.mark.slow

# Generated requests per operation, and stateful scenarios x steps; together well over 1,000.
PER_OPERATION = 45
SCENARIOS = 60
STEPS = 8
MINIMUM_REQUESTS = 1000

# /metrics is Prometheus text, not part of the integrator contract.
SKIPPED = ("/metrics",)

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


def envelope_check(_ctx: Any, response: Any, case: Any) -> bool | None:
    """Every error outside the token endpoint and 429 is the api.md §3 envelope."""
    status = response.status_code
    if status < 400 or status == 429 or case.path == "/oauth2/token":
        return None
    body = response.json()
    assert isinstance(body, dict), f"error body is not an object: {body!r}"
    assert body.get("statusCode") == status, f"statusCode {body.get('statusCode')} != {status}"
    errors = body.get("errors")
    assert isinstance(errors, list) and errors, "errors must be a non-empty list"
    for error in errors:
        assert {"code", "message", "id", "timestamp"} <= set(error), f"incomplete error: {error}"
        assert error["id"] == response.headers.get("x-request-id", [None])[0], "id != X-Request-Id"
    return True


class Counter:
    def __init__(self) -> None:
        self.requests = 0
        self.statuses: dict[int, int] = {}

    def add(self, status: int) -> None:
        self.requests += 1
        self.statuses[status] = self.statuses.get(status, 0) + 1


async def _credentials(settings_: Any) -> dict[str, str]:
    container = build_container(settings_)
    try:
        async with serve_in_process(container) as api:
            client = await api.new_client()
            return {"Authorization": f"Bearer {await api.token(client)}"}
    finally:
        await container.close()


@pytest.fixture
def fuzz_app(tmp_path: Path, sqlite_template: Path) -> tuple[Any, dict[str, str]]:
    path = tmp_path / "fuzz.db"
    shutil.copy(sqlite_template, path)
    settings_ = make_settings(
        f"sqlite+aiosqlite:///{path}",
        tmp_path / "data",
        log_level="WARNING",
        public_rate_limit_per_minute=100_000,
    )
    headers = asyncio.run(_credentials(settings_))
    return create_app(settings_), headers


def _operation_test(
    strategy: Any,
    fuzz_settings: settings,
    headers: dict[str, str],
    counter: Counter,
    checks: list[Any],
) -> Any:
    @given(case=strategy)
    @fuzz_settings
    def run(case: Any) -> None:
        response = case.call(headers=headers)
        counter.add(response.status_code)
        case.validate_response(response, checks=checks, headers=headers)

    return run


def test_contract_fuzz(fuzz_app: tuple[Any, dict[str, str]]) -> None:
    app, headers = fuzz_app
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    counter = Counter()
    checks = [*CHECKS, envelope_check]
    fuzz_settings = settings(
        max_examples=PER_OPERATION,
        derandomize=True,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
        # No shrinking: a failure is reported as found, and the run stays well under 90 s.
        phases=[Phase.explicit, Phase.generate],
    )

    failures: list[str] = []
    for result in schema.get_all_operations():
        operation = result.ok()
        if operation.path.startswith(SKIPPED):
            continue
        for mode in (schemathesis.GenerationMode.POSITIVE, schemathesis.GenerationMode.NEGATIVE):
            extra = (
                [negative_data_rejection] if mode == schemathesis.GenerationMode.NEGATIVE else []
            )
            test = _operation_test(
                operation.as_strategy(generation_mode=mode),
                fuzz_settings,
                headers,
                counter,
                checks + extra,
            )
            try:
                test()
            except Unsatisfiable:
                continue  # nothing to make invalid: no parameters and no body
            except (Exception, BaseExceptionGroup) as error:
                failures.append(f"{operation.label} [{mode.value}]: {error}")

    # The workflow: valid requests on the document and event operations, chained by links.
    schema.config.generation.update(modes=[schemathesis.GenerationMode.POSITIVE])
    workflow_schema = schema.include(path_regex="^/documents")

    class Workflow(workflow_schema.as_state_machine()):  # type: ignore[misc]
        def before_call(self, case: Any) -> None:
            repair(case)

        def get_call_kwargs(self, case: Any) -> dict[str, Any]:
            return {"headers": headers}

        def after_call(self, response: Any, case: Any) -> None:
            super().after_call(response, case)
            counter.add(response.status_code)

        def validate_response(self, response: Any, case: Any, **kwargs: Any) -> None:
            case.validate_response(response, checks=checks, headers=headers)

    try:
        _run_workflow(Workflow)
    except (Exception, BaseExceptionGroup) as error:
        failures.append(f"stateful workflow: {error}")

    for failure in failures:
        print(failure[:3000])
    print(f"fuzzed {counter.requests} requests; statuses {sorted(counter.statuses.items())}")
    assert not failures
    assert counter.requests >= MINIMUM_REQUESTS
    assert not any(status >= 500 for status in counter.statuses)


# Far enough ahead that an event is never dated before the generated document it goes to.
LATEST = "9999-12-31T23:59:59Z"


def repair(case: Any) -> None:
    """Make a workflow step satisfy the rules JSON Schema cannot state, so chains go deeper.

    An event must not be dated before its document; ``deduplicationId`` and the
    ``Idempotency-Key`` header must agree; and (as the generator does not always honour
    ``oneOf``) only one of ``participantId``/``participant`` and ``addressId``/``address``.
    """
    bodies = case.body.get("events") if isinstance(case.body, dict) else None
    if isinstance(case.body, dict) and case.path.endswith("/events") and bodies is None:
        bodies = [case.body]
    if isinstance(case.body, dict) and case.path == "/documents":
        bodies = [case.body]
    for body in bodies or []:
        if not isinstance(body, dict):
            continue
        if case.path != "/documents" and "externalCreatedAt" in body:
            body["externalCreatedAt"] = LATEST
        for by_id, inline in (("participantId", "participant"), ("addressId", "address")):
            if body.get(by_id) is not None and body.get(inline) is not None:
                del body[by_id]
    if case.headers and isinstance(case.body, dict) and "deduplicationId" in case.body:
        case.headers.pop("Idempotency-Key", None)


def _run_workflow(workflow: Any) -> None:
    run_state_machine_as_test(
        workflow,
        settings=settings(
            max_examples=SCENARIOS,
            stateful_step_count=STEPS,
            derandomize=True,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        ),
    )
