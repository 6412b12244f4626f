"""Aligning two witnesses: candidates from an index, scores against chance, links chosen
globally (anchors, a monotone backbone, links in order, strong transpositions)."""

from __future__ import annotations

import math
import random
import statistics
from collections import defaultdict
from dataclasses import dataclass

from edition.align.features import FeatureSpace, PassageFeatures, similarity

MAX_CANDIDATES = 40  # per passage, from the index
NULL_SAMPLES = 3000  # random pairs scored to learn what unrelated passages score


@dataclass
class Params:
    """Thresholds in standard deviations above chance (z) and in raw similarity."""

    z_link: float = 3.0  # an in-order link
    z_transposition: float = 7.0  # a link against the order of events
    min_score: float = 0.12  # no link below this similarity, whatever its z
    relative: float = 0.45  # a link must reach this share of its passages' best z


@dataclass(frozen=True)
class Scored:
    a: PassageFeatures
    b: PassageFeatures
    score: float
    z: float


@dataclass
class NullModel:
    mean: float
    std: float

    def z(self, score: float) -> float:
        return (score - self.mean) / self.std


def null_model(
    space: FeatureSpace, left: list[PassageFeatures], right: list[PassageFeatures], seed: int = 0
) -> NullModel:
    """Scores of random passage pairs: most pairs tell different events."""
    rng = random.Random(seed)
    n = min(NULL_SAMPLES, len(left) * len(right))
    if len(left) * len(right) <= NULL_SAMPLES:
        pairs = [(a, b) for a in left for b in right]
    else:
        pairs = [(rng.choice(left), rng.choice(right)) for _ in range(n)]
    scores = [similarity(a, b, space) for a, b in pairs]
    mean = statistics.fmean(scores) if scores else 0.0
    std = statistics.pstdev(scores) if len(scores) > 1 else 0.0
    return NullModel(mean, max(std, 0.02))


def candidates(space: FeatureSpace, left: list[PassageFeatures], right: list[PassageFeatures]):
    """Pairs sharing rare stems or entities, through an inverted index of `right`."""
    index: dict[str, list[int]] = defaultdict(list)
    max_df = max(8, int(0.05 * space.n))
    for k, pf in enumerate(right):
        for view in ("stems", "entities"):
            for f in pf.raw[view]:
                if space.df[view][f] <= max_df:
                    index[f"{view}|{f}"].append(k)
    for pf in left:
        weight: dict[int, float] = defaultdict(float)
        for view in ("stems", "entities"):
            idf = space.idf[view]
            for f in pf.raw[view]:
                for k in index.get(f"{view}|{f}", ()):
                    weight[k] += idf[f] * (2.0 if view == "entities" else 1.0)
        best = sorted(weight.items(), key=lambda kv: -kv[1])[:MAX_CANDIDATES]
        for k, _ in best:
            yield pf, right[k]


class _PrefixMax:
    """Fenwick tree of (best value, cell) over positions, for prefix maxima."""

    def __init__(self, n: int):
        self.n = n
        self.tree: list[tuple[float, int]] = [(0.0, -1)] * (n + 1)

    def update(self, pos: int, value: tuple[float, int]) -> None:
        pos += 1
        while pos <= self.n:
            if value[0] > self.tree[pos][0]:
                self.tree[pos] = value
            pos += pos & -pos

    def query(self, pos: int) -> tuple[float, int]:
        pos += 1
        best = (0.0, -1)
        while pos > 0:
            if self.tree[pos][0] > best[0]:
                best = self.tree[pos]
            pos -= pos & -pos
        return best


def monotone_chain(cells: list[tuple[int, int, float]]) -> list[int]:
    """Indices of the heaviest chain of cells (i, j, weight) weakly increasing in both i
    and j: the order of events, with room for one passage to match several (many-to-one)."""
    if not cells:
        return []
    order = sorted(range(len(cells)), key=lambda k: (cells[k][0], cells[k][1]))
    width = max(c[1] for c in cells) + 1
    tree = _PrefixMax(width)
    best: list[float] = [0.0] * len(cells)
    back: list[int] = [-1] * len(cells)
    for k in order:
        i, j, w = cells[k]
        prev_value, prev = tree.query(j)
        best[k] = prev_value + w
        back[k] = prev
        tree.update(j, (best[k], k))
    k = max(range(len(cells)), key=lambda x: best[x])
    chain = []
    while k >= 0:
        chain.append(k)
        k = back[k]
    return chain[::-1]


def confidence(z: float, params: Params) -> float:
    return round(1 / (1 + math.exp(-(z - params.z_link))), 3)


@dataclass
class PairResult:
    scored: dict[tuple[str, str], Scored]
    null: NullModel
    backbone: set[tuple[str, str]]
    chosen: dict[tuple[str, str], str]  # (a id, b id) -> kind
    rejected: dict[tuple[str, str], str]  # why a scored pair was not linked


def align_pair(
    space: FeatureSpace,
    left: list[PassageFeatures],
    right: list[PassageFeatures],
    params: Params,
    pinned: set[tuple[str, str]] = frozenset(),
    forbidden: set[tuple[str, str]] = frozenset(),
) -> PairResult:
    null = null_model(space, left, right)
    scored: dict[tuple[str, str], Scored] = {}
    for a, b in candidates(space, left, right):
        s = similarity(a, b, space)
        scored[(a.id, b.id)] = Scored(a, b, s, null.z(s))
    best_a: dict[str, float] = defaultdict(float)
    best_b: dict[str, float] = defaultdict(float)
    for sc in scored.values():
        best_a[sc.a.id] = max(best_a[sc.a.id], sc.z)
        best_b[sc.b.id] = max(best_b[sc.b.id], sc.z)
    chosen: dict[tuple[str, str], str] = {}
    rejected: dict[tuple[str, str], str] = {}
    eligible: list[Scored] = []
    for key, sc in scored.items():
        if key in forbidden:
            rejected[key] = "forbidden by an override"
        elif sc.score < params.min_score or sc.z < params.z_link:
            rejected[key] = "not clearly above chance"
        elif sc.z < params.relative * max(best_a[sc.a.id], best_b[sc.b.id]):
            rejected[key] = "much weaker than these passages' best matches"
        else:
            eligible.append(sc)
    cells = [(sc.a.index, sc.b.index, sc.z - params.z_link + 1.0) for sc in eligible]
    on_chain = set(monotone_chain(cells))
    backbone = set()
    for k, sc in enumerate(eligible):
        key = (sc.a.id, sc.b.id)
        if k in on_chain:
            chosen[key] = "backbone"
            backbone.add(key)
        elif sc.z >= params.z_transposition:
            chosen[key] = "transposition"
        else:
            rejected[key] = "against the order of events and not strong enough for a transposition"
    for key in pinned:
        chosen[key] = "pinned"
        rejected.pop(key, None)
    return PairResult(scored, null, backbone, chosen, rejected)
