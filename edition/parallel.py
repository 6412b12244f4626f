"""Spreading independent pieces of work (witnesses to tag, groups to collate) over the
machine's cores, in forked worker processes that inherit the inputs instead of being sent
them; only results travel back. Small jobs stay in this process."""

from __future__ import annotations

import multiprocessing as mp
import os
import threading
from collections.abc import Callable, Iterator
from typing import Any

_WORK: tuple[Callable[[Any], Any], list] | None = None  # what the forked workers run


def fork_map(fn: Callable[[Any], Any], items: list, worth_it: bool) -> Iterator[Any]:
    """fn(item) for each item, in order; in worker processes if `worth_it` (the caller
    knows the job is large), the machine has several cores and can fork, and this is the
    main thread (a process forked from another, a server's, could inherit a lock held)."""
    global _WORK
    workers = min(len(items), os.cpu_count() or 1)
    if (
        not worth_it
        or workers < 2
        or "fork" not in mp.get_all_start_methods()
        or mp.current_process().daemon  # already a worker: it may not have workers of its own
        or threading.current_thread() is not threading.main_thread()
    ):
        yield from map(fn, items)
        return
    _WORK = (fn, items)
    try:
        with mp.get_context("fork").Pool(workers) as pool:
            chunk = max(1, len(items) // (workers * 8))
            yield from pool.imap(_run, range(len(items)), chunksize=chunk)
    finally:
        _WORK = None


def _run(k: int) -> Any:
    fn, items = _WORK
    return fn(items[k])
