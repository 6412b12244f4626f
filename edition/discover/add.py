"""`edition discover --add`: hits appended to the manifest as new witnesses (excerpts)."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

from edition.discover.scan import Hit
from edition.io import atomic_write_text
from edition.manifest import load_manifest

_WORD = re.compile(r"[A-Za-z][A-Za-z0-9]*")


def siglum_for(hit: Hit, taken: set[str]) -> str:
    """A siglum from the file's name (an OpenITI URI gives the author: `0697IbnWasil...` ->
    `IbnWasil`), made unique with a number."""
    first = Path(hit.file).name.split(".")[0]
    words = _WORD.findall(first.lstrip("0123456789")) or ["W"]
    base = words[0][:24]
    siglum, k = base, 1
    while siglum in taken:
        k += 1
        siglum = f"{base}{k}"
    return siglum


def add_hits(manifest: str | Path, hits: list[Hit]) -> list[tuple[str, Hit]]:
    """Append each hit to the manifest as a witness (an excerpt of its file, `from`/`to`),
    but those of a file and range the manifest already has; the manifest is written
    atomically and only if it still loads. Returns (siglum, hit) of what was added."""
    manifest = Path(manifest)
    current = load_manifest(manifest)
    taken = {w.siglum for w in current.witnesses}
    have = {(w.path, w.start and w.start.name, w.end and w.end.name) for w in current.witnesses}
    text = manifest.read_text("utf-8")
    added: list[tuple[str, Hit]] = []
    for hit in hits:
        path = Path(hit.file).resolve()
        bounds = (str(hit.start) if hit.start else None, str(hit.end) if hit.end else None)
        if (path, *bounds) in have:
            continue
        have.add((path, *bounds))
        siglum = siglum_for(hit, taken)
        taken.add(siglum)
        text += _entry(manifest, siglum, hit, path)
        added.append((siglum, hit))
    if added:
        trial = manifest.with_name(f".{manifest.name}.discover")
        try:
            atomic_write_text(trial, text)
            load_manifest(trial)  # what is written must load (paths are relative to it)
        finally:
            trial.unlink(missing_ok=True)
        atomic_write_text(manifest, text)
    return added


def _entry(manifest: Path, siglum: str, hit: Hit, path: Path) -> str:
    rel = os.path.relpath(path, manifest.parent.resolve())
    lines = [
        "",
        "[[witness]]",
        f"siglum = {_toml(siglum)}",
        f"path = {_toml(rel)}",
        f"format = {_toml(hit.format)}",
    ]
    if hit.title:
        lines.append(f"title = {_toml(hit.title)}")
    if hit.author:
        lines.append(f"author = {_toml(hit.author)}")
    for key, value in (("from", hit.start), ("to", hit.end)):
        if value is not None:
            lines.append(f"{key} = {value if isinstance(value, int) else _toml(value)}")
    found = f"found by edition discover: score {hit.score}, episodes {' '.join(hit.episodes)}"
    lines.append(f"note = {_toml(found)}")
    return "\n".join(lines) + "\n"


def _toml(s: str) -> str:
    return json.dumps(s, ensure_ascii=False)  # a TOML basic string is a JSON string
