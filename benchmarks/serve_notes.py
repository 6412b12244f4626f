"""Benchmark: annotating a long edition through `edition serve`'s HTTP API.

    python benchmarks/serve_notes.py [--words 200000] [--notes 5]

Two long versions of one text are built and served (as `edition serve` does, on a loopback
port). Notes are then saved one after the other on passages spread over the edition, each
a POST to /api/annotations, and after each: how long the POST took to be answered, how long
a request for the page showing the note then took (it waits for the page to be rendered
again), and how long until the pages and edition.xml on disk followed.
"""

from __future__ import annotations

import argparse
import http.client
import json
import re
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.align_scale import write_project  # noqa: E402
from benchmarks.collate_speed import versions  # noqa: E402
from edition.serve import EditionApp, make_server  # noqa: E402


def request(port: int, method: str, path: str, body: dict | None = None) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    data = json.dumps(body).encode() if body is not None else None
    headers = {"Content-Type": "application/json"} if body is not None else {}
    conn.request(method, path, data, headers)
    resp = conn.getresponse()
    return resp.status, resp.read()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--words", type=int, default=200_000)
    ap.add_argument("--notes", type=int, default=5)
    args = ap.parse_args()
    a, b = versions(args.words)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        manifest = write_project(folder, {"A": a, "B": b})
        t0 = time.perf_counter()
        app = EditionApp(manifest, folder / "tei", folder / "output")
        srv = make_server(app, "127.0.0.1", 0)
        threading.Thread(target=srv.serve_forever, daemon=True).start()
        port = srv.server_address[1]
        words = len(a.split()) + len(b.split())
        print(f"{words:,} words built and served in {time.perf_counter() - t0:.1f} s")
        parts = sorted(n for n in app.pages if n.startswith("part-")) or ["index.html"]
        posts, pages, disk = [], [], []
        for k in range(args.notes):
            name = parts[(k * len(parts)) // args.notes]
            target = re.search(r'data-passages="([^" ]+)', app.pages[name]).group(1)
            t0 = time.perf_counter()
            status, _ = request(
                port, "POST", "/api/annotations", {"target": target, "text": f"note {k}"}
            )
            t1 = time.perf_counter()
            status_page, page = request(port, "GET", f"/{name}")
            t2 = time.perf_counter()
            app.wait_rendered()
            t3 = time.perf_counter()
            if status != 201 or status_page != 200 or f"note {k}".encode() not in page:
                raise SystemExit(f"note {k} on {target}: not saved or not shown")
            posts.append(t1 - t0)
            pages.append(t2 - t1)
            disk.append(t3 - t0)
        srv.shutdown()
        srv.server_close()
    print(f"{len(parts)} pages of rows; {args.notes} notes saved (median, max):")
    for what, xs in (
        ("POST answered", posts),
        ("then the page showing the note", pages),
        ("pages and edition.xml on disk, from the POST", disk),
    ):
        print(f"  {what}: {statistics.median(xs):.2f} s, {max(xs):.2f} s")


if __name__ == "__main__":
    main()
