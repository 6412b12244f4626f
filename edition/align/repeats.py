"""A witness that has the same text twice: one copy in a group, the other its own.

A digital edition sometimes repeats a stretch (a page set twice, a block pasted again); an
author sometimes quotes a passage again. Passages of the same words are the same text
wherever they are found, so both copies join the passage of another witness that has the
text once, and every group of the stretch holds the two copies, far apart in their
witness. Where every witness has the text as often, the first copies make one group and
the second another. Otherwise the group keeps the copy that stands in the order of events
(the groups before and after it in its witness are those before and after the group in the
others; of copies that stand equally well, the first); the other copy is left out of it, to
be shown as what the witness alone has there (it says it twice, the others once).
"""

from __future__ import annotations

from edition.align.model import Group
from edition.align.textwords import PassageWords, Places, Placing, dice

COPIES = 0.8  # Dice coefficient of two runs' words that makes them copies of one text


def keep_one_copy(groups: list[Group], placing: Placing) -> list[Group]:
    """The groups, each holding one copy of a text that its witness has twice: a group
    where every witness has the text as often (each repeats it) is cut in as many groups,
    the first copies together, then the second; otherwise a witness's extra copies are
    left out."""
    words = placing.words
    order = Places(groups, placing.alignable)
    out: list[Group] = []
    for k, g in enumerate(groups):
        runs = _runs_by_witness(g, order)
        pinned = {p for lk in g.links if lk.kind == "pinned" for p in (lk.a, lk.b)}
        if not pinned and _told_as_often(runs, words):
            out += [
                _subgroup(g, [r[i] for r in runs.values()])
                for i in range(len(next(iter(runs.values()))))
            ]
            continue
        for siglum, mine in runs.items():
            if len(mine) > 1:
                _drop_copies(g, k, siglum, mine, words, order, pinned)
        out.append(g)
    return out


def _told_as_often(runs: dict[str, list[list[str]]], words: PassageWords) -> bool:
    """Every witness has the group's text the same number of times (two or more), and its
    n-th copies are copies of each other's."""
    counts = {len(r) for r in runs.values()}
    if len(runs) < 2 or len(counts) != 1 or counts == {1}:
        return False
    first = next(iter(runs.values()))
    return all(
        dice(words.of(r[i]), words.of(first[i])) >= COPIES
        for r in runs.values()
        for i in range(len(first))
    )


def _subgroup(g: Group, runs: list[list[str]]) -> Group:
    pids = {p for r in runs for p in r}
    links = [lk for lk in g.links if lk.a in pids and lk.b in pids]
    return Group("", [p for p in g.passages if p in pids], links)


def _drop_copies(g: Group, k: int, siglum: str, runs, words, order, pinned: set[str]) -> None:
    """Leave out of group k a witness's runs that copy the one standing in order (a run
    the scholar pinned is never left out, and stands first)."""

    def rank(r: list[str]) -> tuple:
        return (not pinned.intersection(r), -_in_order(order, k, siglum, r), order.position[r[0]])

    runs = sorted(runs, key=rank)
    keep = runs[0]
    drop = {
        p
        for r in runs[1:]
        if not pinned.intersection(r) and dice(words.of(r), words.of(keep)) >= COPIES
        for p in r
    }
    if drop:
        g.passages = [p for p in g.passages if p not in drop]
        g.links = [lk for lk in g.links if lk.a not in drop and lk.b not in drop]


def _in_order(place: Places, k: int, siglum: str, run: list[str]) -> int:
    """How many of the run's sides (before, after) have the group that the other witnesses
    of group k have on that side of it."""
    others = place.witnesses(k) - {siglum}
    before = {place.neighbour(place.extent(k, s)[0], -1) for s in others}
    after = {place.neighbour(place.extent(k, s)[1], 1) for s in others}
    mine_before, mine_after = place.neighbour(run[0], -1), place.neighbour(run[-1], 1)
    return (mine_before is not None and mine_before in before) + (
        mine_after is not None and mine_after in after
    )


def _runs_by_witness(g: Group, order: Places) -> dict[str, list[list[str]]]:
    """A group's passages of each witness, in runs of adjacent ones."""
    runs: dict[str, list[list[str]]] = {}
    for pid in sorted(
        (p for p in g.passages if p in order.witness_of), key=order.position.__getitem__
    ):
        s = order.witness_of[pid]
        mine = runs.setdefault(s, [])
        if mine and order.position[mine[-1][-1]] + 1 == order.position[pid]:
            mine[-1].append(pid)
        else:
            mine.append([pid])
    return runs
