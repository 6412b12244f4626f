"""A Dask cluster on this machine's loopback, started as a lab would start one on many
machines (`dask scheduler`, `dask worker`): for trying `--scheduler` without a cluster."""

from __future__ import annotations

import socket
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager

SCHEDULER = [sys.executable, "-m", "distributed.cli.dask_scheduler"]
WORKER = [sys.executable, "-m", "distributed.cli.dask_worker"]
QUIET = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
LOOPBACK = ["--host", "127.0.0.1", "--dashboard-address", ":0"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def loopback_cluster(workers: int, timeout: float = 120) -> Iterator[str]:
    """A scheduler and `workers` one-thread workers on 127.0.0.1 (free ports), ready: its
    address. They are stopped on leaving."""
    from distributed import Client

    address = f"tcp://127.0.0.1:{free_port()}"
    port = address.rsplit(":", 1)[1]
    procs = [subprocess.Popen([*SCHEDULER, "--port", port, *LOOPBACK], **QUIET)]
    for _ in range(workers):
        worker = [*WORKER, address, "--nworkers", "1", "--nthreads", "1", *LOOPBACK]
        procs.append(subprocess.Popen(worker, **QUIET))
    try:
        with Client(address, timeout="30s") as client:
            client.wait_for_workers(workers, timeout=timeout)
        yield address
    finally:
        _stop(procs)


def _stop(procs: list[subprocess.Popen]) -> None:
    for p in reversed(procs):
        p.terminate()
    for p in procs:
        try:
            p.wait(timeout=20)
        except subprocess.TimeoutExpired:
            p.kill()
