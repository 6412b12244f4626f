"""Importers: each format's reader turns a file into raw blocks; a registry picks by name."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from edition.errors import WitnessError
from edition.manifest import WitnessSpec
from edition.model import RawBlock, Witness
from edition.segment import segment_blocks


class Imported:
    """What a reader returns: raw blocks, plus any bibliographic data the file itself carries."""

    def __init__(self, blocks: list[RawBlock], meta: dict[str, str] | None = None):
        self.blocks = blocks
        self.meta = meta or {}
        self.lines: list[tuple[int, int]] | None = None  # plain text: each block's lines


Reader = Callable[[Path, str], Imported]
READERS: dict[str, Reader] = {}


def reader(fmt: str) -> Callable[[Reader], Reader]:
    """Register a reader for a manifest `format`."""

    def register(fn: Reader) -> Reader:
        READERS[fmt] = fn
        return fn

    return register


def read_source(path: Path) -> str:
    """A witness file's text: must exist, be UTF-8 and not be empty. Form feeds, vertical tabs
    and Unicode line and paragraph separators are read as line breaks, other control
    characters as spaces: XML cannot hold them."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise WitnessError(path, "file not found (check `path` in the manifest)") from None
    except IsADirectoryError:
        raise WitnessError(path, "is a directory, not a text file") from None
    except OSError as e:
        raise WitnessError(path, f"cannot be read ({e.strerror})") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise WitnessError(
            path, f"is not UTF-8 (bad byte at offset {e.start}); {_resave_hint(data)}"
        ) from None
    if "\x00" in text:
        raise WitnessError(
            path,
            f"holds NUL characters (the first at offset {text.index(chr(0))}): is it UTF-16?"
            " re-save it as UTF-8",
        )
    # breaks that XML cannot hold, or that lines are not split at, become line breaks; the
    # other control characters (no text, and no XML can hold them) become spaces
    text = _CONTROLS.sub(lambda m: _AS_BREAK.get(m.group(), " "), text)
    if not text.strip():
        raise WitnessError(path, "is empty: a witness needs some text")
    return text


def _resave_hint(data: bytes) -> str:
    """How to re-save a file that is not UTF-8: from Windows-1256 (the usual Arabic code
    page of older files) when it reads as mostly Arabic letters in that encoding."""
    letters = [c for c in data.decode("cp1256", errors="ignore") if c.isalpha()]
    arabic = sum("\u0600" <= c <= "\u06ff" for c in letters)
    if letters and arabic >= len(letters) / 2:
        return "it reads as Windows-1256 (Arabic): re-save it as UTF-8 (iconv -f cp1256 -t utf-8)"
    return "re-save it as UTF-8"


_CONTROLS = re.compile("[\x01-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\u2028\u2029]")
_AS_BREAK = {"\x0b": "\n", "\x0c": "\n", "\u2028": "\n", "\u2029": "\n\n"}


def load_witnesses(spec: WitnessSpec, tokens: dict | None = None) -> list[Witness]:
    """The witnesses a manifest entry brings: one, or all those of a whole edition.xml
    (`tokens`: see `segment_blocks`)."""
    if spec.format == "tei":
        from edition.ingest.teifile import edition_witnesses

        found = edition_witnesses(spec)
        if found is not None:
            return found
    if not spec.siglum:
        raise WitnessError(spec.path, "needs a `siglum` in the manifest")
    return [load_witness(spec, tokens)]


def unknown_format(fmt: object) -> str | None:
    """What is wrong with a witness's format: none if some reader reads it."""
    if fmt in READERS:
        return None
    return f"unknown format {fmt!r} (use one of: {', '.join(sorted(READERS))})"


def load_witness(spec: WitnessSpec, tokens: dict | None = None) -> Witness:
    """Read and segment one witness described by a manifest entry."""
    if wrong := unknown_format(spec.format):
        raise WitnessError(spec.path, wrong)
    imported = READERS[spec.format](spec.path, spec.siglum)
    if spec.excerpt is None:
        return witness_from(spec, imported, tokens)
    return excerpt_witness(spec, imported, tokens)


def excerpt_witness(spec: WitnessSpec, imported: Imported, tokens: dict | None = None) -> Witness:
    """The witness of a manifest entry with `from`/`to`: the blocks of that range, numbered
    as in the whole file (ids stay when the range grows), and the range recorded."""
    from edition.ingest.excerpt import cut_blocks, renumber, yields_block

    first, last = cut_blocks(spec.path, imported.blocks, spec.start, spec.end, imported.lines)
    offset = sum(map(yields_block, imported.blocks[:first]))
    part = Imported(imported.blocks[first:last], imported.meta)
    witness = witness_from(spec, part, tokens)
    renumber(witness.blocks, spec.siglum, offset, tokens)
    witness.excerpt = (spec.start, spec.end)  # the TEI header's biblScope
    return witness


def witness_from(spec: WitnessSpec, imported: Imported, tokens: dict | None = None) -> Witness:
    """Segment imported blocks into a witness, the manifest's bibliography first."""
    blocks, trailing = segment_blocks(spec.siglum, imported.blocks, tokens)
    if not blocks:
        raise WitnessError(spec.path, "has no text once markup is removed")
    meta = {**imported.meta, **{k: v for k, v in spec.bibl.items() if v}}
    return Witness(
        siglum=spec.siglum,
        path=str(spec.path),
        format=spec.format,
        blocks=blocks,
        trailing_markers=trailing,
        **{k: meta.get(k, "") for k in ("title", "author", "date", "source", "note")},
    )


# register the built-in readers
from edition.ingest import openiti, plaintext, teifile  # noqa: E402,F401
