"""Benchmark: size of the seeds' HTML edition and its render time in headless Chromium.

python benchmarks/page_render.py [PAGE]   (default: output/index.html; run `edition build`)
"""

from __future__ import annotations

import shutil
import statistics
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def main() -> None:
    page_path = Path(sys.argv[1]).resolve() if len(sys.argv) > 1 else ROOT / "output" / "index.html"
    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    loads, paints = [], []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=ARGS)
        for _ in range(7):
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            page.goto(page_path.as_uri(), wait_until="load")
            nav = page.evaluate("performance.getEntriesByType('navigation')[0].toJSON()")
            paint = page.evaluate(
                "(performance.getEntriesByName('first-contentful-paint')[0] || {}).startTime || 0"
            )
            loads.append(nav["loadEventEnd"])
            paints.append(paint)
            page.close()
        browser.close()
    size = page_path.stat().st_size
    print(f"{page_path.name}: {size / 1e6:.2f} MB")
    median = statistics.median(loads)
    print(f"load event: median {median:.0f} ms (min {min(loads):.0f}, max {max(loads):.0f})")
    print(f"first contentful paint: median {statistics.median(paints):.0f} ms")


if __name__ == "__main__":
    main()
