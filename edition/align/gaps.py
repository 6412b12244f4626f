"""Passages left out of every group between two groups: where the order of events leaves
them no other counterpart than each other, or than the edge of a neighbouring group.

Two editions of one work lay their text out differently: a page marker on a line of its
own cuts a paragraph in one edition and not in the other, a heading stands elsewhere, a
table is set out line by line. The pieces this leaves (a few words cut off a sentence, a
run of lines) are short, and the scorer cannot tell them from chance. But the order of
events can: between two groups that follow each other in two witnesses, what each witness
has left over can only be told by the other, and a piece cut off a sentence can only
belong with the group beside it, whose other witnesses have its words at that edge.

- **Sandwiched runs.** Two witnesses' runs of passages in no group that lie between the
  same two groups (or the same group and a text's start or end) are one group of their
  own when their words are mostly the same (`SAME_WORDS`, by the Dice coefficient of
  their words).
- **Edges.** A run next to a group joins it when the group's other witnesses have, at that
  edge (after the last words they share with the run's witness there, or before the
  first), words that are mostly the run's (`EDGE_WORDS` of the run's words, in order);
  likewise a run cut off both neighbours (its first words at the end of the group before,
  the rest at the start of the group after), and a run inside a group of its witness.
- **Split groups.** Two groups that follow each other in every witness, where one witness
  has at the end of the first what another has at the start of the second, are merged.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from rapidfuzz.distance import LCSseq

from edition.align.model import Group
from edition.arabic.tokens import word_norms
from edition.model import Passage

SAME_WORDS = 0.5  # Dice coefficient of two sandwiched runs' words that makes them a group
EDGE_WORDS = 0.6  # share of a run's words found in order at a neighbouring group's edge


@dataclass
class Run:
    """A witness's consecutive passages in no group, and the groups either side of them
    (their positions in the list of groups, None at a text's start or end)."""

    siglum: str
    passages: list[str]
    before: int | None
    after: int | None


def fill_gaps(
    groups: list[Group],
    passages: dict[str, Passage],
    alignable: dict[str, list[str]],
    order: Callable[[str], tuple],
    forbidden: set[frozenset[str]] = frozenset(),
) -> list[Group]:
    """The groups with the runs of passages they leave out placed where the order of events
    puts them: new groups of sandwiched runs, and runs joined to a neighbouring group.
    `alignable`: each witness's passages that are aligned, in order; `order`: the sort key
    of a group's passages; no group gets a `forbidden` pair."""
    witness_of = {pid: s for s, pids in alignable.items() for pid in pids}
    words = _Words(passages, witness_of)
    runs = _runs(groups, alignable)
    new: dict[int | None, list[Group]] = {}  # position of the group before -> new groups
    left: list[Run] = []
    for pair in _sandwiches(runs):
        members = _sandwiched(pair, words, forbidden)
        if members:
            pids = sorted((p for r in members for p in r.passages), key=order)
            new.setdefault(members[0].before, []).append(Group("", pids))
        left += [r for r in pair if r not in members]
    for run in left:
        _join_edge(run, groups, words, order, forbidden)
    out = list(new.get(None, []))
    for k, g in enumerate(groups):
        out.append(g)
        out += new.get(k, [])
    return out


class _Words:
    """Normalised words of passages, read once, and the witness of each passage."""

    def __init__(self, passages: dict[str, Passage], witness_of: dict[str, str]):
        self.passages, self.witness_of = passages, witness_of
        self.cache: dict[str, list[str]] = {}

    def of(self, pids: list[str]) -> list[str]:
        out: list[str] = []
        for pid in pids:
            if pid not in self.cache:
                self.cache[pid] = word_norms(self.passages[pid].text)
            out += self.cache[pid]
        return out


def _runs(groups: list[Group], alignable: dict[str, list[str]]) -> list[Run]:
    where = {pid: k for k, g in enumerate(groups) for pid in g.passages}
    runs = []
    for siglum, pids in alignable.items():
        current: list[str] = []
        before = None
        for pid in [*pids, None]:
            k = where.get(pid) if pid is not None else None
            if pid is not None and k is None:
                current.append(pid)
                continue
            if current:
                runs.append(Run(siglum, current, before, k))
                current = []
            before = k
    return runs


def _sandwiches(runs: list[Run]) -> list[list[Run]]:
    """Runs grouped by the groups either side of them; a run alone is a list of one."""
    by_place: dict[tuple, list[Run]] = {}
    for r in runs:
        by_place.setdefault((r.before, r.after), []).append(r)
    return list(by_place.values())


def _dice(a: list[str], b: list[str]) -> float:
    if not a or not b:
        return 0.0
    return 2 * sum((Counter(a) & Counter(b)).values()) / (len(a) + len(b))


def _sandwiched(runs: list[Run], words: _Words, forbidden) -> list[Run]:
    """The runs (one a witness) that make a group: each mostly the same words as another."""
    if len({r.siglum for r in runs}) < 2 or len(runs) != len({r.siglum for r in runs}):
        return []
    members = [
        r
        for r in runs
        if any(
            o is not r and _dice(words.of(r.passages), words.of(o.passages)) >= SAME_WORDS
            for o in runs
        )
    ]
    if len(members) < 2:
        return []
    pids = [p for r in members for p in r.passages]
    if any(frozenset((x, y)) in forbidden for x in pids for y in pids):
        return []
    return members


def _join_edge(run: Run, groups: list[Group], words: _Words, order, forbidden) -> None:
    """Join a run to the group before it or after it, whichever edge has its words; to the
    group before it when its words are split between the two edges (the groups are then
    one stretch of text: see `merge_split_groups`); to the group around it when its own
    witness has it inside that group (the other witnesses have its words where theirs do
    not meet the group's other words)."""
    b, a = run.before, run.after
    if b is not None and b == a:
        tries = [(b, [(b, "inner")])]
    else:
        tries = [(k, [(k, edge)]) for k, edge in ((b, "end"), (a, "start")) if k is not None]
        if b is not None and a is not None:
            tries.append((b, [(b, "end"), (a, "start")]))
    for k, edges in tries:
        g = groups[k]
        if any(frozenset((x, y)) in forbidden for x in run.passages for y in g.passages):
            continue
        if _edges_have(run, [(groups[j], edge) for j, edge in edges], words):
            g.passages = sorted(g.passages + run.passages, key=order)
            return


def _edges_have(run: Run, edges: list[tuple[Group, str]], words: _Words) -> bool:
    """Whether another witness of the groups has most of the run's words (in order) at
    these edges of them ("end", "start", or "inner": anywhere), beyond what it shares with
    the run's witness there."""
    codes: dict[str, str] = {}
    mine = _encode(words.of(run.passages), codes)
    held = [{words.witness_of[p] for p in g.passages} for g, _ in edges]
    if any(run.siglum not in sigla for sigla in held):
        return False
    for other in sorted(set.intersection(*held) - {run.siglum}):
        found = ""
        for g, edge in edges:
            own = _encode(
                words.of([p for p in g.passages if words.witness_of[p] == run.siglum]), codes
            )
            theirs = _encode(
                words.of([p for p in g.passages if words.witness_of[p] == other]), codes
            )
            found += _surplus(own, theirs, edge)
        if found and LCSseq.similarity(mine, found) >= EDGE_WORDS * len(mine):
            return True
    return False


def _encode(ws: list[str], codes: dict[str, str]) -> str:
    """Words as characters, so that a string's longest common subsequence is the words'."""
    return "".join(codes.setdefault(w, chr(0x10000 + len(codes))) for w in ws)


def _surplus(own: str, theirs: str, edge: str) -> str:
    """What `theirs` has beyond the words it shares with `own`: after the last of them
    (`edge` "end"), before the first ("start"), or anywhere ("inner")."""
    ops = LCSseq.opcodes(own, theirs)
    equal = [op for op in ops if op.tag == "equal"]
    if not equal:
        return ""
    if edge == "end":
        return theirs[equal[-1].dest_end :]
    if edge == "start":
        return theirs[: equal[0].dest_start]
    return "".join(theirs[op.dest_start : op.dest_end] for op in ops if op.tag != "equal")


def merge_split_groups(
    groups: list[Group],
    passages: dict[str, Passage],
    alignable: dict[str, list[str]],
    order: Callable[[str], tuple],
    forbidden: set[frozenset[str]] = frozenset(),
) -> list[Group]:
    """Two groups that follow each other in every witness they hold (the same witnesses),
    where one witness has at the end of the first what another has at the start of the
    second (beyond the words they share there): one stretch of text that two editions cut
    at other places, however many words lie between the two cuts. They are merged."""
    witness_of = {pid: s for s, pids in alignable.items() for pid in pids}
    words = _Words(passages, witness_of)
    place = _Places(groups, alignable)
    root = list(range(len(groups)))  # the group each is merged into (union-find)

    def find(k: int) -> int:
        while root[k] != k:
            root[k] = root[root[k]]
            k = root[k]
        return k

    for k in range(len(groups)):
        nxt = place.next_everywhere(k)
        if nxt is None or _forbids(forbidden, groups[k].passages, groups[nxt].passages):
            continue
        if _cut_elsewhere(groups[k], groups[nxt], words):
            a, b = sorted((find(k), find(nxt)))
            root[b] = a
    out = []
    for k, g in enumerate(groups):
        into = groups[find(k)]
        if into is g:
            out.append(g)
        else:
            into.passages = sorted(into.passages + g.passages, key=order)
            into.links = sorted(into.links + g.links, key=lambda lk: -lk.z)
    return out


def _forbids(forbidden, first: list[str], second: list[str]) -> bool:
    return any(frozenset((x, y)) in forbidden for x in first for y in second)


class _Places:
    """Where each group's passages stand in each witness."""

    def __init__(self, groups: list[Group], alignable: dict[str, list[str]]):
        self.groups, self.alignable = groups, alignable
        self.group_of = {pid: k for k, g in enumerate(groups) for pid in g.passages}
        self.witness_of = {pid: s for s, pids in alignable.items() for pid in pids}
        self.position = {pid: i for pids in alignable.values() for i, pid in enumerate(pids)}

    def witnesses(self, k: int) -> set[str]:
        return {self.witness_of[p] for p in self.groups[k].passages if p in self.witness_of}

    def next_everywhere(self, k: int) -> int | None:
        """The group right after group k in each of its witnesses, if it is the same one,
        holds the same witnesses, and starts right after k ends in each of them."""
        found = set()
        sigla = self.witnesses(k)
        for s in sigla:
            last = max(
                self.position[p] for p in self.groups[k].passages if self.witness_of.get(p) == s
            )
            pids = self.alignable[s]
            found.add(self.group_of.get(pids[last + 1]) if last + 1 < len(pids) else None)
        if len(found) != 1 or None in found:
            return None
        (nxt,) = found
        if nxt == k or self.witnesses(nxt) != sigla:
            return None
        first = {
            s: min(
                self.position[p] for p in self.groups[nxt].passages if self.witness_of.get(p) == s
            )
            for s in sigla
        }
        ends = {
            s: max(self.position[p] for p in self.groups[k].passages if self.witness_of.get(p) == s)
            for s in sigla
        }
        return nxt if all(first[s] == ends[s] + 1 for s in sigla) else None


def _cut_elsewhere(first: Group, second: Group, words: _Words) -> bool:
    """Whether a witness has at the end of `first`, beyond what it shares there with
    another, mostly what the other has at the start of `second`, beyond what they share."""
    sigla = sorted({words.witness_of[p] for p in first.passages})
    codes: dict[str, str] = {}

    def text(g: Group, s: str) -> str:
        return _encode(words.of([p for p in g.passages if words.witness_of[p] == s]), codes)

    for a in sigla:
        for b in sigla:
            if a == b:
                continue
            tail = _surplus(text(first, b), text(first, a), "end")  # a's, beyond b's
            head = _surplus(text(second, a), text(second, b), "start")  # b's, before a's
            if (
                tail
                and head
                and LCSseq.similarity(tail, head) >= EDGE_WORDS * max(len(tail), len(head))
            ):
                return True
    return False
