"""Cutting two long witnesses into independent regions before scoring passages.

Versions of one text share most passages word for word. Identical passages met in the
order of the text (within a short look-ahead, or unique in both witnesses and confirmed by
the passages after them) become fixed points; between two fixed points lies a small region
whose passages are compared with each other only. What lies in a large region (a part one
witness lacks, or witnesses that tell the events in their own words) is compared through
the index of rare features instead, as any pair of witnesses is.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator
from dataclasses import dataclass

from edition.align.features import PassageFeatures

LOOK_AHEAD = 64  # passages of the other witness searched for an identical passage
MIN_WORDS = 5  # shorter passages (a heading, a formula) are too common to fix a point
CONFIRM = 2  # a far jump needs this many identical passages right after it
SKIP_CHECK = 3  # passages after one that would be matched ahead, checked for an earlier match
REGION_PAIRS = 400  # regions of up to this many passage pairs are compared pair by pair


@dataclass
class Regions:
    fixed: list[tuple[int, int]]  # (left index, right index) of identical passages
    small: list[tuple[range, range]]  # regions compared pair by pair
    left_open: list[int]  # left passages in large regions (compared through the index)


def fixed_points(
    left: list[PassageFeatures], right: list[PassageFeatures]
) -> list[tuple[int, int]]:
    """Identical passages in the order of both witnesses (strictly increasing pairs)."""
    where: dict[int, list[int]] = {}
    for k, pf in enumerate(right):
        if pf.words >= MIN_WORDS:
            where.setdefault(pf.key, []).append(k)
    count_left: dict[int, int] = {}
    for pf in left:
        count_left[pf.key] = count_left.get(pf.key, 0) + 1
    out: list[tuple[int, int]] = []
    j = 0  # the next passage of `right` that may still be matched
    for i, pf in enumerate(left):
        ks = where.get(pf.key)
        if pf.words < MIN_WORDS or not ks:
            continue
        p = bisect.bisect_left(ks, j)
        if p == len(ks):
            continue
        k = ks[p]
        if k > j and _missing(left, where, i, j, k):
            continue
        if k - j > LOOK_AHEAD:
            # far ahead: only a passage unique in both witnesses, followed by identical
            # passages, may move the point of reading that far
            if len(ks) > 1 or count_left[pf.key] > 1 or not _confirmed(left, right, i, k):
                continue
        out.append((i, k))
        j = k + 1
    return out


def _missing(left, where, i: int, j: int, k: int) -> bool:
    """Whether left[i] is rather missing from `right`: a passage just after it has its
    identical passage before k (matching left[i] at k would skip that one)."""
    for d in range(1, SKIP_CHECK + 1):
        if i + d >= len(left):
            break
        ks = where.get(left[i + d].key)
        if ks:
            p = bisect.bisect_left(ks, j)
            if p < len(ks) and ks[p] < k:
                return True
    return False


def _confirmed(left, right, i: int, k: int) -> bool:
    return all(
        i + d < len(left) and k + d < len(right) and left[i + d].key == right[k + d].key
        for d in range(1, CONFIRM + 1)
    )


def regions(left: list[PassageFeatures], right: list[PassageFeatures]) -> Regions:
    fixed = fixed_points(left, right)
    small: list[tuple[range, range]] = []
    left_open: list[int] = []
    bounds = [(-1, -1), *fixed, (len(left), len(right))]
    for (i0, j0), (i1, j1) in zip(bounds, bounds[1:], strict=False):
        rows, cols = range(i0 + 1, i1), range(j0 + 1, j1)
        if not rows:
            continue
        if cols and len(rows) * len(cols) <= REGION_PAIRS:
            small.append((rows, cols))
        else:  # a large region, or passages with nothing facing them (moved elsewhere?)
            left_open.extend(rows)
    return Regions(fixed, small, left_open)


def region_pairs(
    left: list[PassageFeatures], right: list[PassageFeatures], reg: Regions
) -> Iterator[tuple[PassageFeatures, PassageFeatures]]:
    """The fixed points, then every pair within each small region."""
    for i, k in reg.fixed:
        yield left[i], right[k]
    for rows, cols in reg.small:
        for i in rows:
            for k in cols:
                yield left[i], right[k]
