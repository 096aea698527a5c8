"""``massid submit``'s file format, deterministic keys and state file (no I/O but files)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from massid.cli.submission import State, SubmissionError, default_state_path, read_entries
from tests.factories import make_document, make_event, make_participant


def write(path: Path, data: Any) -> Path:
    path.write_text(json.dumps(data))
    return path


def entry(value: int, *events: dict[str, Any]) -> dict[str, Any]:
    document = make_document(value=value, participant=make_participant(tax_id="12345678000190"))
    return {"document": document, "events": list(events)}


def test_keys_are_derived_from_content_and_stable(tmp_path: Path) -> None:
    pickup = make_event("Pick-up", 1)
    first = read_entries(write(tmp_path / "a.json", [entry(1, pickup), entry(2, pickup)]))
    again = read_entries(write(tmp_path / "b.json", [entry(1, pickup), entry(2, pickup)]))
    assert [e.key for e in first] == [e.key for e in again]
    assert first[0].key != first[1].key
    # The same event on two documents gets two keys (they are two records).
    assert first[0].events[0]["deduplicationId"] != first[1].events[0]["deduplicationId"]
    # Editing one entry changes only that entry's keys.
    edited = read_entries(write(tmp_path / "c.json", [entry(1, pickup), entry(3, pickup)]))
    assert edited[0].key == first[0].key and edited[1].key != first[1].key
    assert edited[0].events == first[0].events


def test_identical_entries_and_events_stay_distinct(tmp_path: Path) -> None:
    weighing = make_event("Weighing", 2, value=990)
    entries = read_entries(
        write(tmp_path / "a.json", [entry(1, weighing, weighing), entry(1, weighing)])
    )
    assert entries[0].key != entries[1].key
    keys = [e["deduplicationId"] for e in entries[0].events]
    assert len(set(keys)) == 2 and keys[0].endswith("-1") and keys[1].endswith("-2")


def test_given_keys_are_kept_and_a_single_object_is_accepted(tmp_path: Path) -> None:
    data = {
        "document": make_document(deduplicationId="erp-42"),
        "events": [make_event(deduplicationId="erp-42-pickup"), make_event("Drop-off", 2)],
    }
    (only,) = read_entries(write(tmp_path / "one.json", data))
    assert only.key == "erp-42" and only.document["deduplicationId"] == "erp-42"
    assert only.events[0]["deduplicationId"] == "erp-42-pickup"
    assert only.events[1]["deduplicationId"].endswith("-1")
    assert "deduplicationId" not in data["events"][1]  # the input is not modified


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "cannot read JSON"),
        ("[1]", "/0 expected"),
        ('{"events": []}', "expected"),
        ('{"document": {}, "events": {}}', "events must be a list"),
        ('{"document": {}, "evnts": []}', "unknown field(s): evnts"),
    ],
)
def test_bad_files_are_refused_with_the_place(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "bad.json"
    path.write_text(content)
    with pytest.raises(SubmissionError, match=message.replace("(", r"\(").replace(")", r"\)")):
        read_entries(path)


def test_state_is_kept_per_target_and_written_atomically(tmp_path: Path) -> None:
    path = default_state_path(tmp_path / "batch.json")
    assert path.name == "batch.json.massid-state.json"
    state = State.load(path, "http://a client-1")
    state.finish("key-1", "doc-1")
    assert State.load(path, "http://a client-1").done == {"key-1": "doc-1"}
    assert State.load(path, "http://b client-1").done == {}  # another server: start over
    assert not path.with_name(path.name + ".tmp").exists()
    path.write_text("{half")
    assert State.load(path, "http://a client-1").done == {}
