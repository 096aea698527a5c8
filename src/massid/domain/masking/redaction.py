"""Redacting free text (rule comments) so it quotes nothing the public view hides.

A rule comment may quote a value it read ("plate ABC-1D23 does not match…"). The public sees
a comment only after every value that the owner's view of the document holds and the public
view does not (private attributes, sensitive values before masking, private participants'
names and ids, street addresses, tax ids…) has been replaced by ``[hidden]``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

HIDDEN = "[hidden]"
# Shorter strings are too common to redact without mangling ordinary words.
MIN_TEXT = 3
# Numbers are redacted only where they are measured values (not sequence numbers, flags…).
VALUE_KEYS = frozenset({"value", "currentValue"})


def _leaves(node: Any, key: str | None = None) -> Iterator[str]:
    if isinstance(node, Mapping):
        for child_key, child in node.items():
            yield from _leaves(child, str(child_key))
    elif isinstance(node, list | tuple):
        for child in node:
            yield from _leaves(child, key)
    elif isinstance(node, str):
        if len(node.strip()) >= MIN_TEXT:
            yield node.strip()
    elif isinstance(node, int | float) and not isinstance(node, bool) and key in VALUE_KEYS:
        yield format(node, "g") if isinstance(node, float) else str(node)


# Structure, not data: the names of things, never what a participant keeps private.
_DOCUMENT_VOCABULARY = ("category", "type", "subtype", "measurementUnit", "status", "dataSetName")
_EVENT_VOCABULARY = ("name", "label")
_ATTRIBUTE_VOCABULARY = ("name", "format", "type")


def _vocabulary(view: Mapping[str, Any]) -> set[str]:
    words = {str(view.get(key)) for key in _DOCUMENT_VOCABULARY if view.get(key)}
    for event in view.get("externalEvents") or []:
        if not isinstance(event, Mapping):
            continue
        words.update(str(event.get(key)) for key in _EVENT_VOCABULARY if event.get(key))
        related = event.get("relatedDocument")
        if isinstance(related, Mapping):
            words.update(str(related.get(key)) for key in _DOCUMENT_VOCABULARY if related.get(key))
        metadata = event.get("metadata")
        attributes = metadata.get("attributes") if isinstance(metadata, Mapping) else None
        for attribute in attributes or []:
            if isinstance(attribute, Mapping):
                words.update(
                    str(attribute.get(key)) for key in _ATTRIBUTE_VOCABULARY if attribute.get(key)
                )
    return words


def hidden_values(owner_view: Mapping[str, Any], public_view: Mapping[str, Any]) -> frozenset[str]:
    """The values the owner sees and the public does not (vocabulary such as event, attribute
    and document type names is never hidden: it is the methodology's, not a participant's)."""
    hidden = set(_leaves(owner_view)) - set(_leaves(public_view)) - _vocabulary(owner_view)
    return frozenset(hidden)


def redactor(hidden: Iterable[str]) -> re.Pattern[str] | None:
    """One pattern matching any hidden value as a whole token (longest first)."""
    values = sorted(set(hidden), key=len, reverse=True)
    if not values:
        return None
    alternatives = "|".join(re.escape(value) for value in values)
    return re.compile(rf"(?<![\w.]){'(?:' + alternatives + ')'}(?![\w])")


def redact(text: str, pattern: re.Pattern[str] | None) -> str:
    """``text`` with every hidden value replaced by ``[hidden]``."""
    return pattern.sub(HIDDEN, text) if pattern is not None else text
