"""Cutting blocks into passages: sentences first, then discourse boundaries.

Punctuated prose is cut at sentence punctuation. A sentence longer than a reader can
compare at once (classical prose is often one sentence for hundreds of words) is cut at
the best discourse boundary (`ثم`, `فلما`, `ولما`, `وفي سنة`, a comma, a clause-initial
`و`/`ف` before a verb-like word) nearest its middle, again and again, until every piece
is short enough. A piece never starts or ends inside a word (a word of the tokenizer: a
run of letters with no space longer than `MAX_WORD` is several).
"""

from __future__ import annotations

from edition.arabic.normalize import normalize_orthographic as _n
from edition.arabic.tokens import Token, tokenize
from edition.data import load_json
from edition.model import Block, Marker, Passage, RawBlock

_D = load_json("discourse.json")
SENTENCE_END = frozenset(_D["sentence_end"])
CLAUSE_PUNCT = frozenset(_D["clause_punct"])
STRONG_OPENERS = frozenset(_n(w) for w in _D["strong_openers"])
STRONG_PAIRS = frozenset((_n(a), _n(b)) for a, b in _D["strong_pairs"])
NOT_VERBS = frozenset(_n(w) for w in _D["not_verbs"])

MAX_WORDS = 60  # longer than this: cut at any boundary, or mid-run if there is none
SOFT_MAX = 40  # longer than this: cut at a connective or clause punctuation if there is one
REPORT_MAX = 24  # longer than this: cut at a narrative connective (ثم, فلما...) if there is one
MIN_WORDS = 6  # no cut leaves a piece shorter than this


def _sentences(tokens: list[Token]) -> list[list[Token]]:
    out: list[list[Token]] = []
    cur: list[Token] = []
    for k, t in enumerate(tokens):
        cur.append(t)
        if t.text in SENTENCE_END:
            nxt = tokens[k + 1] if k + 1 < len(tokens) else None
            # keep runs of punctuation ("..", "؟!") and a closing quote/bracket together
            if nxt is not None and not nxt.is_word:
                continue
            if (
                t.text == "."
                and nxt is not None
                and nxt.text[:1].isdecimal()
                and cur[-2:-1]
                and cur[-2].text[:1].isdecimal()
            ):
                continue
            out.append(cur)
            cur = []
    if cur:
        if out and not any(t.is_word for t in cur):
            out[-1].extend(cur)
        else:
            out.append(cur)
    return out


def _verb_like(norm: str) -> bool:
    if norm in NOT_VERBS or len(norm) < 4 or norm[0] not in "وف":
        return False
    rest = norm[1:]
    if rest.startswith("ال") or not rest.isalpha() or len(rest) > 6:
        return False
    return len(rest) == 3 or rest[0] in "اتيسن" or rest.endswith("وا")


def _strength(tokens: list[Token], k: int, unpunctuated: bool = False) -> int:
    """How good a cut before tokens[k] is (0: not a boundary).

    In prose without clause punctuation a clause-initial `و`/`ف` before a verb is the
    only clause mark there is, so it counts as much as a comma would.
    """
    t = tokens[k]
    if not t.is_word:
        return 0
    prev = tokens[k - 1]
    if not prev.is_word and prev.text in CLAUSE_PUNCT:
        base = 2
    else:
        base = 0
    nxt = tokens[k + 1].norm if k + 1 < len(tokens) else ""
    if t.norm in STRONG_OPENERS or (t.norm, nxt) in STRONG_PAIRS:
        return 3 + (base > 0)
    if base:
        return base + _verb_like(t.norm)
    if _verb_like(t.norm):
        return 2 if unpunctuated else 1
    return 0


def _split(tokens: list[Token]) -> list[list[Token]]:
    """A sentence cut at its best boundaries until every piece is short enough (each
    boundary's strength is found once, however deep the cutting goes)."""
    words = sum(t.is_word for t in tokens)
    if words <= REPORT_MAX or (words <= SOFT_MAX and any(t.text in CLAUSE_PUNCT for t in tokens)):
        return [tokens]  # short enough, punctuated or not
    cut = _Cutting(tokens)
    bounds = [0, *cut.cuts(0, len(cut.word_idx)), len(tokens)]
    return [tokens[a:b] for a, b in zip(bounds, bounds[1:], strict=False)]


