"""Benchmark: `edition build` of two long versions of one text, from scratch, again with
nothing changed, and again after one word of one witness changed (the cache at work); then
the HTML it wrote (one page, or an index and pages of rows).

    python benchmarks/rebuild.py [--words 200000]

Each build is a separate `edition build` process, timed whole (interpreter start included)
with its peak memory (RSS, the largest of the process and its workers).
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.align_scale import write_project  # noqa: E402
from benchmarks.collate_speed import versions  # noqa: E402


def build(folder: Path) -> tuple[float, float]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t0 = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "edition.cli", "build", "--manifest", "w.toml"],
        cwd=folder,
        check=True,
        capture_output=True,
    )
    seconds = time.perf_counter() - t0
    peak = max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024
    return seconds, peak


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--words", type=int, default=200_000)
    args = ap.parse_args()
    a, b = versions(args.words)
    with tempfile.TemporaryDirectory() as tmp:
        t = Path(tmp)
        write_project(t, {"A": a, "B": b})
        words = len(a.split()) + len(b.split())
        print(f"two versions, {words:,} words in all")
        seconds, peak = build(t)
        print(f"build from scratch: {seconds:.1f} s, peak {peak:.0f} MB")
        seconds, _ = build(t)
        print(f"build again, nothing changed: {seconds:.1f} s")
        changed = b.replace("ثم", "وبعد ذلك", 1)
        (t / "B.txt").write_text(changed, encoding="utf-8")
        seconds, _ = build(t)
        print(f"build after one change to witness B: {seconds:.1f} s")
        out = t / "output"
        pages = sorted(out.glob("part-*.html"))
        index = (out / "index.html").stat().st_size / 1e6
        if pages:
            sizes = [p.stat().st_size / 1e6 for p in pages]
            print(
                f"HTML: index.html {index:.2f} MB and {len(pages)} pages of rows, "
                f"{min(sizes):.2f}-{max(sizes):.2f} MB each "
                f"(+ assets {(out / 'assets' / 'edition.css').stat().st_size / 1e6:.2f} MB)"
            )
        else:
            print(f"HTML: one page, {index:.2f} MB")
        print(f"edition.xml {(out / 'edition.xml').stat().st_size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
