"""Attachment bytes on local disk, under ``MASSID_STORAGE_DIR``.

A file is written once, under a name no other upload uses, and becomes visible only when the
database row points at it; an aborted or refused upload deletes what it wrote.
"""

from __future__ import annotations

import hashlib
import os
import secrets
from collections.abc import AsyncIterator
from pathlib import Path

import anyio


class SizeMismatch(Exception):
    """The bytes received are not the declared count; ``received`` says how many came."""

    def __init__(self, received: int, over: bool) -> None:
        super().__init__(f"received {received}{'+' if over else ''} bytes")
        self.received = received
        self.over = over


class LocalFiles:
    def __init__(self, root: Path) -> None:
        self.root = root

    def new_key(self, environment: str, document_id: str, file_id: str) -> str:
        """A storage key used by this upload attempt only."""
        return f"{environment}/{document_id}/{file_id}.{secrets.token_hex(8)}"

    def path(self, key: str) -> Path:
        path = (self.root / key).resolve()
        if self.root.resolve() not in path.parents:
            raise ValueError("storage key outside the storage directory")
        return path

    async def save(self, key: str, chunks: AsyncIterator[bytes], expected: int) -> str:
        """Write exactly ``expected`` bytes to ``key``; return their SHA-256 (hex).

        Raises :class:`SizeMismatch` (after deleting the partial file) when fewer or more
        bytes arrive; reading stops as soon as the count is exceeded.
        """
        path = self.path(key)
        await anyio.Path(path.parent).mkdir(parents=True, exist_ok=True)
        digest = hashlib.sha256()
        received = 0
        handle = await anyio.open_file(path, "xb")
        try:
            async for chunk in chunks:
                received += len(chunk)
                if received > expected:
                    raise SizeMismatch(received, over=True)
                digest.update(chunk)
                await handle.write(chunk)
            if received != expected:
                raise SizeMismatch(received, over=False)
            await handle.flush()
            await anyio.to_thread.run_sync(os.fsync, handle.wrapped.fileno())
        except BaseException:
            await handle.aclose()
            await self.delete(key)
            raise
        await handle.aclose()
        return digest.hexdigest()

    async def delete(self, key: str) -> None:
        await anyio.Path(self.path(key)).unlink(missing_ok=True)
