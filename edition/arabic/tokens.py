"""Tokens with character offsets into the original text."""

from __future__ import annotations

import re
from dataclasses import dataclass

from edition.arabic.normalize import normalize_orthographic

# A word: letters, marks and digits (Arabic and Latin), with inner hyphens/slashes kept
# apart as punctuation. Everything else that is not space is punctuation, one char a token.
_TOKEN_RE = re.compile(r"[^\W_]+(?:[\u064B-\u065F\u0670\u06D6-\u06ED\u0640]+[^\W_]*)*|[^\w\s]|_")


@dataclass(frozen=True, slots=True)
class Token:
    text: str  # original characters
    start: int
    end: int
    norm: str  # orthographic tier
    is_word: bool  # a word (letters or digits), not punctuation


def tokenize(text: str) -> list[Token]:
    """Split text into word and punctuation tokens, keeping offsets and original text."""
    out = []
    for m in _TOKEN_RE.finditer(text):
        s = m.group()
        out.append(Token(s, m.start(), m.end(), normalize_orthographic(s), s[0].isalnum()))
    return out


def words(text: str) -> list[Token]:
    return [t for t in tokenize(text) if t.is_word]


_WORD_RE = re.compile(r"[^\W_]+(?:[\u064B-\u065F\u0670\u06D6-\u06ED\u0640]+[^\W_]*)*")


def word_norms(text: str) -> list[str]:
    """The words of a text in orthographic normal form (fast: no offsets, no punctuation)."""
    return [normalize_orthographic(w) for w in _WORD_RE.findall(text)]
