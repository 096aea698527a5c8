"""Client-side event ordering: an append earlier than the last timestamp this client sent for
the same document is refused before it reaches the network (the server would answer 409
``EVENT_OUT_OF_ORDER`` anyway, after a round trip and a slot of the rate limit).

The guard remembers, per document, the latest ``externalCreatedAt`` it has seen: the document's
own (when this client created it or read it), and that of every event that was stored — or
may have been, after a failure that left it unknown. A definite refusal (a 4xx) records
nothing, so a corrected retry of the same event is not blocked.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterable
from datetime import datetime

from massid.client.errors import OutOfOrderError


def _text(moment: datetime) -> str:
    return moment.isoformat().replace("+00:00", "Z")


class OrderGuard:
    """The latest timestamp per document, for at most ``capacity`` recently used documents."""

    def __init__(self, capacity: int = 100_000) -> None:
        self.capacity = capacity
        self._latest: OrderedDict[str, datetime] = OrderedDict()
        self._lock = threading.Lock()

    def check(self, items: Iterable[tuple[str, datetime]], *, batch: bool = False) -> None:
        """Raise :class:`OutOfOrderError` for the first (document, timestamp) out of order.

        ``items`` are in sending order; later items are checked against earlier ones too.
        """
        seen: dict[str, datetime] = {}
        with self._lock:
            for index, (document_id, moment) in enumerate(items):
                last = seen.get(document_id) or self._latest.get(document_id)
                if last is not None and moment < last:
                    pointer = f"/events/{index}" if batch else ""
                    raise OutOfOrderError(document_id, _text(moment), _text(last), pointer)
                seen[document_id] = moment

    def record(self, items: Iterable[tuple[str, datetime]]) -> None:
        """Remember timestamps that were (or may have been) stored."""
        with self._lock:
            for document_id, moment in items:
                last = self._latest.get(document_id)
                if last is None or moment > last:
                    self._latest[document_id] = moment
                self._latest.move_to_end(document_id)
            while len(self._latest) > self.capacity:
                self._latest.popitem(last=False)
