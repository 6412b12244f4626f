"""Aligning two witnesses: candidates (from regions between identical passages, or an
index of rare features), scores against chance, links chosen globally (the heaviest path
in the order of events, and strong transpositions off it)."""

from __future__ import annotations

import bisect
import heapq
import math
import random
import zlib
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple

from edition.align.features import FeatureSpace, PassageFeatures, similarity, similarity_rows
from edition.align.regions import region_pairs, regions
from edition.parallel import fork_map

Progress = Callable[[int, int], None]  # (done, total)
MAX_CANDIDATES = 25  # per passage, from the index
CANDIDATE_SHARE = 0.2  # ... that share at least this part of the best candidate's evidence
MIN_NULL = 50
CLIP_Z = 4.0  # scores this far above the others are set aside when learning chance ...
CLIP_ROUNDS = 5  # ... again and again, at most this many times
PRIOR_NULL = (0.06, 0.06)
CLEAR_Z = 8.0  # a pair this far above chance overall needs no per-passage baseline
PATH_CAP = 2.0  # below CLEAR_Z, a link weighs on the path of events as if no stronger than this
ORDER_Z = 2.5  # the order two witnesses share must stand this far above chance (p < 0.01)
ORDER_MIN = 5  # witnesses with fewer passages have no order to test
SHUFFLES = 20  # shuffled orders to learn what chance gives, a batch at a time; while the order
MORE_SHUFFLES = 200  # is within UNSURE sd of ORDER_Z, more batches, up to this many in all
UNSURE = 1.5
CLEAR_LINKS = 20  # a path with this many identical passages needs no test of order
ALONE_MARGIN = 0.5  # a link alone must beat chance's expected best by this many z
ALONE_WORDS = 3  # ... and share this many informative words besides names, numbers and dates
# ... or at least one, and their contexts (the windows the score reads) this many: four
# passages a side share words by chance more readily than one
CONTEXT_WORDS = ALONE_WORDS + 1
ENCLOSED_GAP = 3  # at most this many passages enclosed by two links to one passage (below)
MAX_DF = 64  # features in more passages than this are not indexed
EXHAUSTIVE = 20_000  # up to this many passage pairs, every pair is scored
NULL_SAMPLES = 3000  # random pairs scored to learn what unrelated passages score
PER_PASSAGE_SAMPLES = 30  # passages of the other witness scored for each passage's baseline
ALL_OTHERS = 200  # ... or all of them, when there are no more than this
POOL = 300  # passages of a long witness from which those samples are drawn


@dataclass
class Params:
    """Thresholds in standard deviations above chance (z) and in raw similarity."""

    z_link: float = 1.0  # a link in the order of events
    z_anchor: float = 2.5  # a link on the path this strong is part of the backbone
    z_transposition: float = 4.0  # a link against the order of events
    min_score: float = 0.12  # no link below this similarity, whatever its z
    relative: float = 0.6  # a link must reach this share of its passages' best z


class Scored(NamedTuple):  # one for every pair scored: a tuple is made fast
    a: PassageFeatures
    b: PassageFeatures
    score: float
    z: float


