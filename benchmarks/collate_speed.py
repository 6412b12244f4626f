"""Benchmark: collate two versions of one text, and the same input through CollateX.

    python benchmarks/collate_speed.py [--words 50000] [--collatex-timeout 600]

Version A is text cycled from the bundled seeds (or the OpenITI samples beside the project,
if present) to the given length; version B applies known edits every ~40 words (a spelling
change, a changed number word, a dropped word, two words swapped). Reports, for this tool,
the whole encode+align+collate time and the collation stage alone in tokens per second, and for
the `collatex` package (if installed: pip install collatex python-Levenshtein) the time at
growing sizes, each run in a subprocess killed after the timeout.
"""

from __future__ import annotations

import argparse
import random
import resource
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.align_scale import source_paragraphs, timed_stages, write_project  # noqa: E402


def versions(words: int, seed: int = 7) -> tuple[str, str]:
    samples = sorted((ROOT.parent / "shared" / "openiti-samples").glob("*.mARkdown"))
    paras = source_paragraphs(samples or sorted((ROOT / "seeds").glob("*.txt")))
    rng = random.Random(seed)
    a_paras, n, k = [], 0, 0
    while n < words:
        a_paras.append(paras[k % len(paras)])
        n += len(paras[k % len(paras)].split())
        k += 1
    b_paras = []
    for p in a_paras:
        ws = p.split()
        for i in range(0, len(ws) - 2, 40):
            j = i + rng.randrange(0, min(40, len(ws) - i - 1))
            op = rng.random()
            if op < 0.4:
                ws[j] = ws[j].replace("أ", "ا").replace("ة", "ه")
            elif op < 0.55:
                ws[j] = "ثلاثة"
            elif op < 0.75:
                ws[j] = ""
            else:
                ws[j], ws[j + 1] = ws[j + 1], ws[j]
        b_paras.append(" ".join(w for w in ws if w))
    return "\n\n".join(a_paras), "\n\n".join(b_paras)


COLLATEX = """
import sys, time
from collatex import Collation, collate
a, b = open(sys.argv[1], encoding="utf-8").read(), open(sys.argv[2], encoding="utf-8").read()
c = Collation()
c.add_plain_witness("A", a)
c.add_plain_witness("B", b)
t = time.perf_counter()
collate(c, output="json")
print(time.perf_counter() - t)
"""


def run_collatex(a: str, b: str, timeout: float) -> float | None:
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "a.txt").write_text(a, encoding="utf-8")
        (Path(tmp) / "b.txt").write_text(b, encoding="utf-8")
        try:
            r = subprocess.run(
                [sys.executable, "-c", COLLATEX, f"{tmp}/a.txt", f"{tmp}/b.txt"],
                capture_output=True,
                text=True,
                timeout=timeout,
            )
        except subprocess.TimeoutExpired:
            return None
        if r.returncode:
            print(f"  collatex failed: {r.stderr.strip().splitlines()[-1]}")
            return None
        return float(r.stdout.strip())


def run_ours(a: str, b: str) -> tuple[float, float, int]:
    with tempfile.TemporaryDirectory() as tmp:
        t = Path(tmp)
        ed, seconds = timed_stages(write_project(t, {"A": a, "B": b}), t / "tei")
    units = sum(len(g.apps) for g in ed.apparatus.groups)
    return sum(seconds.values()), seconds["collate"], units


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--words", type=int, default=50_000)
    ap.add_argument("--collatex-timeout", type=float, default=600)
    ap.add_argument("--collatex-sizes", default="2000,5000,10000")
    args = ap.parse_args()
    a, b = versions(args.words)
    tokens = len(a.split()) + len(b.split())
    total, stage, units = run_ours(a, b)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"edition, {len(a.split())} + {len(b.split())} words: encode+align+collate {total:.1f} s,"
        f" collation stage {stage:.2f} s = {tokens / stage:,.0f} tokens/s,"
        f" {units} variation units, peak RSS {peak:.0f} MB"
    )
    try:
        import collatex  # noqa: F401
    except ImportError:
        print("collatex not installed: pip install collatex python-Levenshtein")
        return
    for size in [int(s) for s in args.collatex_sizes.split(",")]:
        sa, sb = versions(size)
        ours, ours_stage, _ = run_ours(sa, sb)
        theirs = run_collatex(sa, sb, args.collatex_timeout)
        words = len(sa.split()) + len(sb.split())
        if theirs is None:
            print(
                f"{words} words: collatex did not finish in {args.collatex_timeout:.0f} s;"
                f" edition {ours:.2f} s"
            )
            break
        print(
            f"{words} words: collatex {theirs:.2f} s (collation only); edition {ours:.2f} s"
            f" (encode+align+collate), {ours_stage:.3f} s (collation stage);"
            f" ratio {theirs / ours:.0f}x"
        )


if __name__ == "__main__":
    main()
