"""The apparatus view: any witness as base, its running text with numbered notes (lemma ]
readings and sigla)."""

from __future__ import annotations

from dataclasses import dataclass

from edition.arabic.tokens import first_words
from edition.collate.model import GroupCollation
from edition.model import Passage, separator
from edition.render.views.common import is_paraphrase


@dataclass
class Note:
    n: int
    lemma: str
    readings: list[tuple[str, str]]  # (reading, sigla)
    type: str


@dataclass
class BaseText:
    siglum: str
    pieces: list[tuple[str, int]]  # (text, note number or 0)
    notes: list[Note]


def collation_of_passages(edition) -> dict[str, GroupCollation]:
    """Passage id -> the collation of its group."""
    groups = {g.id: g for g in edition.alignment.groups}
    return {pid: gc for gc in edition.apparatus.groups for pid in groups[gc.group].passages}


def apparatus_views(edition, passages_of=None, group_of=None, told=None) -> list[BaseText]:
    """For each witness as base: its running text with numbered notes (lemma ] readings);
    only the passages in `passages_of` (siglum -> passages in order), if given (one page of
    a split edition). `group_of`: `collation_of_passages(edition)`, and `told`:
    `told_in_other_words(edition)`, if already made."""
    if group_of is None:
        group_of = collation_of_passages(edition)
    if told is None:
        told = told_in_other_words(edition)
    out = []
    for w in edition.witnesses:
        base = BaseText(w.siglum, [], [])
        done: set[str] = set()
        for p in passages_of[w.siglum] if passages_of is not None else w.passages:
            gc = group_of.get(p.id)
            if gc is None or w.siglum not in gc.witnesses:
                _gap(base, p)
                base.pieces.append((p.text, 0))
            elif gc.group not in done:
                done.add(gc.group)
                _gap(base, p)
                _add_group(base, gc, told.get(gc.group))
        out.append(base)
    return out


def _gap(base: BaseText, p: Passage) -> None:
    """What stands before the passage in the base's running text: a space, or nothing if
    the witness's text runs on into it."""
    if base.pieces and (gap := separator(p)):
        base.pieces.append((gap, 0))


def told_in_other_words(edition) -> dict[str, str]:
    """The groups told in other words (one note each, not a note a unit): id -> label."""
    labels = {g.id: g.label for g in edition.alignment.groups}
    return {gc.group: labels[gc.group] for gc in edition.apparatus.groups if is_paraphrase(gc)}


def _add_group(base: BaseText, gc: GroupCollation, label: str | None) -> None:
    """The group's text in the base, with its notes (`label`: the group's, if it is told in
    other words)."""
    if label is not None:  # told in other words: one note, not a diff
        own = gc.text_of(base.siglum)
        others = " ".join(o for o in gc.witnesses if o != base.siglum)
        lemma = first_words(own, 4) + " …"
        reading = (f"told in other words ({label})", others)
        base.notes.append(Note(len(base.notes) + 1, lemma, [reading], "substitution"))
        base.pieces.append((own, len(base.notes)))
        return
    for part in gc.parts:
        if isinstance(part, str):
            base.pieces.append((part, 0))
            continue
        lemma = part.reading_of(base.siglum)
        others = [
            (r.text.strip() or "om.", " ".join(r.witnesses))
            for r in part.readings
            if base.siglum not in r.witnesses
        ]
        base.notes.append(Note(len(base.notes) + 1, lemma.strip() or "—", others, part.type))
        base.pieces.append((lemma, len(base.notes)))


def default_base(edition) -> str:
    """The witness the apparatus opens on: the base chosen for the collation (`--base`), or
    else the one with the most words in aligned passages (a base that shares nothing with
    the others has no notes to show); the first listed in the manifest among equals."""
    if edition.apparatus is not None and edition.apparatus.base:
        return edition.apparatus.base
    aligned = {pid for g in edition.alignment.groups for pid in g.passages}

    def words(w) -> int:
        return sum(len(p.text.split()) for p in w.passages if p.id in aligned)

    return max(edition.witnesses, key=words).siglum if edition.witnesses else ""
