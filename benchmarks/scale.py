"""Benchmark: cost growth of encode + align + collate for two (or more) versions of one text.

    python benchmarks/scale.py [--sizes 10000,50000,200000,1000000] [--collatex-timeout 600]
                               [--no-collatex] [--editions N]

For each size, two versions are made as in `collate_speed.py` (text cycled from the OpenITI
samples beside the project, or the seeds; known edits every ~40 words; with `--editions N`,
N versions, each past the second with edits of its own: three digital editions of one book)
and run through
encode, align and collate in a fresh process, which reports wall time per stage and its
peak memory (RSS; and that of its largest worker process, which shares most of its pages
with it). Then, where `collatex` is installed, the same input goes through CollateX
in a subprocess killed after the timeout; larger sizes are not tried once it timed out.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.align_scale import write_project  # noqa: E402
from benchmarks.collate_speed import run_collatex, versions  # noqa: E402

ONE_RUN = """
import json, resource, sys
from pathlib import Path
sys.path.insert(0, sys.argv[2])
from benchmarks.align_scale import timed_stages
t = Path(sys.argv[1])
ed, seconds = timed_stages(t / "w.toml", t / "tei")
print(json.dumps({
    **seconds, "total": sum(seconds.values()),
    "groups": len(ed.alignment.groups),
    "units": sum(len(g.apps) for g in ed.apparatus.groups),
    "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    "worker_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
}))
"""


def run_ours(*texts: str) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        write_project(Path(tmp), {chr(ord("A") + k): t for k, t in enumerate(texts)})
        r = subprocess.run(
            [sys.executable, "-c", ONE_RUN, tmp, str(ROOT)],
            capture_output=True,
            text=True,
            check=True,
        )
        return json.loads(r.stdout)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="10000,50000,200000,1000000")
    ap.add_argument("--collatex-timeout", type=float, default=600)
    ap.add_argument("--no-collatex", action="store_true")
    ap.add_argument(
        "--editions",
        type=int,
        default=2,
        help="versions of the text (each past the second has edits of its own); CollateX only"
        " with two",
    )
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    print(
        "words per version | words in all | encode s | align s | collate s | total s | "
        "words/s | peak MB | collatex s | ratio"
    )
    collatex_gave_up = args.no_collatex or args.editions != 2
    for size in sizes:
        a, b = versions(size)
        texts = [a, b] + [versions(size, seed=7 + k)[1] for k in range(1, args.editions - 1)]
        words = sum(len(t.split()) for t in texts)
        r = run_ours(*texts)
        theirs = None
        if not collatex_gave_up:
            try:
                import collatex  # noqa: F401
            except ImportError:
                collatex_gave_up = True
            else:
                theirs = run_collatex(a, b, args.collatex_timeout)
                collatex_gave_up = theirs is None
        cx = f"{theirs:.1f}" if theirs is not None else f"> {args.collatex_timeout:.0f}"
        ratio = f"{theirs / r['total']:.0f}x" if theirs is not None else "-"
        if args.no_collatex or args.editions != 2:
            cx = ratio = "-"
        print(
            f"{size:,} | {words:,} | {r['encode']:.1f} | {r['align']:.1f} | {r['collate']:.1f} | "
            f"{r['total']:.1f} | {words / r['total']:,.0f} | {r['rss_mb']:.0f} "
            f"({r['worker_mb']:.0f}) | {cx} | {ratio}",
            flush=True,
        )


if __name__ == "__main__":
    main()
