"""Running the search on Dask: the local machine's cores by default (a cluster started in
this process, nothing to set up), or a Dask distributed cluster given by its scheduler's
address. One task per book: the worker reads the file itself (the corpus is never held in
one process), the query is shipped once to every worker, and only hits come back. At most
a few tasks per worker are in flight, so memory stays bounded whatever the corpus size."""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from edition.discover.query import Query
from edition.discover.scan import BookResult, scan_book
from edition.errors import EditionError

IN_FLIGHT = 2  # tasks queued per worker
CONNECT_TIMEOUT = "5s"


class SchedulerError(EditionError):
    """The Dask scheduler given cannot be reached."""


@contextmanager
def dask_client(scheduler: str | None = None, workers: int | None = None):
    """A Dask client: of the cluster at `scheduler`, or of a local cluster of `workers`
    processes (the machine's cores) made for the occasion and closed after."""
    from distributed import Client, LocalCluster

    logging.getLogger("distributed").setLevel(logging.ERROR)
    if scheduler:
        try:
            client = Client(scheduler, timeout=CONNECT_TIMEOUT)
        except (OSError, TimeoutError, ValueError) as e:
            raise SchedulerError(
                f"cannot reach the Dask scheduler at {scheduler} ({e.__class__.__name__}: "
                f"{str(e).splitlines()[0] if str(e) else 'no answer'}); start it with "
                "`dask scheduler` and its workers with `dask worker ADDRESS`"
            ) from None
        with client:
            yield client
        return
    n = workers or os.cpu_count() or 1
    with (
        LocalCluster(
            n_workers=n,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            # (a worker's heartbeat that meets the scheduler closing at the end is logged as
            # an error with its traceback; a task's real failure comes back with its result)
            silence_logs=logging.CRITICAL,
        ) as cluster,
        Client(cluster) as client,
    ):
        yield client


def run_books(
    query: Query,
    files: list[Path],
    scheduler: str | None = None,
    workers: int | None = None,
) -> Iterator[BookResult]:
    """Each book's result as it comes (in no set order), from Dask workers. A task that
    fails (a worker lost) gives that book's error, never the loss of the others."""
    from distributed import as_completed

    files = sorted(files, key=_size, reverse=True)  # the longest first: no long tail
    with dask_client(scheduler, workers) as client:
        n_workers = max(1, len(client.scheduler_info().get("workers", {})) or 1)
        shipped = client.scatter(query, broadcast=True)
        todo = iter(files)
        running = as_completed()
        for path in _take(todo, n_workers * IN_FLIGHT):
            running.add(client.submit(scan_book, shipped, str(path), key=_key(path)))
        for future in running:
            path = future.key
            try:
                yield future.result()
            except Exception as e:  # noqa: BLE001 - a lost worker costs one book only
                yield BookResult(str(path), error=f"{path}: not searched ({e})")
            future.release()
            for nxt in _take(todo, 1):
                running.add(client.submit(scan_book, shipped, str(nxt), key=_key(nxt)))


def _take(it: Iterator[Path], n: int) -> list[Path]:
    out = []
    for _ in range(n):
        try:
            out.append(next(it))
        except StopIteration:
            break
    return out


def _key(path: Path) -> str:
    return str(path)  # one task per file: its key names it (and a failure says which)


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


Progress = Callable[[int, int, int], None]  # books done, books in all, words read
