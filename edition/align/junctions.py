"""Groups that one text, cut into passages at other places, splits in two.

Two editions of one work seldom end their passages at the same words: one edition's
sentence ends at a full stop that the other, unpunctuated, does not have, so its passage
runs on for a word or two into what the first edition puts in the next passage. The
aligner then makes two groups where there is one stretch of text, and the collation shows
the same words twice, as an addition at the end of one group and an omission at the start
of the next. Such neighbouring groups are merged: those that list next to each other and
whose junction moved by at most a passage's words (`merge_shifted_junctions`), and any two
that follow each other in every witness, where one witness has at the end of the first
what another has at the start of the second, however far apart the two cuts
(`merge_split_groups`).
"""

from __future__ import annotations

from collections.abc import Callable

from edition.align.model import Group
from edition.align.textwords import (
    SOLID_WORDS,
    PassageWords,
    Places,
    Placing,
    WordCodes,
    alike,
    forbids,
    surplus,
)

WINDOW = 60  # words each side of the junction that are compared (a passage at most)
CONTEXT = 3  # words before and after the shifted ones that must agree too
SHIFTED_WORDS = 0.6  # what one witness has beyond another at both sides of a junction, alike


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
    words: PassageWords,
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
            and _one_stretch(prev.passages, group.passages, words, witness_of, index)
            and not forbids(forbidden, prev.passages, group.passages)
        ):
            prev.passages = sorted(prev.passages + group.passages, key=order)
            prev.links = sorted(prev.links + group.links, key=lambda lk: -lk.z)
        else:
            out.append(group)
    return out


def _one_stretch(first, second, words: PassageWords, witness_of, index) -> bool:
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
    edges = {s: (words.of([ends[s]])[-WINDOW:], words.of([starts[s]])[:WINDOW]) for s in ends}
    sigla = sorted(edges)
    return any(shifted(*edges[a], *edges[b]) for k, a in enumerate(sigla) for b in sigla[k + 1 :])


def merge_split_groups(groups: list[Group], placing: Placing) -> list[Group]:
    """Two groups that follow each other in every witness they hold (the same witnesses),
    where one witness has at the end of the first what another has at the start of the
    second (beyond the words they share there): one stretch of text that two editions cut
    at other places, however many words lie between the two cuts. They are merged (never
    into a forbidden pair)."""
    place = Places(groups, placing.alignable)
    root = list(range(len(groups)))  # the group each is merged into (union-find)
    members = {k: list(g.passages) for k, g in enumerate(groups)}  # of each root

    def find(k: int) -> int:
        while root[k] != k:
            root[k] = root[root[k]]
            k = root[k]
        return k

    for k in range(len(groups)):
        nxt = _next_everywhere(place, k)
        if nxt is None or not _cut_elsewhere(groups[k], groups[nxt], placing.words):
            continue
        a, b = sorted((find(k), find(nxt)))
        if a != b and not placing.forbids(members[a], members[b]):
            root[b] = a
            members[a] += members.pop(b)
    out = []
    for k, g in enumerate(groups):
        into = groups[find(k)]
        if into is g:
            out.append(g)
        else:
            into.passages = sorted(into.passages + g.passages, key=placing.order)
            into.links = sorted(into.links + g.links, key=lambda lk: -lk.z)
    return out


def _next_everywhere(place: Places, k: int) -> int | None:
    """The group right after group k in each of its witnesses, if it is the same one,
    holds the same witnesses, and starts right after k ends in each of them."""
    sigla = place.witnesses(k)
    ends = {s: place.extent(k, s)[1] for s in sigla}
    found = {place.neighbour(last, 1) for last in ends.values()}
    if len(found) != 1 or None in found:
        return None
    (nxt,) = found
    if nxt == k or place.witnesses(nxt) != sigla:
        return None
    starts = {s: place.extent(nxt, s)[0] for s in sigla}
    ok = all(place.position[starts[s]] == place.position[ends[s]] + 1 for s in sigla)
    return nxt if ok else None


