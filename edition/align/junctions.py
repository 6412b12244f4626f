"""Groups that one text, cut into passages at other places, splits in two.

Two editions of one work seldom end their passages at the same words: one edition's
sentence ends at a full stop that the other, unpunctuated, does not have, so its passage
runs on for a word or two into what the first edition puts in the next passage. The
aligner then makes two groups where there is one stretch of text, and the collation shows
the same words twice, as an addition at the end of one group and an omission at the start
of the next. Such neighbouring groups are merged.
"""

from __future__ import annotations

from collections.abc import Callable

from edition.align.model import Group
from edition.arabic.tokens import word_norms
from edition.model import Passage

WINDOW = 60  # words each side of the junction that are compared (a passage at most)
CONTEXT = 3  # words before and after the shifted ones that must agree too


def shifted(end_a: list[str], start_a: list[str], end_b: list[str], start_b: list[str]) -> bool:
    """Whether witness A's text around a junction is witness B's with the junction moved:
    A's part before it ends with the first words of B's part after it (or the reverse),
    and the words either side agree."""
    a, b = (end_a, start_a), (end_b, start_b)
    for (e1, s1), (e2, s2) in ((a, b), (b, a)):
        for j in range(1, min(WINDOW, len(e1), len(s2)) + 1):
            if e1[-j:] != s2[:j]:
                continue
            before = min(CONTEXT, len(e1) - j, len(e2))
            after = min(CONTEXT, len(s1), len(s2) - j)
            if before + after == 0:
                continue
            if e1[len(e1) - j - before : len(e1) - j] == e2[len(e2) - before :] and (
                s1[:after] == s2[j : j + after]
            ):
                return True
    return False


def merge_shifted_junctions(
    groups: list[Group],
    passages: dict[str, Passage],
    witness_of: dict[str, str],
    index: dict[str, int],
    order: Callable[[str], tuple],
    forbidden: set[frozenset[str]] = frozenset(),
) -> list[Group]:
    """The groups, in reading order, with each pair of neighbours that one text splits at
    another place merged (passages and links). `index`: a passage's position in its
    witness; `order`: the sort key of a group's passages. Neighbours must hold the same
    witnesses, each passing from the one group straight into the other; no merged group may
    hold a `forbidden` pair."""
    out: list[Group] = []
    for group in groups:
        prev = out[-1] if out else None
        if (
            prev is not None
            and _one_stretch(prev.passages, group.passages, passages, witness_of, index)
            and not _forbids(forbidden, prev.passages, group.passages)
        ):
            prev.passages = sorted(prev.passages + group.passages, key=order)
            prev.links = sorted(prev.links + group.links, key=lambda lk: -lk.z)
        else:
            out.append(group)
    return out


def _forbids(forbidden: set[frozenset[str]], first: list[str], second: list[str]) -> bool:
    return any(frozenset((x, y)) in forbidden for x in first for y in second)


def _one_stretch(first, second, passages, witness_of, index) -> bool:
    ends: dict[str, str] = {}
    starts: dict[str, str] = {}
    for pid in first:
        s = witness_of[pid]
        if s not in ends or index[pid] > index[ends[s]]:
            ends[s] = pid
    for pid in second:
        s = witness_of[pid]
        if s not in starts or index[pid] < index[starts[s]]:
            starts[s] = pid
    if ends.keys() != starts.keys() or len(ends) < 2:
        return False
    if any(index[starts[s]] != index[ends[s]] + 1 for s in ends):
        return False  # not neighbours in every witness
    words = {
        s: (
            word_norms(passages[ends[s]].text)[-WINDOW:],
            word_norms(passages[starts[s]].text)[:WINDOW],
        )
        for s in ends
    }
    sigla = sorted(words)
    return any(shifted(*words[a], *words[b]) for k, a in enumerate(sigla) for b in sigla[k + 1 :])
