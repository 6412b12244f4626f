"""Benchmark: the alignment editor on a book-length edition, through `edition serve`'s HTTP API.

    python benchmarks/editor_book.py [--pair abulfida|ibnwardi|ibnibri|rihla] [--percent P]
                                     [--rounds N]

One of the real edition pairs of `fidelity.py` (the first P% of each book's lines) is served
as `edition serve` serves it, on a loopback port, in a scratch folder. The first
`GET /api/alignment` scores every pair; then, N times, a passage of a group of two witnesses
is drawn (the same draws every run): its candidates are asked for, it is pinned to its best
candidate outside its group, kept apart from a passage of its group, split after its second
word and joined again; at the end four actions are undone. Each answer is timed (median and
worst), and so is the wait until the pages and the output folder show the last action, with
the process's peak memory.
"""

from __future__ import annotations

import argparse
import random
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.correct_to_gold import call, serving  # noqa: E402
from benchmarks.real_editions import BUILDS, prepare  # noqa: E402

KINDS = ("candidates", "pin", "forbid", "split", "join", "undo")


def timed(port: int, times: dict, kind: str, method: str, path: str, body=None):
    start = time.perf_counter()
    status, data = call(port, method, path, body)
    times[kind].append(time.perf_counter() - start)
    if status != 200:
        raise SystemExit(f"{kind} {body}: {status} {data}")
    return data


def one_round(port: int, times: dict, group: dict) -> None:
    """Candidates, pin, forbid, split and join on the first passage of a group."""
    a = group["passages"][0]
    mine = a.split("-")[0]
    cands = timed(port, times, "candidates", "GET", f"/api/alignment/candidates?passage={a}")
    outside = [c["passage"] for c in cands if not c["in_group"]]
    if outside:
        timed(port, times, "pin", "POST", "/api/alignment/pin", {"passages": [a, outside[0]]})
    b = next(p for p in group["passages"] if p.split("-")[0] != mine)
    timed(port, times, "forbid", "POST", "/api/alignment/forbid", {"passages": [a, b]})
    text = call(port, "GET", f"/api/alignment/passage?passage={a}")[1]["text"]
    if len(text.split()) > 4:
        timed(port, times, "split", "POST", "/api/alignment/split", {"passage": a, "word": 2})
        halves = {"passages": [a + "a", a + "b"]}
        timed(port, times, "join", "POST", "/api/alignment/join", halves)


def run(pair: str, percent: int, rounds: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        prepare(folder, BUILDS[pair], percent)
        start = time.perf_counter()
        with serving(folder) as (app, port):
            made = time.perf_counter() - start
            start = time.perf_counter()
            groups = call(port, "GET", "/api/alignment")[1]["groups"]
            first = time.perf_counter() - start
            times: dict[str, list[float]] = {k: [] for k in KINDS}
            two = [g for g in groups if len({p.split("-")[0] for p in g["passages"]}) >= 2]
            rng = random.Random(1)
            for _ in range(rounds):
                one_round(port, times, rng.choice(two))
            for _ in range(4):
                timed(port, times, "undo", "POST", "/api/alignment/undo")
            start = time.perf_counter()
            app.wait_rendered(timeout=1800)
            settled = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{pair} ({percent}% of each book): {len(groups)} groups")
    print(f"  server made in {made:.1f} s; first GET /api/alignment {first:.1f} s (all scored)")
    for kind, ts in times.items():
        if ts:
            print(
                f"  {kind}: {len(ts)}, median {statistics.median(ts):.2f} s, worst {max(ts):.2f} s"
            )
    print(f"  pages and output folder showing the last action {settled:.1f} s later")
    print(f"  peak memory {peak:.0f} MB")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pair", choices=sorted(BUILDS), default="abulfida")
    ap.add_argument("--percent", type=int, default=100)
    ap.add_argument("--rounds", type=int, default=6)
    args = ap.parse_args()
    run(args.pair, args.percent, args.rounds)


if __name__ == "__main__":
    main()
