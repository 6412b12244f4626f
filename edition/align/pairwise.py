"""Aligning two witnesses: candidates from an index, scores against chance, links chosen
globally (anchors, a monotone backbone, links in order, strong transpositions)."""

from __future__ import annotations

import bisect
import heapq
import math
import random
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from edition.align.features import FeatureSpace, PassageFeatures, similarity
from edition.align.regions import region_pairs, regions

Progress = Callable[[int, int], None]  # (done, total)
MAX_CANDIDATES = 25  # per passage, from the index
CANDIDATE_SHARE = 0.2  # ... that share at least this part of the best candidate's evidence
MIN_NULL = 50
PRIOR_NULL = (0.06, 0.06)
CLEAR_Z = 8.0  # a pair this far above chance overall needs no per-passage baseline
MAX_DF = 64  # features in more passages than this are not indexed
EXHAUSTIVE = 20_000  # up to this many passage pairs, every pair is scored
NULL_SAMPLES = 3000  # random pairs scored to learn what unrelated passages score
PER_PASSAGE_SAMPLES = 30  # passages of the other witness scored for each passage's baseline


@dataclass
class Params:
    """Thresholds in standard deviations above chance (z) and in raw similarity."""

    z_link: float = 1.0  # a link between anchors, in the order of events
    z_anchor: float = 2.5  # a mutual best match that may anchor the order
    z_transposition: float = 4.0  # a link against the order of events
    min_score: float = 0.12  # no link below this similarity, whatever its z
    relative: float = 0.6  # a link must reach this share of its passages' best z
    reach: int = 3  # passages before the first / after the last anchor still aligned


@dataclass(frozen=True)
class Scored:
    a: PassageFeatures
    b: PassageFeatures
    score: float
    z: float


class NullModel:
    """What unrelated passages score: overall, and for each passage (a passage that names
    the ubiquitous actors scores high against everything; its own baseline is higher).

    A passage's own baseline is only computed when a pair is above chance overall: it can
    only lower a z, never raise it, so pairs below the overall threshold need none."""

    def __init__(self, space, left, right, seed: int = 0, floor: float = 0.0):
        self.space = space
        self.rng = random.Random(seed)
        self.others = {pf.id: right for pf in left} | {pf.id: left for pf in right}
        self.passage = {pf.id: pf for pf in left} | {pf.id: pf for pf in right}
        self.floor = floor
        if len(left) * len(right) <= NULL_SAMPLES:
            pairs = [(a, b) for a in left for b in right]
        else:
            pairs = [(self.rng.choice(left), self.rng.choice(right)) for _ in range(NULL_SAMPLES)]
        scores = [similarity(a, b, space) for a, b in pairs]
        if len(scores) >= MIN_NULL:
            self.mean, self.std = _mean_sd(scores)
        else:  # too few pairs to learn from (very short witnesses): what unrelated passages
            self.mean, self.std = PRIOR_NULL  # of this kind of text usually score
        self.std = max(self.std, 0.02)
        self.per: dict[str, tuple[float, float]] = {}

    def baseline(self, pid: str) -> tuple[float, float]:
        if pid not in self.per:
            others = self.others[pid]
            if len(others) < MIN_NULL // 5:
                self.per[pid] = (self.mean, self.std)
                return self.per[pid]
            pool = (
                others
                if len(others) <= PER_PASSAGE_SAMPLES
                else self.rng.sample(others, PER_PASSAGE_SAMPLES)
            )
            pf = self.passage[pid]
            self.per[pid] = _mean_sd([similarity(pf, o, self.space) for o in pool])
        return self.per[pid]

    def z(self, score: float, a: str | None = None, b: str | None = None) -> float:
        z = (score - self.mean) / self.std
        if a is None or b is None or z < self.floor or z >= CLEAR_Z:
            return z
        ma, sa = self.baseline(a)
        mb, sb = self.baseline(b)
        mean = max(self.mean, (ma + mb) / 2)
        std = max(self.std, math.sqrt((sa * sa + sb * sb) / 2))
        return (score - mean) / std


def _mean_sd(xs: list[float]) -> tuple[float, float]:
    if not xs:
        return 0.0, 0.0
    m = sum(xs) / len(xs)
    return m, math.sqrt(sum((x - m) ** 2 for x in xs) / len(xs))


