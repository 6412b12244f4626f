"""The books of a corpus: files and folders (read recursively), each with its format."""

from __future__ import annotations

from pathlib import Path

from edition.errors import InputError
from edition.ingest.openiti import opens_as_openiti
from edition.manifest import format_by_suffix


def corpus_files(paths: list[str | Path]) -> list[Path]:
    """The files of a corpus: those named, and in the folders named (recursively) those of a
    format the tool reads (by suffix, or OpenITI's first line: OpenITI file names end in
    their version, `...JK010358-ara1`). Hidden files and folders are left out."""
    found: list[Path] = []
    for given in map(Path, paths):
        if given.is_dir():
            for path in sorted(given.rglob("*")):
                parts = path.relative_to(given).parts
                if path.is_file() and not any(p.startswith(".") for p in parts):
                    if format_by_suffix(path) or _is_openiti(path):
                        found.append(path)
        elif given.exists():
            found.append(given)
        else:
            raise InputError(given, "not found: give files or folders of the corpus")
    return list(dict.fromkeys(found))


def book_format(path: Path) -> str:
    """The format of a corpus file: OpenITI by its first line, else by its suffix (plain
    text when the suffix says nothing)."""
    if _is_openiti(path):
        return "openiti"
    return format_by_suffix(path) or "text"


def _is_openiti(path: Path) -> bool:
    try:
        with path.open("rb") as f:
            head = f.read(64)
    except OSError:
        return False
    return opens_as_openiti(head.decode("utf-8", errors="ignore"))
