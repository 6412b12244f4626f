"""Choosing the links of two witnesses among their scored passage pairs, in named steps:
sift what is clearly above chance, follow the order of events the two share, drop links that
stand alone or stray from the others, take the path and the passages it encloses, weigh
what lies off the path (transpositions, repeated texts), then the scholar's pins."""

from __future__ import annotations

import bisect
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import cached_property

from edition.align.pairwise import (
    ORDER_Z,
    PairResult,
    Params,
    Scored,
    beyond_chance,
    enclosed,
    off_order,
    order_evidence,
    path_cells,
    staircase,
)

NEAR = 3  # passages within which two links of the path support each other
STRAY_GAP = 2 * NEAR  # links of one passage this far apart in the other witness: a stray
SAME_TEXT_WORDS = 8  # passages of the same words, this long, are the same text wherever found
LOCAL = 25  # a copy of a repeated passage this near its place may be a transposition
DOUBLET_SHARE = 0.9  # a passage linked in order is told again elsewhere only this nearly as well
RIVAL_MARGIN = 0.5  # matches within this many z of a passage's best rival it

Key = tuple[str, str]

WEAKER = "much weaker than these passages' best matches"
NAMES_ALONE = (
    "no order of events supports it, and besides names, numbers and dates it shares hardly"
    " an informative word (the same name in another story, or a commonplace)"
)
STRAY = (
    "far, in the order of events, from this passage's stronger links to the other witness"
    " (one passage tells one stretch of the other's narrative)"
)
FORBIDDEN = "forbidden by an override"
BELOW_CHANCE = "not clearly above chance"
NO_ORDER = (
    "these witnesses tell nothing in the same order, and this link is not far enough above"
    " chance to stand alone"
)
ALONE = "alone in the order of events and not above what chance gives its best match"
TOO_WEAK_OFF = "off the order of events and not strong enough for a transposition"
BETTER_IN_ORDER = (
    "off the order of events, and one of its passages has a clearly better match in order"
)
REPEATED = "off the order of events, and as good a match lies elsewhere (repeated text)"


@dataclass
class Table:
    """Two witnesses' scored pairs and what their choice must respect (the scholar's
    forbids; pins are added after, `with_pins`). `worded(pair)`:
    whether the pair shares enough content words to stand without the order of events."""

    scored: dict[Key, Scored]
    left: list
    right: list
    params: Params
    forbidden: set[Key] = field(default_factory=set)
    worded: Callable[[Scored], bool] = lambda sc: True

    @cached_property
    def far(self) -> float:
        """What a link with no order to back it must beat: chance's best of all pairs."""
        return beyond_chance(len(self.left) * len(self.right))

    @cached_property
    def alone_z(self) -> float:
        """What a link with no neighbour on the path must beat: chance's best match of one
        passage among the other witness's."""
        sizes = [len(ps) for ps in (self.left, self.right) if len(ps) > 1]
        return max([self.params.z_link] + [beyond_chance(n) for n in sizes])


@dataclass
class Choice:
    """The choice as it is made: eligible links, those on the path of events, and verdicts."""

    eligible: list[Scored]
    rejected: dict[Key, str]
    chosen: dict[Key, str] = field(default_factory=dict)
    on_path: set[int] = field(default_factory=set)
    alone: set[int] = field(default_factory=set)
    backbone: set[Key] = field(default_factory=set)
    order_z: float | None = None

    @property
    def ordered(self) -> bool:
        return self.order_z is None or self.order_z >= ORDER_Z

    def drop(self, k: int, why: str) -> None:
        """Take link k off the path, for this reason."""
        self.on_path.discard(k)
        self.alone.add(k)
        self.rejected[key(self.eligible[k])] = why

    def path(self) -> list[tuple[int, int]]:
        return sorted((self.eligible[k].a.index, self.eligible[k].b.index) for k in self.on_path)


def key(sc: Scored) -> Key:
    return sc.a.id, sc.b.id


def same_text(sc: Scored) -> bool:
    """Two passages of the same words (spelling aside), long enough not to be a formula:
    the same text, however their score compares with chance."""
    return sc.a.key == sc.b.key and sc.a.words >= SAME_TEXT_WORDS


def strays(cells: list[tuple[int, Scored]]) -> list[int]:
    """Links of the path far from the other links of one of their passages: a passage's
    links are cut into stretches wherever two of them are more than STRAY_GAP passages
    apart, and all but its strongest stretch (by the sum of z) are strays."""
    z = {k: sc.z for k, sc in cells}
    out: set[int] = set()
    for side in (0, 1):
        by_passage: dict[int, list[tuple[int, int]]] = defaultdict(list)
        for k, sc in cells:
            mine, other = (sc.a.index, sc.b.index) if side == 0 else (sc.b.index, sc.a.index)
            by_passage[mine].append((other, k))
        for links in by_passage.values():
            if len(links) > 1:  # (a passage's one link is its one stretch)
                out.update(_stray_stretches(sorted(links), z))
    return sorted(out)


