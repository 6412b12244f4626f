"""The alignment map (a bar of passages per witness, ribbons joining aligned passages) and
the witness-by-witness agreement matrix."""

from __future__ import annotations

from dataclasses import dataclass

MAP_HEIGHT = 560
BAR_WIDTH = 18
COLUMN_GAP = 150
THIN = 1.0  # passages (and groups) thinner than this many pixels are drawn together


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
    order: int = 0  # ribbons are drawn in the order of their groups


def alignment_map(edition) -> tuple[list[MapBar], list[Ribbon], float]:
    """Bars of passages per witness (right to left, like the columns) and ribbons."""
    n = len(edition.witnesses)
    width = 40 + (n - 1) * COLUMN_GAP + BAR_WIDTH + 40
    bars, spans = _bars(edition, width)
    x_of = {b.siglum: b.x for b in bars}
    ribbons = []
    wo = edition.alignment.witness_of
    order = [w.siglum for w in edition.witnesses]
    thin: dict[tuple[str, str], list] = {}  # a pair's run of thin ribbons not drawn yet
    thin_order: list = []  # (each run's place among the ribbons: their groups' order)
    for g in edition.alignment.groups:
        present = [s for s in order if any(wo[p] == s for p in g.passages)]
        for a, b in zip(present, present[1:], strict=False):
            ya = [spans[p] for p in g.passages if wo[p] == a]
            yb = [spans[p] for p in g.passages if wo[p] == b]
            run = thin.get((a, b))
            if run and _extent(run[1] + ya) < THIN and _extent(run[2] + yb) < THIN:
                run[1] += ya
                run[2] += yb
                run[3] += 1
                continue
            if run:
                ribbons.append(_drawn(run, x_of[a], x_of[b] + BAR_WIDTH))
            thin[(a, b)] = [g, ya, yb, 1, len(thin_order)]
            thin_order.append((a, b))
    for (a, b), run in thin.items():
        ribbons.append(_drawn(run, x_of[a], x_of[b] + BAR_WIDTH))
    ribbons.sort(key=lambda r: r.order)
    return bars, ribbons, width


def _extent(ys: list[tuple[float, float]]) -> float:
    return max(y[1] for y in ys) - min(y[0] for y in ys)


def _drawn(run: list, xa: float, xb: float) -> Ribbon:
    """The ribbon of a group, or of consecutive groups too thin to tell apart (linked to
    the first of them)."""
    g, ya, yb, n, order = run
    label = g.label if n == 1 else f"{g.label} and {n - 1} more groups"
    return Ribbon(g.id, label, _ribbon(xa, xb, ya, yb), order)


def _bars(edition, width: float) -> tuple[list[MapBar], dict[str, tuple[float, float]]]:
    aligned = {pid for g in edition.alignment.groups for pid in g.passages}
    spans: dict[str, tuple[float, float]] = {}
    bars = []
    for k, w in enumerate(edition.witnesses):
        x = width - 40 - BAR_WIDTH - k * COLUMN_GAP
        total = sum(len(p.text.split()) for p in w.passages) or 1
        y = 0.0
        rects = []
        run: list = []  # consecutive passages too thin to draw alone: (passage, height)
        for p in [*w.passages, None]:
            h = len(p.text.split()) / total * MAP_HEIGHT if p is not None else 0.0
            if run and (p is None or h >= THIN or sum(x for _, x in run) >= THIN):
                rects.append(_rect(run, y, aligned))
                y += sum(x for _, x in run)
                run = []
            if p is not None:
                top = y + sum(x for _, x in run)
                spans[p.id] = (top, top + h)
                run.append((p, h))
        bars.append(MapBar(w.siglum, x, rects))
    return bars, spans


def _rect(run: list, y: float, aligned: set[str]) -> tuple[float, float, str, bool]:
    """One passage's rect, or several thin passages' (aligned if most of their words are)."""
    h = sum(h for _, h in run)
    if len(run) == 1:
        return (round(y, 2), round(max(h, 0.5), 2), run[0][0].id, run[0][0].id in aligned)
    share = sum(h for p, h in run if p.id in aligned)
    title = f"{run[0][0].id} – {run[-1][0].id}"
    return (round(y, 2), round(max(h, 0.5), 2), title, share * 2 >= h)


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
    same = {(a, b): 0.0 for a in sigla for b in sigla}
    total = dict(same)
    for gc in edition.apparatus.groups:
        shared = sum(len(p) for p in gc.parts if isinstance(p, str))
        own = {s: [app.reading_of(s) for app in gc.apps] for s in gc.witnesses}
        length = {s: shared + sum(map(len, readings)) for s, readings in own.items()}
        for a in own:
            for b in own:
                alike = sum(len(x) for x, y in zip(own[a], own[b], strict=True) if x == y)
                same[a, b] += shared + alike
                total[a, b] += (length[a] + length[b]) / 2
    return [[_share(same[a, b], total[a, b]) for b in sigla] for a in sigla]


def _share(same: float, total: float) -> float | None:
    return round(same / total, 3) if total else None
