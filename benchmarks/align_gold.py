"""Precision and recall of the seeds' alignment against the gold alignment in tests/gold.

python benchmarks/align_gold.py [-v] [--separation] [--beside OPENITI_FILE ...]

Three manifests: the three seeds; seeds 001 and 002 alone (the gold's links of seed 000
left out); and, with `--beside`, the three seeds with these OpenITI files as more witnesses
(only the seeds' own links are judged: how far a long book beside them disturbs them).

`--separation`: how well the pairwise score alone (z above chance, before the order of
events and grouping) tells the gold's links from other pairs: precision and recall of
"every scored pair at or above z" for a range of z, and the z of each sure link.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from edition.align.run import align_witnesses  # noqa: E402
from edition.pipeline import align, encode  # noqa: E402
from tests.gold_eval import group_pairs, load_gold, score_links  # noqa: E402

SEEDS = ROOT / "seeds"
GOLD = ROOT / "tests" / "gold" / "seeds_alignment.toml"


def _manifest(folder: Path, sigla: str, beside: list[str]) -> Path:
    """A copy of the seeds' manifest with these of its witnesses, and more OpenITI files."""
    data = tomllib.loads((SEEDS / "witnesses.toml").read_text("utf-8"))
    lines = []
    for w in data["witness"]:
        if w["siglum"] in sigla:
            shutil.copy(SEEDS / w["path"], folder / w["path"])
            lines += ["[[witness]]", f'siglum = "{w["siglum"]}"', f'path = "{w["path"]}"']
    for k, path in enumerate(beside, 1):
        lines += ["[[witness]]", f'siglum = "X{k}"', f'path = "{Path(path).resolve()}"']
        lines.append('format = "openiti"')
    manifest = folder / "witnesses.toml"
    manifest.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return manifest


def judge(label: str, sigla: str, beside: list[str], verbose: bool) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        seeds = encode(SEEDS / "witnesses.toml", Path(tmp) / "seeds")
        ed = align(encode(_manifest(Path(tmp), sigla, beside), Path(tmp) / "tei"))
    texts = {w.siglum: {p.id: p.text for p in w.passages} for w in seeds.witnesses}
    sure, possible, friends = load_gold(GOLD, texts)
    sure = {pair for pair in sure if all(pid.split("-")[0] in sigla for pid in pair)}
    seeds_only = {
        pair for pair in group_pairs(ed.alignment) if all(p.split("-")[0] in "ABC" for p in pair)
    }
    s = score_links(seeds_only, sure, possible, friends)
    print(
        f"{label}: precision {s.precision:.2f}, recall {s.recall:.2f} "
        f"({s.predicted} predicted pairs, {s.sure} sure gold pairs); "
        f"false friends linked: {len(s.false_friends_linked)} of {len(friends)}"
    )
    sigla_of = [{p.split("-")[0] for p in g.passages} for g in ed.alignment.groups]
    mixed = [s for s in sigla_of if s & {"A", "B", "C"} and s - {"A", "B", "C"}]
    if beside:
        print(f"  groups joining a seed passage with the other witnesses: {len(mixed)}")
    if verbose:
        for why in s.false_friends_linked:
            print("  false friend:", why)
        print("  wrong:", s.wrong)
        print("  missed:", s.missed)


SEPARATION_Z = (3.0, 2.5, 2.0, 1.5, 1.0, 0.5, 0.0)


def separation(verbose: bool) -> None:
    """Precision and recall of a bare threshold on z, over every pair the aligner scored."""
    with tempfile.TemporaryDirectory() as tmp:
        ed = encode(SEEDS / "witnesses.toml", Path(tmp) / "tei")
    texts = {w.siglum: {p.id: p.text for p in w.passages} for w in ed.witnesses}
    sure, possible, _friends = load_gold(GOLD, texts)
    run = align_witnesses(ed.witnesses, ed.authority)
    z = {frozenset(key): sc.z for res in run.pairs.values() for key, sc in res.scored.items()}
    print(f"the pairwise score alone, over {len(z)} scored pairs of the three seeds:")
    for t in SEPARATION_Z:
        taken = {pair for pair, v in z.items() if v >= t}
        s = score_links(taken, sure, possible, {})
        print(f"  z >= {t:.1f}: {len(taken)} pairs, ", end="")
        print(f"precision {s.precision:.2f}, recall {s.recall:.2f}")
    if verbose:
        for pair in sorted(tuple(sorted(p)) for p in sure):
            print(f"  sure {pair[0]} {pair[1]}: z {z.get(frozenset(pair), float('nan')):.2f}")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("-v", action="store_true", help="list the wrong and missed links")
    ap.add_argument("--separation", action="store_true", help="the pairwise score alone")
    ap.add_argument("--beside", nargs="*", default=[], help="OpenITI files as more witnesses")
    args = ap.parse_args()
    if args.separation:
        separation(args.v)
        return
    judge("the three seeds", "ABC", [], args.v)
    judge("seeds 001 and 002 alone", "BC", [], args.v)
    if args.beside:
        judge(
            "the three seeds beside " + ", ".join(Path(p).name for p in args.beside),
            "ABC",
            args.beside,
            args.v,
        )


if __name__ == "__main__":
    main()
