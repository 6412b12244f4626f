"""Classifying a variation unit by comparing each reading with the base reading.

Each witness's reading is compared with the base's (the first witness unless one was
chosen): words shared at both ends are set aside, and what remains decides the type. The
unit takes the most significant type found: transposition, date, numeric, name variant,
substitution, omission, addition, orthographic.
"""

from __future__ import annotations

import bisect

from edition.arabic.normalize import dotless, one_spelling
from edition.arabic.stems import stem
from edition.collate.tokens import CToken
from edition.model import Entity

PRIORITY = [
    "transposition",
    "date",
    "numeric",
    "name-variant",
    "substitution",
    "omission",
    "addition",
    "orthographic",
]


def _figure(norm: str) -> tuple[int | None, str]:
    """A token's value if it is written in digits, and its calendar mark (ه or م)."""
    if not norm[:1].isdecimal():
        return None, ""
    digits = "".join(ch for ch in norm if ch.isdecimal())
    return int(digits), {"ه": "h", "م": "c"}.get(norm[len(digits) :], "")


def _entities_of(tokens: list[CToken], entities: list[Entity]) -> list[Entity]:
    """The entities overlapping any of the tokens (in order, never overlapping each other),
    and figures the tagger did not tag."""
    spans = sorted((t.start, t.end) for t in tokens)  # tokens of one text never overlap
    starts = [a for a, _ in spans]
    found = []
    for e in entities:
        # the tokens starting before the entity ends; the last of them ends furthest
        k = bisect.bisect_left(starts, e.end)
        if k and spans[k - 1][1] > e.start:
            found.append(e)
    for t in tokens:  # figures the tagger did not tag still count by value
        value, calendar = _figure(t.norm)
        if value is not None and not any(e.start < t.end and t.start < e.end for e in found):
            hijri = str(value) if calendar == "h" else ""
            ce = str(value) if calendar == "c" else ""
            kind = "date" if calendar else "number"
            found.append(Entity(t.start, t.end, kind, value=value, hijri=hijri, ce=ce))
    return found


def _trim(a: list[CToken], b: list[CToken]) -> tuple[list[CToken], list[CToken]]:
    i = 0
    while i < len(a) and i < len(b) and a[i].norm == b[i].norm:
        i += 1
    j = 0
    while j < len(a) - i and j < len(b) - i and a[-1 - j].norm == b[-1 - j].norm:
        j += 1
    return a[i : len(a) - j], b[i : len(b) - j]


def _in_notes(tokens: list[CToken], entities: list[Entity]) -> set[CToken]:
    """The tokens (brackets and number) of the note references among `tokens`."""
    spans = [(e.start, e.end) for e in entities if e.kind == "note"]
    if not spans:
        return set()
    return {t for t in tokens if any(a <= t.start and t.end <= b for a, b in spans)}


def _pair(
    base: list[CToken], other: list[CToken], eb: list[Entity], eo: list[Entity]
) -> tuple[str, str]:
    # an editor's note reference, `(12)`, is no word of the text
    notes_b, notes_o = _in_notes(base, eb), _in_notes(other, eo)
    wb = [t for t in base if t.is_word and t not in notes_b]
    wo = [t for t in other if t.is_word and t not in notes_o]
    if "".join(t.norm for t in wb) == "".join(t.norm for t in wo):
        if [t.norm for t in wb] != [t.norm for t in wo]:
            return "orthographic", "spacing"
        if [t.word for t in wb] != [t.word for t in wo]:
            return "orthographic", ""
        if [t.word for t in base if t in notes_b] != [t.word for t in other if t in notes_o]:
            return "orthographic", "note-reference"
        marks_b = [t.word for t in base if not t.is_word]
        marks_o = [t.word for t in other if not t.is_word]
        return "orthographic", "punctuation" if marks_b != marks_o else "spacing"
    rb, ro = _trim(wb, wo)
    if (
        rb
        and len(rb) == len(ro)
        and all(one_spelling(a.norm) == one_spelling(b.norm) for a, b in zip(rb, ro, strict=True))
    ):
        return "orthographic", "spelling"  # ابن / بن, هذا / هاذا
    xb, xo = _entities_of(rb, eb), _entities_of(ro, eo)
    db = {e.hijri.split("-")[0] or e.ce for e in xb if e.kind == "date"}
    do = {e.hijri.split("-")[0] or e.ce for e in xo if e.kind == "date"}
    if db and do and db != do:
        return "date", ""
    nb = {e.value for e in xb if e.kind == "number"}
    no = {e.value for e in xo if e.kind == "number"}
    if nb and no:
        return ("numeric", "") if nb != no else ("orthographic", "number-form")
    if not rb:
        return "addition", ""
    if not ro:
        return "omission", ""
    names_b = {e.ref or e.key for e in xb if e.kind in ("person", "place")}
    names_o = {e.ref or e.key for e in xo if e.kind in ("person", "place")}
    if names_b & names_o and len(rb) <= 3 and len(ro) <= 3:
        return "name-variant", ""
    if [t.core for t in rb] == [t.core for t in ro]:
        return "substitution", "proclitic"  # the same words with another و/ف/ال
    if [stem(t.norm) or t.norm for t in rb] == [stem(t.norm) or t.norm for t in ro]:
        return "substitution", "inflection"
    if len(rb) == len(ro) and dotless(" ".join(t.norm for t in rb)) == dotless(
        " ".join(t.norm for t in ro)
    ):
        return "substitution", "same-skeleton"  # same rasm, other dots: a misreading?
    return "substitution", ""


def classify(
    readings: dict[str, list[CToken]],
    entities: dict[str, list[Entity]],
    base: str,
    moved: bool = False,
) -> tuple[str, str]:
    """(type, subtype) of a variation unit from each witness's tokens in it."""
    if moved:
        return "transposition", ""
    base_tokens = readings.get(base, [])
    found = [
        _pair(base_tokens, toks, entities.get(base, []), entities.get(s, []))
        for s, toks in readings.items()
        if s != base and [t.text for t in toks] != [t.text for t in base_tokens]
    ]
    if not found:
        return "orthographic", "spacing"
    return min(found, key=lambda ts: PRIORITY.index(ts[0]))
