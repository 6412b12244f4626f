"""Merging the links of every pair of witnesses into groups, with the evidence of all of them.

Links join passages into groups by average linkage: two groups joined by a link merge if
the pairs of their passages of different witnesses score on average clearly above chance
(`HOLD_Z`). Every pair of passages counts, linked or not: a third witness that tells an
episode more fully lends the group what a terse and a verbose telling do not share, and a
false friend linked to one passage of a group is outweighed by the group's other passages,
which it does not match. A link chosen in the order of events counts as at least `LINKED_Z`
(the order of events backs it as much as a transposition's strength backs one); a pair never
scored, as chance (z 0). The strongest merge is made first, and the evidence does not depend
on the order of the witnesses, so neither do the groups. A1-B1, B1-C2, C2-A5 thus does not
become one giant group unless its members really are alike.
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from edition.align.model import Link

HOLD_Z = 1.5  # two groups merge if their passages score this much on average, in sd
LINKED_Z = 4.0  # a chosen link counts as at least this (as strong as a transposition)

Pair = frozenset[str]


@dataclass(slots=True)
class Cluster:
    members: set[str]
    witnesses: dict[str, int]  # siglum -> passages of it in the cluster
    links: list[Link] = field(default_factory=list)


def build_groups(
    links: list[Link],
    witness_of: dict[str, str],
    forbidden: set[tuple[str, str]] = frozenset(),
    evidence: dict[tuple[str, str], float] | None = None,
) -> list[tuple[list[str], list[Link]]]:
    """Groups of passages (and their links); no group holds a forbidden pair. `evidence`:
    the z of every pair of passages scored, (a, b) as the links have them (a pair not in it
    counts as chance)."""
    z = dict(evidence or {})
    for lk in links:
        z[(lk.a, lk.b)] = max(z.get((lk.a, lk.b), 0.0), lk.z, LINKED_Z)
    index: dict[str, list[tuple[str, float]]] = defaultdict(list)  # pid -> (other, z)
    for (a, b), value in z.items():
        index[a].append((b, value))
        index[b].append((a, value))
    apart = {frozenset(p) for p in forbidden}
    out = []
    for part in _components(sorted(links, key=lambda x: (x.a, x.b))):
        passages = sorted({p for lk in part for p in (lk.a, lk.b)})
        if len(passages) == 2:  # two passages alone (most of two versions of one text)
            out.append((passages, part))
            continue
        state = _Clustering(witness_of, index, apart)
        for lk in part:
            state.add_link(lk)
        state.tally()
        state.merge_pinned(part)
        state.merge_greedily()
        state.adopt_orphans()
        state.assign_links()
        out += [(sorted(c.members), c.links) for c in state.clusters() if len(c.members) > 1]
    return out


def _components(links: list[Link]) -> list[list[Link]]:
    """The links in sets that share no passage (groups never join passages no link joins),
    in the order of their first link."""
    piece = joined_pieces((lk.a, lk.b) for lk in links)
    parts: dict[str, list[Link]] = {}
    for lk in links:
        parts.setdefault(piece[lk.a], []).append(lk)
    return list(parts.values())


def joined_pieces(pairs: Iterable[tuple[str, str]]) -> dict[str, str]:
    """For each passage the pairs name, one passage standing for the piece of passages
    that the pairs join, directly or through others (the same for all of a piece)."""
    parent: dict[str, str] = {}

    def root(p: str) -> str:
        while parent.setdefault(p, p) != p:
            parent[p] = parent[parent[p]]
            p = parent[p]
        return p

    for a, b in pairs:
        ra, rb = root(a), root(b)
        if ra != rb:
            parent[rb] = ra
    return {p: root(p) for p in list(parent)}


def confirmed(passages: list[str], links: Iterable[Link]) -> bool:
    """Whether pins (the scholar's links) join all these passages into one."""
    pieces = joined_pieces((lk.a, lk.b) for lk in links if lk.kind == "pinned")
    return (
        len(passages) > 1
        and all(p in pieces for p in passages)
        and (len({pieces[p] for p in passages}) == 1)
    )


class _Clustering:
    """Clusters of linked passages, merged best first (average linkage, along links)."""

    def __init__(self, witness_of, index: dict[str, list[tuple[str, float]]], apart: set[Pair]):
        self.witness_of = witness_of
        self.index = index  # pid -> (other passage, z) for every pair scored
        self.apart = apart
        self.of: dict[str, int] = {}
        self.cl: dict[int, Cluster] = {}
        self.linked: dict[int, set[int]] = defaultdict(set)  # clusters joined by a link
        self.pending: list[Link] = []  # links between two clusters, placed once all merged
        self.sums: dict[int, dict[int, float]] = defaultdict(dict)  # evidence between clusters

    def add_link(self, lk: Link) -> None:
        a, b = self._cluster(lk.a), self._cluster(lk.b)
        if a == b:
            self.cl[a].links.append(lk)
            return
        self.linked[a].add(b)
        self.linked[b].add(a)
        self.pending.append(lk)

    def _cluster(self, pid: str) -> int:
        k = self.of.get(pid)
        if k is not None:
            return k
        k = len(self.cl)
        self.of[pid] = k
        self.cl[k] = Cluster({pid}, {self.witness_of[pid]: 1})
        return k

    def tally(self) -> None:
        """The evidence between every two clusters, summed once (merges then add it up)."""
        of, sums = self.of, self.sums
        for x, k in of.items():
            row = sums[k]
            for y, v in self.index.get(x, ()):
                other = of.get(y)
                if other is not None and other != k:
                    row[other] = row.get(other, 0.0) + v

    def score(self, a: int, b: int) -> float:
        """The mean evidence of the pairs of passages of different witnesses, one in each."""
        ca, cb = self.cl[a], self.cl[b]
        pairs = len(ca.members) * len(cb.members) - sum(
            k * cb.witnesses.get(w, 0) for w, k in ca.witnesses.items()
        )
        return self.sums[a].get(b, 0.0) / pairs if pairs else 0.0

    def allowed(self, a: int, b: int) -> bool:
        if not self.apart:
            return True
        ma, mb = self.cl[a].members, self.cl[b].members
        return not any(frozenset((x, y)) in self.apart for x in ma for y in mb)

    def merge(self, a: int, b: int) -> int:
        """Merge cluster b into a (the links between them go with it)."""
        ca, cb = self.cl[a], self.cl.pop(b)
        ca.members |= cb.members
        for w, n in cb.witnesses.items():
            ca.witnesses[w] = ca.witnesses.get(w, 0) + n
        ca.links += cb.links
        for pid in cb.members:
            self.of[pid] = a
        self._move_sums(b, a)
        for c in self.linked.pop(b):
            self.linked[c].discard(b)
            if c != a:
                self.linked[c].add(a)
                self.linked[a].add(c)
        self.linked[a].discard(a)
        return a

    def _move_sums(self, b: int, a: int) -> None:
        """The evidence between cluster b and the others becomes cluster a's."""
        sums, into = self.sums, self.sums[a]
        into.pop(b, None)
        for c, v in sums.pop(b, {}).items():
            if c == a:
                continue
            into[c] = into.get(c, 0.0) + v
            row = sums[c]
            row[a] = row.get(a, 0.0) + row.pop(b)

    def merge_pinned(self, links: list[Link]) -> None:
        for lk in links:
            if lk.kind == "pinned":
                a, b = self.of[lk.a], self.of[lk.b]
                if a != b and self.allowed(a, b):
                    self.merge(min(a, b), max(a, b))

    def merge_greedily(self) -> None:
        heap = [(-self.score(a, b), a, b) for a in self.linked for b in self.linked[a] if a < b]
        heapq.heapify(heap)
        while heap:
            neg, a, b = heapq.heappop(heap)
            if a not in self.cl or b not in self.cl or b not in self.linked[a]:
                continue
            now = self.score(a, b)
            if abs(now + neg) > 1e-12:  # stale: the clusters have changed since
                heapq.heappush(heap, (-now, a, b))
                continue
            if now < HOLD_Z:
                break  # (the best merge left is too weak: so are all the others)
            if not self.allowed(a, b):
                self.linked[a].discard(b)
                self.linked[b].discard(a)
                continue
            k = self.merge(a, b)
            for c in self.linked[k]:
                heapq.heappush(heap, (-self.score(min(k, c), max(k, c)), min(k, c), max(k, c)))

    def adopt_orphans(self) -> None:
        """A passage left alone whose links all lead into one group joins it if the group's
        witnesses, each by its best passage there, match it as well as a merge asks: a
        terse witness's one sentence on an episode another tells at length scores low
        against most of that telling (the mean of a merge), not against its best part."""
        by: dict[int, set[int]] = defaultdict(set)
        for lk in self.pending:
            a, b = self.of[lk.a], self.of[lk.b]
            if a != b:
                by[a].add(b)
                by[b].add(a)
        for k, targets in sorted(by.items()):
            if k in self.cl and len(self.cl[k].members) == 1 and len(targets) == 1:
                (t,) = targets
                if (
                    t in self.cl
                    and len(self.cl[t].members) > 1
                    and self.recognised(k, t) >= HOLD_Z
                    and self.allowed(t, k)
                ):
                    self.merge(t, k)

    def recognised(self, k: int, t: int) -> float:
        """How well the witnesses of cluster t, each by its best passage there, match the
        one passage of cluster k (the mean over those witnesses)."""
        (x,) = self.cl[k].members
        wx = self.witness_of[x]
        best: dict[str, float] = {}
        for y, value in self.index.get(x, ()):
            wy = self.witness_of[y]
            if self.of.get(y) == t and value > best.get(wy, -1e9):
                best[wy] = value
        others = [w for w in self.cl[t].witnesses if w != wx]
        return sum(best.get(w, 0.0) for w in others) / len(others) if others else 0.0

    def assign_links(self) -> None:
        """Each link between two clusters that have merged goes with the group."""
        for lk in self.pending:
            a, b = self.of[lk.a], self.of[lk.b]
            if a == b:
                self.cl[a].links.append(lk)

    def clusters(self) -> list[Cluster]:
        return [self.cl[k] for k in sorted(self.cl)]
