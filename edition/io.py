"""Writing files safely: a temporary file in the same folder, then an atomic rename; and
the XML and JSON written."""

from __future__ import annotations

import json
import os
import re
import tempfile
from pathlib import Path

from lxml import etree

from edition.errors import EditionError

# what XML cannot hold (control characters but tab, line feed and carriage return)
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def holds_control_character(text: str) -> bool:
    """Whether a text holds a character XML cannot (it could not be saved in TEI)."""
    return bool(_NOT_XML.search(text))


MAX_NAME = 200  # characters of a scholar's name (`resp`)


def bad_name(name: object) -> str | None:
    """What is wrong with a scholar's name (`resp`), to be written in TEI: not text, too
    long, or a character XML cannot hold in it."""
    if not isinstance(name, str) or len(name) > MAX_NAME:
        return f"`resp` must be a name of at most {MAX_NAME} characters"
    if holds_control_character(name):
        return "`resp` holds a control character"
    return None


def atomic_write_bytes(path: str | Path, data: bytes) -> None:
    """Replace `path` with `data`; a crash leaves the previous file untouched."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as e:
        raise EditionError(f"{path}: cannot write ({e.strerror})") from None
    try:
        umask = os.umask(0)
        os.umask(umask)
        os.fchmod(fd, 0o666 & ~umask)
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def atomic_write_text(path: str | Path, text: str) -> None:
    atomic_write_bytes(path, text.encode("utf-8"))


# elements whose content is text (mixed content): white space inside them is the text's own,
# so they are never indented, even when they happen to start with a child element
MIXED = {
    "ab",
    "p",
    "s",
    "seg",
    "head",
    "l",
    "app",
    "lem",
    "rdg",
    "note",
    "desc",
    "catDesc",
    "title",
    "author",
    "persName",
    "placeName",
    "date",
    "measure",
    "resp",
    "name",
    "language",
}


def indent(el: etree._Element, level: int = 0, step: str = "  ") -> None:
    """Indent element-only content; leave mixed content exactly as it is."""
    local = etree.QName(el).localname if isinstance(el.tag, str) else ""
    if local in MIXED or not len(el) or (el.text or "").strip():
        return
    if any((child.tail or "").strip() for child in el):
        return
    pad = "\n" + step * (level + 1)
    el.text = pad
    for child in el:
        indent(child, level + 1, step)
        child.tail = pad
    el[-1].tail = "\n" + step * level


def xml_bytes(root: etree._Element) -> bytes:
    indent(root)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8") + b"\n"


_ONE_LINE = json.JSONEncoder(ensure_ascii=False)  # json's fast encoder (it cannot indent)


def json_bytes(value, depth: int) -> bytes:
    """`value` as JSON (UTF-8), its objects and arrays down to `depth` levels one member a
    line (indented as by `json.dumps(indent=1)`), deeper ones each on one line: a long
    file that is read and compared line by line, written by json's fast encoder."""
    return (_json_text(value, depth, 0) + "\n").encode("utf-8")


def _json_text(value, depth: int, level: int) -> str:
    if level == depth or not value or not isinstance(value, dict | list):
        return _ONE_LINE.encode(value)
    if isinstance(value, dict):
        members = [
            f"{_ONE_LINE.encode(k)}: {_json_text(v, depth, level + 1)}" for k, v in value.items()
        ]
        brackets = "{}"
    else:
        members = [_json_text(v, depth, level + 1) for v in value]
        brackets = "[]"
    pad = "\n" + " " * (level + 1)
    return f"{brackets[0]}{pad}{(',' + pad).join(members)}\n{' ' * level}{brackets[1]}"
