"""Rows told in other words show what their tellings share (content words and concepts,
names, numbers, dates), the same in every column and lit up together; the switches of the
differences act on what the page has, or say why they cannot."""

from collections import defaultdict

import pytest
from lxml import html

from edition.render.views import TYPE_LABELS


@pytest.fixture(scope="module")
def doc(seeds_build):
    return html.fromstring((seeds_build / "output" / "index.html").read_bytes())


def _marks(row) -> dict[str, dict[str, list[str]]]:
    """A row's shared-word marks: key -> siglum -> the words marked with it."""
    out: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for el in row.xpath(".//span[contains(@class, 'agree')]"):
        siglum = el.xpath("ancestor::div[contains(@class, 'cell')]/@data-wit")[0]
        for key in el.get("data-ekey").split():  # a word's stem and concept
            out[key][siglum].append(el.text_content())
    return out


def test_paraphrase_rows_mark_the_words_their_tellings_share(doc):
    rows = doc.xpath("//article[contains(@class, 'paraphrase')]")
    assert rows
    assert any(_marks(row) for row in rows)
    for row in rows:
        marks = _marks(row)
        for key, by_witness in marks.items():  # every mark has a counterpart elsewhere
            assert len(by_witness) >= 2, (row.get("id"), key, dict(by_witness))
            assert key.split(":")[0] in ("stem", "concept")
    # concepts meet words that differ (`رسل` / `سفارة`)
    concepts = [
        by_w
        for row in rows
        for key, by_w in _marks(row).items()
        if key.startswith("concept:") and len({w for ws in by_w.values() for w in ws}) > 1
    ]
    assert concepts


def test_hovering_a_shared_word_lights_it_up_in_the_other_column(page):
    row = page.locator("article.paraphrase").first
    mark = row.locator(".cell .agree").first
    key = mark.get_attribute("data-ekey")
    mine = mark.evaluate("el => el.closest('.cell').dataset.wit")
    mark.hover()
    lit = row.locator(f'.lit[data-ekey~="{key.split()[0]}"]').all()
    assert {m.evaluate("el => el.closest('.cell').dataset.wit") for m in lit} - {mine}
    page.mouse.move(0, 0)
    assert row.locator(".lit").count() == 0


_LOOK = """
() => Array.from(document.querySelectorAll("#view-parallel .cell span")).map((el) => {
  const s = getComputedStyle(el);
  return [s.color, s.backgroundColor, s.borderBottomColor, s.fontWeight].join();
})
"""


def test_every_switch_that_can_be_used_changes_the_page(page):
    boxes = page.locator(".type-toggle, .agree-toggle").all()
    usable = [b for b in boxes if b.is_enabled()]
    assert usable
    for box in usable:
        before = page.evaluate(_LOOK)
        box.uncheck()
        assert page.evaluate(_LOOK) != before, box.get_attribute("value")
        box.check()
        assert page.evaluate(_LOOK) == before


def test_a_switch_with_nothing_to_act_on_says_so(page, doc):
    assert doc.xpath("//input[contains(@class, 'agree-toggle')]")
    for key in TYPE_LABELS:
        box = page.locator(f'.type-toggle[value="{key}"]')
        label = box.locator("xpath=ancestor::label")
        count = int(label.locator(".count").inner_text())
        if box.is_disabled():
            assert count == 0 and "none on this page" in label.get_attribute("title")
        else:
            assert count > 0
    # why the word-by-word switches are idle: the episodes are told in other words
    if page.locator(".type-toggle:disabled").count():
        assert "told in other words" in page.locator("#why-switches").inner_text()
