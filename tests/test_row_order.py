"""The parallel view's rows read each witness in its own order (`in_reading_order`)."""

from hypothesis import given, settings
from hypothesis import strategies as st

from edition.render.views.cells import Cell, Row
from edition.render.views.order import in_reading_order


def _row(name: str, position: float, **held: list[int]) -> Row:
    cells = []
    for siglum, indices in held.items():
        cell = Cell(siglum, True)
        cell.passage_ids = [f"{siglum}{k}" for k in indices]
        cells.append(cell)
    return Row(name, "group" if len(held) > 1 else "single", "", cells, position=position)


def _place(sizes: dict[str, int]) -> dict[str, tuple[str, int, int]]:
    return {f"{s}{k}": (s, k, n) for s, n in sizes.items() for k in range(n)}


def _read(rows: list[Row], siglum: str) -> list[int]:
    return [
        int(pid[1:]) for r in rows for c in r.cells if c.siglum == siglum for pid in c.passage_ids
    ]


def test_a_passage_told_by_one_witness_stands_after_the_group_before_it():
    """F's passages 3 and 4, told by F alone, lie inside a group that holds F's 2 and 5:
    near the start of F, they would sort before the first group (which W, with a long
    preamble, tells late), but they come after the group that holds F's passage before."""
    rows = [
        _row("preamble", 0.0, W=list(range(10))),
        _row("g1", 0.35, F=[0, 1], W=[10]),
        _row("g2", 0.4, F=[2, 5], W=[11]),
        _row("alone", 0.2, F=[3, 4]),
        _row("g3", 0.6, F=[6], W=[12]),
    ]
    order = [r.id for r in in_reading_order(rows, _place({"F": 7, "W": 13}))]
    assert order == ["preamble", "g1", "g2", "alone", "g3"]


def test_witnesses_that_disagree_on_the_order_lose_no_row():
    rows = [_row("g1", 0.3, F=[0], W=[1]), _row("g2", 0.4, F=[1], W=[0])]
    order = [r.id for r in in_reading_order(rows, _place({"F": 2, "W": 2}))]
    assert order == ["g1", "g2"]  # the one nearer the start first


def test_a_ring_is_broken_by_its_own_rows_not_by_one_that_waits_on_it():
    """g1 and g2 are told in one order by F and the other by W: neither is free. The row
    told by F alone after them lies nearer the start than either (W's preamble puts them
    late), yet it waits on them: the ring is broken within, and it follows."""
    rows = [
        _row("preamble", 0.0, W=list(range(10))),
        _row("g1", (0 + 11 / 13) / 2, F=[0], W=[11]),
        _row("g2", (0.2 + 10 / 13) / 2, F=[1], W=[10]),
        _row("alone", 0.4, F=[2, 3]),
        _row("g3", (0.8 + 12 / 13) / 2, F=[4], W=[12]),
    ]
    ordered = in_reading_order(rows, _place({"F": 5, "W": 13}))
    assert [r.id for r in ordered] == ["preamble", "g1", "g2", "alone", "g3"]
    assert _read(ordered, "F") == [0, 1, 2, 3, 4]


@st.composite
def monotone_rows(draw):
    """Rows of two witnesses that tell their passages in one order: each step a group of
    the next passages of both, or the next passages of one alone; positions at random."""
    used = {"F": 0, "W": 0}
    rows = []
    for k in range(draw(st.integers(1, 12))):
        kind = draw(st.sampled_from(["FW", "F", "W"]))
        held = {}
        for s in kind:
            n = draw(st.integers(1, 3))
            held[s] = list(range(used[s], used[s] + n))
            used[s] += n
        rows.append(_row(f"r{k}", draw(st.floats(0, 1)), **held))
    return rows, used


@settings(max_examples=200, deadline=None)
@given(monotone_rows(), st.randoms())
def test_witnesses_told_in_one_order_are_each_read_in_it(made, rnd):
    rows, sizes = made
    rnd.shuffle(rows)
    ordered = in_reading_order(rows, _place(sizes))
    assert sorted(r.id for r in ordered) == sorted(r.id for r in rows)
    for siglum, n in sizes.items():
        assert _read(ordered, siglum) == list(range(n))