def _stray_stretches(links: list[tuple[int, int]], z: dict[int, float]) -> list[int]:
    """Of one passage's links (other passage's index, link), those outside its strongest
    stretch."""
    stretches = [[links[0]]]
    for prev, cur in zip(links, links[1:], strict=False):
        if cur[0] - prev[0] > STRAY_GAP:
            stretches.append([])
        stretches[-1].append(cur)
    if len(stretches) == 1:
        return []
    best = max(stretches, key=lambda st: sum(z[k] for _o, k in st))
    return [k for st in stretches if st is not best for _o, k in st]


def best_z(scs) -> dict[str, float]:
    """The z of each passage's best match among these."""
    best: dict[str, float] = defaultdict(float)
    for sc in scs:
        z, a, b = sc.z, sc.a.id, sc.b.id
        if z > best[a]:
            best[a] = z
        if z > best[b]:
            best[b] = z
    return best


def choose_links(
    scored, null, left, right, params: Params, pinned, forbidden, worded=lambda sc: True
) -> PairResult:
    """The links chosen among the scored pairs. A first choice measures each link against
    its passages' best matches; a second, against the best matches kept, if that lets in a
    pair refused beside a better match that the order of events then refused (it does not
    make the passage's matches in order "much weaker"), and if it keeps the first choice's
    strong links in order (the backbone)."""
    return with_pins(choose_unpinned(scored, null, left, right, params, forbidden, worded), pinned)


def choose_unpinned(
    scored, null, left, right, params: Params, forbidden, worded=lambda sc: True
) -> PairResult:
    """The links the aligner chooses, before the scholar's pins (which add to them and
    change nothing else: an editor's pin needs no choice made again)."""
    table = Table(scored, left, right, params, set(forbidden), worded)
    top = best_z(scored.values())
    res = choose(table, top, top, null)
    kept = best_z(scored[k] for k in res.chosen if k in scored)
    if any(
        why == WEAKER and scored[k].z >= params.relative * max(kept[k[0]], kept[k[1]])
        for k, why in res.rejected.items()
    ):
        again = choose(table, kept, top, null)
        # a second look adds what the first refused; it must not lead the order of events
        # elsewhere, away from the strong links it followed the first time
        if res.backbone <= again.chosen.keys():
            res = again
    return res


def with_pins(res: PairResult, pinned) -> PairResult:
    """A choice with the scholar's pins added (the choice itself left as it was)."""
    if not pinned:
        return res
    chosen = {**res.chosen, **dict.fromkeys(pinned, "pinned")}
    rejected = {k: why for k, why in res.rejected.items() if k not in chosen}
    return replace(res, chosen=chosen, rejected=rejected)


def choose(table: Table, best: dict[str, float], top: dict[str, float], null) -> PairResult:
    """One choice of links. `best`: the z each passage's links are measured against;
    `top`: the z of its best match of all."""
    choice = sift(table, best)
    follow_order(table, choice)
    drop_lonely(table, choice)
    for k in strays([(k, choice.eligible[k]) for k in choice.on_path]):
        choice.drop(k, STRAY)
    take_path(table, choice)
    take_enclosed(table, choice)
    take_off_path(table, choice, top)
    return PairResult(
        table.scored, null, choice.backbone, choice.chosen, choice.rejected, choice.order_z
    )


def sift(table: Table, best: dict[str, float]) -> Choice:
    """The pairs clearly above chance, not forbidden, and not far weaker than their
    passages' best matches."""
    params, forbidden, eligible, rejected = table.params, table.forbidden, [], {}
    min_score, z_link, relative = params.min_score, params.z_link, params.relative
    for k, sc in table.scored.items():
        if k in forbidden:
            rejected[k] = FORBIDDEN
        elif sc.score < min_score or sc.z < z_link:
            rejected[k] = BELOW_CHANCE
        elif sc.z < relative * max(best[sc.a.id], best[sc.b.id]):
            rejected[k] = WEAKER
        else:
            eligible.append(sc)
    return Choice(eligible, rejected)


def follow_order(table: Table, choice: Choice) -> None:
    """The heaviest path through the eligible links, monotone in both witnesses (a passage
    may meet several consecutive ones), and how far that order stands above chance. With no
    order shared, only links far above chance are kept, each for itself."""
    params = table.params
    choice.on_path = set(staircase(path_cells(choice.eligible, params)))
    choice.order_z = order_evidence(
        table.scored, choice.eligible, choice.on_path, len(table.left), params, len(table.right)
    )
    if choice.ordered:
        return
    for sc in choice.eligible:
        if sc.z >= table.far and not table.worded(sc) and not same_text(sc):
            choice.rejected[key(sc)] = NAMES_ALONE
    choice.eligible = [
        sc
        for sc in choice.eligible
        if (sc.z >= table.far or same_text(sc)) and key(sc) not in choice.rejected
    ]
    for sc in table.scored.values():
        if sc.z < table.far and not same_text(sc) and key(sc) not in choice.rejected:
            choice.rejected[key(sc)] = NO_ORDER
    choice.on_path = set(staircase(path_cells(choice.eligible, params)))


