"""The order of the parallel view's rows: each witness read in its own order.

A row follows the rows that hold the earlier passages of each witness it shows, so a passage
told by one witness alone stands between the groups that hold its neighbours, whatever the
other witnesses tell around them. Among the rows free to come next, the one whose passages
stand nearest the start of their witnesses comes first (`Row.position`). Where witnesses
disagree (a group told before another in one witness and after it in another), no row is
free: the rows that wait on each other in a ring that no other row leads into are the ones
to break it, and the one of them nearest the start is taken; the rest follow in their order.
"""

from __future__ import annotations

import heapq
from collections import defaultdict

from edition.render.views.cells import Row


def in_reading_order(rows: list[Row], place: dict[str, tuple[str, int, int]]) -> list[Row]:
    """The rows in reading order; `place`: each passage's (siglum, index, count)."""
    after = _successors(rows, place)
    before: list[set[int]] = [set() for _ in rows]
    for k, nexts in enumerate(after):
        for j in nexts:
            before[j].add(k)
    waiting = [len(b) for b in before]
    ready = [(rows[k].position, k) for k in range(len(rows)) if not waiting[k]]
    nearest = [(r.position, k) for k, r in enumerate(rows)]  # of all rows, to break a ring
    heapq.heapify(ready)
    heapq.heapify(nearest)
    done = [False] * len(rows)
    out: list[Row] = []
    while len(out) < len(rows):
        k = _free(ready, done)
        if k is None:
            k = _ring_breaker(rows, after, before, done, nearest)
        done[k] = True
        out.append(rows[k])
        for j in after[k]:
            waiting[j] -= 1
            if not waiting[j] and not done[j]:
                heapq.heappush(ready, (rows[j].position, j))
    return out


def _free(ready: list, done: list[bool]) -> int | None:
    """The row nearest the start among those free to come next, if any."""
    while ready:
        _, k = heapq.heappop(ready)
        if not done[k]:
            return k
    return None


def _ring_breaker(
    rows: list[Row], after: list[set[int]], before: list[set[int]], done: list[bool], nearest
) -> int:
    """No row is free: the row nearest the start waits, through the rows it waits on, on a
    ring of rows waiting on each other that no other row leads into (a strongly connected
    part of those rows with none before it); of that ring's rows, the one nearest the start."""
    first = _free(nearest, done)
    heapq.heappush(nearest, (rows[first].position, first))
    waited = _waited_on(first, before, done)
    ring = _rings(sorted(waited), after, waited)
    fed = {ring[b] for a in waited for b in after[a] if b in waited and ring[a] != ring[b]}
    return min((rows[k].position, k) for k in waited if ring[k] not in fed)[1]


def _waited_on(k: int, before: list[set[int]], done: list[bool]) -> set[int]:
    """The rows not placed that row k waits on, directly or through others, and k."""
    found, todo = {k}, [k]
    while todo:
        for j in before[todo.pop()]:
            if not done[j] and j not in found:
                found.add(j)
                todo.append(j)
    return found


def _rings(nodes: list[int], after: list[set[int]], inside: set[int]) -> dict[int, int]:
    """The strongly connected parts of the rows `inside` (Tarjan's algorithm, without
    recursion): for each row, the number of its part."""
    index: dict[int, int] = {}
    low: dict[int, int] = {}
    part: dict[int, int] = {}
    stack: list[int] = []
    parts = 0
    for root in nodes:
        if root in index:
            continue
        work = [(root, iter(sorted(after[root] & inside)))]
        index[root] = low[root] = len(index)
        stack.append(root)
        while work:
            v, nexts = work[-1]
            w = next(nexts, None)
            if w is None:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[v])
                if low[v] == index[v]:
                    _close(v, stack, part, parts)
                    parts += 1
            elif w not in index:
                index[w] = low[w] = len(index)
                stack.append(w)
                work.append((w, iter(sorted(after[w] & inside))))
            elif w not in part:  # on the stack
                low[v] = min(low[v], index[w])
    return part


def _close(v: int, stack: list[int], part: dict[int, int], number: int) -> None:
    while True:
        w = stack.pop()
        part[w] = number
        if w == v:
            return


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
