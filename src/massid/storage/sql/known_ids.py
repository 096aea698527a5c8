"""Committed participant and address ids, remembered per process."""

from __future__ import annotations

from collections import OrderedDict


class KnownIds:
    """Committed participant and address ids by (table, environment, key), most recent first.

    Such a row is never updated or deleted, so its id stays right for the life of the
    database; remembering it spares the lookup every append made (bench/, W1). Bounded.
    """

    SIZE = 20_000

    def __init__(self) -> None:
        self._ids: OrderedDict[tuple[str, str, str], str] = OrderedDict()

    def get(self, memo: tuple[str, str, str]) -> str | None:
        found = self._ids.get(memo)
        if found is not None:
            self._ids.move_to_end(memo)
        return found

    def put(self, memo: tuple[str, str, str], row_id: str) -> None:
        self._ids[memo] = row_id
        self._ids.move_to_end(memo)
        if len(self._ids) > self.SIZE:
            self._ids.popitem(last=False)
