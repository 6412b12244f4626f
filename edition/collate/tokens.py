"""Collation tokens: a word or a punctuation mark with the white space that follows it, so
that a witness's tokens put together give back its text exactly."""

from __future__ import annotations

from dataclasses import dataclass

from edition.arabic.stems import strip_proclitics
from edition.arabic.tokens import tokenize


@dataclass(frozen=True, slots=True)
class CToken:
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
    for k, t in enumerate(toks):
        start = 0 if k == 0 else t.start
        end = toks[k + 1].start if k + 1 < len(toks) else len(text)
        core = strip_proclitics(t.norm) if t.is_word else t.norm
        out.append(CToken(text[start:end], t.text, t.norm, core, t.start, t.end))
    return out
