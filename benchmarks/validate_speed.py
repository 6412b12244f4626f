"""Benchmark: `edition validate` on the seeds' edition.xml, whole process, wall time and peak
memory, through the schema derived from tei_all and with `--full` (tei_all itself).

python benchmarks/validate_speed.py [--runs N]

The seeds are built once in a scratch folder; then each way is run N times, alternately.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def timed(args: list[str], cwd: Path) -> tuple[float, float]:
    """(wall seconds, peak resident MB) of one run of the command line."""
    started = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "edition.cli", *args],
        cwd=cwd,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    _pid, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"edition {' '.join(args)} failed")
    return wall, usage.ru_maxrss / 1024


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--runs", type=int, default=5)
    runs = ap.parse_args().runs
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        manifest = ROOT / "seeds" / "witnesses.toml"
        timed(["build", "--manifest", str(manifest), "--tei-dir", "tei", "--out", "output"], work)
        xml = str(work / "output" / "edition.xml")
        ways = {
            "derived schema": ["validate", xml],
            "--full (tei_all)": ["validate", "--full", xml],
        }
        runs_of: dict[str, list[tuple[float, float]]] = {w: [] for w in ways}
        for _ in range(runs):
            for way, args in ways.items():
                runs_of[way].append(timed(args, work))
        for way, done in runs_of.items():
            walls = [w for w, _m in done]
            print(
                f"{way}: median {statistics.median(walls):.2f} s (best {min(walls):.2f},"
                f" worst {max(walls):.2f}), peak {max(m for _w, m in done):.0f} MB"
            )


if __name__ == "__main__":
    main()
