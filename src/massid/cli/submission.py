"""What ``massid submit`` sends, and how it resumes: a submission file, its deterministic
deduplicationIds, and the small state file that lets a re-run skip finished MassIDs.

A key is derived from the content it protects (SHA-256 of the canonical JSON), so re-running
the same file — after a crash, a kill, a lost connection — sends the same keys and the server
answers what is already stored as a replay: nothing is stored twice, whatever the state file
says. Identical entries get an occurrence number, so two equal events in one timeline stay two.
A key given in the file (``deduplicationId``) is always kept.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

KEY_PREFIX = "massid-submit"


class SubmissionError(ValueError):
    """The file is not a submission; the message says where."""


@dataclass
class Entry:
    """One MassID (any document) with its events, keyed for resumable submission."""

    key: str
    document: dict[str, Any]
    events: list[dict[str, Any]]


def canonical(value: Any) -> bytes:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def digest(*parts: bytes) -> str:
    hasher = hashlib.sha256()
    for part in parts:
        hasher.update(len(part).to_bytes(8, "big") + part)
    return hasher.hexdigest()[:40]


def read_entries(path: Path) -> list[Entry]:
    """Parse ``{"document": {...}, "events": [...]}`` or a list of them, and key everything."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise SubmissionError(f"{path}: cannot read JSON: {error}") from None
    raw = data if isinstance(data, list) else [data]
    entries: list[Entry] = []
    seen: Counter[str] = Counter()
    for index, item in enumerate(raw):
        where = f"{path}: /{index}" if isinstance(data, list) else f"{path}:"
        if not isinstance(item, dict) or not isinstance(item.get("document"), dict):
            raise SubmissionError(f'{where} expected {{"document": {{...}}, "events": [...]}}')
        events = item.get("events", [])
        if not isinstance(events, list) or not all(isinstance(e, dict) for e in events):
            raise SubmissionError(f"{where}/events must be a list of event objects")
        if extra := set(item) - {"document", "events"}:
            raise SubmissionError(f"{where} unknown field(s): {', '.join(sorted(extra))}")
        document = dict(item["document"])
        content = digest(canonical(document))
        seen[content] += 1
        key = document.get("deduplicationId") or f"{KEY_PREFIX}-{content}-{seen[content]}"
        document["deduplicationId"] = key
        entries.append(Entry(key, document, key_events(key, events)))
    return entries


def key_events(document_key: str, events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The events with a deduplicationId each: theirs, or one derived from their content."""
    keyed: list[dict[str, Any]] = []
    seen: Counter[str] = Counter()
    for event in events:
        content = digest(document_key.encode(), canonical(event))
        seen[content] += 1
        given = event.get("deduplicationId")
        keyed.append({**event, "deduplicationId": given or f"{content}-{seen[content]}"})
    return keyed


@dataclass
class State:
    """Which entries are finished on which server, kept next to the file between runs."""

    path: Path
    target: str
    done: dict[str, str] = field(default_factory=dict)  # entry key -> document id

    @classmethod
    def load(cls, path: Path, target: str) -> State:
        """The saved state, or an empty one when it is missing, unreadable or for elsewhere."""
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return cls(path, target)
        if not isinstance(data, dict) or data.get("target") != target:
            return cls(path, target)
        done = data.get("done")
        return cls(path, target, dict(done) if isinstance(done, dict) else {})

    def finish(self, key: str, document_id: str) -> None:
        self.done[key] = document_id
        self.save()

    def save(self) -> None:
        """Write atomically (a kill mid-write leaves the previous state, never half a file)."""
        temporary = self.path.with_name(self.path.name + ".tmp")
        temporary.write_text(json.dumps({"target": self.target, "done": self.done}, indent=1))
        os.replace(temporary, self.path)


def default_state_path(file: Path) -> Path:
    return file.with_name(file.name + ".massid-state.json")
