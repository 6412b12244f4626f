"""The witness model: what every stage reads and writes.

A witness is a list of blocks (paragraphs or headings); a block is a list of passages
(sentence-like units with stable ids). A passage keeps its original characters; entity
spans (persons, places, numbers, dates) and in-text markers (page breaks, milestones)
point into the passage text by character offsets.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Marker:
    """A point in the text that is not text: page break, milestone, caesura, anchor."""

    offset: int  # character offset in the passage text
    kind: str  # "pb" | "milestone" | "caesura" | "anchor"
    n: str = ""
    unit: str = ""


@dataclass(frozen=True)
class Entity:
    """A tagged span: a person, place, number or date."""

    start: int
    end: int
    kind: str  # "person" | "place" | "number" | "date"
    ref: str = ""  # authority id for persons and places
    key: str = ""  # names not in the authority file: a skeleton key shared across witnesses
    value: int | None = None  # numbers: the value
    hijri: str = ""  # dates: Hijri date as Y, Y-MM or Y-MM-DD (start of a range)
    hijri_to: str = ""  # dates: end of a Hijri range ("617-618ه")
    ce: str = ""  # dates: CE year as the text gives it
    ce_to: str = ""  # dates: end of a CE range
    not_before: str = ""  # dates: CE range computed from the Hijri date (ISO, Gregorian)
    not_after: str = ""
    cert: str = ""  # "medium" when part of the value is inferred (century from context)
    text: str = ""  # the span's original characters


@dataclass
class Passage:
    id: str
    text: str
    markers: list[Marker] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    # no white space between this passage and the one before it in its block: the text
    # runs on there (punctuation against a word, or a word too long to be one cut in two)
    joined: bool = False


def separator(p: Passage, follows: bool = True) -> str:
    """What stands between a passage and the one before it in the text: nothing if it is
    joined to that one (`follows`: the one before is its own predecessor), else a space."""
    return "" if p.joined and follows else " "


def run_text(passages: list[Passage]) -> str:
    """The text of consecutive passages, as the witness writes them."""
    return "".join(p.text if k == 0 else separator(p) + p.text for k, p in enumerate(passages))


@dataclass
class Block:
    id: str
    kind: str  # "p" | "head"
    passages: list[Passage] = field(default_factory=list)
    level: int = 0  # heading level (OpenITI `### |` = 1)
    markers_before: list[Marker] = field(default_factory=list)  # pb/milestones between blocks
    section: str = ""  # "" (the work) or an editor's matter ("editorial", "paratext")

    @property
    def text(self) -> str:
        return run_text(self.passages)


@dataclass
class Witness:
    siglum: str
    title: str = ""
    author: str = ""
    date: str = ""
    source: str = ""
    note: str = ""
    path: str = ""
    format: str = "text"
    blocks: list[Block] = field(default_factory=list)
    trailing_markers: list[Marker] = field(default_factory=list)

    @property
    def passages(self) -> list[Passage]:
        return [p for b in self.blocks for p in b.passages]

    @property
    def work_passages(self) -> list[Passage]:
        """The passages of the work itself: not those of an editor's sections (an OpenITI
        file's `### |EDITOR|` endnotes or index), which are kept but not aligned."""
        return [p for b in self.blocks if not b.section for p in b.passages]

    @property
    def text(self) -> str:
        return "\n".join(b.text for b in self.blocks)

    def passage(self, passage_id: str) -> Passage:
        for p in self.passages:
            if p.id == passage_id:
                return p
        raise KeyError(passage_id)

    @property
    def bibl(self) -> dict[str, str]:
        return {
            k: v
            for k, v in (
                ("title", self.title),
                ("author", self.author),
                ("date", self.date),
                ("source", self.source),
                ("note", self.note),
            )
            if v
        }


@dataclass
class RawBlock:
    """What an importer produces before segmentation: a block's text and its markers."""

    kind: str
    text: str
    markers: list[Marker] = field(default_factory=list)
    level: int = 0
    markers_before: list[Marker] = field(default_factory=list)
    sentences: list[tuple[str, str]] | None = None  # pre-segmented (id, text) from TEI
    section: str = ""  # "" (the work) or an editor's matter ("editorial", "paratext")
