"""Brackets in the Arabic columns point the right way: in right-to-left text an opening
bracket is drawn mirrored, with the page's own (embedded) font."""

import pytest

# Draws `text` in the font of an Arabic cell on a canvas, in the given direction, and
# returns its pixels' alpha, cropped to the ink (so that where it stands does not count).
_INK = """
async ([text, direction, weight]) => {
  const cell = document.querySelector(".cell:not(.absent)");
  const family = getComputedStyle(cell).fontFamily;
  const font = `${weight} 60px ${family}`;
  await document.fonts.load(font, text);
  const canvas = document.createElement("canvas");
  canvas.width = 200; canvas.height = 120;
  const ctx = canvas.getContext("2d");
  ctx.font = font;
  ctx.direction = direction;
  ctx.textAlign = "center";
  ctx.fillText(text, 100, 80);
  const px = ctx.getImageData(0, 0, 200, 120).data;
  let x0 = 200, x1 = -1, y0 = 120, y1 = -1;
  for (let y = 0; y < 120; y++) for (let x = 0; x < 200; x++) {
    if (px[(y * 200 + x) * 4 + 3] > 0) {
      x0 = Math.min(x0, x); x1 = Math.max(x1, x); y0 = Math.min(y0, y); y1 = Math.max(y1, y);
    }
  }
  const out = [];
  for (let y = y0; y <= y1; y++) for (let x = x0; x <= x1; x++) out.push(px[(y * 200 + x) * 4 + 3]);
  return {width: x1 - x0 + 1, height: y1 - y0 + 1, alpha: out};
}
"""


def _difference(a: dict, b: dict) -> float:
    """Share of the ink that differs between two croppings (1 if their boxes differ)."""
    if (a["width"], a["height"]) != (b["width"], b["height"]):
        return 1.0
    diff = sum(abs(x - y) for x, y in zip(a["alpha"], b["alpha"], strict=True))
    return diff / max(sum(a["alpha"]), 1)


@pytest.fixture
def page(browser, seeds_build):
    p = browser.new_page()
    p.goto((seeds_build / "output" / "index.html").as_uri())
    yield p
    p.close()


@pytest.mark.parametrize("weight", ["400", "700"])
def test_an_rtl_opening_bracket_is_drawn_as_an_ltr_closing_one(page, weight):
    for opening, closing in [("(", ")"), ("[", "]"), ("«", "»")]:
        rtl_open = page.evaluate(_INK, [opening, "rtl", weight])
        ltr_close = page.evaluate(_INK, [closing, "ltr", weight])
        ltr_open = page.evaluate(_INK, [opening, "ltr", weight])
        assert ltr_open["width"] > 0
        assert _difference(ltr_open, ltr_close) > 0.3, opening  # two shapes at all
        assert _difference(rtl_open, ltr_close) < 0.05, opening  # mirrored: the closing one
        rtl_close = page.evaluate(_INK, [closing, "rtl", weight])
        assert _difference(rtl_close, ltr_open) < 0.05, closing


def test_brackets_are_drawn_with_the_embedded_font(page):
    """Both brackets of a pair come from the page's font, not one from a fallback font."""
    amiri = page.evaluate(_INK, [")", "ltr", "400"])
    page.evaluate(
        "() => document.querySelectorAll('.cell').forEach(c => c.style.fontFamily = 'serif')"
    )
    system = page.evaluate(_INK, [")", "ltr", "400"])
    assert _difference(amiri, system) > 0.3
