"""Normalisation tiers used to compare Arabic text (never to replace it).

Tier 1, orthographic: diacritics and tatweel removed; alef forms, hamza carriers,
alef maqsura/ya, ta marbuta and Persian letter forms unified; digits to ASCII; presentation
forms (the shapes in text taken from PDFs) to the letters they show; invisible joiners and
direction marks (text from the web has them) removed.
Tier 2, skeleton (rasm): the orthographic form with long vowels and hamza dropped and
letters folded to their dotless classes, spaces removed: a key for fuzzy name matching
(`جنكيز خان` and `جنكزخان`, `ينال` and `أنيال` share one).
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from pyarabic import araby

from edition.data import load_json

_ORTHO = load_json("orthography.json")
_RASM = load_json("rasm.json")
_SPELLINGS = load_json("spellings.json")

_DIACRITICS = "".join(araby.TASHKEEL) + _ORTHO["extra_marks"]
_DEDIAC_TABLE = str.maketrans("", "", _DIACRITICS + _ORTHO["tatweel"])
INVISIBLE = _ORTHO["invisible"]  # joiners and direction marks: no letter, no space
_ORTHO_TABLE = str.maketrans(
    {**{c: None for c in _DIACRITICS + _ORTHO["tatweel"] + INVISIBLE}, **_ORTHO["map"]}
)


def _presentation_forms() -> dict[int, str]:
    """Arabic presentation forms (the contextual shapes and ligatures of text taken from PDFs
    and old fonts: `ﺑﺨﺎﺭﻯ`, `ﻻ`) to the letters they show, normalised like any letter;
    ligatures of whole phrases (`ﷺ`) are left as they are, a word being one word."""
    out = {}
    for start, end in ((0xFB50, 0xFDFF), (0xFE70, 0xFEFF)):
        for cp in range(start, end + 1):
            letters = unicodedata.normalize("NFKC", chr(cp))
            if letters != chr(cp) and " " not in letters:
                out[cp] = letters.translate(_ORTHO_TABLE)
    return out


_ORTHO_TABLE.update(_presentation_forms())
_RASM_TABLE = str.maketrans(
    {**{c: None for c in _RASM["drop"]}, **_RASM["classes"], " ": None, "\u200c": None}
)
_DOTLESS_TABLE = str.maketrans({**_RASM["classes"], **_RASM["dotless_only"]})


def orthographic_rules() -> dict:
    """Tier 1 as data, for the page's search box: the characters it drops, and what it
    maps the others to (the same rules as `normalize_orthographic`)."""
    drop = "".join(chr(c) for c, v in _ORTHO_TABLE.items() if v is None)
    return {"drop": drop, "map": {chr(c): v for c, v in _ORTHO_TABLE.items() if v is not None}}


def dediac_ar(text: str) -> str:
    """Remove diacritics (harakat, shadda, sukun, tanwin, Quranic marks) and tatweel."""
    return text.translate(_DEDIAC_TABLE)


def normalize_orthographic(text: str) -> str:
    """Tier 1: the form used to decide that two spellings are the same word."""
    return text.translate(_ORTHO_TABLE)


@lru_cache(maxsize=65536)
def skeleton(text: str) -> str:
    """Tier 2: the dotless consonantal skeleton, with spaces removed."""
    return normalize_orthographic(text).translate(_RASM_TABLE)


def dotless(text: str) -> str:
    """The orthographic form with every letter folded to its dotless class, nothing dropped:
    words that differ only in their dots (`يبعث` / `ببعث`) share it, as a misreading
    (tashif) would make them."""
    return normalize_orthographic(text).translate(_DOTLESS_TABLE)


@lru_cache(maxsize=1)
def _one_spelling() -> dict[str, str]:
    out: dict[str, str] = {}
    for words in _SPELLINGS["words"]:
        forms = [normalize_orthographic(w) for w in words]
        for f in forms:
            out[f] = forms[0]
    return out


def one_spelling(norm: str) -> str:
    """An orthographically normalised word in the spelling its list of variant spellings
    starts with (`بن` -> `ابن`, `هاذا` -> `هذا`), also behind a conjunction (`وبن`); the word
    itself if it has none (`edition/data/spellings.json`)."""
    table = _one_spelling()
    found = table.get(norm)
    if found is not None:
        return found
    if len(norm) > 2 and norm[0] in "وف" and norm[1:] in table:
        return norm[0] + table[norm[1:]]
    return norm


def strip_al(word: str) -> str:
    """Drop a leading definite article from an orthographically normalised word."""
    if len(word) > 4 and word.startswith(("وال", "فال", "بال", "كال")):
        return word[3:]
    if len(word) > 3 and word.startswith("لل"):
        return word[2:]
    if len(word) > 3 and word.startswith("ال"):
        return word[2:]
    return word
