"""A passage as plain and tagged spans (persons, places, numbers, dates) for templates."""

from __future__ import annotations

from dataclasses import dataclass

from edition.model import Entity, Passage


@dataclass
class Span:
    text: str
    kind: str = ""  # "" for plain text, else person/place/number/date/note, "word", "skip"
    title: str = ""
    key: str = ""
    shared: bool = False  # the same person, place, number, date or word is in another column
    skipped: tuple[str, ...] = ()  # kind "skip": the witness's passages told elsewhere
    skip_row: str = ""  # the row showing the first of them
    differs: str = ""  # a number or date another column contradicts: "numeric" | "date"
    entity: Entity | None = None  # the tagged span it shows


def entity_title(e: Entity, labels: dict[str, str]) -> tuple[str, str]:
    """(tooltip, key) of a tagged span."""
    if e.kind in ("person", "place"):
        return labels.get(e.ref, "") or "not in the authority file", e.ref or e.key
    if e.kind == "number":
        return f"= {e.value}", str(e.value)
    if e.kind == "note":
        return f"reference to note {e.value} of the printed edition (not part of the text)", ""
    parts = []
    if e.hijri:
        parts.append(f"{e.hijri}{'–' + e.hijri_to if e.hijri_to else ''} AH")
    if e.ce:
        parts.append(f"{e.ce}{'–' + e.ce_to if e.ce_to else ''} CE")
    elif e.not_before:
        parts.append(f"≈ {e.not_before} – {e.not_after} CE (computed)")
    if e.cert:
        parts.append("century inferred")
    return "; ".join(parts), e.hijri or e.ce


def passage_spans(passage: Passage, labels: dict[str, str]) -> list[Span]:
    out: list[Span] = []
    pos = 0
    for e in passage.entities:
        if e.start < pos:
            continue
        if e.start > pos:
            out.append(Span(passage.text[pos : e.start]))
        title, key = entity_title(e, labels)
        out.append(Span(passage.text[e.start : e.end], e.kind, title, key, entity=e))
        pos = e.end
    if pos < len(passage.text):
        out.append(Span(passage.text[pos:]))
    return out
