"""The page in a reader's first minutes: a key to the marks, notes in their own script,
an annotation panel that hides no text and defaults to the command line's category."""

import http.client
import json
import threading

import pytest
from lxml import html

from edition.annotate import store
from edition.render.views import TYPE_LABELS
from edition.serve import EditionApp, make_server

ENTITY_KINDS = ("person", "place", "number", "date")


@pytest.fixture(scope="module")
def page_html(seeds_build):
    return (seeds_build / "output" / "index.html").read_text("utf-8")


@pytest.fixture
def served(project):
    """The seeds' edition served by `edition serve`: yields its address."""
    app = EditionApp(project / "seeds" / "witnesses.toml", project / "tei", project / "output")
    srv = make_server(app, "127.0.0.1", 0)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    yield f"127.0.0.1:{srv.server_address[1]}"
    srv.shutdown()
    srv.server_close()


@pytest.fixture
def page(browser):
    p = browser.new_page(viewport={"width": 1400, "height": 900})
    yield p
    p.close()


def _call(address, method, path, body=None):
    conn = http.client.HTTPConnection(address, timeout=30)
    data = json.dumps(body).encode() if body is not None else None
    conn.request(method, path, body=data, headers={"Content-Type": "application/json"})
    resp = conn.getresponse()
    payload = resp.read()
    conn.close()
    return resp.status, payload


def _note(address, target, text):
    status, payload = _call(address, "POST", "/api/annotations", {"target": target, "text": text})
    assert status == 201, payload
    return json.loads(payload)


def _first_passage(page) -> str:
    return page.locator(".row.group .cell[data-passages]").first.get_attribute("data-passages")


# --- 6. a key to the marks ----------------------------------------------------------------


def test_the_key_names_each_entity_kind_and_each_class_of_difference(page_html):
    doc = html.fromstring(page_html)
    (key,) = doc.xpath("//header//*[@id='key']")
    text = key.text_content()
    for kind in ENTITY_KINDS:
        assert key.xpath(f".//span[contains(@class, 'ent') and contains(@class, '{kind}')]")
        assert kind in text
    for cls, label in TYPE_LABELS.items():
        assert key.xpath(f".//span[contains(@class, 't-{cls}')]"), cls
        assert label in text
    # it stands with the switches of the differences
    assert key.getparent().get("class") == "controls"


_COLOURS = """
(sel) => {
  const s = getComputedStyle(document.querySelector(sel));
  return [s.color, s.borderBottomColor, s.backgroundColor];
}
"""


def _rgb(css: str) -> tuple[int, ...] | None:
    """(r, g, b) of an opaque computed colour; None for a transparent one."""
    parts = css[css.index("(") + 1 : -1].replace(",", " ").replace("/", " ").split()
    if len(parts) == 4 and float(parts[3]) == 0:
        return None
    return tuple(round(float(p)) for p in parts[:3])


def _distance(a, b) -> float:
    return sum((x - y) ** 2 for x, y in zip(a, b, strict=True)) ** 0.5


def test_entity_marks_are_not_coloured_like_differences(page, seeds_build):
    page.goto((seeds_build / "output" / "index.html").as_uri())
    assert page.locator(".cell .ent.number").count()  # marked numbers in the text
    ink = _rgb(page.evaluate(_COLOURS, ".cell")[0])
    differences = {}
    for cls in TYPE_LABELS:
        colours = {_rgb(c) for c in page.evaluate(_COLOURS, f".controls .var.t-{cls}")}
        differences[cls] = colours - {None, ink}
    entities = {}
    for kind in ENTITY_KINDS:
        sel = f".cell .ent.{kind}, .witness .ent.{kind}"
        colours = page.evaluate(_COLOURS, sel)[1:]  # its line and its tint
        entities[kind] = {_rgb(c) for c in colours} - {None}
    number_line = _rgb(page.evaluate(_COLOURS, ".cell .ent.number")[1])
    substitution_line = _rgb(page.evaluate(_COLOURS, ".controls .var.t-substitution")[1])
    assert _distance(number_line, substitution_line) > 100
    every_difference = set().union(*differences.values())
    for kind, colours in entities.items():
        assert colours and not colours & every_difference, kind
        for c in colours:  # neutral: a grey tint and a grey line, no hue of a difference
            assert max(c) - min(c) <= 16, (kind, c)


