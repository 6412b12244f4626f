"""Speed of `edition discover` (whole process, wall clock), words/s and peak memory per
worker, on the 31-book corpus and on a synthetic corpus of the books repeated with changes
(made in a temporary folder, deleted after); each with the embedded default (2 cores) and
on a local Dask cluster of 1 and of 2 workers (`dask scheduler` and `dask worker` started
here on 127.0.0.1).

    python benchmarks/discover.py [--corpus ../shared/openiti-corpus] [--words 50000000]
                                  [--only real|synthetic]
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from edition.discover.cluster import loopback_cluster  # noqa: E402

WORD = re.compile(r"[\u0621-\u064a]{4,}")


def synthetic(corpus: Path, folder: Path, words: int, seed: int = 0) -> int:
    """The corpus's books copied until `words` words, each copy changed: one word in 50
    replaced by another word of the book, so that no copy is identical to another."""
    books = sorted(p for p in corpus.iterdir() if p.suffix == ".mARkdown")
    rng = random.Random(seed)
    total, k = 0, 0
    while total < words:
        src = books[k % len(books)]
        text = src.read_text("utf-8")
        vocab = WORD.findall(text[:200_000]) or ["كلمة"]
        changed = WORD.sub(lambda m, v=vocab: rng.choice(v) if rng.random() < 0.02 else m[0], text)
        (folder / f"{k:05d}.{src.name}").write_text(changed, "utf-8")
        total += len(changed.split())
        k += 1
    return total


def run(corpus: Path, scheduler: str | None) -> dict:
    """One whole process running `edition discover` (imports, query, cluster, every book):
    its wall time, and what the search reports."""
    probe = (
        "import json;from edition.discover import discover;"
        f"f=discover([{str(corpus)!r}],scheduler={scheduler!r});"
        "print(json.dumps({'words':f.words,'books':f.books,'peak_mb':f.peak_mb,"
        "'hits':len(f.hits),'errors':len(f.errors)}))"
    )
    started = time.perf_counter()
    out = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout
    wall = time.perf_counter() - started
    facts = json.loads(out.strip().splitlines()[-1])
    return {"wall_s": round(wall, 1), "words_per_s": round(facts["words"] / wall), **facts}


def bench(corpus: Path, label: str) -> None:
    rows = {"embedded (2 cores)": run(corpus, None)}
    for n in (1, 2):
        with loopback_cluster(n) as address:
            rows[f"dask cluster, {n} worker{'s' if n > 1 else ''}"] = run(corpus, address)
    print(f"\n{label}")
    print(f"{'engine':<24} {'wall s':>8} {'words/s':>10} {'peak MB/worker':>15} {'hits':>5}")
    for name, r in rows.items():
        print(
            f"{name:<24} {r['wall_s']:>8} {r['words_per_s']:>10} {r['peak_mb']:>15.0f} "
            f"{r['hits']:>5}"
        )


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", default=str(ROOT.parent / "shared" / "openiti-corpus"))
    ap.add_argument("--words", type=int, default=50_000_000)
    ap.add_argument("--only", choices=("real", "synthetic"))
    args = ap.parse_args()
    corpus = Path(args.corpus)
    if args.only != "synthetic":
        bench(corpus, f"{corpus} (31 books)")
    if args.only != "real":
        folder = Path(tempfile.mkdtemp(prefix="discover-synthetic-"))
        try:
            words = synthetic(corpus, folder, args.words)
            bench(folder, f"synthetic corpus: {words} words")
        finally:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
