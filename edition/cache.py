"""A cache of the build's work (per witness, the alignment, per group), keyed by content
hashes.

Rebuilding after a change to one witness reads, segments and tags only that witness again,
and collates again only the groups whose texts changed; an unchanged edition is not even
aligned again. Keys hash everything a result
depends on: the input's bytes and manifest entry, the authority file, the overrides, the
options, and the code itself (every module and data file of the package), so a cached
result is never stale. Entries live in one pickle file per kind of work, rewritten
atomically with only the entries the last build used; a damaged cache file is ignored and
rebuilt.
"""

from __future__ import annotations

import hashlib
import pickle
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from edition.io import atomic_write_bytes

CACHE_DIR = ".cache"
FORMAT = 1


@cache
def code_fingerprint() -> str:
    """A hash of the package's code and data: results of other code are not reused."""
    h = hashlib.sha256(str(FORMAT).encode())
    root = resources.files("edition")
    for path in sorted(Path(str(root)).rglob("*")):
        if path.suffix in (".py", ".json") and "__pycache__" not in path.parts:
            h.update(path.relative_to(Path(str(root))).as_posix().encode())
            h.update(path.read_bytes())
    return h.hexdigest()


def content_key(*parts: str | bytes) -> str:
    """A key for the given parts (strings or bytes), in order, and the code."""
    h = hashlib.sha256(code_fingerprint().encode())
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.hexdigest()


class Cache:
    """Results by key, for one kind of work (`read`, `tag`, `align`, `collate`).

    `get` and `put` work in memory; `save` writes the entries used since loading (got or
    put), so that results no build needs any more do not pile up."""

    def __init__(self, directory: Path | None, kind: str):
        self.path = directory / f"{kind}.pickle" if directory is not None else None
        self.entries: dict[str, bytes] = {}  # key -> pickled result
        self.used: dict[str, bytes] = {}
        self.changed = False
        if self.path is not None and self.path.exists():
            self.entries = _load(self.path)

    def __contains__(self, key: str) -> bool:
        return key in self.entries

    def get(self, key: str) -> Any | None:
        found = self.entries.get(key)
        if found is None:
            return None
        self.used[key] = found
        return pickle.loads(found)  # a fresh object each time: callers may change it

    def put(self, key: str, value: Any) -> None:
        if self.path is None:  # no cache: nothing to keep
            return
        self.entries[key] = self.used[key] = pickle.dumps(value, pickle.HIGHEST_PROTOCOL)
        self.changed = True

    def save(self) -> None:
        if self.path is None or (not self.changed and self.used.keys() == self.entries.keys()):
            return
        atomic_write_bytes(self.path, pickle.dumps(self.used, pickle.HIGHEST_PROTOCOL))


def _load(path: Path) -> dict[str, bytes]:
    """The entries of a cache file; none if it is damaged or from another version."""
    try:
        data = pickle.loads(path.read_bytes())
    except (
        OSError,
        pickle.UnpicklingError,
        EOFError,
        AttributeError,
        ImportError,
        IndexError,
        TypeError,
        ValueError,
    ):
        return {}
    if not isinstance(data, dict):
        return {}
    return {k: v for k, v in data.items() if isinstance(k, str) and isinstance(v, bytes)}
