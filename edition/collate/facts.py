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


def _counted(text: str, e: Entity) -> str:
    """The word a number counts (`خمسين الف جندي` -> the stem of `جندي`)."""
    for t in tokenize(text, e.end, e.end + _NEXT_WORDS)[:2]:
        if t.is_word and (s := stem(t.norm)):
            return s
    return ""


def _date_label(e: Entity) -> str:
    parts = []
    if e.hijri:
        parts.append(f"{e.hijri}{'–' + e.hijri_to if e.hijri_to else ''} AH")
    if e.ce:
        parts.append(f"{e.ce}{'–' + e.ce_to if e.ce_to else ''} CE")
    return " / ".join(parts)


def group_facts(
    texts: dict[str, str], entities: dict[str, list[Entity]], labels: dict[str, str]
) -> list[Fact]:
    facts: dict[tuple[str, str], Fact] = {}
    counted: dict[tuple[str, int], str] = {}  # witnesses with the same text count once
    for siglum, ents in entities.items():
        for e in ents:
            if e.kind == "note":  # an editor's note reference: not a fact of the story
                continue
            if e.kind == "date":
                key, shown = "", _date_label(e)
                comparable = {f"h{e.hijri.split('-')[0]}"} if e.hijri else set()
                comparable |= {f"c{e.ce}"} if e.ce else set()
            elif e.kind == "number":
                at = (texts[siglum], e.end)
                if at not in counted:
                    counted[at] = _counted(texts[siglum], e)
                key, shown, comparable = counted[at], str(e.value), {str(e.value)}
            else:
                key, shown, comparable = e.ref or e.key, e.text, set()
            label = {"date": "date", "number": f"number ({key or '?'})"}.get(
                e.kind, labels.get(key, "") or e.text
            )
            f = facts.setdefault((e.kind, key), Fact(e.kind, key, label))
            if shown not in f.values.setdefault(siglum, []):
                f.values[siglum].append(shown)
            f.compare.setdefault(siglum, set()).update(comparable)
    for f in facts.values():
        f.missing = sorted(set(entities) - set(f.values))
        if f.kind == "date":
            f.conflict = _clash(f.compare, "h") or _clash(f.compare, "c")
        elif f.kind == "number" and f.key:
            f.conflict = _clash(f.compare, "")
    order = {"date": 0, "number": 1, "person": 2, "place": 3}
    return sorted(facts.values(), key=lambda f: (order[f.kind], not f.conflict, f.label))


def _clash(compare: dict[str, set[str]], prefix: str) -> bool:
    sets = [{v for v in vs if v.startswith(prefix)} for vs in compare.values()]
    sets = [s for s in sets if s]
    return any(not (a & b) for i, a in enumerate(sets) for b in sets[i + 1 :])
