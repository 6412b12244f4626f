"""Alignment across many witnesses, against the gold: the three seeds and four medieval
chronicles' tellings of the coming of the Mongols (tests/data/chronicles/).

python benchmarks/nway.py [--orders K] [--permutations K] [-v]

- For every number of witnesses from 2 to all of them, added in K orders: precision and
  recall of the links among the witnesses present (the tuning gold: seeds and chronicles D,
  E, F), and of the held-out chronicle's links (G, kept out of all tuning) when it is there.
- Adding witnesses must not cost the others: the links among the first three witnesses of
  each order, judged again as more are added.
- The episodes the gold names in `EPISODES`: whether one group holds every witness's
  telling of each.
- K shuffled manifests of all witnesses: how many groups are the same.
- Wall time and peak memory of aligning all witnesses.
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

from edition.align.run import align_witnesses  # noqa: E402
from edition.pipeline import encode  # noqa: E402
from tests.gold_eval import _locate, group_pairs, load_gold, read_gold, score_links  # noqa: E402

MANIFEST = ROOT / "tests" / "data" / "chronicles" / "witnesses.toml"
GOLD = ROOT / "tests" / "gold"
TUNING = [GOLD / "seeds_alignment.toml", GOLD / "chronicles.toml"]
# the events the chronicles tell besides the Mongols (Damietta, Mosul, deaths of princes):
# read after the tuning, so judged only on request
NEIGHBOURS = GOLD / "neighbours.toml"
HELD_OUT = "G"
EPISODES = {  # the episodes whose every telling must be one group
    "Otrar merchants": "The merchants killed at Otrar",
    "siege of Otrar": "The siege and fall of Otrar",
}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--orders", type=int, default=4, help="orders in which witnesses are added")
    ap.add_argument("--permutations", type=int, default=5, help="shuffled manifests")
    ap.add_argument(
        "--tuning", action="store_true", help=f"leave out the held-out witness {HELD_OUT}"
    )
    ap.add_argument(
        "--neighbours",
        action="store_true",
        help="judge also the chronicles' other matter (tests/gold/neighbours.toml)",
    )
    ap.add_argument("-v", "--verbose", action="store_true", help="list wrong and missed links")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        ed = encode(MANIFEST, Path(tmp))
    witnesses = [w for w in ed.witnesses if not (args.tuning and w.siglum == HELD_OUT)]
    texts = {w.siglum: {p.id: p.text for p in w.passages} for w in witnesses}
    files = TUNING + ([] if args.tuning else [GOLD / "held_out.toml"])
    gold = load_gold(files + ([NEIGHBOURS] if args.neighbours else []), texts)
    start = time.perf_counter()
    full = align_witnesses(witnesses, ed.authority, ed.overrides).alignment
    wall = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{len(witnesses)} witnesses, {sum(len(t) for t in texts.values())} passages:")
    print(f"  aligned in {wall:.2f} s, peak memory {peak:.0f} MB, {len(full.groups)} groups")
    report("all witnesses", full, gold, set(texts), args.verbose)
    episodes(full, texts, args.tuning)
    growth(witnesses, ed, gold, args.orders)
    permuted(witnesses, ed, full, args.permutations)


def judge(alignment, gold, sigla: set[str]):
    """(tuning score, held-out score or None) of the links among these witnesses. The gold
    reads the tellings of the Mongol conquest, not the excerpts' other matter (Damietta, the
    deaths of princes): a link of two passages the gold does not name is not judged (two
    chronicles copying one another's report of Damietta are right to be linked)."""
    sure, possible, friends = gold
    named = set().union(*sure, *possible, *friends)
    predicted = {p for p in group_pairs(alignment) if _sigla(p) <= sigla and p & named}

    def part(held: bool):
        def keep(pairs):
            return {p for p in pairs if _sigla(p) <= sigla and (HELD_OUT in _sigla(p)) == held}

        fr = {p: why for p, why in friends.items() if p in keep(friends)}
        return score_links(keep(predicted), keep(sure), keep(possible), fr)

    return part(False), part(True) if HELD_OUT in sigla else None


def _sigla(pair) -> set[str]:
    return {pid.split("-")[0] for pid in pair}


def report(label: str, alignment, gold, sigla: set[str], verbose: bool) -> None:
    tuning, held = judge(alignment, gold, sigla)
    for name, s in (("tuning gold", tuning), ("held-out " + HELD_OUT, held)):
        if s is None:
            continue
        print(
            f"  {label}, {name}: precision {s.precision:.2f}, recall {s.recall:.2f}"
            f" ({s.predicted} links, {s.sure} sure); false friends linked:"
            f" {len(s.false_friends_linked)}"
        )
        if verbose:
            for why in s.false_friends_linked:
                print("    false friend:", why)
            print("    wrong:", s.wrong)
            print("    missed:", s.missed)


def episodes(alignment, texts, tuning: bool) -> None:
    """For each episode named in EPISODES: the groups its sure passages are in."""
    data = read_gold(TUNING + ([] if tuning else [GOLD / "held_out.toml"]))
    for label, prefix in EPISODES.items():
        ep = next(e for e in data["episode"] if e["name"].startswith(prefix))
        where: dict[str, set[str]] = {}
        for siglum in texts:
            for q in ep.get(siglum, {}).get("sure", []):
                g = alignment.group_of(_locate(q, siglum, texts))
                where.setdefault(siglum, set()).add(g.id if g else "none")
        common = set.intersection(*where.values()) - {"none"}
        verdict = f"one group ({sorted(common)[0]})" if common else "NOT in one group"
        shown = "; ".join(f"{s}: {', '.join(sorted(gs))}" for s, gs in where.items())
        print(f"  {label}: {verdict}; {shown}")


def growth(witnesses, ed, gold, orders: int) -> None:
    """Precision and recall as witnesses are added, in several orders."""
    rng = random.Random(0)
    sigla = [w.siglum for w in witnesses]
    sequences = [sigla, sigla[::-1]] + [rng.sample(sigla, len(sigla)) for _ in range(orders)]
    by = {w.siglum: w for w in witnesses}
    print(
        "witnesses added in several orders: precision/recall on the tuning gold [held out];"
        " the first three's own links"
    )
    cache: dict[frozenset, object] = {}
    for seq in sequences[:orders]:
        cells, first = [], set(seq[:3])
        for n in range(2, len(seq) + 1):
            present = frozenset(seq[:n])
            if present not in cache:
                cache[present] = align_witnesses(
                    [by[s] for s in seq[:n]], ed.authority, ed.overrides
                ).alignment
            tuning, held = judge(cache[present], gold, set(present))
            cell = f"{tuning.precision:.2f}/{tuning.recall:.2f}"
            if held is not None:
                cell += f" [{held.precision:.2f}/{held.recall:.2f}]"
            if n >= 3:
                kept, _ = judge(cache[present], gold, first - {HELD_OUT})
                cell += f"; first three {kept.precision:.2f}/{kept.recall:.2f}"
            cells.append(cell)
        print(f"  {''.join(seq)}:")
        for n, cell in enumerate(cells, 2):
            print(f"    {n}: {cell}")


def permuted(witnesses, ed, full, k: int) -> None:
    base = {frozenset(g.passages) for g in full.groups}
    rng = random.Random(1)
    for _ in range(k):
        order = rng.sample(witnesses, len(witnesses))
        groups = align_witnesses(order, ed.authority, ed.overrides).alignment.groups
        same = len(base & {frozenset(g.passages) for g in groups})
        print(
            f"  manifest {''.join(w.siglum for w in order)}: {same} of {len(base)} groups"
            f" the same ({len(groups)} groups)"
        )


if __name__ == "__main__":
    main()
