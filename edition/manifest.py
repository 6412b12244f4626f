"""The manifest `witnesses.toml`: which witnesses, where, in which format (DESIGN.md)."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from edition.errors import ManifestError, check_keys

SIGLUM_RE = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")
BIBL_FIELDS = ("title", "author", "date", "source", "note")
RANGE_KEYS = ("from", "to")  # an excerpt of the file (edition/ingest/excerpt.py)
WITNESS_KEYS = ("siglum", "path", "format", *BIBL_FIELDS, *RANGE_KEYS)
TOP_KEYS = ("title", "editor", "licence", "witness")
FORMATS_BY_SUFFIX = {
    ".txt": "text",
    ".xml": "tei",
    ".tei": "tei",
    ".mARkdown": "openiti",
    ".markdown": "openiti",
}
_BY_LOWER_SUFFIX = {k.lower(): v for k, v in FORMATS_BY_SUFFIX.items()}


def format_by_suffix(path: Path) -> str | None:
    """The format a file's suffix names (`.mARkdown` or `.markdown`, `.XML`), if any."""
    return FORMATS_BY_SUFFIX.get(path.suffix) or _BY_LOWER_SUFFIX.get(path.suffix.lower())


PAGE_RE = re.compile(r"^Page(?P<n>V\d+P\d+[A-Za-z]?)$")
MILESTONE_RE = re.compile(r"^ms(?P<n>\d+)$")


@dataclass(frozen=True)
class Bound:
    """One end of an excerpt: a page marker or milestone by its name, or a line number."""

    unit: str  # "page" | "milestone" | "line"
    name: str  # as written in the manifest (`PageV01P392`, `ms0736`, `17`)


def parse_bound(value: object, fmt: str) -> Bound:
    """A manifest `from`/`to` value; ValueError says what is wrong with it."""
    if fmt == "text":
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise ValueError("must be a line number (1 or more) for a plain text")
        return Bound("line", str(value))
    if not isinstance(value, str) or not value.strip():
        raise ValueError("must name a page marker (`PageV01P392`) or a milestone (`ms0736`)")
    value = value.strip()
    if MILESTONE_RE.match(value):
        return Bound("milestone", value)
    if PAGE_RE.match(value) or fmt == "tei":  # a TEI `pb` by its @n, whatever it is
        return Bound("page", value)
    raise ValueError("must name a page marker (`PageV01P392`) or a milestone (`ms0736`)")


@dataclass
class WitnessSpec:
    siglum: str
    path: Path
    format: str
    bibl: dict[str, str] = field(default_factory=dict)
    start: Bound | None = None  # an excerpt: from this page marker, milestone or line ...
    end: Bound | None = None  # ... to this one, inclusive

    @property
    def excerpt(self) -> tuple[Bound | None, Bound | None] | None:
        return (self.start, self.end) if self.start or self.end else None


@dataclass
class Manifest:
    path: Path
    witnesses: list[WitnessSpec]
    title: str = ""
    editor: str = ""
    licence: str = ""


def load_manifest(path: str | Path) -> Manifest:
    path = Path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ManifestError(path, "manifest not found (give one with --manifest)") from None
    except OSError as e:
        raise ManifestError(path, f"manifest cannot be read ({e.strerror})") from None
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise ManifestError(path, "manifest is not UTF-8") from None
    except tomllib.TOMLDecodeError as e:
        raise ManifestError(path, f"malformed TOML: {e}") from None
    check_keys(path, data, TOP_KEYS, "", ManifestError)
    entries = data.get("witness")
    if not isinstance(entries, list) or not entries:
        raise ManifestError(path, "no [[witness]] entries: list at least one witness")
    specs: list[WitnessSpec] = []
    seen: set[str] = set()
    for k, entry in enumerate(entries, 1):
        if not isinstance(entry, dict):
            raise ManifestError(path, f"witness #{k} is not a table")
        check_keys(path, entry, WITNESS_KEYS, f"witness #{k}: ", ManifestError)
        file = entry.get("path")
        if not isinstance(file, str) or not file:
            raise ManifestError(path, f"witness #{k} has no `path`")
        wpath = (path.parent / file).resolve()
        fmt = entry.get("format") or format_by_suffix(wpath) or "text"
        _known_format(path, fmt, k)
        siglum = entry.get("siglum")
        if siglum is None and fmt == "tei":
            siglum = ""  # a whole edition.xml brings its own sigla
        elif siglum is None:
            raise ManifestError(path, f"witness #{k} ({file}) has no `siglum`")
        if not isinstance(siglum, str) or (siglum and not SIGLUM_RE.match(siglum)):
            raise ManifestError(
                path,
                f"witness #{k}: siglum {siglum!r} must start with a Latin letter (A-Z, a-z)"
                " and hold only Latin letters, digits and _ (it is written into ids and"
                " addresses)",
            )
        if siglum and siglum in seen:
            raise ManifestError(path, f"duplicate siglum {siglum!r}: each witness needs its own")
        seen.add(siglum)
        bibl = {f: str(entry[f]) for f in BIBL_FIELDS if entry.get(f)}
        start, end = (_bound(path, entry, key, str(fmt), k) for key in RANGE_KEYS)
        if start and end and start.unit == end.unit == "line" and int(end.name) < int(start.name):
            raise ManifestError(path, f"witness #{k}: `to` ({end.name}) is before `from`")
        specs.append(WitnessSpec(siglum, wpath, str(fmt), bibl, start, end))

    def text(key: str) -> str:
        value = data.get(key, "")
        if not isinstance(value, str):
            raise ManifestError(path, f"`{key}` must be a string")
        return value

    return Manifest(path, specs, text("title"), text("editor"), text("licence"))


def _known_format(path: Path, fmt, k: int) -> None:
    """A format some reader reads (the readers register themselves in `edition.ingest`)."""
    from edition.ingest import unknown_format

    if wrong := unknown_format(fmt):
        raise ManifestError(path, f"witness #{k}: {wrong}")


def _bound(path: Path, entry: dict, key: str, fmt: str, k: int) -> Bound | None:
    if key not in entry:
        return None
    try:
        return parse_bound(entry[key], fmt)
    except ValueError as e:
        raise ManifestError(path, f"witness #{k}: `{key}` {e}") from None
