"""Reading the hostile corpus (see generate.py for its format) into concrete requests."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

CORPUS = Path(__file__).with_name("corpus.json")

_CYRILLIC = str.maketrans({"a": "\u0430", "c": "\u0441", "e": "\u0435"})
_FULLWIDTH = str.maketrans({str(d): chr(0xFF10 + d) for d in range(10)})


def load() -> list[dict[str, Any]]:
    entries: list[dict[str, Any]] = json.loads(CORPUS.read_text())
    return entries


def _joined(parts: list[list[Any]]) -> str:
    return "".join(str(text) * int(times) for text, times in parts)


def substitute(value: str, document_id: str) -> str:
    """Fill the ``{doc}`` placeholders with the real id and its look-alikes."""
    cyrillic = document_id.translate(_CYRILLIC)
    if cyrillic == document_id:  # no a, c or e in this id: change the first digit instead
        cyrillic = document_id.translate(_FULLWIDTH)
    return (
        value.replace("{doc:cyrillic}", cyrillic)
        .replace("{doc:fullwidth}", document_id.translate(_FULLWIDTH))
        .replace("{doc:zwsp}", document_id[:8] + "\u200b" + document_id[8:])
        .replace("{doc}", document_id)
    )


@dataclass
class HostileRequest:
    entry: dict[str, Any]
    method: str
    path: str
    headers: list[tuple[str, bytes]]
    body: bytes | None

    @property
    def id(self) -> str:
        return str(self.entry["id"])

    @property
    def expect(self) -> list[int]:
        return [int(status) for status in self.entry["expect"]]


def build(entry: dict[str, Any], document_id: str, token: str) -> HostileRequest:
    path = substitute(entry["path"], document_id) + "a" * int(entry.get("path_repeat", 0))
    headers = [
        (name, substitute(value, document_id)) for name, value in entry.get("headers", {}).items()
    ]
    for name, parts in entry.get("header_parts", {}).items():
        headers.append((name, _joined(parts)))
    headers += [(f"X-Many-{i}", "v") for i in range(int(entry.get("many_headers", 0)))]
    if entry.get("auth", True) and not any(name.lower() == "authorization" for name, _ in headers):
        headers.append(("Authorization", f"Bearer {token}"))
    body: bytes | None = None
    if "body" in entry:
        body = substitute(entry["body"], document_id).encode("utf-8")
    elif "body_hex" in entry:
        body = bytes.fromhex(entry["body_hex"])
    elif "body_parts" in entry:
        body = substitute(_joined(entry["body_parts"]), document_id).encode("utf-8")
    encoded = [(name, _header_bytes(value)) for name, value in headers]
    return HostileRequest(entry, entry["method"], path, encoded, body)


def _header_bytes(value: str) -> bytes:
    try:
        return value.encode("latin-1")
    except UnicodeEncodeError:
        return value.encode("utf-8")