def drop_lonely(table: Table, choice: Choice) -> None:
    """A link with no other link of the path near it in both witnesses has only its own
    score to show: it must stand above the best that chance gives among as many passages,
    and share more than names."""
    cells = choice.path()
    for k in sorted(choice.on_path):
        sc = choice.eligible[k]
        if _has_neighbour(cells, sc.a.index, sc.b.index) or same_text(sc):
            continue
        if sc.z < table.alone_z:
            choice.drop(k, ALONE)
        elif not table.worded(sc):
            choice.drop(k, NAMES_ALONE)


def _has_neighbour(cells: list[tuple[int, int]], i: int, j: int) -> bool:
    lo = bisect.bisect_left(cells, (i - NEAR, -1))
    hi = bisect.bisect_right(cells, (i + NEAR, 10**12))
    return any(abs(jj - j) <= NEAR and (ii, jj) != (i, j) for ii, jj in cells[lo:hi])


def take_path(table: Table, choice: Choice) -> None:
    """The links on the path; those far above chance are its backbone."""
    for k in choice.on_path:
        sc = choice.eligible[k]
        strong = sc.z >= table.params.z_anchor
        if not choice.ordered:  # far above chance, with no order of events to back it
            choice.chosen[key(sc)] = "unordered"
        else:
            choice.chosen[key(sc)] = "backbone" if strong else "in-order"
        if strong:
            choice.backbone.add(key(sc))


def take_enclosed(table: Table, choice: Choice) -> None:
    """Passages between two passages linked to one passage of the other witness."""
    for sc in enclosed(choice.path(), table.scored, table.left, table.right):
        k = key(sc)
        if k not in table.forbidden and k not in choice.chosen:
            choice.chosen[k] = "enclosed"
            choice.rejected.pop(k, None)


def take_off_path(table: Table, choice: Choice, top: dict[str, float]) -> None:
    """Off the path, a strong link may still be a transposition (episodes told in another
    order) unless one of its passages has other matches about as good (copies of a repeated
    text): then only the copy nearest to where the order of events would put it, if near."""
    kind = "transposition" if choice.ordered else "unordered"
    rivals = _rivals(choice.eligible, top)
    in_order = best_z(choice.eligible[k] for k in choice.on_path)
    ambiguous: list[tuple[int, Scored]] = []
    path = choice.path()
    for k, sc in enumerate(choice.eligible):
        if k in choice.on_path or k in choice.alone:
            continue
        why = _off_path_objection(table, sc, in_order)
        if why:
            choice.rejected[key(sc)] = why
        elif rivals[sc.a.id] > 1 or rivals[sc.b.id] > 1:
            ambiguous.append((off_order(path, sc.a.index, sc.b.index), sc))
        else:
            choice.chosen[key(sc)] = kind
    for sc, near in _nearest_copies(ambiguous):
        if near:
            choice.chosen[key(sc)] = kind
        else:
            choice.rejected[key(sc)] = REPEATED


def _rivals(eligible: list[Scored], top: dict[str, float]) -> Counter:
    """For each passage, how many of its eligible links are about as good as its best."""
    rivals: Counter = Counter()
    for sc in eligible:
        rivals[sc.a.id] += sc.z >= top[sc.a.id] - RIVAL_MARGIN
        rivals[sc.b.id] += sc.z >= top[sc.b.id] - RIVAL_MARGIN
    return rivals


def _off_path_objection(table: Table, sc: Scored, in_order: dict[str, float]) -> str:
    """Why a link off the path cannot be a transposition ('' if it can): like any link
    standing alone it must stand above chance's best among all pairs, share more than names,
    and not be a weaker echo of a passage's match in order."""
    if sc.z < max(table.params.z_transposition, table.far) and not same_text(sc):
        return TOO_WEAK_OFF
    if not table.worded(sc):
        return NAMES_ALONE
    if sc.z < DOUBLET_SHARE * max(in_order.get(sc.a.id, 0.0), in_order.get(sc.b.id, 0.0)):
        return BETTER_IN_ORDER
    return ""


def _nearest_copies(ambiguous: list[tuple[int, Scored]]):
    """(link, kept) for links of a repeated text: kept when it is the nearest to the order
    of events for both of its passages, and near."""
    nearest: dict[str, tuple[int, Scored]] = {}
    for d, sc in ambiguous:
        for pid in (sc.a.id, sc.b.id):
            if pid not in nearest or d < nearest[pid][0]:
                nearest[pid] = (d, sc)
    for d, sc in ambiguous:
        yield sc, d <= LOCAL and nearest[sc.a.id][1] is sc and nearest[sc.b.id][1] is sc
