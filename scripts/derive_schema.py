"""Write edition/schemas/tei_edition.rng: TEI P5 tei_all cut down to the elements the tool
writes (see edition/tei/subset.py), which `edition validate` compiles in milliseconds.

    python scripts/derive_schema.py

Run it again when tei_all.rng or edition.tei.subset.TOOL_ELEMENTS changes (a test checks that
the file checked in is what this writes).
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from edition.io import atomic_write_bytes  # noqa: E402
from edition.tei.subset import derive  # noqa: E402

SCHEMAS = ROOT / "edition" / "schemas"


def main() -> None:
    target = SCHEMAS / "tei_edition.rng"
    atomic_write_bytes(target, derive((SCHEMAS / "tei_all.rng").read_bytes()))
    print(target)


if __name__ == "__main__":
    main()
