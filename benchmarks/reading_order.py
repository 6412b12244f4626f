"""How well the parallel view's rows keep each witness's own order.

    python benchmarks/reading_order.py MANIFEST [MANIFEST ...]

For each edition: its rows read from top to bottom give each witness's passages in some
order; a step back is a passage shown after one that follows it in the witness. Reported
for the rows in reading order (`edition.render.views.order`, as the pages show them) and,
for comparison, sorted by their position alone (the mean of their passages' relative places
in their witnesses), with the time each order takes (garbage collected as rarely as in a
build).
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from edition.batch import few_collections  # noqa: E402
from edition.pipeline import build  # noqa: E402
from edition.render.views.order import in_reading_order  # noqa: E402
from edition.render.views.parallel import _Context, build_rows  # noqa: E402


def steps_back(rows, place) -> dict[str, int]:
    """For each witness, how often the next passage shown lies before the last one shown."""
    last: dict[str, int] = {}
    out: dict[str, int] = {}
    for row in rows:
        for cell in row.cells:
            for pid in cell.passage_ids:
                siglum, index, _n = place[pid]
                out[siglum] = out.get(siglum, 0) + (index < last.get(siglum, -1))
                last[siglum] = index
    return out


def timed(order):
    """The order and its time, with garbage collected as rarely as in a build."""
    with few_collections():
        start = time.perf_counter()
        rows = order()
        return rows, time.perf_counter() - start


def report(manifest: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        ed = build(manifest, Path(tmp) / "tei", Path(tmp) / "out")
    place = _Context(ed).index
    rows = build_rows(ed)
    by_position, t_position = timed(lambda: sorted(rows, key=lambda r: r.position))
    reading, t_reading = timed(lambda: in_reading_order(rows, place))
    print(f"{manifest}: {len(rows)} rows")
    for label, ordered, took in (
        ("reading order", reading, t_reading),
        ("position alone", by_position, t_position),
    ):
        back = steps_back(ordered, place)
        shown = ", ".join(f"{s} {n}" for s, n in sorted(back.items()))
        print(f"  {label:15} steps back: {sum(back.values()):4d} ({shown}); {took:.3f} s")


def main() -> None:
    if len(sys.argv) < 2:
        sys.exit(__doc__.strip().splitlines()[2].strip())
    for manifest in sys.argv[1:]:
        report(Path(manifest))


if __name__ == "__main__":
    main()
