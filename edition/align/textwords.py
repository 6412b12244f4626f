"""The words of passages, for the steps that place passages by their words and order."""

from __future__ import annotations

from collections import Counter

from rapidfuzz.distance import LCSseq

from edition.arabic.tokens import word_norms
from edition.model import Passage


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


def encode_words(ws: list[str], codes: dict[str, str]) -> str:
    """Words as characters, so that a string's longest common subsequence is the words'."""
    return "".join(codes.setdefault(w, chr(0x10000 + len(codes))) for w in ws)


def surplus(own: str, theirs: str, edge: str) -> str:
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
