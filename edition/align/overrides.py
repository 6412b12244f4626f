"""Scholars' corrections to the machine, kept in `tei/overrides.toml` and applied on every run.

```toml
[[pin]]              # these two passages tell the same event
a = "B-p5-s6"
b = "C-p1-s7"

[[forbid]]           # these two do not, whatever they share
a = "A-p7-s1"
b = "C-p1-s2"

[[split]]            # cut a passage before the given words (first occurrence)
passage = "C-p1-s6"
before = "ووصل على أثر ذلك"

[[join]]             # make one passage of consecutive passages of one paragraph
passages = ["B-p5-s5", "B-p5-s6"]
```
"""

from __future__ import annotations

import json
import re
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path

from edition.arabic.tokens import cuts_between_words
from edition.errors import InputError, check_keys
from edition.io import bad_name
from edition.model import Passage, Witness, separator


@dataclass
class Overrides:
    pins: set[tuple[str, str]] = field(default_factory=set)
    forbids: set[tuple[str, str]] = field(default_factory=set)
    splits: list[tuple[str, str]] = field(default_factory=list)
    joins: list[list[str]] = field(default_factory=list)
    path: Path | None = None
    # who pinned each pair (`resp`): for the record, not for aligning
    pinned_by: dict[frozenset[str], str] = field(default_factory=dict, repr=False, compare=False)


STAMP = ("resp", "when", "note")  # who, when and why: for the record
UNNAMED = "editor"  # the `resp` of an entry its maker did not sign
TABLES = {  # the keys of each kind of entry
    "pin": ("a", "b", *STAMP),
    "forbid": ("a", "b", *STAMP),
    "split": ("passage", "before", *STAMP),
    "join": ("passages", *STAMP),
}


