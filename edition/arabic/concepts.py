"""Concepts of historical narrative (envoy, siege, flight...) that paraphrases name with
different words: `رسل` and `سفارة`, `أباد` and `قتل`. The lexicon is data
(`edition/data/concepts.json`); its words are stemmed like any content word."""

from __future__ import annotations

from functools import cache, lru_cache

from edition.arabic.normalize import normalize_orthographic
from edition.arabic.stems import stem
from edition.data import load_json

_PREPOSITIONS = frozenset("بلك")


@cache
def _concept_of_stem() -> dict[str, str]:
    data = load_json("concepts.json")
    out: dict[str, str] = {}
    for concept, words in data["concepts"].items():
        for w in words:
            s = stem(normalize_orthographic(w))
            if s:
                out.setdefault(s, concept)
    return out


@lru_cache(maxsize=1 << 18)  # asked of every word of every passage: words recur
def concept_of(norm: str) -> str | None:
    """The concept a normalised word names, if the lexicon lists it (also behind a
    preposition: `بهدية` names a gift as `هدية` does)."""
    table = _concept_of_stem()
    found = table.get(stem(norm))
    if found is None and len(norm) > 3 and norm[0] in _PREPOSITIONS:
        found = table.get(stem(norm[1:]))
    return found
