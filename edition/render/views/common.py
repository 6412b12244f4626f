"""What the views share: the classes of difference, and how much of a group's text its
witnesses read alike."""

from __future__ import annotations

from edition.collate.model import TYPES, GroupCollation

TYPE_LABELS = {
    "orthographic": "orthographic",
    "name-variant": "name variant",
    "numeric": "number",
    "date": "date",
    "addition": "addition",
    "omission": "omission",
    "substitution": "substitution",
    "transposition": "transposition",
}

PARAPHRASE = 0.25  # below this agreement a row shows what is shared, not a word-by-word diff


def agreement(gc: GroupCollation) -> float:
    """The share of the group's text its witnesses read alike."""
    total = sum(len(gc.text_of(s)) for s in gc.witnesses)
    shared = sum(len(p) for p in gc.parts if isinstance(p, str)) * len(gc.witnesses)
    return shared / total if total else 1.0


def is_paraphrase(gc: GroupCollation | None) -> bool:
    """Told in other words: shown by what the witnesses share, not word by word."""
    return gc is not None and agreement(gc) < PARAPHRASE


def type_legend() -> list[tuple[str, str, str]]:
    return [(t, TYPE_LABELS[t], TYPES[t]) for t in TYPES]
