"""Excerpts: a manifest witness may be part of a file, from one page marker, milestone or
line to another (both inclusive).

A page is named by its marker: OpenITI closes a page with it (`PageV01P392` at the foot of
page 392), and the reader makes it a TEI `pb` where the page opens; a milestone (`ms0736`)
likewise names the stretch of text it closes in OpenITI and opens in TEI. An excerpt is
made of whole paragraphs: every block with some text on the pages (milestones, lines) of
the range. Its blocks keep the numbers they have in the whole file, so passage ids
(`D-p412-s3`) stay the same when the range grows.
"""

from __future__ import annotations

from collections.abc import Iterable

from edition.arabic.tokens import tokenize
from edition.errors import WitnessError
from edition.manifest import PAGE_RE, Bound
from edition.model import Block, Marker, RawBlock


def marker_name(m: Marker) -> Bound | None:
    """The name a manifest gives a marker (`PageV01P392`, `ms0736`), if it can be named."""
    unit = _unit(m)
    if not unit or not m.n:
        return None
    if unit == "milestone":
        return Bound(unit, f"ms{m.n}")
    return Bound(unit, f"Page{m.n}" if PAGE_RE.match(f"Page{m.n}") else m.n)


class Loci:
    """Walks a text's markers in order: at each point, the page and milestone in effect."""

    def __init__(self) -> None:
        self.current: dict[str, str] = {}  # unit -> name of the last marker met

    def meet(self, markers: Iterable[Marker]) -> None:
        for m in markers:
            named = marker_name(m)
            if named is not None:
                self.current[named.unit] = named.name

    def span(self, before: list[Marker], markers: list[Marker], length: int):
        """The loci (unit -> name) where a piece of text starts and where it ends, given the
        markers before it and those inside it (offsets into its `length` characters)."""
        self.meet(before)
        self.meet(m for m in markers if m.offset <= 0)
        start = dict(self.current)
        self.meet(m for m in markers if 0 < m.offset < length)
        end = dict(self.current)
        self.meet(m for m in markers if m.offset >= length and length > 0)
        return start, end


def passage_spans(blocks: list[Block]) -> list[tuple[dict[str, str], dict[str, str]]]:
    """Where each passage of segmented blocks starts and ends (page and milestone)."""
    loci = Loci()
    out = []
    for b in blocks:
        loci.meet(b.markers_before)
        for p in b.passages:
            out.append(loci.span([], p.markers, len(p.text)))
    return out


def _unit(m: Marker) -> str:
    """The manifest's unit of a marker, named or not ("" for markers of no unit)."""
    if m.kind == "pb":
        return "page"
    return "milestone" if m.kind == "milestone" and m.unit == "ms" else ""


def _ordinals(blocks: list[RawBlock], unit: str) -> dict[str, list[int]]:
    """The position, in the order of the text, of every named marker of a unit, by name
    (unnamed ones count in the order: the stretch after the last marker of a file)."""
    seen: dict[str, list[int]] = {}
    k = 0
    for b in blocks:
        for m in (*b.markers_before, *b.markers):
            if _unit(m) == unit:
                named = marker_name(m)
                if named is not None:
                    seen.setdefault(named.name, []).append(k)
                k += 1
    return seen


def _positions(blocks: list[RawBlock], unit: str) -> list[tuple[int, int]]:
    """Each block's first and last position in a unit: the position of the marker in force
    where it starts and where it ends (-1: before the first)."""
    k, out = -1, []

    def meet(markers: Iterable[Marker]) -> None:
        nonlocal k
        k += sum(_unit(m) == unit for m in markers)

    for b in blocks:
        n = len(b.text)
        meet(b.markers_before)
        meet(m for m in b.markers if m.offset <= 0)
        start = k
        meet(m for m in b.markers if 0 < m.offset < n)
        out.append((start, k))
        meet(m for m in b.markers if m.offset >= n > 0)
    return out


def cut_blocks(
    path,
    blocks: list[RawBlock],
    start: Bound | None,
    end: Bound | None,
    lines: list[tuple[int, int]] | None = None,
) -> tuple[int, int]:
    """The blocks [first, last) of an excerpt; WitnessError if a bound is not in the file."""
    if not blocks:
        return 0, 0
    if (start or end).unit == "line":
        if lines is None:
            raise WitnessError(path, "line numbers (`from`, `to`) are for plain text only")
        lo = int(start.name) if start else 1
        hi = int(end.name) if end else lines[-1][1]
        for bound, line in (("from", lo), ("to", hi)):
            if line > lines[-1][1]:
                raise WitnessError(
                    path, f"has {lines[-1][1]} lines: `{bound} = {line}` is past its end"
                )
        keep = [k for k, (a, b) in enumerate(lines) if b >= lo and a <= hi]
    else:
        keep = list(range(len(blocks)))
        for bound, is_start in ((start, True), (end, False)):
            if bound is None:
                continue
            ordinals = _ordinals(blocks, bound.unit)
            if bound.name not in ordinals:
                kind = "page marker" if bound.unit == "page" else "milestone"
                raise WitnessError(
                    path, f"has no {kind} {bound.name!r} (`from`/`to` in the manifest)"
                )
            at = ordinals[bound.name][0 if is_start else -1]
            pos = _positions(blocks, bound.unit)
            keep = [k for k in keep if (pos[k][1] >= at if is_start else pos[k][0] <= at)]
    if not keep:
        raise WitnessError(path, "the excerpt (`from`, `to`) holds no text: is `to` before `from`?")
    return keep[0], keep[-1] + 1


def yields_block(raw: RawBlock) -> bool:
    """Whether segmentation makes a block of a raw block (it has words, or sentences)."""
    if raw.sentences is not None:
        return bool(raw.sentences)
    return bool(raw.text.strip()) and bool(tokenize(raw.text))


def renumber(blocks: list[Block], siglum: str, offset: int, tokens: dict | None) -> None:
    """Give an excerpt's blocks (and their passages) the numbers they have in the whole file."""
    if not offset:
        return
    for k, block in reversed(list(enumerate(blocks, 1))):  # last first: no id taken twice
        old, new = block.id, f"{siglum}-p{k + offset}"
        block.id = new
        for p in block.passages:
            if p.id.startswith(old + "-s"):
                pid = new + p.id[len(old) :]
                if tokens is not None and p.id in tokens:
                    tokens[pid] = tokens.pop(p.id)
                p.id = pid