def _cut_elsewhere(first: Group, second: Group, words: PassageWords) -> bool:
    """Whether a witness has at the end of `first`, beyond what it shares there with
    another, mostly what the other has at the start of `second`, beyond what they share."""
    sigla = sorted({words.witness_of[p] for p in first.passages})
    codes = WordCodes()
    raw: dict[tuple[int, str], tuple[str, ...]] = {}

    def words_of(g: Group, s: str) -> tuple[str, ...]:
        key = (id(g), s)
        if key not in raw:
            raw[key] = tuple(words.of([p for p in g.passages if words.witness_of[p] == s]))
        return raw[key]

    def text(g: Group, s: str) -> str:
        return codes.encode(list(words_of(g, s)))

    # the same words at the first's end, or at the second's start, in every witness: nothing
    # moved across that edge (a shared stretch ends and starts the two)
    if len({words_of(first, s)[-SOLID_WORDS:] for s in sigla}) == 1:
        return False
    if len({words_of(second, s)[:SOLID_WORDS] for s in sigla}) == 1:
        return False
    for a in sigla:
        for b in sigla:
            if a == b:
                continue
            tail = surplus(text(first, b), text(first, a), "end")  # a's, beyond b's
            head = surplus(text(second, a), text(second, b), "start")  # b's, before a's
            longer, shorter = sorted((tail, head), key=len, reverse=True)
            if alike(longer, shorter, codes, SHIFTED_WORDS):
                return True
            if _moved_at_the_cut(tail, head, codes):
                return True
    return False


NOISE_WORDS = 2  # words beside the moved ones that may differ (a note number, a conjunction)


def _moved_at_the_cut(tail: str, head: str, codes: WordCodes) -> bool:
    """Whether the words one witness has last in the first group are those the other has
    first in the second, give or take NOISE_WORDS before them (`الكلس 880 اثوابها` /
    `الكلس اثوابها فهي`: the note number ends the shared stretch early), or more when at
    least two words are the same at the cut (`أخواه [` / `] من الرضاع` against `أخواه -
    صلى الله عليه وسلم - من الرضاع`: a formula one edition leaves out)."""
    if not tail or not head:
        return False
    n = min(len(tail), len(head))
    if abs(len(tail) - len(head)) > NOISE_WORDS and (n < 2 or tail[-n:] != head[:n]):
        return False  # more than noise between: only the same two words or more at the cut
    return alike(tail[-n:], head[:n], codes, SHIFTED_WORDS)


def merge_enclosed_groups(groups: list[Group], placing: Placing) -> list[Group]:
    """A group that skips, in every witness it holds, exactly the passages of other groups
    of the same witnesses (and nothing else) is one stretch of text with them: a heading
    or a formula (`رضي الله عنه`) that two editions cut off at other places. They are merged
    (never into a forbidden pair)."""
    place = Places(groups, placing.alignable)
    into: dict[int, int] = {}
    for k in range(len(groups)):
        inner = _enclosed(k, place)
        if not inner or k in into or any(h in into for h in inner):
            continue
        pids = [p for h in (k, *inner) for p in groups[h].passages]
        if placing.forbids(pids, pids):
            continue
        for h in inner:
            into[h] = k
    for h, k in into.items():
        outer = groups[k]
        outer.passages = sorted(outer.passages + groups[h].passages, key=placing.order)
        outer.links = sorted(outer.links + groups[h].links, key=lambda lk: -lk.z)
    return [g for h, g in enumerate(groups) if h not in into]


def _enclosed(k: int, place: Places) -> set[int]:
    """The groups whose passages are all and only what group k skips in each witness, if
    they hold the same witnesses as k."""
    sigla = place.witnesses(k)
    own = set(place.groups[k].passages)
    skipped: set[str] = set()
    for s in sigla:
        first, last = (place.position[p] for p in place.extent(k, s))
        pids = place.alignable[s]
        skipped.update(pids[i] for i in range(first, last + 1) if pids[i] not in own)
    inner = {place.group_of.get(p) for p in skipped}
    if not skipped or None in inner:
        return set()
    for h in inner:
        if place.witnesses(h) != sigla or not set(place.groups[h].passages) <= skipped:
            return set()
    return inner  # type: ignore[return-value]
