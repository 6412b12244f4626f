from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
SEEDS = ROOT / "seeds"


@pytest.fixture
def data_dir() -> Path:
    return DATA


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return SEEDS


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A scratch project holding copies of the seeds and their manifest."""
    shutil.copytree(SEEDS, tmp_path / "seeds")
    return tmp_path


@pytest.fixture(scope="session")
def seeds_build(tmp_path_factory) -> Path:
    """The seeds' edition, built once for the session: returns the project folder."""
    from edition.pipeline import build

    root = tmp_path_factory.mktemp("seeds-build")
    shutil.copytree(SEEDS, root / "seeds")
    build(root / "seeds" / "witnesses.toml", root / "tei", root / "output")
    return root


@pytest.fixture(scope="session")
def tei_schema():
    """tei_all, compiled once (it takes several seconds)."""
    from edition.tei.validate import tei_all

    return tei_all()


def write_manifest(folder: Path, entries: list[dict]) -> Path:
    """A manifest in `folder` listing `entries` (dicts of manifest fields)."""
    lines = []
    for e in entries:
        lines.append("[[witness]]")
        for k, v in e.items():
            lines.append(f'{k} = "{v}"')
    path = folder / "witnesses.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def find_chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright; skipped only when no Chromium is installed."""
    executable = find_chromium()
    if executable is None:
        pytest.skip("no Chromium found (apt-get install -y chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser, seeds_build):
    """The seeds' built page open in Chromium, 1400 by 900 pixels (a test module may have
    a `page` of its own)."""
    p = browser.new_page(viewport={"width": 1400, "height": 900})
    p.goto((seeds_build / "output" / "index.html").as_uri())
    yield p
    p.close()


@pytest.fixture
def served(project):
    """`edition serve` on a copy of the seeds, on a free port: (server, app, project)."""
    from tests.test_serve import _serve

    srv, app = _serve(project / "seeds" / "witnesses.toml", project)
    yield srv, app, project
    srv.shutdown()
    srv.server_close()
