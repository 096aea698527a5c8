"""Splitting a list of events into batches the server accepts, without reordering them."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from massid.client.encoding import dumps

_ENVELOPE = len(b'{"events":[]}')


def chunk_events(
    events: Sequence[dict[str, Any]], max_events: int, max_bytes: int
) -> Iterator[tuple[int, list[dict[str, Any]]]]:
    """Consecutive ``(start index, events)`` chunks of at most ``max_events`` events and about
    ``max_bytes`` of JSON. Chunks keep the given order, so each document's events stay in order
    (a chunk is sent only after the one before it is stored). An event larger than
    ``max_bytes`` on its own travels alone, and the server judges it."""
    start = 0
    chunk: list[dict[str, Any]] = []
    size = _ENVELOPE
    for index, event in enumerate(events):
        length = len(dumps(event)) + 1
        if chunk and (len(chunk) >= max_events or size + length > max_bytes):
            yield start, chunk
            start, chunk, size = index, [], _ENVELOPE
        chunk.append(event)
        size += length
    if chunk:
        yield start, chunk