def candidates(space: FeatureSpace, left: list[PassageFeatures], right: list[PassageFeatures]):
    """The pairs of passages worth scoring. Small pairs of witnesses: every pair. Long ones:
    identical passages in order and the pairs in the small regions between them; for the
    passages of large regions, those of `right` sharing rare stems or entities with them."""
    if len(left) * len(right) <= EXHAUSTIVE:
        for a in left:
            for b in right:
                yield a, b
        return
    reg = regions(left, right)
    yield from region_pairs(left, right, reg)
    yield from indexed_candidates(space, [left[i] for i in reg.left_open], right)


def indexed_candidates(
    space: FeatureSpace, left: list[PassageFeatures], right: list[PassageFeatures]
):
    """Pairs sharing rare stems or entities, through an inverted index of `right`."""
    if not left:
        return
    # only features rare in absolute terms are indexed: the candidates of a passage then
    # cost the same however long the witnesses are (a bound in proportion to their length
    # would make the whole quadratic)
    max_df = min(MAX_DF, max(8, int(0.05 * space.n)))
    views = (("stems", 1.0), ("entities", 2.0))
    index: dict[str, dict[str, list[int]]] = {view: defaultdict(list) for view, _ in views}
    for k, pf in enumerate(right):
        for view, _ in views:
            df = space.df[view]
            postings = index[view]
            for f in pf.raw[view]:
                if df[f] <= max_df:
                    postings[f].append(k)
    for pf in left:
        weight: dict[int, float] = defaultdict(float)
        for view, factor in views:
            idf = space.idf[view]
            postings = index[view]
            for f in pf.raw[view]:
                ks = postings.get(f)
                if ks:
                    w = idf[f] * factor
                    for k in ks:
                        weight[k] += w
        best = heapq.nlargest(MAX_CANDIDATES, weight.items(), key=lambda kv: kv[1])
        if best:
            # a candidate sharing far less than the best one is not worth scoring
            cut = best[0][1] * CANDIDATE_SHARE
            for k, w in best:
                if w >= cut:
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
    """Indices of the heaviest chain of cells (i, j, weight) strictly increasing in i and
    in j: the backbone of the order of events (one-to-one; the rest is filled in later)."""
    return _heaviest_chain(cells, strict=True)


def _boxes(chain: list[Scored], reach: int) -> list[tuple[int, int, int, int]]:
    """(i0, i1, j0, j1) regions between consecutive anchors, inclusive; with no anchor at
    all, the whole table is one region."""
    if not chain:
        return [(0, 10**9, 0, 10**9)]
    pts = [(sc.a.index, sc.b.index) for sc in chain]
    boxes = [(max(0, pts[0][0] - reach), pts[0][0], max(0, pts[0][1] - reach), pts[0][1])]
    for (i0, j0), (i1, j1) in zip(pts, pts[1:], strict=False):
        boxes.append((i0, i1, j0, j1))
    boxes.append((pts[-1][0], pts[-1][0] + reach, pts[-1][1], pts[-1][1] + reach))
    return boxes


def _box_of(i: int, j: int, boxes, starts: list[int]) -> int | None:
    """The region holding cell (i, j); `starts` are the regions' first rows, ascending."""
    k = bisect.bisect_right(starts, i) - 1
    for m in (k, k - 1):  # a row shared by two regions (an anchor's row) may be in either
        if 0 <= m < len(boxes):
            i0, i1, j0, j1 = boxes[m]
            if i0 <= i <= i1 and j0 <= j <= j1:
                return m
    return None


def staircase(cells: list[tuple[int, int, float]]) -> list[int]:
    """The heaviest set of cells with positive weight along one monotone path (weakly
    increasing in i and j: one passage may match several consecutive ones)."""
    cells_pos = [k for k, c in enumerate(cells) if c[2] > 0]
    chain = _heaviest_chain([cells[k] for k in cells_pos], strict=False)
    return [cells_pos[k] for k in chain]


