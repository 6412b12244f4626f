"""Collation tokens: a word or a punctuation mark with the white space that follows it, so
that a witness's tokens put together give back its text exactly."""

from __future__ import annotations

from functools import lru_cache
from typing import NamedTuple

from edition.arabic.stems import strip_proclitics
from edition.arabic.tokens import tokenize


class CToken(NamedTuple):  # a tuple: one is made for every word of every group
    text: str  # word + trailing separators (the first token also carries leading ones)
    word: str  # the word as written
    norm: str  # orthographic tier: the comparison key
    core: str  # without conjunction/article: for matching `وقتلهم` with `قتلهم`
    start: int  # offset of the word in the witness's text
    end: int

    @property
    def is_word(self) -> bool:
        return self.word[:1].isalnum()


def collation_tokens(text: str) -> list[CToken]:
    toks = tokenize(text)
    if not toks:
        return [CToken(text, "", "", "", 0, len(text))] if text else []
    out = []
    new = tuple.__new__  # what CToken._make does, without its check of the length
    ends = [t.start for t in toks[1:]] + [len(text)]
    start = 0
    for t, end in zip(toks, ends, strict=True):
        core = _core(t.norm) if t.is_word else t.norm
        out.append(new(CToken, (text[start:end], t.text, t.norm, core, t.start, t.end)))
        start = end
    return out


_core = lru_cache(maxsize=1 << 18)(strip_proclitics)
