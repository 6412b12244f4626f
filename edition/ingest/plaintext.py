"""Plain UTF-8 text: a paragraph starts after a blank line or at an indented line.

A file with neither blank lines nor indented lines has one paragraph per line.
"""

from __future__ import annotations

import re
from pathlib import Path

from edition.errors import WitnessError
from edition.ingest import Imported, read_source, reader
from edition.ingest.openiti import MAGIC, opens_as_openiti
from edition.model import RawBlock

_INDENT = re.compile(r"^[ \t\u00a0\u3000]+\S")


def paragraphs(text: str) -> list[str]:
    return [p for p, _lines in paragraph_lines(text)]


def paragraph_lines(text: str) -> list[tuple[str, tuple[int, int]]]:
    """The paragraphs of a text, each with its first and last line (1-based)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    skipped = len(text) - len(text.lstrip("\n"))  # blank lines before the first
    lines = text.strip("\n").split("\n")
    has_blank = any(not ln.strip() for ln in lines)
    has_indent = any(_INDENT.match(ln) for ln in lines)
    if not has_blank and not has_indent:
        return [(ln.strip(), (k, k)) for k, ln in enumerate(lines, skipped + 1) if ln.strip()]
    paras: list[tuple[str, tuple[int, int]]] = []
    cur: list[str] = []
    first = 0

    def close(last: int) -> None:
        if cur:
            paras.append((" ".join(cur), (first, last)))
            cur.clear()

    for k, ln in enumerate(lines, skipped + 1):
        if not ln.strip():
            close(k - 1)
            continue
        if _INDENT.match(ln) and cur:
            close(k - 1)
        if not cur:
            first = k
        cur.append(ln.strip())
    close(skipped + len(lines))
    return paras


# files of another format, given as plain text: their markup would be read as words
_XML_STARTS = (("<?xml", "XML"), ("<TEI", "TEI"))


def _not_another_format(path: Path, text: str) -> None:
    if opens_as_openiti(text):
        raise WitnessError(
            path,
            f'is OpenITI mARkdown, not plain text (it begins {MAGIC}): give it format = "openiti"',
        )
    first = text.lstrip("\ufeff \t\r\n")
    for start, name in _XML_STARTS:
        if first.startswith(start):
            raise WitnessError(
                path, f'is {name}, not plain text (it begins {start}): give it format = "tei"'
            )


@reader("text")
def read_text(path: Path, siglum: str) -> Imported:
    text = read_source(path)
    _not_another_format(path, text)
    found = paragraph_lines(text)
    imported = Imported([RawBlock("p", p) for p, _lines in found])
    imported.lines = [lines for _p, lines in found]
    return imported
