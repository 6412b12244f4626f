"""No page of the HTML edition over 2 MB, whatever the input: pages are split by size as
well as by rows, and a long run of text is cut into reading chunks that link to each other."""

import random
import re
from types import SimpleNamespace

import pytest
from lxml import html

from edition import render
from edition.render import paginate, row_weight
from edition.render.views import Cell, Piece, Row
from tests.conftest import write_manifest

MB2 = 2_000_000
LETTERS = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي"


def _page_order(name: str) -> tuple[int, str]:
    m = re.fullmatch(r"part-(\d+)\.html", name)
    return (int(m.group(1)) if m else 0, name)


@pytest.fixture(scope="module")
def huge_line(tmp_path_factory):
    """A 5 MB witness: one line, one paragraph, not one punctuation mark; built alone."""
    root = tmp_path_factory.mktemp("huge-line")
    rng = random.Random(3)
    vocab = ["".join(rng.choice(LETTERS) for _ in range(rng.randint(2, 7))) for _ in range(3000)]
    words, size = [], 0
    while size < 5_000_000:
        words.append(rng.choice(vocab))
        size += len(words[-1].encode()) + 1
    (root / "line.txt").write_text(" ".join(words) + "\n", encoding="utf-8")
    write_manifest(root, [{"siglum": "X", "path": "line.txt"}])
    from edition.pipeline import build

    build(root / "witnesses.toml", root / "tei", root / "out")
    pages = sorted((root / "out").glob("*.html"), key=lambda p: _page_order(p.name))
    return SimpleNamespace(out=root / "out", words=words, pages=pages)


def test_no_page_is_over_2_mb(huge_line):
    assert len(huge_line.pages) > 3
    sizes = {p.name: p.stat().st_size for p in huge_line.pages}
    assert max(sizes.values()) <= MB2, sizes


def test_every_word_is_on_a_page_in_order(huge_line):
    shown = []
    for page in huge_line.pages:
        tree = html.fromstring(page.read_bytes())
        for cell in tree.xpath("//section[@id='view-parallel']//div[@class='cell'][@data-wit='X']"):
            shown += cell.text_content().split()
    assert shown == huge_line.words


def test_the_chunks_of_a_long_run_link_to_each_other_across_pages(huge_line):
    rows = {}  # row id -> (page, the row's continuation links)
    for page in huge_line.pages:
        tree = html.fromstring(page.read_bytes())
        for row in tree.xpath("//article[contains(@class, 'row')]"):
            links = {a.get("class"): a.get("href") for a in row.xpath(".//a[@href]")}
            rows[row.get("id")] = (page.name, links)
    chained = [(rid, links) for rid, (_, links) in rows.items() if "cont-next" in links]
    assert len(chained) >= len(huge_line.pages) - 2
    crossing = 0
    for rid, (page, links) in rows.items():
        if "cont-next" not in links:
            continue
        target_page, anchor = links["cont-next"].split("#")
        target = anchor.removeprefix("row-")
        assert rows["row-" + target][0] == target_page  # the link finds its row
        assert rows["row-" + target][1]["cont-prev"] == f"{page}#{rid}"
        crossing += target_page != page
    assert crossing >= len(huge_line.pages) - 2  # ... on the next page


def test_the_largest_page_loads_and_shows_its_text(huge_line, browser):
    """The page opens in a browser with no script error and holds its reading chunks (its
    load time: benchmarks/page_render.py on this page)."""
    largest = max(huge_line.pages, key=lambda p: p.stat().st_size)
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(largest.as_uri(), wait_until="load")
    cells = page.locator("#view-parallel .cell[data-wit='X']")
    shown = cells.first.text_content()
    page.close()
    assert errors == []
    assert shown.split()[0] in huge_line.words


def _row(k: int, letters: int) -> Row:
    cell = Cell("A", True, pieces=[Piece("ب" * letters)], passage_ids=[f"A-p{k}-s1"])
    return Row(f"g{k}", "group", f"g{k}", [cell])


def test_pages_are_cut_by_weight_as_well_as_by_rows():
    light = [_row(k, 10) for k in range(20)]
    assert [len(p) for p in paginate(light, 8, render.PAGE_BUDGET)] == [8, 8, 4]
    heavy = [_row(k, 50_000) for k in range(6)]
    assert row_weight(heavy[0]) > render.PAGE_BUDGET // 3
    pages = paginate(heavy, 8, render.PAGE_BUDGET)
    assert len(pages) > 1 and [r for p in pages for r in p] == heavy
    assert all(sum(row_weight(r) for r in p) <= render.PAGE_BUDGET for p in pages)
