"""The order of the parallel view's rows: each witness read in its own order.

A row follows the rows that hold the earlier passages of each witness it shows, so a passage
told by one witness alone stands between the groups that hold its neighbours, whatever the
other witnesses tell around them. Among the rows free to come next, the one whose passages
stand nearest the start of their witnesses comes first (`Row.position`). Where witnesses
disagree (a group told before another in one witness and after it in another), no order
keeps both: the row nearest the start is taken, and the rest follow in their order.
"""

from __future__ import annotations

import heapq
from collections import defaultdict

from edition.render.views.cells import Row


def in_reading_order(rows: list[Row], place: dict[str, tuple[str, int, int]]) -> list[Row]:
    """The rows in reading order; `place`: each passage's (siglum, index, count)."""
    after = _successors(rows, place)
    waiting = [0] * len(rows)
    for nexts in after:
        for j in nexts:
            waiting[j] += 1
    ready = [(rows[k].position, k) for k in range(len(rows)) if not waiting[k]]
    anyway = [(r.position, k) for k, r in enumerate(rows)]  # to break a disagreement
    heapq.heapify(ready)
    heapq.heapify(anyway)
    done = [False] * len(rows)
    out: list[Row] = []
    while len(out) < len(rows):
        k = _next(ready, anyway, done)
        done[k] = True
        out.append(rows[k])
        for j in after[k]:
            waiting[j] -= 1
            if not waiting[j] and not done[j]:
                heapq.heappush(ready, (rows[j].position, j))
    return out


def _next(ready: list, anyway: list, done: list[bool]) -> int:
    """The next row: the first one free to come, else the first not placed yet."""
    for heap in (ready, anyway):
        while heap:
            _, k = heapq.heappop(heap)
            if not done[k]:
                return k
    raise AssertionError("no row left to place")


def _successors(rows: list[Row], place: dict[str, tuple[str, int, int]]) -> list[set[int]]:
    """For each row, the rows that come next in some witness it shows."""
    by_witness: dict[str, list[tuple[int, int]]] = defaultdict(list)  # siglum -> (index, row)
    for k, row in enumerate(rows):
        first: dict[str, int] = {}
        for cell in row.cells:
            for pid in cell.passage_ids:
                siglum, index, _n = place[pid]
                first[siglum] = min(first.get(siglum, index), index)
        for siglum, index in first.items():
            by_witness[siglum].append((index, k))
    after: list[set[int]] = [set() for _ in rows]
    for held in by_witness.values():
        held.sort()
        for (_, a), (_, b) in zip(held, held[1:], strict=False):
            after[a].add(b)
    return after
