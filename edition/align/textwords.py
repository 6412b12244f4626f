"""The words of passages, for the steps that place passages by their words and order."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from rapidfuzz.distance import LCSseq

from edition.arabic.tokens import word_norms
from edition.model import Passage


@dataclass
class Placing:
    """What the steps that place passages by their words and order work from: the
    passages' words, each witness's aligned passages in order, the sort key of a group's
    passages, and the pairs the scholar forbade."""

    words: PassageWords
    alignable: dict[str, list[str]]
    order: Callable[[str], tuple]
    forbidden: set[frozenset[str]] = field(default_factory=set)

    def forbids(self, first: list[str], second: list[str]) -> bool:
        """Whether a group holding both would hold a pair the scholar forbade."""
        return forbids(self.forbidden, first, second)


def forbids(forbidden: set[frozenset[str]], first: list[str], second: list[str]) -> bool:
    if not forbidden:
        return False
    return any(frozenset((x, y)) in forbidden for x in first for y in second)


class PassageWords:
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


def dice(a: list[str], b: list[str]) -> float:
    if not a or not b:
        return 0.0
    return 2 * sum((Counter(a) & Counter(b)).values()) / (len(a) + len(b))


class WordCodes:
    """Words as characters, so that a string's longest common subsequence is the words';
    and back to the words' letters."""

    def __init__(self) -> None:
        self.codes: dict[str, str] = {}
        self.words: dict[str, str] = {}

    def encode(self, ws: list[str]) -> str:
        codes = self.codes
        for w in ws:  # new words get the next codes, in the order they come
            if w not in codes:
                code = codes[w] = chr(0x10000 + len(codes))
                self.words[code] = w
        return "".join(map(codes.__getitem__, ws))

    def letters(self, encoded: str) -> str:
        """The letters of encoded words, without the spaces between them: two editions
        that part words otherwise (`و في` / `وفي`) have the same letters."""
        return "".join(self.words[c] for c in encoded)


LETTERS_ALIKE = 0.85  # two runs of words whose letters are this alike (spacing aside) are one


def alike(part: str, whole: str, codes: WordCodes, share: float) -> bool:
    """Whether `whole` (encoded words) has `share` of `part`'s words in order, or the
    two have nearly the same letters, spacing aside (`و في` / `وفي`)."""
    if not part or not whole:
        return False
    if LCSseq.similarity(part, whole) >= share * len(part):
        return True
    a, b = codes.letters(part), codes.letters(whole)
    return 2 * LCSseq.similarity(a, b) >= LETTERS_ALIKE * (len(a) + len(b))


SOLID_WORDS = 3  # words in common in a row that make a shared stretch


def surplus(own: str, theirs: str, edge: str) -> str:
    """What `theirs` has beyond the words it shares with `own`: after the last of them
    (`edge` "end"), before the first ("start"), or anywhere ("inner")."""
    ops = LCSseq.opcodes(own, theirs)
    equal = [op for op in ops if op.tag == "equal"]
    if not equal:
        return ""
    # a word or two met by chance (`و`, `في`) is no shared stretch to measure an edge from
    solid = [op for op in equal if op.src_end - op.src_start >= SOLID_WORDS]
    equal = solid or equal
    if edge == "end":
        return theirs[equal[-1].dest_end :]
    if edge == "start":
        return theirs[: equal[0].dest_start]
    return "".join(theirs[op.dest_start : op.dest_end] for op in ops if op.tag != "equal")


class Places:
    """Where each group's passages stand: the group of each passage, and its witness and
    position among the witness's aligned passages."""

    def __init__(self, groups: list, alignable: dict[str, list[str]]):
        self.groups, self.alignable = groups, alignable
        self.group_of = {pid: k for k, g in enumerate(groups) for pid in g.passages}
        self.witness_of = {pid: s for s, pids in alignable.items() for pid in pids}
        self.position = {pid: i for pids in alignable.values() for i, pid in enumerate(pids)}

    def witnesses(self, k: int) -> set[str]:
        return {self.witness_of[p] for p in self.groups[k].passages if p in self.witness_of}

    def extent(self, k: int, siglum: str) -> tuple[str, str]:
        """The first and the last passage of group k in a witness."""
        mine = [p for p in self.groups[k].passages if self.witness_of.get(p) == siglum]
        return min(mine, key=self.position.__getitem__), max(mine, key=self.position.__getitem__)

    def neighbour(self, pid: str, step: int) -> int | None:
        """The group of the passage before (step -1) or after (+1) one in its witness."""
        pids = self.alignable[self.witness_of[pid]]
        i = self.position[pid] + step
        return self.group_of.get(pids[i]) if 0 <= i < len(pids) else None
