"""What the aligner produces: scored links between passages, and groups of passages."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Link:
    a: str  # passage id (of the witness whose siglum sorts first)
    b: str  # passage id
    score: float  # combined similarity, 0..1
    z: float  # standard deviations above what unrelated passages score
    confidence: float  # 0..1, from z
    kind: str  # "backbone" | "in-order" | "enclosed" | "transposition" | "unordered" | "pinned"
    # | "placed" (passages between the same two groups: see `gaps`)


@dataclass
class Group:
    id: str
    passages: list[str]  # passage ids, in manifest then text order
    links: list[Link] = field(default_factory=list)
    label: str = ""
    shared: list[str] = field(default_factory=list)  # entity keys shared across witnesses

    @property
    def confidence(self) -> float:
        return max((lk.confidence for lk in self.links), default=1.0)


@dataclass
class Alignment:
    groups: list[Group]
    links: list[Link]
    witness_of: dict[str, str]  # passage id -> siglum

    def group_of(self, passage_id: str) -> Group | None:
        """The group holding a passage (indexed on first use: groups are final by then)."""
        index = self.__dict__.get("_index")
        if index is None:
            index = {pid: g for g in self.groups for pid in g.passages}
            self.__dict__["_index"] = index
        return index.get(passage_id)
