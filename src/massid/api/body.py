"""Strict JSON request bodies: duplicate keys, NaN, Infinity and overflowing numbers refused.

The body is decoded once with the standard library to catch what pydantic would silently
accept (duplicate keys keep the last value; ``1e400`` becomes infinity), then validated by
the model in pydantic's strict JSON mode (no coercion between types).
"""

from __future__ import annotations

import json
import math
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from fastapi import Request
from pydantic import BaseModel, ValidationError

from massid.api.pointers import escape, pointer_of
from massid.domain.errors import InvalidJson, UnsupportedMediaType, ValidationFailed

M = TypeVar("M", bound=BaseModel)

_MESSAGES = {
    "extra_forbidden": "unknown field (check its spelling against the API reference)",
    "missing": "this field is required",
}


# The deepest nesting a body may have: a whole MassID batch needs about ten levels.
MAX_DEPTH = 32


class _Rejected(ValueError):
    pass


def depth_of(value: Any) -> int:
    """How deeply arrays and objects nest in ``value`` (a scalar is 0), without recursion."""
    deepest = 0
    stack: list[tuple[Any, int]] = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict | list):
            depth += 1
            deepest = max(deepest, depth)
            children = item.values() if isinstance(item, dict) else item
            stack.extend((child, depth) for child in children if isinstance(child, dict | list))
    return deepest


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise _Rejected(f"duplicate key {key!r}")
        result[key] = value
    return result


def _constant(name: str) -> Any:
    raise _Rejected(f"{name} is not a JSON number")


def _float(text: str) -> float:
    value = float(text)
    if math.isinf(value):
        raise _Rejected(f"number {text[:40]} is out of range")
    return value


def decode(raw: bytes) -> Any:
    """Decode JSON strictly, or raise :class:`InvalidJson` saying why."""
    if not raw.strip():
        raise InvalidJson("the request body is empty; send a JSON object")
    try:
        text = raw.decode("utf-8")
        value = json.loads(
            text, object_pairs_hook=_pairs, parse_constant=_constant, parse_float=_float
        )
    except UnicodeDecodeError as error:
        raise InvalidJson("the request body is not valid UTF-8") from error
    except _Rejected as error:
        raise InvalidJson(f"the request body is not acceptable JSON: {error}") from error
    except RecursionError as error:
        raise InvalidJson("the request body is nested too deeply") from error
    except ValueError as error:
        raise InvalidJson(f"the request body is not valid JSON: {error}") from error
    if depth_of(value) > MAX_DEPTH:
        raise InvalidJson(f"the request body is nested too deeply (at most {MAX_DEPTH} levels)")
    return value


def nul_pointer(value: Any, pointer: str = "") -> str | None:
    """The JSON pointer of the first key or string holding U+0000, if any."""
    if isinstance(value, str):
        return (pointer or "/") if "\x00" in value else None
    if isinstance(value, dict):
        for key, item in value.items():
            here = f"{pointer}/{escape(key)}"
            if "\x00" in key:
                return here
            found = nul_pointer(item, here)
            if found:
                return found
    if isinstance(value, list):
        for index, item in enumerate(value):
            found = nul_pointer(item, f"{pointer}/{index}")
            if found:
                return found
    return None


def validate(raw: bytes, model: type[M]) -> M:
    """Decode and validate ``raw`` as ``model``, naming the first bad field."""
    value = decode(raw)
    if not isinstance(value, dict):
        raise ValidationFailed("/", "the request body must be a JSON object")
    if b"\\u0000" in raw:
        # PostgreSQL text cannot hold U+0000, and no integrator means to send it.
        where = nul_pointer(value)
        if where:
            raise ValidationFailed(where, "must not contain the NUL character (U+0000)")
    try:
        return model.model_validate_json(raw, strict=True)
    except ValidationError as error:
        first = error.errors(include_url=False)[0]
        if first["type"] == "json_invalid":
            # What the standard library lets through (a lone surrogate) the model does not.
            raise InvalidJson(f"the request body is not valid JSON: {first['msg']}") from None
        message = _MESSAGES.get(first["type"], first["msg"])
        raise ValidationFailed(pointer_of(first["loc"]), message) from None


def require_json(request: Request) -> None:
    content_type = request.headers.get("content-type", "application/json")
    media = content_type.split(";", 1)[0].strip().lower()
    if media != "application/json" and not media.endswith("+json"):
        raise UnsupportedMediaType(f"Content-Type must be application/json, not {media!r}")


def json_body(model: type[M]) -> Callable[[Request], Awaitable[M]]:
    """A FastAPI dependency that reads the request body as ``model``."""

    async def dependency(request: Request) -> M:
        require_json(request)
        return validate(await request.body(), model)

    dependency.__name__ = f"{model.__name__}_body"
    return dependency
