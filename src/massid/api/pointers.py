"""JSON pointers (RFC 6901) from pydantic error locations."""

from __future__ import annotations

from collections.abc import Sequence

# Segments pydantic adds for union members and validators; they are not part of the path.
_TAGS = frozenset({"int", "float", "str", "bool", "none", "list", "dict"})


def escape(segment: str) -> str:
    """One JSON pointer segment (``~`` and ``/`` escaped)."""
    return segment.replace("~", "~0").replace("/", "~1")


def pointer_of(loc: Sequence[int | str], prefix: str = "") -> str:
    parts = []
    for segment in loc:
        if isinstance(segment, str) and (segment in _TAGS or "[" in segment):
            continue
        parts.append(escape(str(segment)))
    return prefix + "".join(f"/{part}" for part in parts) if parts else prefix or "/"