class NullModel:
    """What unrelated passages score: overall, and for each passage (a passage that names
    the ubiquitous actors scores high against everything; its own baseline is higher).

    A passage's own baseline is only computed when a pair is above chance overall: it can
    only lower a z, never raise it, so pairs below the overall threshold need none."""

    def __init__(self, space, left, right, seed: int = 0, floor: float = 0.0, known=None):
        """`known`: the scores of all pairs (left id, right id), when they were all scored
        anyway (short witnesses): they are looked up rather than computed again."""
        self.space = space
        self.known: dict[tuple[str, str], float] | None = known
        self.is_left = {pf.id for pf in left}
        self.rng = random.Random(seed)
        # a passage's own baseline is drawn from a sample of the other witness, the same for
        # all passages and ready to compare before any work is spread over processes
        pool_left = left if len(left) <= POOL else self.rng.sample(left, POOL)
        pool_right = right if len(right) <= POOL else self.rng.sample(right, POOL)
        for pf in (*pool_left, *pool_right):
            space.ready(pf)
        self.others = {pf.id: pool_right for pf in left} | {pf.id: pool_left for pf in right}
        self.passage = {pf.id: pf for pf in left} | {pf.id: pf for pf in right}
        self.floor = floor
        if len(left) * len(right) <= NULL_SAMPLES:
            pairs = [(a, b) for a in left for b in right]
        else:
            pairs = [(self.rng.choice(left), self.rng.choice(right)) for _ in range(NULL_SAMPLES)]
        if known is not None:
            scores = [known[(a.id, b.id)] for a, b in pairs]
        else:
            scores = [similarity(a, b, space) for a, b in pairs]
        if len(scores) >= MIN_NULL:
            self.mean, self.std = _chance(scores)
        else:  # too few pairs to learn from (very short witnesses): what unrelated passages
            self.mean, self.std = PRIOR_NULL  # of this kind of text usually score
        self.std = max(self.std, 0.02)
        self.per: dict[str, tuple[float, float]] = {}

    def baseline(self, pid: str) -> tuple[float, float]:
        if pid not in self.per:
            self.per[pid] = self._baseline(pid)
        return self.per[pid]

    def _baseline(self, pid: str) -> tuple[float, float]:
        others = self.others[pid]
        if len(others) < MIN_NULL // 5:
            return self.mean, self.std
        if len(others) <= ALL_OTHERS and self.known is not None:  # all scored already
            if pid in self.is_left:
                return _chance([self.known[(pid, o.id)] for o in others])
            return _chance([self.known[(o.id, pid)] for o in others])
        if len(others) <= ALL_OTHERS:  # short witnesses: all of them, no sampling noise
            pool = others
        else:  # the same sample whenever and wherever it is drawn (workers included)
            pool = random.Random(zlib.crc32(pid.encode())).sample(others, PER_PASSAGE_SAMPLES)
        pf = self.passage[pid]
        return _chance([similarity(pf, o, self.space) for o in pool])

    def prepare(self, pids: list[str]) -> None:
        """Compute these passages' baselines ahead, on all cores if there are many."""
        pids = [p for p in dict.fromkeys(pids) if p not in self.per]
        size = CHUNK // PER_PASSAGE_SAMPLES
        chunks = [pids[k : k + size] for k in range(0, len(pids), size)]

        def compute(chunk: list[str]) -> list[tuple[float, float]]:
            return [self._baseline(p) for p in chunk]

        worth_it = len(pids) * PER_PASSAGE_SAMPLES >= PARALLEL_PAIRS
        for chunk, found in zip(chunks, fork_map(compute, chunks, worth_it), strict=True):
            self.per.update(zip(chunk, found, strict=True))

    def z(self, score: float, a: str | None = None, b: str | None = None) -> float:
        z = (score - self.mean) / self.std
        if a is None or b is None or z < self.floor or z >= CLEAR_Z:
            return z
        ma, sa = self.baseline(a)
        mb, sb = self.baseline(b)
        mean = max(self.mean, (ma + mb) / 2)
        std = max(self.std, math.sqrt((sa * sa + sb * sb) / 2))
        return (score - mean) / std


def _chance(scores: list[float]) -> tuple[float, float]:
    """Mean and sd of what unrelated pairs score, from scores that may include related pairs:
    scores far above the rest are set aside until none is left (two versions of one short
    text have as many identical pairs as passages, which would otherwise inflate the sd)."""
    mean, sd = _mean_sd(scores)
    for _ in range(CLIP_ROUNDS):
        kept = [x for x in scores if x <= mean + CLIP_Z * sd]
        if len(kept) == len(scores) or len(kept) < MIN_NULL // 5:
            break
        scores = kept
        mean, sd = _mean_sd(scores)
    return mean, sd


def _mean_sd(xs: list[float]) -> tuple[float, float]:
    if not xs:
        return 0.0, 0.0
    m = sum(xs) / len(xs)
    return m, math.sqrt(sum([(x - m) ** 2 for x in xs]) / len(xs))


def _score_candidates(space, left, right, params: Params, progress):
    """The pairs worth scoring, their scores, and what chance gives.

    Short witnesses: every pair (chance is learnt from those scores). Long ones: identical
    passages in order and the pairs of the small regions between them; then, through an
    index of rare words and names, the passages of large regions and those the regions
    gave no match far above chance (a paragraph moved elsewhere, a passage repeated)."""
    if len(left) * len(right) <= EXHAUSTIVE:
        pairs = [(a, b) for a in left for b in right]
        sims = []
        for i, row in enumerate(similarity_rows(space, left, right), 1):
            sims.extend(row)
            if progress is not None:
                progress(i, len(left))
        known = {(a.id, b.id): s for (a, b), s in zip(pairs, sims, strict=True)}
        return pairs, sims, NullModel(space, left, right, floor=params.z_link, known=known)
    null = NullModel(space, left, right, floor=params.z_link)
    reg = regions(left, right)
    pairs = list(region_pairs(left, right, reg))
    sims = list(_similarities(space, pairs, len(left), progress))
    settled = {a.id for (a, _b), s in zip(pairs, sims, strict=True) if null.z(s) >= CLEAR_Z}
    seen = {(a.id, b.id) for a, b in pairs}
    more = [a for a in left if a.id not in settled]
    extra, extra_sims = _indexed_similarities(space, more, right, seen)
    return pairs + extra, sims + extra_sims, null


