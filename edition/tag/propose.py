"""Proposing authority entries: unlisted names grouped by skeleton across witnesses."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from edition.arabic.normalize import normalize_orthographic, strip_al
from edition.model import Witness


@dataclass
class Proposal:
    kind: str
    key: str
    spellings: list[str]
    witnesses: dict[str, int] = field(default_factory=dict)

    @property
    def count(self) -> int:
        return sum(self.witnesses.values())

    def as_dict(self) -> dict:
        return {
            "kind": self.kind,
            "key": self.key,
            "spellings": self.spellings,
            "witnesses": self.witnesses,
        }


def propose_entries(witnesses: list[Witness], min_count: int = 1) -> list[Proposal]:
    """Unlisted names, one proposal per (kind, skeleton), most attested first."""
    groups: dict[tuple[str, str], dict] = defaultdict(
        lambda: {"spellings": Counter(), "witnesses": Counter()}
    )
    for w in witnesses:
        for p in w.passages:
            for e in p.entities:
                if e.kind in ("person", "place") and not e.ref and e.key:
                    g = groups[(e.kind, e.key)]
                    g["spellings"][strip_al(normalize_orthographic(e.text)) and e.text] += 1
                    g["witnesses"][w.siglum] += 1
    out = [
        Proposal(kind, key, [s for s, _ in g["spellings"].most_common()], dict(g["witnesses"]))
        for (kind, key), g in groups.items()
    ]
    out = [p for p in out if p.count >= min_count]
    out.sort(key=lambda p: (-len(p.witnesses), -p.count, p.key))
    return out
