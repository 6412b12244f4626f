"""Benchmark: correcting the automatic alignment into the gold one, through `edition serve`'s
HTTP API only.

    python benchmarks/correct_to_gold.py [--edition seeds|chronicles|both] [--max-actions N]

The edition is built and served (as `edition serve` does, on a loopback port, in a scratch
folder). First, for each sure gold link, both ways round: is the counterpart among the top
five candidates of its passage (`GET /api/alignment/candidates`)? That is the recall at 5
(also given counting a link found when either of its passages lists the other), given apart
for the links of a witness held out of all tuning (G in the chronicles); `--max-actions 0`
measures only that. Then, from the automatic alignment, pins and forbids are sent one at a
time (`POST /api/alignment/pin` and `/forbid`), chosen greedily, until every sure gold link
is within a group and no group holds a pair the gold does not have (sure or possible): a
forbid for the passage most often wrongly grouped, with its worst partner; when none is
left, a pin of the sure pair whose two groups share the most missed sure links. It reports
the number of actions, the time each took to be answered (median and worst; the pages are
collated and rendered again in the background meanwhile, as when served), how long after
the last answer the pages and the output folder show it, and whether the final groups
equal the gold.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from itertools import combinations
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.serve_notes import request  # noqa: E402
from edition.pipeline import encode  # noqa: E402
from edition.serve import EditionApp, make_server  # noqa: E402
from tests.gold_eval import load_gold, not_a_partition  # noqa: E402

GOLD = ROOT / "tests" / "gold"
EDITIONS = {
    "seeds": (ROOT / "seeds" / "witnesses.toml", [GOLD / "seeds_alignment.toml"]),
    "chronicles": (
        ROOT / "tests" / "data" / "chronicles" / "witnesses.toml",
        [GOLD / "seeds_alignment.toml", GOLD / "chronicles.toml", GOLD / "held_out.toml"],
    ),
}
HELD_OUT = {"chronicles": "G"}  # a witness held out of all tuning: its links given apart


@contextmanager
def serving(folder: Path) -> Iterator[tuple[EditionApp, int]]:
    """The edition of `folder/witnesses.toml` served as `edition serve` serves it, on a
    loopback port: the app and the port."""
    app = EditionApp(folder / "witnesses.toml", folder / "tei", folder / "output")
    server = make_server(app, "127.0.0.1", 0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield app, server.server_address[1]
    finally:
        server.shutdown()
        server.server_close()


def call(port: int, method: str, path: str, body: dict | None = None) -> tuple[int, object]:
    status, raw = request(port, method, path, body)
    return status, json.loads(raw or b"null")


def grouped(groups: list[dict]) -> set[frozenset]:
    """Every pair of passages of two witnesses that share a group."""
    out = set()
    for g in groups:
        for a, b in combinations(g["passages"], 2):
            if a.split("-")[0] != b.split("-")[0]:
                out.add(frozenset((a, b)))
    return out


def listed(port: int, sure: set[frozenset]) -> dict[str, set[str]]:
    """The candidates listed for each passage of a sure link."""
    out: dict[str, set[str]] = {}
    for pid in {p for pair in sure for p in pair}:
        status, cands = call(port, "GET", f"/api/alignment/candidates?passage={pid}")
        out[pid] = {c["passage"] for c in cands} if status == 200 else set()
    return out


def recall_at_5(found: dict[str, set[str]], sure: set[frozenset]) -> tuple[float, float]:
    """(both ways round, either way) share of sure links whose counterpart is listed."""
    ways = [b in found[a] for pair in sure for a, b in (tuple(pair), tuple(pair)[::-1])]
    either = [any(b in found[a] for a, b in (tuple(p), tuple(p)[::-1])) for p in sure]
    return sum(ways) / max(len(ways), 1), sum(either) / max(len(either), 1)


def recall_parts(sure: set[frozenset], held_out: str | None) -> list[tuple[str, set]]:
    """The sure links to give the recall of: all; without and with the held-out witness."""
    if held_out is None:
        return [("", sure)]
    held = {p for p in sure if any(pid.split("-")[0] == held_out for pid in p)}
    return [("", sure), (f" (no {held_out})", sure - held), (f" (links of {held_out})", held)]


def next_action(groups: list[dict], sure, possible, tried: set) -> tuple[str, list[str]] | None:
    """The next correction: a forbid while a group holds a pair the gold does not, then pins
    of missed sure links."""
    pairs = grouped(groups)
    wrong = [p for p in pairs - sure - possible if ("forbid", p) not in tried]
    if wrong:
        degree = Counter(pid for pair in wrong for pid in pair)
        worst = max(degree, key=lambda pid: (degree[pid], pid))
        partner = max(
            (other for pair in wrong if worst in pair for other in pair if other != worst),
            key=lambda pid: (degree[pid], pid),
        )
        return "forbid", sorted((worst, partner))
    group_of = {pid: k for k, g in enumerate(groups) for pid in g["passages"]}
    missed = [p for p in sure - pairs if ("pin", p) not in tried]
    if not missed:
        return None

    def members(pid: str) -> set[str]:
        k = group_of.get(pid)
        return set(groups[k]["passages"]) if k is not None else {pid}

    def gain(pair: frozenset) -> tuple[int, list[str]]:
        a, b = sorted(pair)
        joined = sum(frozenset((x, y)) in sure for x in members(a) for y in members(b))
        return joined, sorted(pair)

    return "pin", gain(max(missed, key=gain))[1]


def correct(port: int, sure, possible, max_actions: int) -> tuple[list[float], tuple, Counter]:
    times: list[float] = []
    kinds: Counter = Counter()
    tried: set = set()
    groups = call(port, "GET", "/api/alignment")[1]["groups"]
    while len(times) < max_actions:
        action = next_action(groups, sure, possible, tried)
        if action is None:
            break
        kind, ids = action
        tried.add((kind, frozenset(ids)))
        start = time.perf_counter()
        status, data = call(port, "POST", f"/api/alignment/{kind}", {"passages": ids})
        times.append(time.perf_counter() - start)
        kinds[kind if status == 200 else f"{kind} refused ({status})"] += 1
        if status == 200:
            groups = data["groups"]
    pairs = grouped(groups)
    return times, (len(pairs - sure - possible), len(sure - pairs)), kinds


def run(name: str, max_actions: int) -> None:
    manifest, gold = EDITIONS[name]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        shutil.copy(manifest, folder / "witnesses.toml")
        for line in manifest.read_text("utf-8").splitlines():  # the witness files beside it
            if line.startswith("path"):
                rel = line.split("=", 1)[1].strip().strip('"')
                target = folder / rel
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy(manifest.parent / rel, target)
        edition = encode(folder / "witnesses.toml", folder / "tei")
        texts = {w.siglum: {p.id: p.text for p in w.passages} for w in edition.witnesses}
        sure, possible, _friends = load_gold(gold, texts)
        apart = not_a_partition(sure, possible)
        with serving(folder) as (app, port):
            start = time.perf_counter()
            call(port, "GET", "/api/alignment")
            ready = time.perf_counter() - start
            found = listed(port, sure)
            times, (wrong, missed), kinds = correct(port, sure, possible, max_actions)
            start = time.perf_counter()
            app.wait_rendered(timeout=600)
            settled = time.perf_counter() - start
    n = len(edition.witnesses)
    print(f"{name}: {n} witnesses, {len(sure)} sure gold links")
    print(f"  alignment editor ready in {ready:.2f} s (first request: every pair scored)")
    for label, links in recall_parts(sure, HELD_OUT.get(name)):
        both, either = recall_at_5(found, links)
        print(
            f"  recall at 5{label}: {both:.3f} (each passage of a sure link);"
            f" {either:.3f} (either one); {len(links)} links"
        )
    shown = ", ".join(f"{k} {v}" for k, v in sorted(kinds.items()))
    print(f"  actions: {len(times)} ({shown})")
    if times:
        print(f"  answered in: median {statistics.median(times):.3f} s, worst {max(times):.3f} s")
        print(f"  pages and output folder showing the last action {settled:.2f} s after it")
    equal = "yes" if not wrong and not missed else "no"
    print(
        f"  final groups equal the gold: {equal} ({wrong} pairs grouped that the gold does"
        f" not have, {missed} sure links not grouped)"
    )
    if apart:
        example = " and ".join(sorted(apart[0]))
        print(
            f"  no grouping can: {len(apart)} pairs the gold does not have are joined by its"
            f" sure links (e.g. {example}: a passage sure in two episodes)"
        )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--edition", choices=["seeds", "chronicles", "both"], default="both")
    ap.add_argument("--max-actions", type=int, default=1000)
    args = ap.parse_args()
    for name in ["seeds", "chronicles"] if args.edition == "both" else [args.edition]:
        run(name, args.max_actions)


if __name__ == "__main__":
    main()
