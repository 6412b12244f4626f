"""The alignment map (a bar of passages per witness, ribbons joining aligned passages) and
the witness-by-witness agreement matrix."""

from __future__ import annotations

from dataclasses import dataclass

MAP_HEIGHT = 560
BAR_WIDTH = 18
COLUMN_GAP = 150


@dataclass
class MapBar:
    siglum: str
    x: float
    rects: list[tuple[float, float, str, bool]]  # y, height, passage id, aligned


@dataclass
class Ribbon:
    group: str
    label: str
    path: str


def alignment_map(edition) -> tuple[list[MapBar], list[Ribbon], float]:
    """Bars of passages per witness (right to left, like the columns) and ribbons."""
    n = len(edition.witnesses)
    width = 40 + (n - 1) * COLUMN_GAP + BAR_WIDTH + 40
    bars, spans = _bars(edition, width)
    x_of = {b.siglum: b.x for b in bars}
    ribbons = []
    wo = edition.alignment.witness_of
    order = [w.siglum for w in edition.witnesses]
    for g in edition.alignment.groups:
        present = [s for s in order if any(wo[p] == s for p in g.passages)]
        for a, b in zip(present, present[1:], strict=False):
            ya = [spans[p] for p in g.passages if wo[p] == a]
            yb = [spans[p] for p in g.passages if wo[p] == b]
            path = _ribbon(x_of[a], x_of[b] + BAR_WIDTH, ya, yb)
            ribbons.append(Ribbon(g.id, g.label, path))
    return bars, ribbons, width


def _bars(edition, width: float) -> tuple[list[MapBar], dict[str, tuple[float, float]]]:
    aligned = {pid for g in edition.alignment.groups for pid in g.passages}
    spans: dict[str, tuple[float, float]] = {}
    bars = []
    for k, w in enumerate(edition.witnesses):
        x = width - 40 - BAR_WIDTH - k * COLUMN_GAP
        total = sum(len(p.text.split()) for p in w.passages) or 1
        y = 0.0
        rects = []
        for p in w.passages:
            h = len(p.text.split()) / total * MAP_HEIGHT
            rects.append((round(y, 2), round(max(h, 0.5), 2), p.id, p.id in aligned))
            spans[p.id] = (y, y + h)
            y += h
        bars.append(MapBar(w.siglum, x, rects))
    return bars, spans


def _ribbon(xa: float, xb: float, ya: list, yb: list) -> str:
    a0, a1 = min(y[0] for y in ya), max(y[1] for y in ya)
    b0, b1 = min(y[0] for y in yb), max(y[1] for y in yb)
    mid = (xa + xb) / 2
    return (
        f"M{xa:.1f},{a0:.1f} C{mid:.1f},{a0:.1f} {mid:.1f},{b0:.1f} {xb:.1f},{b0:.1f} "
        f"L{xb:.1f},{b1:.1f} C{mid:.1f},{b1:.1f} {mid:.1f},{a1:.1f} {xa:.1f},{a1:.1f} Z"
    )


def agreement_matrix(edition) -> list[list[float | None]]:
    """Pairwise agreement: the share of their text two witnesses read alike, over the
    groups they share (None where they share none)."""
    sigla = [w.siglum for w in edition.witnesses]
    return [[_agreement(edition, a, b) for b in sigla] for a in sigla]


def _agreement(edition, a: str, b: str) -> float | None:
    same = total = 0.0
    for gc in edition.apparatus.groups:
        if a not in gc.witnesses or b not in gc.witnesses:
            continue
        for p in gc.parts:
            if isinstance(p, str):
                same += len(p)
            elif p.reading_of(a) == p.reading_of(b):
                same += len(p.reading_of(a))
        total += (len(gc.text_of(a)) + len(gc.text_of(b))) / 2
    return round(same / total, 3) if total else None
