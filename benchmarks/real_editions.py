"""Benchmark: building real editions, stage by stage (wall time and peak memory).

    python benchmarks/real_editions.py                      every build, whole books
    python benchmarks/real_editions.py --only abulfida      one build
    python benchmarks/real_editions.py --prefix 25,50,100   the first 25%, 50%, 100% of
                                                            each book (by lines): growth
    python benchmarks/real_editions.py --only rihla --profile rihla.prof
                                                            cProfile of the build

The builds: the three pairs of digital editions in ../shared/openiti-corpus (Abu al-Fida,
Ibn al-Wardi, Ibn al-'Ibri), the two editions of Ibn Khaldun's Rihla in
../shared/openiti-samples, and a triple: both Abu al-Fida editions with the JK edition of
Ibn al-Wardi (an abridgement of him). Each build runs in a fresh process, the stages of
`edition build --no-cache` one after the other: encode (read, segment, tag), align,
collate (with the annotations), render (the HTML pages), write (edition.xml,
apparatus.json, the TEI files and the pages, built and written). For each stage: its wall
time, its peak memory (the process's resident high-water mark, reset before the stage) and
its CPU time (the process's and its workers'; on a shared machine the steadier figure); then
the whole process's wall time and peak, and the peak of the worker processes (tagging,
scoring and collation of long texts run on all cores).
"""

from __future__ import annotations

import argparse
import cProfile
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.fidelity import PAIRS  # noqa: E402

# the real edition pairs, and three editions at once: Abu al-Fida's two and Ibn al-Wardi's
# abridgement of him
BUILDS = {**PAIRS, "triple": (*PAIRS["abulfida"], PAIRS["ibnwardi"][0])}
SIGLA = "JSW"
STAGES = ("encode", "align", "collate", "render", "write")


# --- in the build's own process ------------------------------------------------------------


def _reset_peak() -> None:
    """Reset this process's resident high-water mark (Linux; elsewhere it only grows)."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        pass


def _peak_mb() -> float:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _cpu_s() -> float:
    """CPU time used so far by this process and its finished workers (user and system)."""
    return sum(
        u.ru_utime + u.ru_stime
        for u in map(resource.getrusage, (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
    )


def run_stages(folder: Path) -> dict:
    """Build the edition of `folder/witnesses.toml` stage by stage:
    {stage: (s, MB, CPU s)}."""
    from edition.pipeline import align, annotate, collate, encode, write_outputs
    from edition.render import render_pages

    tei, out = folder / "tei", folder / "out"
    state: dict = {}

    def write() -> None:  # as `edition build` writes
        write_outputs(state["edition"], state["pages"], tei, out)

    steps = {
        "encode": lambda: state.update(edition=encode(folder / "witnesses.toml", tei)),
        "align": lambda: align(state["edition"]),
        "collate": lambda: annotate(collate(state["edition"]), tei),
        "render": lambda: state.update(pages=render_pages(state["edition"])),
        "write": write,
    }
    stages = {}
    for name in STAGES:
        _reset_peak()
        start, cpu = time.perf_counter(), _cpu_s()
        steps[name]()
        stages[name] = (time.perf_counter() - start, _peak_mb(), _cpu_s() - cpu)
    edition = state["edition"]
    return {
        "stages": stages,
        "words": sum(len(p.text.split()) for w in edition.witnesses for p in w.passages),
        "groups": len(edition.alignment.groups),
        "pages": sum(name.endswith(".html") for name in state["pages"]),
        "largest_page_mb": max(len(p.encode()) for p in state["pages"].values()) / 1e6,
    }


def child(folder: Path, profile: Path | None) -> None:
    if profile is None:
        result = run_stages(folder)
    else:
        profiler = cProfile.Profile()
        result = profiler.runcall(run_stages, folder)
        profiler.dump_stats(str(profile))
    result["workers_peak_mb"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(json.dumps(result))


# --- the parent --------------------------------------------------------------------------


def prepare(folder: Path, files: tuple[Path, ...], percent: int) -> None:
    """A manifest of the files (their first `percent`% of lines) in `folder`."""
    lines = []
    for siglum, path in zip(SIGLA, files, strict=False):
        if percent < 100:
            text = path.read_text("utf-8").splitlines(keepends=True)
            cut = folder / path.name
            cut.write_text("".join(text[: len(text) * percent // 100]), encoding="utf-8")
            path = cut
        lines += ["[[witness]]", f'siglum = "{siglum}"', f'path = "{path}"', 'format = "openiti"']
    (folder / "witnesses.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def build(name: str, percent: int, profile: Path | None) -> dict:
    """One build in a fresh process: its stages, and its whole wall time and peak memory."""
    with tempfile.TemporaryDirectory(prefix=f"real-{name}-") as tmp:
        folder = Path(tmp)
        prepare(folder, BUILDS[name], percent)
        cmd = [sys.executable, __file__, "--child", str(folder)]
        if profile is not None:
            cmd += ["--profile", str(profile.resolve())]
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        out, err = proc.communicate()
        seconds = time.perf_counter() - start
        if proc.returncode:
            raise SystemExit(f"{name} ({percent}%) failed: {err.decode().strip()}")
        result = json.loads(out.decode().strip().splitlines()[-1])
    result.update(seconds=seconds, name=name, percent=percent)
    return result


def report(r: dict) -> str:
    stages = "  ".join(
        f"{s} {t:.1f} s/{m:.0f} MB/cpu {c:.1f} s" for s, (t, m, c) in r["stages"].items()
    )
    peak = max(m for _, m, _c in r["stages"].values())
    cpu = sum(c for _, _m, c in r["stages"].values())
    return (
        f"{r['name']:<9} {r['percent']:>3}%  {r['words']:>8} words {r['groups']:>6} groups  "
        f"whole {r['seconds']:.1f} s, peak {peak:.0f} MB (workers {r['workers_peak_mb']:.0f} MB)"
        f", cpu {cpu:.1f} s  | {stages}"
        f"  | {r['pages']} pages, largest {r['largest_page_mb']:.2f} MB"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--only", choices=sorted(BUILDS), action="append")
    parser.add_argument("--prefix", default="100", help="percentages of lines, e.g. 25,50,100")
    parser.add_argument("--profile", type=Path, help="cProfile stats of the (one) build here")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child is not None:
        child(args.child, args.profile)
        return
    percents = [int(p) for p in args.prefix.split(",")]
    for name in args.only or BUILDS:
        for percent in percents:
            print(report(build(name, percent, args.profile)), flush=True)


if __name__ == "__main__":
    main()
