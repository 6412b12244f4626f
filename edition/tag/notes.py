"""Editors' note references in the text of a printed edition: `(1)`, `(2)`, `(3)`...

Digital editions made from printed ones (OpenITI files from al-Maktaba al-Shamela or
al-Masaha, say) keep the numbers that pointed to the printed page's footnotes, while the
notes themselves are gone. They are not words of the work: tagged as numbers they would
count as evidence when passages are aligned, and in a collation they would make hundreds
of "omissions" against an edition without notes.

A number alone in brackets is a note reference when it belongs to a numbering: the number
one less comes shortly before it, or the number one more shortly after it, among such
bracketed numbers of the witness. A year in brackets, `(617)`, between notes 1 and 2,
belongs to no numbering and stays a number; so does a bracketed number after `سنة` or
`عام`. A witness needs a few such references (NOTE_MIN) before any is taken for one.
"""

from __future__ import annotations

import re

from edition.model import Entity

NOTE_MIN = 3  # references that continue a numbering, in a witness, before any counts
NEAR = 3  # the number before or after it is among this many bracketed numbers either side
# a number of one to four digits (any script) alone in round or square brackets (a long
# book's notes run into the thousands), not after a word for a year
_BRACKETED = re.compile(r"[(\[]\s*(\d{1,4})\s*[)\]]")
_YEAR_WORD = re.compile(r"(?:سن[ةه]|عام|العام|السن[ةه])\s*$")


def find_note_references(texts: list[str]) -> list[list[Entity]]:
    """The note references in the text of each passage of a witness, as entities of kind
    "note" spanning the brackets and the number."""
    found = [
        (p, m)
        for p, text in enumerate(texts)
        for m in _BRACKETED.finditer(text)
        if not _YEAR_WORD.search(text, max(0, m.start() - 8), m.start())
    ]
    values = [int(m.group(1)) for _p, m in found]  # int() reads digits of any script
    numbered = [
        v - 1 in values[max(0, k - NEAR) : k] or v + 1 in values[k + 1 : k + 1 + NEAR]
        for k, v in enumerate(values)
    ]
    out: list[list[Entity]] = [[] for _ in texts]
    if sum(numbered) < NOTE_MIN:
        return out
    for (p, m), value, is_note in zip(found, values, numbered, strict=True):
        if is_note:
            out[p].append(Entity(m.start(), m.end(), "note", value=value, text=m.group()))
    return out
