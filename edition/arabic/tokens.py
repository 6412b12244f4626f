"""Tokens with character offsets into the original text."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from edition.arabic.normalize import INVISIBLE, normalize_orthographic

# A word: letters, marks and digits (Arabic and Latin), with inner hyphens/slashes kept
# apart as punctuation; invisible joiners and direction marks inside or after a word are
# part of it. Everything else that is not space is punctuation, one char a token (a
# direction mark on its own too: it normalises to nothing, but the text keeps it).
# A run of letters longer than any word (a text written with no spaces at all) is cut
# into words of MAX_WORD letters (each with its marks), so that passages, rows and pages
# can be cut there; the text keeps no space at such a cut (`Passage.joined`).
MAX_WORD = 400
_IN_WORD = "\u064b-\u065f\u0670\u06d6-\u06ed\u0640" + INVISIBLE
_WORD = rf"(?:[^\W_][{_IN_WORD}]*){{1,{MAX_WORD}}}"
TOKEN_RE = re.compile(rf"{_WORD}|[^\w\s]|_")


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
        # a "word" of nothing but tatweel or marks (`ـ`) normalises to nothing: not a word
        new(Token, (s, m.start(), m.end(), n, s[0].isalnum() and n != ""))
        for m in TOKEN_RE.finditer(text, start, len(text) if end is None else end)
        for s in (m.group(),)
        if s
        for n in (_norm(s),)
    ]


def words(text: str) -> list[Token]:
    return [t for t in tokenize(text) if t.is_word]


_WORD_RE = re.compile(_WORD)


def word_norms(text: str) -> list[str]:
    """The words of a text in orthographic normal form (fast: no offsets, no punctuation)."""
    return [n for w in _WORD_RE.findall(text) if (n := _norm(w))]


def cuts_between_words(text: str, at: int) -> bool:
    """Whether a cut of the text at `at` falls between two tokens (not inside a word)."""
    return any(t.start == at for t in tokenize(text))


OPENING_MOST = 120  # characters of a text's opening words shown at most


def first_words(text: str, n: int) -> str:
    """A text's first n words as a reader sees them (white space made one space), at most
    OPENING_MOST characters (a text with no spaces is one "word")."""
    return " ".join(text.split()[:n])[:OPENING_MOST]
