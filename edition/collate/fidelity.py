"""Every word once: each witness, read in order through the edition (the groups it is in,
each read through its collation and cut where the witness skips passages, and its passages
in no group as they are), gives back exactly the witness's text: nothing lost, nothing
twice, nothing invented. The build checks it before it writes anything."""

from __future__ import annotations

import re
from dataclasses import dataclass

from edition.align.model import Alignment
from edition.arabic.tokens import tokenize
from edition.collate.model import Apparatus, GroupCollation
from edition.errors import EditionError
from edition.model import Witness
from edition.parallel import fork_map


class FidelityError(EditionError):
    """The apparatus does not give back a witness's text (a fault of the tool, never of the
    input: the edition is not written)."""


@dataclass(frozen=True)
class Step:
    """One step of reading a witness through the edition: the next piece of its reading of
    a group, or one of its passages in no group."""

    passage: str  # the first passage of the step
    group: str | None = None


def reading_order(witness: Witness, alignment: Alignment) -> list[Step]:
    """How a witness is read through the edition: each run of its adjacent passages in one
    group is one piece of that group's reading; a passage in no group is read as it is."""
    steps: list[Step] = []
    prev = None
    for p in witness.passages:
        group = alignment.group_of(p.id)
        gid = group.id if group is not None else None
        if gid is None or gid != prev:
            steps.append(Step(p.id, gid))
        prev = gid
    return steps


def read_back(
    witness: Witness, alignment: Alignment, collations: dict[str, GroupCollation]
) -> list[tuple[str, str]]:
    """(first passage, text) of each step of reading the witness through the edition."""
    texts = {p.id: p.text for p in witness.passages}
    pieces: dict[str, list[str]] = {}
    out = []
    for step in reading_order(witness, alignment):
        if step.group is None:
            out.append((step.passage, texts[step.passage]))
            continue
        if step.group not in pieces:
            pieces[step.group] = collations[step.group].segments_of(witness.siglum)
        left = pieces[step.group]
        if not left:
            raise FidelityError(
                f"witness {witness.siglum}: group {step.group} has fewer pieces of its "
                f"reading than runs of its passages (at {step.passage})"
            )
        out.append((step.passage, left.pop(0)))
    for gid, left in pieces.items():
        if left:
            raise FidelityError(
                f"witness {witness.siglum}: group {gid} has more pieces of its reading than "
                "runs of its passages"
            )
    return out


def check_fidelity(witnesses: list[Witness], alignment: Alignment, apparatus: Apparatus) -> None:
    """Raise FidelityError, naming the witness and the place, unless every witness reads
    back exactly (white space aside: the same words and punctuation) through the edition."""
    collations = {gc.group: gc for gc in apparatus.groups}

    def check(w: Witness) -> None:
        got = read_back(w, alignment, collations)
        expected = [(p.id, p.text) for p in w.passages]
        if _shape(expected) != _shape(got):
            _compare(w.siglum, expected, got)

    size = sum(len(p.text) for w in witnesses for p in w.passages)
    for _ in fork_map(check, witnesses, size >= PARALLEL_CHARS):
        pass


PARALLEL_CHARS = 500_000  # witnesses this long (together) are checked on all cores


# white space that parts two words (letters, marks or digits either side); other white space
# (beside punctuation) may differ between a witness and the shared text: it is no variant
_PARTING = re.compile(
    r"(?<=[^\W_\u064b-\u065f\u0670])\s+(?=[^\W_])|(?<=[\u064b-\u065f\u0670])\s+(?=[^\W_])"
)
_SPACE = re.compile(r"\s+")


def _shape(steps: list[tuple[str, str]]) -> str:
    """The text's characters but white space, with a mark where white space parts two
    words: equal shapes are equal tokens (a fast first test)."""
    joined = " ".join(text for _pid, text in steps)
    return _SPACE.sub("", _PARTING.sub("\x00", joined))


def _words(steps: list[tuple[str, str]]) -> tuple[list[str], list[str]]:
    """The tokens (words and punctuation, white space aside) of a sequence of (passage,
    text), and the passage of each."""
    words, where = [], []
    for pid, text in steps:
        for t in tokenize(text):
            words.append(t.text)
            where.append(pid)
    return words, where


def _compare(siglum: str, expected: list[tuple[str, str]], got: list[tuple[str, str]]) -> None:
    want, where = _words(expected)
    have, _ = _words(got)
    if want == have:
        return
    k = next((k for k, (a, b) in enumerate(zip(want, have, strict=False)) if a != b), None)
    k = min(len(want), len(have)) if k is None else k
    place = where[k] if k < len(where) else (where[-1] if where else "its end")
    lost = " ".join(want[k : k + 6]) or "nothing"
    read = " ".join(have[k : k + 6]) or "nothing"
    raise FidelityError(
        f"witness {siglum} does not read back from the apparatus at passage {place} "
        f"(word {k + 1}): the witness has «{lost}», the edition gives «{read}»"
    )


def sequence(witnesses: list[Witness], alignment: Alignment) -> dict[str, list[dict]]:
    """Each witness's reading order, for `apparatus.json`: `{"group": ID}` for the next
    piece of its reading of a group, `{"passage": ID, "text": ...}` for a passage in no
    group."""
    out: dict[str, list[dict]] = {}
    for w in witnesses:
        texts = {p.id: p.text for p in w.passages}
        out[w.siglum] = [
            {"group": s.group, "from": s.passage}
            if s.group is not None
            else {"passage": s.passage, "text": texts[s.passage]}
            for s in reading_order(w, alignment)
        ]
    return out
