"""Text comparison: aggressive normalisation, the Dice coefficient, Brazilian address matching."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from functools import lru_cache

_NOT_ALNUM = re.compile(r"[^0-9a-z]+")

# Brazilian street-address abbreviations, expanded before comparing (after normalisation).
ABBREVIATIONS = {
    "r": "rua",
    "av": "avenida",
    "ave": "avenida",
    "al": "alameda",
    "tv": "travessa",
    "trav": "travessa",
    "rod": "rodovia",
    "est": "estrada",
    "estr": "estrada",
    "pca": "praca",
    "pc": "praca",
    "lgo": "largo",
    "jd": "jardim",
    "jard": "jardim",
    "vl": "vila",
    "pq": "parque",
    "res": "residencial",
    "cond": "condominio",
    "bl": "bloco",
    "qd": "quadra",
    "lt": "lote",
    "km": "quilometro",
    "dr": "doutor",
    "dra": "doutora",
    "prof": "professor",
    "profa": "professora",
    "eng": "engenheiro",
    "gen": "general",
    "gal": "general",
    "cel": "coronel",
    "cap": "capitao",
    "mal": "marechal",
    "pres": "presidente",
    "gov": "governador",
    "sto": "santo",
    "sta": "santa",
    "sr": "senhor",
    "sra": "senhora",
    "ns": "nossa senhora",
    "nsa": "nossa senhora",
}
# Markers of "number" that carry no information ("nº 100", "n. 100", "número 100").
_NUMBER_MARKERS = frozenset({"n", "no", "nro", "num", "numero"})


@lru_cache(maxsize=4096)
def normalise(text: str) -> str:
    """Lower-case, accents stripped, punctuation turned into single spaces."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(char for char in decomposed if not unicodedata.combining(char))
    return _NOT_ALNUM.sub(" ", stripped.lower()).strip()


def dice(first: str, second: str) -> float:
    """Dice coefficient on character bigrams, whitespace ignored (npm ``string-similarity``)."""
    first = "".join(first.split())
    second = "".join(second.split())
    if first == second:
        return 1.0
    if len(first) < 2 or len(second) < 2:
        return 0.0
    bigrams = Counter(first[i : i + 2] for i in range(len(first) - 1))
    shared = 0
    for i in range(len(second) - 1):
        bigram = second[i : i + 2]
        if bigrams[bigram] > 0:
            bigrams[bigram] -= 1
            shared += 1
    return 2.0 * shared / (len(first) + len(second) - 2)


def text_similarity(first: str, second: str) -> float:
    """Dice coefficient of two texts after :func:`normalise`."""
    return dice(normalise(first), normalise(second))


@lru_cache(maxsize=4096)
def address_tokens(text: str) -> tuple[str, ...]:
    """Normalised tokens with abbreviations expanded and "number" markers dropped."""
    raw = normalise(text).split()
    tokens: list[str] = []
    for index, token in enumerate(raw):
        following = raw[index + 1] if index + 1 < len(raw) else ""
        if token in _NUMBER_MARKERS and (token != "no" or following.isdigit()):
            continue
        tokens.extend(ABBREVIATIONS.get(token, token).split())
    return tuple(tokens)


def address_match(first: str, second: str, threshold: float) -> tuple[bool, float]:
    """Whether two addresses match, and their Dice similarity after abbreviation expansion.

    Their numbers must be identical; then they match when the similarity reaches
    ``threshold`` or every word of the shorter one occurs in the other.
    """
    left, right = address_tokens(first), address_tokens(second)
    score = dice(" ".join(left), " ".join(right))
    if {t for t in left if t.isdigit()} != {t for t in right if t.isdigit()}:
        return False, score
    smaller, larger = sorted((set(left), set(right)), key=len)
    return score >= threshold or (bool(smaller) and smaller <= larger), score
