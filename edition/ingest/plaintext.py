"""Plain UTF-8 text: a paragraph starts after a blank line or at an indented line.

A file with neither blank lines nor indented lines has one paragraph per line.
"""

from __future__ import annotations

import re
from pathlib import Path

from edition.ingest import Imported, read_source, reader
from edition.model import RawBlock

_INDENT = re.compile(r"^[ \t\u00a0\u3000]+\S")


def paragraphs(text: str) -> list[str]:
    lines = text.replace("\r\n", "\n").replace("\r", "\n").strip("\n").split("\n")
    has_blank = any(not ln.strip() for ln in lines)
    has_indent = any(_INDENT.match(ln) for ln in lines)
    if not has_blank and not has_indent:
        return [ln.strip() for ln in lines if ln.strip()]
    paras: list[list[str]] = []
    cur: list[str] = []
    for ln in lines:
        if not ln.strip():
            if cur:
                paras.append(cur)
                cur = []
            continue
        if _INDENT.match(ln) and cur:
            paras.append(cur)
            cur = []
        cur.append(ln.strip())
    if cur:
        paras.append(cur)
    return [" ".join(p) for p in paras]


@reader("text")
def read_text(path: Path, siglum: str) -> Imported:
    return Imported([RawBlock("p", p) for p in paragraphs(read_source(path))])
