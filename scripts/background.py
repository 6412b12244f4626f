"""Build edition/data/background.json: in how many passages of a long work of Arabic prose
each content-word stem (and concept) occurs, as the aligner reads passages.

    python scripts/background.py OPENITI_FILE [...] > edition/data/background.json

The aligner judges a shared word's rarity among the passages of the edition's witnesses and,
as if it were so many more passages, of this background: an edition of two short accounts
then does not take the ordinary words of any chronicle (to kill, to besiege, army) for rare.
Run it again when the stemmer, the normaliser or the concept lexicon changes.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from edition.align.features import CONCEPT, word_features  # noqa: E402
from edition.ingest import load_witness  # noqa: E402
from edition.manifest import WitnessSpec  # noqa: E402

MIN_PASSAGES = 2  # stems in fewer passages than this are left out (rare anyway)


def _arabic(stem: str) -> bool:
    """An Arabic word's stem or a concept (not a web address or a Latin title)."""
    return stem.startswith(CONCEPT) or "\u0600" <= stem[:1] <= "\u06ff"


def main(paths: list[str]) -> None:
    df: Counter = Counter()
    passages = 0
    for path in paths:
        witness = load_witness(WitnessSpec("X", Path(path), "openiti"))
        for p in witness.work_passages:
            stems, _grams, _key, _words = word_features(p.text)
            df.update(stems.keys())
            passages += 1
    out = {
        "_comment": (
            "Passages of these works holding each stem (edition.align.features.word_features),"
            " made by scripts/background.py; OpenITI texts, CC BY-NC-SA 4.0"
        ),
        "source": [Path(p).name for p in paths],
        "passages": passages,
        "stems": dict(sorted((s, c) for s, c in df.items() if c >= MIN_PASSAGES and _arabic(s))),
    }
    json.dump(out, sys.stdout, ensure_ascii=False, indent=0)
    sys.stdout.write("\n")


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit("usage: python scripts/background.py OPENITI_FILE [...]")
    main(sys.argv[1:])
