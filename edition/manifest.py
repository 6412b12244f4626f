"""The manifest `witnesses.toml`: which witnesses, where, in which format (DESIGN.md)."""

from __future__ import annotations

import difflib
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from edition.errors import ManifestError

SIGLUM_RE = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")
BIBL_FIELDS = ("title", "author", "date", "source", "note")
WITNESS_KEYS = ("siglum", "path", "format", *BIBL_FIELDS)
TOP_KEYS = ("title", "editor", "licence", "witness")
FORMATS_BY_SUFFIX = {".txt": "text", ".xml": "tei", ".mARkdown": "openiti", ".markdown": "openiti"}


@dataclass
class WitnessSpec:
    siglum: str
    path: Path
    format: str
    bibl: dict[str, str] = field(default_factory=dict)


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
    check_keys(path, data, TOP_KEYS, "")
    entries = data.get("witness")
    if not isinstance(entries, list) or not entries:
        raise ManifestError(path, "no [[witness]] entries: list at least one witness")
    specs: list[WitnessSpec] = []
    seen: set[str] = set()
    for k, entry in enumerate(entries, 1):
        if not isinstance(entry, dict):
            raise ManifestError(path, f"witness #{k} is not a table")
        check_keys(path, entry, WITNESS_KEYS, f"witness #{k}: ")
        file = entry.get("path")
        if not isinstance(file, str) or not file:
            raise ManifestError(path, f"witness #{k} has no `path`")
        wpath = (path.parent / file).resolve()
        fmt = entry.get("format") or FORMATS_BY_SUFFIX.get(wpath.suffix, "text")
        siglum = entry.get("siglum")
        if siglum is None and fmt == "tei":
            siglum = ""  # a whole edition.xml brings its own sigla
        elif siglum is None:
            raise ManifestError(path, f"witness #{k} ({file}) has no `siglum`")
        if not isinstance(siglum, str) or (siglum and not SIGLUM_RE.match(siglum)):
            raise ManifestError(
                path,
                f"witness #{k}: siglum {siglum!r} must start with a letter and hold only "
                "letters, digits and _ (it becomes an xml:id)",
            )
        if siglum and siglum in seen:
            raise ManifestError(path, f"duplicate siglum {siglum!r}: each witness needs its own")
        seen.add(siglum)
        bibl = {f: str(entry[f]) for f in BIBL_FIELDS if entry.get(f)}
        specs.append(WitnessSpec(siglum, wpath, str(fmt), bibl))

    def text(key: str) -> str:
        value = data.get(key, "")
        if not isinstance(value, str):
            raise ManifestError(path, f"`{key}` must be a string")
        return value

    return Manifest(path, specs, text("title"), text("editor"), text("licence"))


def check_keys(path: Path, table: dict, known: tuple[str, ...], where: str) -> None:
    """Refuse a key the manifest does not know (a misspelling would be silently ignored)."""
    for key in table:
        if key in known:
            continue
        close = difflib.get_close_matches(key, known, n=1)
        hint = f"did you mean {close[0]!r}?" if close else f"known keys: {', '.join(known)}"
        raise ManifestError(path, f"{where}unknown key {key!r} ({hint})")
