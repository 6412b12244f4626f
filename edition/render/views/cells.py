"""The pieces of the parallel view: rows of cells, one cell per witness."""

from __future__ import annotations

from dataclasses import dataclass, field

from edition.render.spans import Span


@dataclass
class Piece:
    """A stretch of a witness's text in a row: shared, a variant reading, or a gap."""

    text: str
    app: str = ""  # variation unit id ("" for shared text)
    type: str = ""
    title: str = ""
    notes: int = 0  # annotations on this variation unit
    skipped: tuple[str, ...] = ()  # a skip: the witness's passages told elsewhere
    skip_row: str = ""  # the row showing the first of them


@dataclass
class Cell:
    siglum: str
    present: bool
    pieces: list[Piece] = field(default_factory=list)
    spans: list[Span] = field(default_factory=list)  # rows told in other words, unaligned
    norm: str = ""  # normalised text, for search
    passage_ids: list[str] = field(default_factory=list)
    # each passage's letters (white space aside), in the order of passage_ids: a click on
    # the cell's text tells which passage it is in
    sizes: list[int] = field(default_factory=list)

    @property
    def words(self) -> int:
        return len(self.norm.split())


@dataclass
class Row:
    id: str
    kind: str  # "group" | "single"
    label: str
    cells: list[Cell]
    score: float = 1.0  # share of the text the witnesses agree on
    types: list[str] = field(default_factory=list)
    facts: list[dict] = field(default_factory=list)
    conflict: bool = False
    position: float = 0.0
    notes: list = field(default_factory=list)  # annotations on the row's targets
    paraphrase: bool = False  # shown by what is shared rather than a word-by-word diff
    confirmed: bool = False  # the scholar's pins join all its passages
    # a long run of passages is shown in reading chunks, rows of their own (perhaps on
    # other pages): the rows this chunk continues and that continue it
    continues: str = ""
    continued: str = ""

    @property
    def present(self) -> list[str]:
        """The witnesses that tell the row."""
        return [c.siglum for c in self.cells if c.present]

    def differences(self) -> dict[str, int]:
        """How many differences of each class the row marks."""
        out: dict[str, int] = {}
        for c in self.cells:
            for t in [p.type for p in c.pieces if p.app] + [s.differs for s in c.spans]:
                if t:
                    out[t] = out.get(t, 0) + 1
        return out


@dataclass
class Stretch:
    """Consecutive rows of the parallel view: one aligned group, or the passages between
    two groups that only one witness tells (shown folded, so that what the witnesses share
    comes first)."""

    rows: list[Row]

    @property
    def alone(self) -> bool:
        return self.rows[0].kind == "single"

    def told_by(self) -> list[tuple[str, int, int]]:
        """For a folded stretch: each witness with its passages and words in it."""
        out: dict[str, list[int]] = {}
        for r in self.rows:
            for c in r.cells:
                if c.present:
                    n = out.setdefault(c.siglum, [0, 0])
                    n[0] += len(c.passage_ids)
                    n[1] += c.words
        return [(s, p, w) for s, (p, w) in out.items()]


def stretches(rows: list[Row]) -> list[Stretch]:
    """The rows as stretches: each group alone, runs of single rows together."""
    out: list[Stretch] = []
    for r in rows:
        if r.kind == "single" and out and out[-1].alone:
            out[-1].rows.append(r)
        else:
            out.append(Stretch([r]))
    return out
