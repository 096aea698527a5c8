"""What the public search matches on, derived from a document's creation body.

Text is normalised the same way when stored and when searched — case-folded, accents removed,
whitespace collapsed — so ``sao paulo`` finds ``São Paulo`` on SQLite and PostgreSQL alike with
a plain ``LIKE``.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

SEARCHED_FIELDS = ("id", "externalId", "title", "shortTitle")
CITY_KEY_LENGTH = 255


def normalize(text: str) -> str:
    """Case-folded, accent-free, single-spaced text."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(bare.split())


@dataclass(frozen=True, slots=True)
class SearchFields:
    """The stored search columns of one document."""

    text: str
    city: str | None


def primary_city(body: Mapping[str, Any]) -> str | None:
    address = body.get("primaryAddress")
    if isinstance(address, Mapping) and isinstance(address.get("city"), str):
        return str(address["city"])
    return None


def search_fields(body: Mapping[str, Any]) -> SearchFields:
    """Search text (id, externalId, titles, city) and city key of a document's body."""
    city = primary_city(body)
    parts = [body[name] for name in SEARCHED_FIELDS if isinstance(body.get(name), str)]
    if city is not None:
        parts.append(city)
    return SearchFields(
        text=" | ".join(normalize(part) for part in parts),
        city=city_key(city) if city is not None else None,
    )


def city_key(city: str) -> str:
    """The stored and searched form of a city name."""
    return normalize(city)[:CITY_KEY_LENGTH]


def search_terms(query: str) -> list[str]:
    """The words of a query, normalised; every word must match."""
    return normalize(query).split()