_VIEWS = (("stems", 1.0), ("entities", 2.0))  # the views indexed, and their weights


def _rare_index(space: FeatureSpace, right: list[PassageFeatures]) -> dict[str, dict]:
    """For each view, the places in `right` of the passages holding each rare feature."""
    # only features rare in absolute terms are indexed: the candidates of a passage then
    # cost the same however long the witnesses are (a bound in proportion to their length
    # would make the whole quadratic)
    max_df = min(MAX_DF, max(8, int(0.05 * space.n)))
    index: dict[str, dict[str, list[int]]] = {view: defaultdict(list) for view, _ in _VIEWS}
    for k, pf in enumerate(right):
        for view, _ in _VIEWS:
            df = space.df[view]
            postings = index[view]
            for f in pf.raw[view]:
                if df[f] <= max_df:
                    postings[f].append(k)
    return index


def _candidates(space: FeatureSpace, pf: PassageFeatures, index: dict[str, dict]) -> list[int]:
    """The places in the indexed witness of a passage's candidates, best first."""
    weight: dict[int, float] = defaultdict(float)
    for view, factor in _VIEWS:
        idf = space.idf[view]
        postings = index[view]
        for f in pf.raw[view]:
            ks = postings.get(f)
            if ks:
                w = idf[f] * factor
                for k in ks:
                    weight[k] += w
    best = heapq.nlargest(MAX_CANDIDATES, weight.items(), key=lambda kv: kv[1])
    if not best:
        return []
    # a candidate sharing far less than the best one is not worth scoring
    cut = best[0][1] * CANDIDATE_SHARE
    return [k for k, w in best if w >= cut]


CANDIDATE_CHUNK = 250  # passages whose candidates a worker finds and scores at a time


def _indexed_similarities(space: FeatureSpace, left, right, seen: set[tuple[str, str]]):
    """Pairs sharing rare stems or entities, through an inverted index of `right`, that are
    not in `seen`, and their similarities: found and scored together, on all cores when
    there are many passages."""
    index = _rare_index(space, right) if left else {}
    chunks = [left[k : k + CANDIDATE_CHUNK] for k in range(0, len(left), CANDIDATE_CHUNK)]

    def scored(chunk: list[PassageFeatures]) -> list[tuple[int, int, float]]:
        out = []
        for i, a in enumerate(chunk):
            for k in _candidates(space, a, index):
                if (a.id, right[k].id) not in seen:
                    out.append((i, k, similarity(a, right[k], space)))
        return out

    worth_it = len(left) * MAX_CANDIDATES >= PARALLEL_PAIRS
    pairs, sims = [], []
    for chunk, found in zip(chunks, fork_map(scored, chunks, worth_it), strict=True):
        pairs += [(chunk[i], right[k]) for i, k, _s in found]
        sims += [s for _i, _k, s in found]
    return pairs, sims


PARALLEL_PAIRS = 20_000  # this many pairs to score are scored on all cores
CHUNK = 2_000


def _similarities(space, pairs, n_left: int, progress: Progress | None):
    """The similarity of each pair, in order (in parallel for many pairs)."""
    chunks = [pairs[k : k + CHUNK] for k in range(0, len(pairs), CHUNK)]

    def score(chunk) -> list[float]:
        return [similarity(a, b, space) for a, b in chunk]

    for chunk, scores in zip(
        chunks, fork_map(score, chunks, len(pairs) >= PARALLEL_PAIRS), strict=True
    ):
        yield from scores
        if progress is not None:
            progress(chunk[-1][0].index + 1, n_left)


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