# --- 7. notes in another script -----------------------------------------------------------


_DIRECTION = "el => [getComputedStyle(el).direction, el.matches(':lang(ar)'), el.dir]"
_QUOTES = "el => getComputedStyle(el).quotes"


def test_an_english_note_reads_left_to_right_on_the_arabic_page(page, served):
    page.goto(f"http://{served}/")
    target = _first_passage(page).split()[0]
    note = _note(served, target, 'Ibn Khaldun says "Bukhara", not Samarqand.')
    page.goto(f"http://{served}/")
    doc = html.fromstring(page.content())
    for q in doc.xpath(f"//li[@id='{note['id']}']//q") + doc.xpath("//*[@id='view-witnesses']//q"):
        assert q.get("dir") == "auto"
        assert q.get("lang") == ""  # no language forced on it, Arabic least of all
    for q in (page.locator(f"li[id='{note['id']}'] q"), page.locator(".annotation-list q")):
        assert q.evaluate(_DIRECTION) == ["ltr", False, "auto"]
        assert q.evaluate(_QUOTES).startswith('"\u201c" "\u201d"')  # “…”, not ”…“


def test_the_panel_shows_each_note_in_its_own_direction(page, served):
    page.goto(f"http://{served}/")
    target = _first_passage(page).split()[0]
    _note(served, target, "An English note")
    _note(served, target, "خطأ الناسخ")
    page.reload()
    page.locator(".row.group .cell[data-passages]").first.click(position={"x": 5, "y": 5})
    page.wait_for_function("document.querySelectorAll('#panel-notes li q').length === 2")
    english, arabic = page.locator("#panel-notes li q").all()
    assert english.evaluate(_DIRECTION) == ["ltr", False, "auto"]
    assert english.evaluate(_QUOTES).startswith('"\u201c"')
    assert arabic.evaluate(_DIRECTION)[0] == "rtl"
    assert not arabic.evaluate("el => el.matches(':lang(en)')")


# --- 8. the annotation panel --------------------------------------------------------------


_OVERLAPS = """
(sel) => {
  const p = document.getElementById("panel").getBoundingClientRect();
  const hit = [];
  document.querySelectorAll(sel).forEach((el) => {
    const r = el.getBoundingClientRect();
    const seen = r.bottom > 0 && r.top < innerHeight && r.width > 0;
    const over = r.left < p.right && r.right > p.left && r.top < p.bottom && r.bottom > p.top;
    if (seen && over) hit.push(el.dataset.wit + " " + el.textContent.trim().slice(0, 30));
  });
  return hit;
}
"""


@pytest.mark.parametrize("width", [1400, 1100])
def test_the_open_panel_hides_no_text_of_the_last_column(browser, served, width):
    page = browser.new_page(viewport={"width": width, "height": 800})
    page.goto(f"http://{served}/")
    last = page.locator(".colhead").last.get_attribute("data-wit")
    page.locator(".row.group .cell[data-passages]").first.click(position={"x": 5, "y": 5})
    assert page.locator("#panel").is_visible()
    column = f'.colhead[data-wit="{last}"], .cell[data-wit="{last}"]'
    for y in (0, 1500, 4000):
        page.evaluate(f"window.scrollTo(0, {y})")
        page.wait_for_timeout(50)
        assert page.evaluate(_OVERLAPS, column) == []
    # the columns have room: nothing runs off the page under the panel
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.close()


def test_the_panel_defaults_to_the_command_lines_category(page, served):
    page.goto(f"http://{served}/")
    page.locator(".row.group .cell[data-passages]").first.click(position={"x": 5, "y": 5})
    assert page.locator("#panel-category").input_value() == store.DEFAULT_CATEGORY
    page.fill("#panel-text", "saved without choosing a category")
    page.click("#panel-save")
    page.wait_for_selector("#panel-notes li")
    status, payload = _call(served, "GET", "/api/annotations")
    assert [a["category"] for a in json.loads(payload)] == [store.DEFAULT_CATEGORY]
