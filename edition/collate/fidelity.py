"""Every word once: each witness, read in order through the edition (the groups it is in,
each read through its collation and cut where the witness skips passages, and its passages
in no group as they are), gives back exactly the witness's text: nothing lost, nothing
twice, nothing invented. The build checks it before it writes anything."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from edition.align.model import Alignment
from edition.arabic.tokens import TOKEN_RE, tokenize
from edition.collate.model import Apparatus, GroupCollation
from edition.collate.run import PARALLEL_CHARS  # (witnesses this long are checked on all cores)
from edition.errors import EditionError
from edition.model import Witness
from edition.parallel import fork_map

T = TypeVar("T")


class FidelityError(EditionError):
    """The apparatus does not give back a witness's text (a fault of the tool, never of the
    input: the edition is not written)."""


@dataclass(frozen=True)
class Step:
    """One step of reading a witness through the edition: the next piece of its reading of
    a group, or one of its passages in no group."""

    passages: tuple[str, ...]  # the run of adjacent passages it reads
    group: str | None = None

    @property
    def passage(self) -> str:
        return self.passages[0]


def runs_by_group(
    items: list[T], group_of: Callable[[T], str | None]
) -> list[tuple[str | None, list[T]]]:
    """A witness's passages (ids or elements) as it is read through the edition: runs of
    adjacent ones in one group, and ones in no group each on its own."""
    runs: list[tuple[str | None, list[T]]] = []
    for item in items:
        g = group_of(item)
        if g is not None and runs and runs[-1][0] == g:
            runs[-1][1].append(item)
        else:
            runs.append((g, [item]))
    return runs


def reading_order(witness: Witness, alignment: Alignment) -> list[Step]:
    """How a witness is read through the edition: each run of its adjacent passages in one
    group is one piece of that group's reading; a passage in no group is read as it is."""

    def group_of(pid: str) -> str | None:
        group = alignment.group_of(pid)
        return group.id if group is not None else None

    runs = runs_by_group([p.id for p in witness.passages], group_of)
    return [Step(tuple(pids), gid) for gid, pids in runs]


def read_back(
    witness: Witness, alignment: Alignment, collations: dict[str, GroupCollation]
) -> list[tuple[Step, str]]:
    """Each step of reading the witness through the edition, and the text it reads."""
    texts = {p.id: p.text for p in witness.passages}
    pieces: dict[str, list[str]] = {}
    out = []
    for step in reading_order(witness, alignment):
        if step.group is None:
            out.append((step, texts[step.passage]))
            continue
        if step.group not in pieces:
            pieces[step.group] = collations[step.group].segments_of(witness.siglum)
        left = pieces[step.group]
        if not left:
            raise FidelityError(
                f"witness {witness.siglum}: group {step.group} has fewer pieces of its "
                f"reading than runs of its passages (at {step.passage})"
            )
        out.append((step, left.pop(0)))
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
        texts = {p.id: p.text for p in w.passages}
        for step, got in read_back(w, alignment, collations):  # each piece, its own passages
            expected = [(pid, texts[pid]) for pid in step.passages]
            if not _same(expected, got):
                _compare(w.siglum, expected, [(step.passage, got)])

    size = sum(len(p.text) for w in witnesses for p in w.passages)
    for _ in fork_map(check, witnesses, size >= PARALLEL_CHARS):
        pass


def _same(expected: list[tuple[str, str]], got: str) -> bool:
    """The passages' tokens and those of the text read back are the same (first the fast
    test of the very same characters)."""
    text = " ".join(text for _pid, text in expected)
    return text == got or _shape(expected) == _shape([("", got)])


def _shape(steps: list[tuple[str, str]]) -> str:
    """The tokens of the text (words and punctuation, white space aside), as one string:
    equal shapes are equal tokens (a fast first test)."""
    return "\x00".join(TOKEN_RE.findall(" ".join(text for _pid, text in steps)))


def _words(steps: list[tuple[str, str]]) -> tuple[list[str], list[str]]:
    """The tokens (words and punctuation, white space aside) of a sequence of (passage,
    text), and the passage of each."""
    words, where = [], []
    for pid, text in steps:
        for t in tokenize(text):
            words.append(t.text)
            where.append(pid)
    return words, where


def first_difference(want: list[str], have: list[str]) -> int:
    """Where two token lists first differ (the shorter one's length if one is the other's
    beginning)."""
    k = next((k for k, (a, b) in enumerate(zip(want, have, strict=False)) if a != b), None)
    return min(len(want), len(have)) if k is None else k


def _compare(siglum: str, expected: list[tuple[str, str]], got: list[tuple[str, str]]) -> None:
    want, where = _words(expected)
    have, _ = _words(got)
    if want == have:
        return
    k = first_difference(want, have)
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
            {"group": s.group, "from": s.passage, "passages": list(s.passages)}
            if s.group is not None
            else {"passage": s.passage, "text": texts[s.passage]}
            for s in reading_order(w, alignment)
        ]
    return out