class _Cutting:
    """One sentence being cut: its words, where its clause punctuation is, and the strength
    of a cut before each word (punctuated or not, as the piece being cut is)."""

    def __init__(self, tokens: list[Token]):
        self.tokens = tokens
        self.word_idx = [k for k, t in enumerate(tokens) if t.is_word]
        # clause punctuation before each token, to tell whether a piece has any
        self.punct = [0]
        for t in tokens:
            self.punct.append(self.punct[-1] + (t.text in CLAUSE_PUNCT))
        self.strengths: dict[bool, list[int]] = {}

    def cuts(self, lo: int, hi: int) -> list[int]:
        """Token indices where the piece of words lo..hi-1 is cut, in order."""
        word_idx = self.word_idx
        first = word_idx[lo] if lo else 0
        last = word_idx[hi] if hi < len(word_idx) else len(self.tokens)
        unpunctuated = self.punct[last] == self.punct[first]
        n = hi - lo
        # punctuated prose: the author's sentences are the units, cut only when too long;
        # unpunctuated prose: cut into reports at narrative connectives
        if n <= (REPORT_MAX if unpunctuated else SOFT_MAX):
            return []
        need = 1 if n > MAX_WORDS else 2 if n > SOFT_MAX else 3
        best = None
        if unpunctuated not in self.strengths:
            self.strengths[unpunctuated] = [
                _strength(self.tokens, k, unpunctuated) for k in self.word_idx
            ]
        strengths = self.strengths[unpunctuated]
        for pos in range(MIN_WORDS, n - MIN_WORDS + 1):
            s = strengths[lo + pos]
            if s < need:
                continue
            balance = abs(pos - n / 2) / n  # 0 (middle) .. 0.5 (edge)
            score = s - 2.5 * balance
            if best is None or score > best[0]:
                best = (score, pos)
        if best is None:
            if n <= MAX_WORDS:
                return []
            best = (0, n // 2)
        at = lo + best[1]
        return [*self.cuts(lo, at), word_idx[at], *self.cuts(at, hi)]


def segment_text(text: str) -> list[tuple[int, int]]:
    """Character spans (start, end) of the passages of a block's text."""
    return [(piece[0].start, piece[-1].end) for piece in _pieces(text)]


def _pieces(text: str) -> list[list[Token]]:
    """The tokens of each passage of a block's text (offsets into the text)."""
    return [piece for sentence in _sentences(tokenize(text)) for piece in _split(sentence)]


def _place_markers(markers: list[Marker], spans: list[tuple[int, int]]) -> list[list[Marker]]:
    """Give each marker to the passage it falls in (a marker between two goes to the later)."""
    out: list[list[Marker]] = [[] for _ in spans]
    for m in markers:
        idx = len(spans) - 1
        for i, (start, _end) in enumerate(spans):
            if m.offset < start:
                idx = max(i - 1, 0) if i and m.offset < spans[i - 1][1] else i
                break
        start, end = spans[idx]
        offset = min(max(m.offset - start, 0), end - start)
        out[idx].append(Marker(offset, m.kind, m.n, m.unit))
    return out


def segment_blocks(
    siglum: str, raw_blocks: list[RawBlock], tokens: dict | None = None
) -> tuple[list[Block], list[Marker]]:
    """Blocks with passages and stable ids (`B-p3-s2`), and markers left after the last block.
    With `tokens`, each segmented passage's tokens are kept there for tagging, as passage id
    -> (tokens, offset of the passage in the text the tokens' offsets count in)."""
    blocks: list[Block] = []
    pending: list[Marker] = []
    for raw in raw_blocks:
        pieces = None
        if raw.sentences is not None:
            passages = raw.sentences
        else:
            pieces = _pieces(raw.text)
            spans = [(piece[0].start, piece[-1].end) for piece in pieces]
            if not spans:
                pending.extend(raw.markers_before)
                pending.extend(Marker(0, m.kind, m.n, m.unit) for m in raw.markers)
                continue
            per = _place_markers(raw.markers, spans)
            ends = [None, *(e for _s, e in spans[:-1])]  # where the passage before ends
            passages = [
                Passage("", raw.text[s:e], markers=ms, joined=s == before)
                for (s, e), ms, before in zip(spans, per, ends, strict=True)
            ]
        if not passages:
            pending.extend(raw.markers_before)
            continue
        b_id = f"{siglum}-p{len(blocks) + 1}"
        for k, p in enumerate(passages, 1):
            p.id = p.id or f"{b_id}-s{k}"
        if tokens is not None and pieces is not None:
            for p, piece in zip(passages, pieces, strict=True):
                tokens[p.id] = (piece, piece[0].start)
        blocks.append(
            Block(b_id, raw.kind, passages, raw.level, pending + raw.markers_before, raw.section)
        )
        pending = []
    return blocks, pending
