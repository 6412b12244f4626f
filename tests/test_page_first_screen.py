"""The page opens on what the witnesses share: the first screen shows an episode side by
side, passages only one witness tells are folded (and reachable), and a witness switched
off leaves no empty rows behind."""

import pytest
from lxml import html

# The rows shown (not folded, not switched off), each with its id, its place on screen and
# the witnesses whose text it shows.
_SHOWN_ROWS = """
() => Array.from(document.querySelectorAll("article.row")).filter((r) => {
  const b = r.getBoundingClientRect();
  return b.height > 0 && getComputedStyle(r).contentVisibility !== "hidden";
}).map((r) => ({
  id: r.id,
  top: r.getBoundingClientRect().top,
  told: Array.from(r.querySelectorAll(".cell:not(.absent)"))
    .filter((c) => c.getBoundingClientRect().height > 0 && c.innerText.trim())
    .map((c) => c.dataset.wit),
}))
"""


def _single_rows(seeds_build) -> list[str]:
    doc = html.fromstring((seeds_build / "output" / "index.html").read_bytes())
    return doc.xpath("//article[contains(@class, 'row single')]/@id")


def test_the_first_screen_shows_an_episode_side_by_side(page):
    rows = page.evaluate(_SHOWN_ROWS)
    first = rows[0]
    assert len(first["told"]) >= 2, first  # the first row in view is told by two or more
    assert first["top"] < 900 / 2
    on_screen = [r for r in rows if r["top"] < 900]
    assert all(len(r["told"]) >= 2 for r in on_screen), on_screen


def test_what_one_witness_alone_tells_is_folded_but_reachable(page, seeds_build):
    singles = _single_rows(seeds_build)
    assert singles  # (the seeds have passages only one witness tells)
    shown = {r["id"] for r in page.evaluate(_SHOWN_ROWS)}
    assert not shown & set(singles)
    bar = page.locator("button.unfold").first
    assert "one witness" in bar.inner_text()
    bar.click()
    shown = {r["id"] for r in page.evaluate(_SHOWN_ROWS)}
    folded = bar.get_attribute("data-rows").split()
    assert set(folded) <= shown
    bar.click()
    assert not set(folded) & {r["id"] for r in page.evaluate(_SHOWN_ROWS)}
    # a link to a folded row (from the map, a skip mark, an annotation) unfolds it
    row = singles[-1]
    page.evaluate(f"location.hash = '#{row}'")
    page.wait_for_function(f"document.getElementById('{row}').getBoundingClientRect().height > 0")
    assert row in {r["id"] for r in page.evaluate(_SHOWN_ROWS)}


@pytest.mark.parametrize("unfolded", [False, True])
def test_a_witness_switched_off_leaves_no_empty_row(page, unfolded):
    if unfolded:  # the unshared passages shown too
        for bar in page.locator("button.unfold").all():
            bar.click()
    sigla = [b.get_attribute("value") for b in page.locator(".wit-toggle").all()]
    for siglum in sigla:
        box = page.locator(f'.wit-toggle[value="{siglum}"]')
        box.uncheck()
        rows = page.evaluate(_SHOWN_ROWS)
        assert rows, siglum
        assert all(r["told"] and siglum not in r["told"] for r in rows), (siglum, rows[:3])
        box.check()
    # the episodes no shown witness tells leave the contents too
    for siglum in sigla[1:]:
        page.locator(f'.wit-toggle[value="{siglum}"]').uncheck()
    shown = {r["id"] for r in page.evaluate(_SHOWN_ROWS)}
    links = page.locator(".episodes li a").all()
    listed = {a.get_attribute("href").split("#")[1] for a in links if a.is_visible()}
    assert listed <= shown
