"""Numbers written in Arabic words (and digits) to values.

`parse_number(words, i)` reads the longest number expression starting at words[i]
(orthographically normalised words) and returns (value, next index) or None.
The grammar is the usual one: terms joined by `و`, a unit followed by `عشر(ة)` is a teen,
a unit followed by `مائة` is hundreds, a multiplier (`ألف`, `آلاف`, `مليون`) scales what
precedes it: `مائة وعشرة آلاف` = 110000, `تسع عشرة وستمائة` = 619.
"""

from __future__ import annotations

import re

from edition.arabic.normalize import normalize_orthographic as _n
from edition.data import load_json

_DATA = load_json("numbers.json")


def _table(name: str) -> dict[str, int]:
    """A word table from the data file, its keys in orthographic normal form."""
    return {_n(k): v for k, v in _DATA[name].items()}


UNITS = _table("units")
TEN = _table("ten")
TENS = _table("tens")
HUNDREDS = _table("hundreds")
MULTIPLIERS = _table("multipliers")
HUNDRED_AFTER_UNIT = frozenset(_n(w) for w in _DATA["hundred_after_unit"])
PROCLITICS = tuple(_DATA["proclitics"])
AMBIGUOUS_ALONE = frozenset(_n(w) for w in _DATA["ambiguous_alone"])

_ALL = {**UNITS, **TEN, **TENS, **HUNDREDS, **MULTIPLIERS}
NUMBER_WORDS = frozenset(_ALL)
_DIGITS_RE = re.compile(r"^(\d+)")


def number_word(word: str, allow_proclitic: bool = True) -> tuple[str, int] | None:
    """The number word in `word` (with a proclitic stripped) and its value, or None."""
    if word in _ALL:
        return word, _ALL[word]
    if allow_proclitic and len(word) > 2 and word[0] in PROCLITICS and word[1:] in _ALL:
        return word[1:], _ALL[word[1:]]
    return None


def parse_number(words: list[str], i: int) -> tuple[int, int] | None:
    """Parse a number expression in words starting at index i: (value, end index)."""
    total = 0
    current = 0
    j = i
    seen = 0
    last_kind = ""
    while j < len(words):
        w = words[j]
        # terms after the first must be joined by و (or be a teen/hundred/multiplier)
        hit = number_word(w, allow_proclitic=True)
        if hit is None:
            break
        core, value = hit
        joined = w != core and w[0] == "و"
        if seen and not joined:
            if core in TEN and last_kind == "unit" and current % 10 == current % 100 < 10:
                current += 10
                last_kind = "teen"
                j += 1
                seen += 1
                continue
            if core in HUNDRED_AFTER_UNIT and last_kind == "unit":
                current = current - current % 10 + (current % 10) * 100
                last_kind = "hundred"
                j += 1
                seen += 1
                continue
            if core in MULTIPLIERS and last_kind != "multiplier":
                total += max(current, 1) * value
                current = 0
                last_kind = "multiplier"
                j += 1
                seen += 1
                continue
            break
        if seen and w != core and w[0] != "و":
            break
        if core in MULTIPLIERS:
            total += max(current, 1) * value if not seen or joined else value
            current = 0
            last_kind = "multiplier"
        elif core in HUNDREDS:
            current += value
            last_kind = "hundred"
        elif core in TENS or core in TEN:
            current += value
            last_kind = "ten"
        else:
            current += value
            last_kind = "unit"
        seen += 1
        j += 1
    if not seen:
        return None
    value = total + current
    if seen == 1 and words[i].lstrip("وفبل") in AMBIGUOUS_ALONE and words[i] not in ("الف",):
        # a lone `أحد`, `عشر`, `ست`... is too often not a number
        if number_word(words[i])[0] in AMBIGUOUS_ALONE:
            return None
    return value, j


def digits_value(text: str) -> int | None:
    """The value of a token starting with digits (`615ه` -> 615), or None."""
    m = _DIGITS_RE.match(text)
    return int(m.group(1)) if m else None