def staircase(cells: list[tuple[int, int, float]]) -> list[int]:
    """The heaviest set of cells with positive weight along one monotone path (weakly
    increasing in i and j: one passage may match several consecutive ones). Dynamic
    programming over the cells sorted by (i, j), with a prefix-maximum tree over j."""
    keep = [k for k, c in enumerate(cells) if c[2] > 0]
    if not keep:
        return []
    order = sorted(keep, key=lambda k: (cells[k][0], cells[k][1]))
    tree = _PrefixMax(max(cells[k][1] for k in keep) + 2)
    best: dict[int, float] = {}
    back: dict[int, int] = {}
    for k in order:
        _i, j, w = cells[k]
        prev_value, prev = tree.query(j)
        best[k], back[k] = prev_value + w, prev
        tree.update(j, (best[k], k))
    k = max(best, key=best.__getitem__)
    path = []
    while k >= 0:
        path.append(k)
        k = back[k]
    return path[::-1]


def beyond_chance(draws: int) -> float:
    """A z above the best that chance gives in this many draws (the best of m draws from
    chance is about sqrt(2 ln m) sd above its mean)."""
    return math.sqrt(2 * math.log(max(draws, 2))) + ALONE_MARGIN


def _heaviest(rows: list[list[tuple[int, float]]], width: int) -> float:
    """The weight of the heaviest monotone path when the passages of one witness come in
    the order of `rows` (each row: its cells (j, weight) by j); `staircase` without the
    path, for the shuffled orders."""
    tree = [0.0] * (width + 1)
    for row in rows:
        for j, w in row:
            pos, prev = j + 1, 0.0
            while pos > 0:
                if tree[pos] > prev:
                    prev = tree[pos]
                pos -= pos & -pos
            value, pos = prev + w, j + 1
            while pos <= width:
                if value > tree[pos]:
                    tree[pos] = value
                pos += pos & -pos
    return max(tree)


def confidence(z: float, params: Params) -> float:
    return round(1 / (1 + math.exp(-(z - params.z_link))), 3)


@dataclass
class PairResult:
    scored: dict[tuple[str, str], Scored]
    null: NullModel
    backbone: set[tuple[str, str]]
    chosen: dict[tuple[str, str], str]  # (a id, b id) -> kind
    rejected: dict[tuple[str, str], str]  # why a scored pair was not linked
    order_z: float | None = None  # the order shared, in sd above shuffled orders (None: plain)


def off_order(path: list[tuple[int, int]], i: int, j: int) -> int:
    """How many passages cell (i, j) lies from where the path (sorted cells) would put
    passage i: by the path cell nearest in i, shifted along the diagonal."""
    if not path:
        return abs(i - j)
    k = bisect.bisect_left(path, (i, -1))
    near = min(path[max(0, k - 1) : k + 1], key=lambda c: abs(c[0] - i))
    return abs(j - (near[1] + i - near[0]))


def path_cells(scs: list[Scored], params: Params) -> list[tuple[int, int, float]]:
    """Cells (i, j, weight) of links for the path through the order of events. A link's
    weight stops growing at PATH_CAP, unless it is far above chance (a passage of one text
    in two versions): the order of events shows in how many events follow it, not in how far
    one match (often on a shared name) stands out."""
    base = 0.5 - params.z_link
    return [
        (sc.a.index, sc.b.index, (sc.z if sc.z >= CLEAR_Z else min(sc.z, PATH_CAP)) + base)
        for sc in scs
    ]


def order_evidence(
    scored, eligible, on_path, n_left: int, params: Params, n_right: int | None = None
) -> float | None:
    """How far the heaviest path in the order of events through the links above chance
    stands above the heaviest paths once the order of one witness is shuffled (in sd);
    None when the chosen path plainly joins many identical passages (versions of one text:
    a z far above chance is not proof enough, one rare name can give it), or the witnesses
    are too short to have an order to test. The witness shuffled is the one with more
    passages (more orders to draw from); with as many in each, both, and the mean is taken:
    which witness is named first must not change the answer."""
    if sum(eligible[k].a.key == eligible[k].b.key for k in on_path) >= CLEAR_LINKS:
        return None
    n_right = n_left if n_right is None else n_right
    above = [sc for sc in scored.values() if sc.z >= params.z_link and sc.score >= params.min_score]
    weights = path_cells(above, params)
    if min(n_left, n_right) < ORDER_MIN:
        return None
    if min(len({i for i, _j, _w in weights}), len({j for _i, j, _w in weights})) < ORDER_MIN:
        return None
    real = sum(weights[k][2] for k in staircase(weights))
    flipped = [(j, i, w) for i, j, w in weights]
    if n_left > n_right:
        return _against_shuffles(real, weights, n_left)
    if n_right > n_left:
        return _against_shuffles(real, flipped, n_right)
    both = _against_shuffles(real, weights, n_left) + _against_shuffles(real, flipped, n_right)
    return both / 2


