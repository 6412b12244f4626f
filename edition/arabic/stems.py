"""Content-word stems for comparing passages that paraphrase each other.

A word is normalised (tier 1), its conjunction (`و`/`ف`) and article or preposition with
article (`ال`, `بال`, `لل`...) removed, then stemmed by the Snowball Arabic stemmer, so
`وقتلهم` meets `قتل` and `فحاصرها` meets `حاصر`. Function words are dropped.
"""

from __future__ import annotations

from functools import lru_cache
from sys import intern

import Stemmer

from edition.arabic.normalize import normalize_orthographic, strip_al
from edition.data import load_json

_STOP = load_json("stopwords.json")
STOPWORDS = frozenset(normalize_orthographic(w) for w in _STOP["words"])
_STEMMER = Stemmer.Stemmer("arabic")


def strip_proclitics(norm: str) -> str:
    """Remove a leading conjunction and article from a normalised word."""
    if len(norm) >= 5 and norm[0] in "وف":
        norm = norm[1:]
    return strip_al(norm)


@lru_cache(maxsize=262144)
def stem(norm: str) -> str:
    """The stem of a normalised word, or "" for a function word, a digit string or a stub.
    Interned: the stems of two words that have one are one string (features compared by
    identity)."""
    if norm in STOPWORDS or not norm.isalpha():
        return ""
    core = strip_proclitics(norm)
    if core in STOPWORDS or len(core) < 2:
        return ""
    s = _STEMMER.stemWord(core)
    return intern(s if len(s) >= 2 else core)


def _conjoined_function_stems() -> frozenset[str]:
    """The stems `stem` gives function words behind a conjunction that are too short to
    strip (`وهو`, `فلم`, `وعلى`): words, but no evidence of what a passage tells."""
    out = set()
    for w in STOPWORDS:
        for c in "وف":
            norm = c + w
            if len(norm) < 5 and norm not in STOPWORDS:
                found = _STEMMER.stemWord(strip_al(norm))
                out.add(found if len(found) >= 2 else norm)
    return frozenset(out)


CONJOINED_FUNCTION_STEMS = _conjoined_function_stems()
