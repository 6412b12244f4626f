"""Tokens with character offsets into the original text."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from edition.arabic.normalize import INVISIBLE, normalize_orthographic

# A word: letters, marks and digits (Arabic and Latin), with inner hyphens/slashes kept
# apart as punctuation; invisible joiners and direction marks inside a word are part of it,
# and between words they are like space. Everything else that is not space is
# punctuation, one char a token.
_IN_WORD = "\u064b-\u065f\u0670\u06d6-\u06ed\u0640" + INVISIBLE
_WORD = rf"[^\W_]+(?:[{_IN_WORD}]+[^\W_]*)*"
_TOKEN_RE = re.compile(rf"{_WORD}|[^\w\s{INVISIBLE}]|_")


class Token(NamedTuple):  # a tuple: millions are made, and tuples are made fast
    text: str  # original characters
    start: int
    end: int
    norm: str  # orthographic tier
    is_word: bool  # a word (letters or digits), not punctuation


_norm = lru_cache(maxsize=1 << 18)(normalize_orthographic)  # words recur: normalise once


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    """Split text (or text[start:end], offsets still into text) into word and punctuation
    tokens, keeping offsets and original text."""
    new = tuple.__new__  # what Token._make does, without its check of the length
    return [
        new(Token, (s, m.start(), m.end(), _norm(s), s[0].isalnum()))
        for m in _TOKEN_RE.finditer(text, start, len(text) if end is None else end)
        if (s := m.group())
    ]


def words(text: str) -> list[Token]:
    return [t for t in tokenize(text) if t.is_word]


_WORD_RE = re.compile(_WORD)


def word_norms(text: str) -> list[str]:
    """The words of a text in orthographic normal form (fast: no offsets, no punctuation)."""
    return [_norm(w) for w in _WORD_RE.findall(text)]