def _against_shuffles(real: float, weights: list[tuple[int, int, float]], rows_n: int) -> float:
    """How far `real` stands above the heaviest paths when the rows (first coordinate) come
    in shuffled orders, in sd."""
    rows: dict[int, list[tuple[int, float]]] = defaultdict(list)
    for i, j, w in sorted(weights):
        rows[i].append((j, w))
    order = [rows[i] for i in range(rows_n)]
    width = max(j for _i, j, _w in weights) + 2
    rng = random.Random(len(weights))
    shuffled: list[float] = []
    while True:
        for _ in range(SHUFFLES):
            rng.shuffle(order)
            shuffled.append(_heaviest(order, width))
        mean, sd = _mean_sd(shuffled)
        z = (real - mean) / max(sd, 1e-9)
        if abs(z - ORDER_Z) >= UNSURE or len(shuffled) >= MORE_SHUFFLES:
            return z


def enclosed(path: list[tuple[int, int]], scored, left, right) -> list[Scored]:
    """Passages enclosed in the order of events by two passages linked to one passage of
    the other witness, and not below chance against it: a compressed account tells in one
    passage what the other tells in several, and the middle ones rarely name what the first
    and last do ("the city", "he")."""
    out: list[Scored] = []
    for flipped in (False, True):
        cells = sorted({(j, i) if flipped else (i, j) for i, j in path})
        for (i1, j1), (i2, j2) in zip(cells, cells[1:], strict=False):
            if j1 != j2 or not 1 < i2 - i1 <= ENCLOSED_GAP + 1:
                continue
            for i in range(i1 + 1, i2):
                a, b = (left[j1], right[i]) if flipped else (left[i], right[j1])
                sc = scored.get((a.id, b.id))
                if sc is not None and sc.z >= 0:
                    out.append(sc)
    return out


def score_pair(
    space: FeatureSpace,
    left: list[PassageFeatures],
    right: list[PassageFeatures],
    params: Params,
    progress: Progress | None = None,
) -> tuple[dict[tuple[str, str], Scored], NullModel]:
    """Every candidate pair of two witnesses' passages, scored in sd above chance (overall,
    and against each passage's own baseline where that matters)."""
    pairs, sims, null = _score_candidates(space, left, right, params, progress)
    mean, std = null.mean, null.std
    zs = [(s - mean) / std for s in sims]
    # a pair far above chance needs no baseline of its own; nor does a pair too weak beside
    # such a match of one of its passages to be linked (a baseline only ever lowers a z)
    clear: dict[str, float] = {}
    for (a, b), z in zip(pairs, zs, strict=True):
        if z >= CLEAR_Z:
            clear[a.id] = max(clear.get(a.id, 0.0), z)
            clear[b.id] = max(clear.get(b.id, 0.0), z)
    relative, floor = params.relative, null.floor
    # whether a pair's passages' own baselines matter: it is above chance overall (but not
    # far above), and not far weaker than such a clear match of one of its passages
    weighed = [
        floor <= z < CLEAR_Z and z >= relative * max(clear.get(a.id, 0.0), clear.get(b.id, 0.0))
        for (a, b), z in zip(pairs, zs, strict=True)
    ]
    null.prepare([p.id for (a, b), w in zip(pairs, weighed, strict=True) if w for p in (a, b)])
    scored = {
        (a.id, b.id): Scored(a, b, s, null.z(s, a.id, b.id) if w else z)
        for (a, b), s, z, w in zip(pairs, sims, zs, weighed, strict=True)
    }
    return scored, null


def worded(space: FeatureSpace):
    """Whether a pair shares enough content words to stand without the order of events:
    ALONE_WORDS informative words besides names, numbers and dates; or one, and its context
    CONTEXT_WORDS (a terse telling names the merchants once, and the silver and their
    arrival in the sentences around: one story, not one name in two stories)."""

    def test(sc: Scored) -> bool:
        own = len(space.shared_content(sc.a, sc.b))
        if own >= ALONE_WORDS:
            return True
        return own >= 1 and len(space.shared_in_context(sc.a, sc.b)) >= CONTEXT_WORDS

    return test
