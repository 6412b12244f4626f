"""Benchmark: align two long witnesses (two editions of one text) and report time and memory.

    python benchmarks/align_scale.py [--words 200000] [SOURCE ...]

SOURCE: plain-text or OpenITI files whose paragraphs make the text (default: the OpenITI
samples beside the project if present, else the bundled seeds). Witness X is the source
text, cycled until it has --words words; witness Y is another 'edition' of it: 5% of the
paragraphs dropped, 5% swapped with their neighbour, alef/ta marbuta spellings changed.
Prints wall time per stage, peak memory (RSS) of the process, words per second, and the
share of Y's passages aligned to the passage of X they were made from.
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from edition.arabic import normalize_orthographic  # noqa: E402
from edition.batch import few_collections  # noqa: E402
from edition.ingest.openiti import read_openiti  # noqa: E402
from edition.ingest.plaintext import paragraphs  # noqa: E402
from edition.pipeline import align, collate, encode  # noqa: E402


def source_paragraphs(paths: list[Path]) -> list[str]:
    out: list[str] = []
    for p in paths:
        if p.suffix.lower() in (".markdown", ".mARkdown".lower()):
            out += [b.text for b in read_openiti(p, "S").blocks if b.text and b.kind == "p"]
        else:
            out += paragraphs(p.read_text("utf-8"))
    return [p for p in out if len(p.split()) >= 5]


def write_project(folder: Path, texts: dict[str, str]) -> Path:
    """Each text as SIGLUM.txt in folder, and a manifest `w.toml` listing them."""
    manifest = ""
    for siglum, text in texts.items():
        (folder / f"{siglum}.txt").write_text(text, encoding="utf-8")
        manifest += f'[[witness]]\nsiglum = "{siglum}"\npath = "{siglum}.txt"\n'
    (folder / "w.toml").write_text(manifest, encoding="utf-8")
    return folder / "w.toml"


def timed_stages(manifest: Path, tei_dir: Path, collating: bool = True):
    """encode, align (and collate) in this process: the edition and each stage's seconds.
    The stages run one after the other inside one `few_collections`, as `edition build`
    runs them (each stage alone would put the collector's thresholds back on its way out)."""
    seconds: dict[str, float] = {}
    with few_collections():
        t = time.perf_counter()
        ed = encode(manifest, tei_dir)
        seconds["encode"] = time.perf_counter() - t
        for name, stage in (("align", align), ("collate", collate))[: 2 if collating else 1]:
            t = time.perf_counter()
            stage(ed)
            seconds[name] = time.perf_counter() - t
    return ed, seconds


def make_pair(paras: list[str], words: int, seed: int = 1) -> tuple[list[str], list[str]]:
    rng = random.Random(seed)
    x: list[str] = []
    n = 0
    k = 0
    while n < words:
        para = paras[k % len(paras)]
        x.append(para)
        n += len(para.split())
        k += 1
    y = []
    i = 0
    while i < len(x):
        r = rng.random()
        if r < 0.05:
            i += 1
            continue
        if r < 0.10 and i + 1 < len(x):
            y += [x[i + 1], x[i]]
            i += 2
            continue
        y.append(x[i])
        i += 1
    y = [p.replace("أ", "ا").replace("ة ", "ه ") for p in y]
    return x, y


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--words", type=int, default=200_000)
    ap.add_argument("sources", nargs="*", type=Path)
    args = ap.parse_args()
    sources = args.sources or sorted(
        (ROOT.parent / "shared" / "openiti-samples").glob("*.mARkdown")
    )
    if not sources:
        sources = sorted((ROOT / "seeds").glob("*.txt"))
    x, y = make_pair(source_paragraphs(sources), args.words)
    with tempfile.TemporaryDirectory() as tmp:
        t = Path(tmp)
        manifest = write_project(t, {"X": "\n\n".join(x), "Y": "\n\n".join(y)})
        ed, seconds = timed_stages(manifest, t / "tei", collating=False)
    wx = sum(len(p.split()) for p in x)
    wy = sum(len(p.split()) for p in y)
    px = {p.id: normalize_orthographic(p.text) for p in ed.witnesses[0].passages}
    py = {p.id: normalize_orthographic(p.text) for p in ed.witnesses[1].passages}
    by_text: dict[str, set[str]] = {}
    for pid, text in px.items():
        by_text.setdefault(text, set()).add(pid)
    found = 0
    for pid, text in py.items():
        g = ed.alignment.group_of(pid)
        if g and by_text.get(text, set()) & set(g.passages):
            found += 1
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"sources: {', '.join(s.name for s in sources)}")
    print(f"witness X: {wx} words, {len(px)} passages; witness Y: {wy} words, {len(py)} passages")
    enc, ali = seconds["encode"], seconds["align"]
    print(f"encode (read, segment, tag): {enc:.1f} s")
    print(f"align: {ali:.1f} s ({(wx + wy) / ali:,.0f} words/s)")
    print(f"total: {enc + ali:.1f} s; peak memory (RSS): {peak:.0f} MB")
    share = found / len(py)
    print(f"groups: {len(ed.alignment.groups)}; Y passages aligned to their source: {share:.1%}")


if __name__ == "__main__":
    main()
