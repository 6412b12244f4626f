"""Precision and recall of the seeds' alignment against the gold alignment in tests/gold.

python benchmarks/align_gold.py [-v]
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from edition.pipeline import align, encode  # noqa: E402
from tests.gold_eval import group_pairs, load_gold, score_links  # noqa: E402


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        ed = align(encode(ROOT / "seeds" / "witnesses.toml", Path(tmp)))
    texts = {w.siglum: {p.id: p.text for p in w.passages} for w in ed.witnesses}
    sure, possible, friends = load_gold(ROOT / "tests" / "gold" / "seeds_alignment.toml", texts)
    s = score_links(group_pairs(ed.alignment), sure, possible, friends)
    print(
        f"groups: precision {s.precision:.2f}, recall {s.recall:.2f} "
        f"({s.predicted} predicted pairs, {s.sure} sure gold pairs)"
    )
    print(f"false friends linked: {len(s.false_friends_linked)} of {len(friends)}")
    if "-v" in sys.argv:
        for why in s.false_friends_linked:
            print("  false friend:", why)
        print("  wrong:", s.wrong)
        print("  missed:", s.missed)


if __name__ == "__main__":
    main()
