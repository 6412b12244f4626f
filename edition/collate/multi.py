"""N-way token alignment against a base witness: a longest common subsequence of token keys.

Every witness is diffed against the base (the first witness, or the one chosen). The result
is a row of cells: a slot before each base token (for insertions), then the base token's
column, ..., and a last slot. A witness has a text in every cell (possibly empty); cells
where all witnesses have the same text are shared, runs of the others become variation
units. Blocks deleted in one place and inserted in another are marked as moves.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from diff_match_patch import diff_match_patch
from rapidfuzz.distance import LCSseq

from edition.arabic.stems import stem
from edition.collate.tokens import CToken

MOVE_MIN_TOKENS = 2  # a moved block is at least this long ...
MOVE_NEAR = 12  # ... or one content word moved at most this many tokens away
TRIVIAL_TOKENS = 2  # a common run this short, of function words only, between ...
LONG_EDIT = 3  # ... edits at least this long on both sides, is absorbed into them
BIT_MATRIX_CELLS = 40_000_000  # past this many token pairs, diff-match-patch (linear memory)


@dataclass
class Table:
    base: str
    n_cells: int
    texts: dict[str, list[str]]  # siglum -> text per cell
    tokens: dict[str, list[tuple[CToken, ...]]]  # siglum -> tokens per cell
    moves: list[tuple[str, int, int]] = field(default_factory=list)  # (siglum, cell a, cell b)


class _Codec:
    """Token keys as single characters, so that string diffs diff token sequences."""

    def __init__(self) -> None:
        self.codes: dict[str, str] = {}

    def encode(self, keys: list[str]) -> str:
        out = []
        for k in keys:
            if k not in self.codes:
                self.codes[k] = (
                    chr(0xE000 + len(self.codes))
                    if len(self.codes) < 6400
                    else chr(0xF0000 + len(self.codes))
                )
            out.append(self.codes[k])
        return "".join(out)


def _diff(a: str, b: str, btoks: list[CToken]) -> list[tuple[int, str]]:
    """(op, chunk) runs as diff-match-patch gives them: 0 equal, -1 only in a, 1 only in b."""
    dmp = diff_match_patch()
    dmp.Diff_Timeout = 0
    if len(a) * len(b) <= BIT_MATRIX_CELLS:
        diffs = _lcs_diff(a, b)
    else:
        diffs = dmp.diff_main(a, b, False)
    if _absorb_trivial(diffs, btoks):
        dmp.diff_cleanupMerge(diffs)
    return diffs


def _lcs_diff(a: str, b: str) -> list[tuple[int, str]]:
    """A longest common subsequence (bit-parallel, in C++), as runs: between two equal runs,
    what only `a` has comes before what only `b` has."""
    diffs: list[tuple[int, str]] = []
    gone = new = ""

    def flush() -> None:
        if gone:
            diffs.append((-1, gone))
        if new:
            diffs.append((1, new))

    for op in LCSseq.opcodes(a, b):
        if op.tag == "equal":
            flush()
            gone = new = ""
            diffs.append((0, a[op.src_start : op.src_end]))
        else:
            gone += a[op.src_start : op.src_end]
            new += b[op.dest_start : op.dest_end]
    flush()
    return diffs


def _absorb_trivial(diffs: list, btoks: list[CToken]) -> bool:
    """Between two long edits, a lone function word or punctuation mark in common is
    chance, not agreement (paraphrase shares `في` and `،` everywhere): make it part of the
    edit. Close editions keep every word they share."""
    changed = False
    pos = 0  # position in the base
    for k, (op, chunk) in enumerate(diffs):
        if op == 0 and 0 < k < len(diffs) - 1 and len(chunk) <= TRIVIAL_TOKENS:
            trivial = all(not stem(t.norm) for t in btoks[pos : pos + len(chunk)])
            left = _edit_size(diffs, k, -1)
            right = _edit_size(diffs, k, 1)
            if trivial and min(left, right) >= LONG_EDIT:
                diffs[k] = (-1, chunk)
                diffs.insert(k + 1, (1, chunk))
                changed = True
        if op != 1:
            pos += len(chunk)
    return changed


def _edit_size(diffs: list, k: int, step: int) -> int:
    size = 0
    k += step
    while 0 <= k < len(diffs) and diffs[k][0] != 0:
        size = max(size, len(diffs[k][1]))
        k += step
    return size


def align_tokens(base: str, seqs: dict[str, list[CToken]], key: str = "norm") -> Table:
    """Align every witness's tokens to the base witness's tokens."""
    btoks = seqs[base]
    n = len(btoks)
    n_cells = 2 * n + 1  # slot, col, slot, col, ..., slot
    texts = {s: [""] * n_cells for s in seqs}
    tokens: dict[str, list[tuple[CToken, ...]]] = {s: [()] * n_cells for s in seqs}
    for k, t in enumerate(btoks):
        texts[base][2 * k + 1] = t.text
        tokens[base][2 * k + 1] = (t,)
    table = Table(base, n_cells, texts, tokens)
    codec = _Codec()
    bcode = codec.encode([getattr(t, key) for t in btoks])
    for siglum, wtoks in seqs.items():
        if siglum == base:
            continue
        wcode = codec.encode([getattr(t, key) for t in wtoks])
        bi = wi = 0
        deleted: list[tuple[int, int]] = []  # base token ranges missing in this witness
        inserted: list[tuple[int, int, int]] = []  # (slot cell, w start, w end)
        for op, chunk in _diff(bcode, wcode, btoks):
            size = len(chunk)
            if op == 0:
                for d in range(size):
                    cell = 2 * (bi + d) + 1
                    texts[siglum][cell] = wtoks[wi + d].text
                    tokens[siglum][cell] = (wtoks[wi + d],)
                bi += size
                wi += size
            elif op == -1:
                deleted.append((bi, bi + size))
                bi += size
            else:
                slot = 2 * bi
                texts[siglum][slot] += "".join(t.text for t in wtoks[wi : wi + size])
                tokens[siglum][slot] += tuple(wtoks[wi : wi + size])
                inserted.append((slot, wi, wi + size))
                wi += size
        table.moves.extend(_moves(siglum, deleted, inserted, btoks, wtoks, key))
    return table


def _moves(siglum, deleted, inserted, btoks, wtoks, key):
    """Deleted base runs that reappear as an insertion elsewhere: moved blocks."""
    found = []
    used: set[int] = set()
    for b0, b1 in deleted:
        single = b1 - b0 == 1 and bool(stem(btoks[b0].norm)) and len(btoks[b0].norm) >= 4
        if b1 - b0 < MOVE_MIN_TOKENS and not single:
            continue
        keys = [getattr(t, key) for t in btoks[b0:b1]]
        for k, (slot, w0, w1) in enumerate(inserted):
            if k in used or slot in (2 * b0, 2 * b1):
                continue
            if single and abs(slot // 2 - b0) > MOVE_NEAR:
                continue
            wkeys = [getattr(t, key) for t in wtoks[w0:w1]]
            if _contains(wkeys, keys):
                used.add(k)
                found.append((siglum, 2 * b0 + 1, slot))
                break
    return found


def _contains(haystack: list[str], needle: list[str]) -> bool:
    n = len(needle)
    return any(haystack[i : i + n] == needle for i in range(len(haystack) - n + 1))