def _heaviest_chain(cells: list[tuple[int, int, float]], strict: bool) -> list[int]:
    """Dynamic programming over cells sorted by (i, j) with a prefix-maximum tree over j.
    Strict: a cell follows only cells with smaller i and smaller j; weak: smaller or equal."""
    if not cells:
        return []
    order = sorted(range(len(cells)), key=lambda k: (cells[k][0], cells[k][1]))
    tree = _PrefixMax(max(c[1] for c in cells) + 2)
    best = [0.0] * len(cells)
    back = [-1] * len(cells)
    start = 0
    while start < len(order):
        end = start + 1
        if strict:  # all cells of one row are scored before any of them can be followed
            while end < len(order) and cells[order[end]][0] == cells[order[start]][0]:
                end += 1
        batch = order[start:end]
        for k in batch:
            _i, j, w = cells[k]
            prev_value, prev = tree.query(j - 1 if strict else j)
            best[k], back[k] = prev_value + w, prev
        for k in batch:
            tree.update(cells[k][1], (best[k], k))
        start = end
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
    progress: Progress | None = None,
) -> PairResult:
    null = NullModel(space, left, right, floor=params.z_link)
    raw: list[tuple[PassageFeatures, PassageFeatures, float, float]] = []
    last = None
    for a, b in candidates(space, left, right):
        s = similarity(a, b, space)
        raw.append((a, b, s, null.z(s)))
        if progress is not None and a is not last:
            last = a
            progress(a.index + 1, len(left))
    # a pair far above chance needs no baseline of its own; nor does a pair too weak beside
    # such a match of one of its passages to be linked (a baseline only ever lowers a z)
    clear: dict[str, float] = defaultdict(float)
    for a, b, _s, z in raw:
        if z >= CLEAR_Z:
            clear[a.id] = max(clear[a.id], z)
            clear[b.id] = max(clear[b.id], z)
    scored: dict[tuple[str, str], Scored] = {}
    for a, b, s, z in raw:
        if z >= params.relative * max(clear.get(a.id, 0.0), clear.get(b.id, 0.0)):
            z = null.z(s, a.id, b.id)
        scored[(a.id, b.id)] = Scored(a, b, s, z)
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
    # 1. anchors: mutual best matches, clearly above chance, in the order of events
    top_a: dict[str, Scored] = {}
    top_b: dict[str, Scored] = {}
    for sc in eligible:
        if sc.z > top_a.get(sc.a.id, sc).z or sc.a.id not in top_a:
            top_a[sc.a.id] = sc
        if sc.z > top_b.get(sc.b.id, sc).z or sc.b.id not in top_b:
            top_b[sc.b.id] = sc
    anchors = [sc for sc in top_a.values() if top_b.get(sc.b.id) is sc and sc.z >= params.z_anchor]
    cells = [(sc.a.index, sc.b.index, sc.z) for sc in anchors]
    chain = sorted((anchors[k] for k in monotone_chain(cells)), key=lambda sc: sc.a.index)
    backbone = {(sc.a.id, sc.b.id) for sc in chain}
    for key in backbone:
        chosen[key] = "backbone"
    # 2. between consecutive anchors (and a little beyond the ends), the passages of both
    # witnesses are aligned by a monotone path over the weaker links
    boxes = _boxes(chain, params.reach)
    starts = [b[0] for b in boxes]
    in_box: dict[int, list[Scored]] = {}
    for sc in eligible:
        if (sc.a.id, sc.b.id) in backbone:
            continue
        box = _box_of(sc.a.index, sc.b.index, boxes, starts)
        if box is not None:
            in_box.setdefault(box, []).append(sc)
        elif sc.z >= params.z_transposition:
            chosen[(sc.a.id, sc.b.id)] = "transposition"
        else:
            rejected[(sc.a.id, sc.b.id)] = (
                "against the order of events and not strong enough for a transposition"
            )
    for scs in in_box.values():
        weights = [(sc.a.index, sc.b.index, sc.z - params.z_link + 0.5) for sc in scs]
        on_path = set(staircase(weights))
        for k, sc in enumerate(scs):
            if k in on_path:
                chosen[(sc.a.id, sc.b.id)] = "in-order"
            else:
                rejected[(sc.a.id, sc.b.id)] = "off the best path between its neighbouring anchors"
    for key in pinned:
        chosen[key] = "pinned"
        rejected.pop(key, None)
    return PairResult(scored, null, backbone, chosen, rejected)
