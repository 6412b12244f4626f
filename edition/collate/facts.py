"""Facts side by side: what each witness of a group asserts (dates, numbers, persons,
places), with conflicting values flagged.

Dates clash when two witnesses give disjoint Hijri years (or disjoint CE years); numbers
clash when two witnesses count the same thing (the word after the number: `جندي`, `رجل`)
with disjoint values. Persons and places are listed with the witnesses that omit them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from edition.arabic.stems import stem
from edition.arabic.tokens import tokenize
from edition.model import Entity


@dataclass
class Fact:
    kind: str  # date | number | person | place
    key: str  # what is compared: "" for dates, the counted word for numbers, the ref for names
    label: str
    values: dict[str, list[str]] = field(default_factory=dict)  # siglum -> values as shown
    compare: dict[str, set[str]] = field(default_factory=dict)  # siglum -> comparable values
    missing: list[str] = field(default_factory=list)
    conflict: bool = False

    def as_dict(self) -> dict:
        return {
            "kind": self.kind,
            "key": self.key,
            "label": self.label,
            "values": self.values,
            "missing": self.missing,
            "conflict": self.conflict,
        }


_NEXT_WORDS = 80  # characters after a number in which to look for what it counts


def counted_word(text: str, e: Entity) -> tuple[str, str]:
    """What a number counts: the stem of the word after it that is compared across
    witnesses, and that word as the text writes it (`خمسين الف جندي` -> `جند`, `جندي`;
    `ثلاثة من التجار` -> `تجار`, `التجار`); ("", "") if nothing follows."""
    for t in tokenize(text, e.end, e.end + _NEXT_WORDS)[:2]:
        if t.is_word and (s := stem(t.norm)):
            return s, t.text
    return "", ""


def _date_label(e: Entity) -> str:
    parts = []
    if e.hijri:
        parts.append(f"{e.hijri}{'–' + e.hijri_to if e.hijri_to else ''} AH")
    if e.ce:
        parts.append(f"{e.ce}{'–' + e.ce_to if e.ce_to else ''} CE")
    return " / ".join(parts)


@dataclass(frozen=True)
class Claim:
    """What one tagged span asserts: the fact it belongs to (kind and key), the value as
    shown, the values it can be compared by, and for a number the counted word as written."""

    kind: str
    key: str
    shown: str
    comparable: frozenset[str]
    word: str = ""


def claim(text: str, e: Entity) -> Claim | None:
    """The fact a span of `text` asserts (None for an editor's note reference)."""
    if e.kind == "note":  # an editor's note reference: not a fact of the story
        return None
    if e.kind == "date":
        comparable = {f"h{e.hijri.split('-')[0]}"} if e.hijri else set()
        comparable |= {f"c{e.ce}"} if e.ce else set()
        return Claim("date", "", _date_label(e), frozenset(comparable))
    if e.kind == "number":
        key, word = counted_word(text, e)
        return Claim("number", key, str(e.value), frozenset({str(e.value)}), word)
    return Claim(e.kind, e.ref or e.key, e.text, frozenset())


def number_label(words: list[str]) -> str:
    """A number fact's label: what it counts, as the witnesses write it (`number of جندي /
    جنود`), not the stem it is compared by."""
    if not words:
        return "number (of nothing named after it)"
    return "number of " + " / ".join(words)


def group_facts(
    texts: dict[str, str], entities: dict[str, list[Entity]], labels: dict[str, str]
) -> list[Fact]:
    facts: dict[tuple[str, str], Fact] = {}
    claims: dict[tuple[str, int, int], Claim | None] = {}  # the same text counts once
    words: dict[tuple[str, str], list[str]] = {}  # number facts: the counted words
    for siglum, ents in entities.items():
        for e in ents:
            at = (texts[siglum], e.start, e.end)
            if at not in claims:
                claims[at] = claim(texts[siglum], e)
            c = claims[at]
            if c is None:
                continue
            label = {"date": "date"}.get(c.kind, labels.get(c.key, "") or e.text)
            f = facts.setdefault((c.kind, c.key), Fact(c.kind, c.key, label))
            if c.shown not in f.values.setdefault(siglum, []):
                f.values[siglum].append(c.shown)
            f.compare.setdefault(siglum, set()).update(c.comparable)
            if c.word and c.word not in (seen := words.setdefault((c.kind, c.key), [])):
                seen.append(c.word)
    for f in facts.values():
        _settle(f, set(entities), words.get((f.kind, f.key), []))
    order = {"date": 0, "number": 1, "person": 2, "place": 3}
    return sorted(facts.values(), key=lambda f: (order[f.kind], not f.conflict, f.label))


def _settle(f: Fact, sigla: set[str], words: list[str]) -> None:
    """A fact's missing witnesses, its conflict and, for a number, its label."""
    f.missing = sorted(sigla - set(f.values))
    if f.kind == "date":
        f.conflict = _clash(f.compare, "h") or _clash(f.compare, "c")
    elif f.kind == "number":
        f.label = number_label(words)
        f.conflict = bool(f.key) and _clash(f.compare, "")


def _clash(compare: dict[str, set[str]], prefix: str) -> bool:
    sets = [{v for v in vs if v.startswith(prefix)} for vs in compare.values()]
    sets = [s for s in sets if s]
    return any(not (a & b) for i, a in enumerate(sets) for b in sets[i + 1 :])
