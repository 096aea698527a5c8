"""Between the SDK's types and the wire: request bodies validated (a refusal worded as the
server's 400), response bodies parsed, query values and fresh deduplicationIds."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any, TypedDict, TypeVar

import httpx
from pydantic import BaseModel, ValidationError

from massid.client.encoding import dumps, loads
from massid.client.errors import ApiError, InvalidRequest

M = TypeVar("M", bound=BaseModel)


class DocumentFilters(TypedDict, total=False):
    """Filters of ``GET /documents`` (api.md §9), by their wire names."""

    category: str
    type: str
    subtype: str
    status: str
    externalId: str
    createdAfter: datetime | str
    updatedAfter: datetime | str
    limit: int


def new_deduplication_id() -> str:
    """A fresh key for one logical operation (kept for all of its retries)."""
    return str(uuid.uuid4())


def refuse(pointer: str, message: str) -> InvalidRequest:
    """A request refused before it is sent, worded as the server's 400 would be."""
    return InvalidRequest(400, "validationError", f"{pointer}: {message}", reason="INVALID_FIELD")


def coerce(model: type[M], value: M | Mapping[str, Any], pointer: str = "") -> M:
    """``value`` as ``model``, validating a plain mapping; a refusal names the field."""
    if isinstance(value, model):
        return value
    try:
        return model.model_validate(value)
    except ValidationError as error:
        first = error.errors()[0]
        where = "".join(f"/{part}" for part in first["loc"])
        raise refuse(pointer + where or "/", first["msg"]) from None


def parser(model: type[M]) -> Callable[[httpx.Response], M]:
    """Read a 2xx body as ``model``; a replayed write says so with ``replayed=True``."""

    def parse(response: httpx.Response) -> M:
        try:
            data = loads(response.content)
            if isinstance(data, dict) and "replayed" in model.model_fields:
                data["replayed"] = response.headers.get("idempotent-replayed") == "true"
            return model.model_validate(data)
        except (ValueError, ValidationError) as error:
            raise ApiError(
                response.status_code,
                "invalidResponse",
                f"the server's answer is not a {model.__name__}: {error}",
                request_id=response.headers.get("x-request-id"),
            ) from None

    return parse


def query_value(value: object) -> str:
    if isinstance(value, datetime):
        return str(dumps(value).decode().strip('"'))
    return str(value)
