"""Benchmark: layout is never a variant. A stretch of a real OpenITI book against the same
words laid out otherwise, built as a two-witness edition: how many variation units and how
many passages in no group ("not in" rows) the layout alone makes (both should be 0).

    python benchmarks/relaid.py [BOOK] [--start 2000] [--lines 3000] [--keep-punctuation]

The first witness is the stretch as its paragraphs and headings stand (page markers and
milestones taken out; punctuation too, unless `--keep-punctuation`: classical prose as
many digital editions give it). The second has the same words with other paragraphs (every
50 to 130 words), a page marker every 120 to 180 words on a line of its own in mid-sentence
(`PageV01P300` or `# PageV01P300`), and half of the headings run into the text. Default
book: al-Dhahabi's *Mu'jam al-shuyukh* (`../shared/openiti-corpus`), which no part of the
tool was tuned on.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

from lxml import etree

ROOT = Path(__file__).resolve().parent.parent
BOOK = (
    ROOT.parent
    / "shared"
    / "openiti-corpus"
    / "0748Dhahabi.MucjamShuyukh.Shamela0012531-ara1.mARkdown"
)
NS = {"t": "http://www.tei-c.org/ns/1.0"}
HEADER = ["######OpenITI#", "", "#META#Header#End#", ""]
_PUNCT = re.compile(r"[،,:؛;.!؟?()\[\]«»\"]")
_MARKER = re.compile(r"PageV\d+P\d+|ms\d+")


def paragraphs(
    book: Path, start: int, lines: int, punctuation: bool
) -> list[tuple[str, list[str]]]:
    """(kind, words) of the stretch's paragraphs ("p") and headings ("h")."""
    text = book.read_text(encoding="utf-8").split("\n")
    body_at = next(k for k, line in enumerate(text) if line.startswith("#META#Header#End#"))
    out: list[tuple[str, list[str]]] = []
    for line in text[body_at + 1 + start : body_at + 1 + start + lines]:
        if line.startswith(("# ", "### ")):
            kind = "h" if line.startswith("###") else "p"
            out.append((kind, _words(re.sub(r"^#+ ?\|* ?", "", line), punctuation)))
        elif line.startswith("~~") and out:
            out[-1][1].extend(_words(line[2:], punctuation))
    return [(kind, ws) for kind, ws in out if ws]


def _words(line: str, punctuation: bool) -> list[str]:
    if not punctuation:
        line = _PUNCT.sub(" ", line)
    return [w for w in line.replace("|", " ").split() if not _MARKER.fullmatch(w)]


def as_laid_out(paras: list[tuple[str, list[str]]]) -> str:
    return "\n".join(
        [*HEADER, *(("### | " if k == "h" else "# ") + " ".join(ws) for k, ws in paras)]
    )


def laid_out_otherwise(paras: list[tuple[str, list[str]]], seed: int = 11) -> str:
    rnd = random.Random(seed)
    out, buf, since, page = list(HEADER), [], 0, 300

    def flush() -> None:
        if buf:
            out.append("# " + " ".join(buf))
            buf.clear()

    for kind, ws in paras:
        if kind == "h" and rnd.random() < 0.5:
            flush()
            out.append("### | " + " ".join(ws))
            continue
        for w in ws:
            buf.append(w)
            since += 1
            if since >= rnd.randint(120, 180):
                flush()
                out.append(f"PageV01P{page}" if rnd.random() < 0.5 else f"# PageV01P{page}")
                page, since = page + 1, 0
            elif len(buf) > rnd.randint(50, 130):
                flush()
    flush()
    return "\n".join(out)


def measure(folder: Path) -> dict:
    cmd = [sys.executable, "-m", "edition.cli", "build", "--manifest", "w.toml", "--no-cache"]
    subprocess.run(cmd, cwd=folder, check=True, capture_output=True)
    tree = etree.parse(str(folder / "output" / "edition.xml"))
    apps = Counter(a.get("type") for a in tree.xpath("//t:app", namespaces=NS))
    linked = {
        t[1:] for link in tree.xpath("//t:link", namespaces=NS) for t in link.get("target").split()
    }
    ids = tree.xpath("//t:text[@corresp]//t:s/@xml:id", namespaces=NS)
    return {
        "groups": len(tree.xpath("//t:link", namespaces=NS)),
        "units": dict(apps),
        "passages in no group": sum(pid not in linked for pid in ids),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("book", nargs="?", type=Path, default=BOOK)
    ap.add_argument("--start", type=int, default=2000, help="first line of the body")
    ap.add_argument("--lines", type=int, default=3000)
    ap.add_argument("--keep-punctuation", action="store_true")
    args = ap.parse_args()
    paras = paragraphs(args.book, args.start, args.lines, args.keep_punctuation)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "a.mARkdown").write_text(as_laid_out(paras) + "\n", encoding="utf-8")
        (folder / "b.mARkdown").write_text(laid_out_otherwise(paras) + "\n", encoding="utf-8")
        (folder / "w.toml").write_text(
            "".join(
                f'[[witness]]\nsiglum = "{s}"\npath = "{s.lower()}.mARkdown"\nformat = "openiti"\n'
                for s in "AB"
            ),
            encoding="utf-8",
        )
        row = {"book": args.book.name, "words": sum(len(ws) for _, ws in paras), **measure(folder)}
    print(json.dumps(row, ensure_ascii=False))


if __name__ == "__main__":
    main()
