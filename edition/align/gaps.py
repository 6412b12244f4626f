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
- **Runs without words** (a row of dots, a lone question mark) have nothing to place them
  by but their place: they stay with the group before them in their witness.
"""

from __future__ import annotations

from dataclasses import dataclass

from edition.align.model import Group, Link
from edition.align.textwords import PassageWords, Placing, WordCodes, alike, dice, surplus

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


def fill_gaps(groups: list[Group], placing: Placing) -> list[Group]:
    """The groups with the runs of passages they leave out placed where the order of events
    puts them: new groups of sandwiched runs, and runs joined to a neighbouring group; no
    group gets a forbidden pair."""
    words = placing.words
    runs = _runs(groups, placing.alignable)
    new: dict[int | None, list[Group]] = {}  # position of the group before -> new groups
    left: list[Run] = []
    for pair in _sandwiches(runs):
        members = _sandwiched(pair, placing)
        if members:
            pids = sorted((p for r in members for p in r.passages), key=placing.order)
            links = _placed_links(members, words)
            new.setdefault(members[0].before, []).append(Group("", pids, links))
        left += [r for r in pair if r not in members]
    for run in left:
        _join_edge(run, groups, placing)
    out = list(new.get(None, []))
    for k, g in enumerate(groups):
        out.append(g)
        out += new.get(k, [])
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


def _placed_links(members: list[Run], words: PassageWords) -> list[Link]:
    """A group's links from its first run to each other run: kind "placed", its score and
    confidence the Dice coefficient of their words (no chance baseline: z 0)."""
    first = members[0]
    out = []
    for r in members[1:]:
        share = round(dice(words.of(first.passages), words.of(r.passages)), 4)
        out.append(Link(first.passages[0], r.passages[0], share, 0.0, round(share, 2), "placed"))
    return out


def _sandwiched(runs: list[Run], placing: Placing) -> list[Run]:
    """The runs (one a witness) that make a group: each mostly the same words as another."""
    if len({r.siglum for r in runs}) < 2 or len(runs) != len({r.siglum for r in runs}):
        return []
    words = placing.words
    members = [
        r
        for r in runs
        if any(
            o is not r and dice(words.of(r.passages), words.of(o.passages)) >= SAME_WORDS
            for o in runs
        )
    ]
    if len(members) < 2:
        return []
    pids = [p for r in members for p in r.passages]
    if placing.forbids(pids, pids):
        return []
    return members


def _join_edge(run: Run, groups: list[Group], placing: Placing) -> None:
    """Join a run to the group before it or after it, whichever edge has its words; to the
    group before it when its words are split between the two edges (the groups are then
    one stretch of text: see `merge_split_groups`); to the group around it when its own
    witness has it inside that group (the other witnesses have its words where theirs do
    not meet the group's other words). A run without words (a row of dots, a lone
    question mark) has nothing to place it by but its place: it stays with the text
    before it, or after it at a text's start."""
    b, a = run.before, run.after
    words = placing.words
    if not words.of(run.passages):
        _join_wordless(run, groups, placing)
        return
    if b is not None and b == a:
        tries = [(b, [(b, "inner")])]
    else:
        tries = [(k, [(k, edge)]) for k, edge in ((b, "end"), (a, "start")) if k is not None]
        if b is not None and a is not None:
            tries.append((b, [(b, "end"), (a, "start")]))
    for k, edges in tries:
        g = groups[k]
        if placing.forbids(run.passages, g.passages):
            continue
        if _edges_have(run, [(groups[j], edge) for j, edge in edges], words):
            g.passages = sorted(g.passages + run.passages, key=placing.order)
            return


def _join_wordless(run: Run, groups: list[Group], placing: Placing) -> None:
    for k in (run.before, run.after):
        if k is None:
            continue
        g = groups[k]
        if placing.forbids(run.passages, g.passages):
            continue
        if run.siglum not in {placing.words.witness_of[p] for p in g.passages}:
            continue
        g.passages = sorted(g.passages + run.passages, key=placing.order)
        return


def _edges_have(run: Run, edges: list[tuple[Group, str]], words: PassageWords) -> bool:
    """Whether another witness of the groups has most of the run's words (in order) at
    these edges of them ("end", "start", or "inner": anywhere), beyond what it shares with
    the run's witness there."""
    codes = WordCodes()
    mine = codes.encode(words.of(run.passages))
    held = [{words.witness_of[p] for p in g.passages} for g, _ in edges]
    if any(run.siglum not in sigla for sigla in held):
        return False
    for other in sorted(set.intersection(*held) - {run.siglum}):
        found = ""
        for g, edge in edges:
            own = codes.encode(
                words.of([p for p in g.passages if words.witness_of[p] == run.siglum])
            )
            theirs = codes.encode(words.of([p for p in g.passages if words.witness_of[p] == other]))
            found += surplus(own, theirs, edge)
        if alike(mine, found, codes, EDGE_WORDS):
            return True
    return False