def load_overrides(path: str | Path) -> Overrides:
    path = Path(path)
    if not path.exists():
        return Overrides(path=path)
    try:
        data = tomllib.loads(path.read_text("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
        raise InputError(path, f"malformed overrides file: {e}") from None
    _check_tables(path, data)
    pins, forbids = _pairs(path, data, "pin"), _pairs(path, data, "forbid")
    both = sorted(sorted(p) for p in {frozenset(p) for p in pins} & {frozenset(p) for p in forbids})
    if both:
        a, b = both[0]
        raise InputError(path, f"{a} and {b} are both pinned and kept apart: keep one of the two")
    return Overrides(pins, forbids, _splits(path, data), _joins(path, data), path, _resp(data))


def _pairs(path: Path, data: dict, name: str) -> set[tuple[str, str]]:
    out = set()
    for k, entry in enumerate(data.get(name, []), 1):
        if not entry.get("a") or not entry.get("b"):
            raise InputError(path, f"[[{name}]] #{k} needs `a` and `b` passage ids")
        out.add((str(entry["a"]), str(entry["b"])))
    return out


def _splits(path: Path, data: dict) -> list[tuple[str, str]]:
    out = []
    for k, entry in enumerate(data.get("split", []), 1):
        if not entry.get("passage") or not entry.get("before"):
            raise InputError(path, f"[[split]] #{k} needs `passage` and `before`")
        out.append((str(entry["passage"]), str(entry["before"])))
    return out


def _joins(path: Path, data: dict) -> list[list[str]]:
    out = []
    for k, entry in enumerate(data.get("join", []), 1):
        ids = entry.get("passages")
        if not isinstance(ids, list) or len(ids) < 2:
            raise InputError(path, f"[[join]] #{k} needs `passages`, a list of two or more ids")
        out.append([str(i) for i in ids])
    return out


def _resp(data: dict) -> dict[frozenset[str], str]:
    """Who pinned each pair, where the file says."""
    return {
        frozenset((str(e["a"]), str(e["b"]))): e["resp"].strip()
        for e in data.get("pin", [])
        if e.get("resp", "").strip()
    }


def signed(pinned_by: dict[frozenset[str], str], editor: str) -> dict[frozenset[str], str]:
    """Who pinned each pair, by name: an entry its maker did not sign is the edition's
    editor's (left unnamed when the manifest names none)."""
    out = {pair: editor if name == UNNAMED else name for pair, name in pinned_by.items()}
    return {pair: name for pair, name in out.items() if name}


def _check_tables(path: Path, data: dict) -> None:
    """Refuse what the file does not know: a misspelt table or key would be ignored."""
    check_keys(path, data, tuple(TABLES), "")
    for name, known in TABLES.items():
        entries = data.get(name, [])
        if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
            raise InputError(path, f"`{name}` must be a list of tables, each written [[{name}]]")
        for k, entry in enumerate(entries, 1):
            check_keys(path, entry, known, f"[[{name}]] #{k}: ")
            _check_stamp(path, entry, f"[[{name}]] #{k}: ")


def _check_stamp(path: Path, entry: dict, where: str) -> None:
    """`resp` a name, `note` text (a `when` may be a TOML date or text)."""
    if "note" in entry and not isinstance(entry["note"], str):
        raise InputError(path, f"{where}`note` must be text")
    if "resp" in entry and (wrong := bad_name(entry["resp"])):
        raise InputError(path, f"{where}{wrong}")


def split_at(text: str, before: str) -> int:
    """Where a split before the words `before` cuts the text: at their first letter or
    mark, white space before them aside (-1 if they are not in it)."""
    at = text.find(before)
    return at + len(before) - len(before.lstrip()) if at >= 0 else -1


def apply_segmentation_overrides(witnesses: list[Witness], ov: Overrides) -> None:
    """Split and join passages in place (before tagging). Unknown ids are errors."""
    where = {p.id: (w, b) for w in witnesses for b in w.blocks for p in b.passages}
    for pid, before in ov.splits:
        if pid not in where:
            raise InputError(ov.path, f"[[split]]: no passage {pid!r}")
        _w, block = where[pid]
        k = next(i for i, p in enumerate(block.passages) if p.id == pid)
        p = block.passages[k]
        at = split_at(p.text, before)
        if at <= 0:
            raise InputError(ov.path, f"[[split]]: {before!r} is not inside passage {pid!r}")
        if not cuts_between_words(p.text, at):
            raise InputError(ov.path, f"[[split]]: {before!r} begins inside a word of {pid!r}")
        head = p.text[:at].rstrip()
        first = Passage(
            f"{pid}a", head, [m for m in p.markers if m.offset <= len(head)], joined=p.joined
        )
        second = Passage(
            f"{pid}b",
            p.text[at:],
            [replace(m, offset=max(0, m.offset - at)) for m in p.markers if m.offset > len(head)],
            joined=len(head) == at,  # nothing but a cut between them: the text runs on
        )
        block.passages[k : k + 1] = [first, second]
        where[first.id] = where[second.id] = (_w, block)
    for ids in ov.joins:
        for pid in ids:
            if pid not in where:
                raise InputError(ov.path, f"[[join]]: no passage {pid!r}")
        block = where[ids[0]][1]
        positions = [
            next((i for i, p in enumerate(block.passages) if p.id == pid), -1) for pid in ids
        ]
        if -1 in positions or positions != list(range(positions[0], positions[0] + len(ids))):
            raise InputError(
                ov.path, f"[[join]]: {ids} are not consecutive passages of one paragraph"
            )
        parts = [block.passages[i] for i in positions]
        text = ""
        markers = []
        for part in parts:
            text += separator(part) if text else ""
            markers += [replace(m, offset=m.offset + len(text)) for m in part.markers]
            text += part.text
        joined = Passage(ids[0], text, markers, joined=parts[0].joined)
        block.passages[positions[0] : positions[-1] + 1] = [joined]


# --- editing the file: entries appended or removed as text, the rest left as written ------

OVERRIDES_HEADER = (
    "# Scholars' corrections to the alignment (see the README: pin, forbid, split, join).\n"
)
_ENTRY_START = re.compile(r"^\s*\[\[\s*(\w+)\s*\]\]", re.MULTILINE)


def entry_text(kind: str, fields: dict[str, str | list[str]]) -> str:
    """One `[[kind]]` entry; values as TOML strings (a JSON string is a TOML basic string)."""
    lines = [f"[[{kind}]]"]
    for key, value in fields.items():
        if isinstance(value, list):
            shown = ", ".join(json.dumps(v, ensure_ascii=False) for v in value)
            lines.append(f"{key} = [{shown}]")
        else:
            lines.append(f"{key} = {json.dumps(value, ensure_ascii=False)}")
    return "\n".join(lines) + "\n"


def appended(text: str, entries: list[str]) -> str:
    """The file's text with entries added at its end."""
    if not text.strip():
        text = OVERRIDES_HEADER
    if not text.endswith("\n"):
        text += "\n"
    return text + "".join("\n" + e for e in entries)


def without_entries(text: str, kind: str, drop) -> str:
    """The file's text without the `[[kind]]` entries for which `drop(entry)` is true (each
    entry runs from its header to the next one)."""
    starts = [m.start() for m in _ENTRY_START.finditer(text)]
    pieces = [text[: starts[0]]] if starts else [text]
    for k, at in enumerate(starts):
        chunk = text[at : starts[k + 1] if k + 1 < len(starts) else len(text)]
        parsed = tomllib.loads(chunk)
        entries = parsed.get(kind) if isinstance(parsed.get(kind), list) else []
        if entries and drop(entries[0]):
            continue
        pieces.append(chunk)
    return "".join(pieces)
