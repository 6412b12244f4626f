"""Make docs/screenshot.png: the first screen of the seeds' edition, from a fresh build.

    python scripts/screenshot.py [--out docs/screenshot.png]

Builds the bundled seeds from scratch (no cache) in a temporary folder, opens the page in
Chromium through Playwright (Debian's `chromium`, as the browser tests use it) and shoots
what a reader sees first, with one shared word of an episode told in other words hovered,
so that its counterparts light up. Run it again whenever the page changes.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from edition.pipeline import build  # noqa: E402

VIEWPORT = {"width": 1400, "height": 900}
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-sync"]


def fresh_build(folder: Path) -> Path:
    """The seeds' edition built from scratch in `folder`: its index.html."""
    shutil.copytree(ROOT / "seeds", folder / "seeds")
    build(folder / "seeds" / "witnesses.toml", folder / "tei", folder / "output", use_cache=False)
    return folder / "output" / "index.html"


def chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if found := shutil.which(name):
            return found
    raise SystemExit("screenshot: no Chromium found (apt-get install -y chromium)")


def shoot(page_file: Path, out: Path) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium(), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport=VIEWPORT)
        page.goto(page_file.as_uri())
        page.evaluate("document.fonts.ready")
        shared = page.locator("article.paraphrase .cell .agree").first
        if shared.count():
            shared.hover()
        out.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(out))
        browser.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshot.png")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        shoot(fresh_build(Path(tmp)), args.out)
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
