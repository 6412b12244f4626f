"""Batch work and the garbage collector.

Reading, aligning, collating and rendering a long edition make millions of small objects
(tokens, features, table cells) that live until the work is done. With the collector's
default thresholds, every few hundred allocations start a collection, and the older
generations, which hold all those live objects, are scanned again and again: a quarter to a
third of the time of a long build. Inside `few_collections`, collections are rarer; the
thresholds are put back on the way out.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

YOUNG = 100_000  # allocations (net) between two collections of the youngest generation
MIDDLE = 50  # collections of the youngest between two of the middle generation
OLDEST = 100  # collections of the middle one between two of the oldest


@contextmanager
def few_collections() -> Iterator[None]:
    """Collect garbage rarely while inside (usable as a decorator; nests)."""
    before = gc.get_threshold()
    young, middle, oldest = before
    gc.set_threshold(max(YOUNG, young), max(MIDDLE, middle), max(OLDEST, oldest))
    try:
        yield
    finally:
        gc.set_threshold(*before)
