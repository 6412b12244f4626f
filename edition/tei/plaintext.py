"""Plain text of each witness, read from an edition document (what each witness says)."""

from __future__ import annotations

from pathlib import Path

from edition.ingest.teifile import BLOCK_TAGS, flow, parse_tei
from edition.tei.ns import NS


def witness_texts(path: str | Path) -> dict[str, str]:
    """Siglum -> the witness's text, one paragraph (or heading) a line."""
    root = parse_tei(Path(path)).getroot()
    out = {}
    for text in root.xpath("./tei:text/tei:group/tei:text[@corresp]", namespaces=NS):
        lines = []
        for el in text.iter():
            if el.tag in BLOCK_TAGS and not any(a.tag in BLOCK_TAGS for a in el.iterancestors()):
                flowed, _markers = flow(el)
                if flowed:
                    lines.append(flowed)
        out[text.get("corresp").lstrip("#")] = "\n".join(lines) + "\n"
    return out
