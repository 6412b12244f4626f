"""The HTML edition: checked with a real parser, then in a real browser."""

import re

import pytest
from lxml import etree, html

from edition.pipeline import build
from edition.tei.ns import NS, XML_ID
from tests.conftest import SEEDS, write_manifest


@pytest.fixture(scope="module")
def page_html(seeds_build):
    return (seeds_build / "output" / "index.html").read_text("utf-8")


@pytest.fixture(scope="module")
def editions_page(tmp_path_factory):
    """Two editions of one text with known differences: spelling, a number, a word added."""
    folder = tmp_path_factory.mktemp("editions")
    src = (SEEDS / "001_b591f9d4088f33c0.txt").read_text("utf-8")
    edited = (
        src.replace("إلى", "الى")
        .replace("اربعمائة وخمسين", "ثلاثمائة")
        .replace("وسلب البضاعة", "وسلب البضاعة كلها")
    )
    (folder / "a.txt").write_text(src, encoding="utf-8")
    (folder / "b.txt").write_text(edited, encoding="utf-8")
    write_manifest(folder, [{"siglum": "A", "path": "a.txt"}, {"siglum": "B", "path": "b.txt"}])
    build(folder / "witnesses.toml", folder / "tei", folder / "out")
    return folder / "out" / "index.html"


def test_page_is_arabic_rtl_with_one_column_per_witness(page_html):
    doc = html.fromstring(page_html)
    assert doc.get("lang") == "ar" and doc.get("dir") == "rtl"
    heads = doc.xpath("//div[@class='colhead']/@data-wit")
    assert heads == ["A", "B", "C"]
    for row in doc.xpath("//article[contains(@class,'row')]"):
        assert row.xpath("./div[@class='cells']/div/@data-wit") == ["A", "B", "C"]


def test_every_passage_is_shown_with_its_original_characters(page_html):
    doc = html.fromstring(page_html)
    for siglum, path in zip("ABC", sorted(SEEDS.glob("*.txt")), strict=True):
        col = doc.xpath(f"//article[@data-siglum='{siglum}']")[0]
        shown = "".join(col.xpath(".//span[@class='passage']//text()"))
        assert re.sub(r"\s+", "", shown) == re.sub(r"\s+", "", path.read_text("utf-8"))
        # in the parallel view, every character once, in rows (a group may gather passages)
        cells = doc.xpath(
            f"//div[contains(@class,'cell')][@data-wit='{siglum}'][not(contains(@class,'absent'))]"
        )
        in_rows = [  # (a skip mark names passages shown elsewhere: it is not text)
            re.sub(r"\s+", "", "".join(c.xpath(".//text()[not(ancestor::a)]")).replace("·", ""))
            for c in cells
        ]
        assert sorted("".join(in_rows)) == sorted(re.sub(r"\s+", "", path.read_text("utf-8")))


def test_rows_show_absent_witnesses_and_facts(page_html):
    doc = html.fromstring(page_html)
    absent = doc.xpath("//div[contains(@class,'absent')]")
    assert absent and all(a.text_content().strip() == f"not in {a.get('data-wit')}" for a in absent)
    groups = doc.xpath("//article[contains(@class,'row group')]")
    assert groups and all(g.xpath(".//h3[@class='row-label']") for g in groups)
    assert doc.xpath("//details[@class='facts']//tr[contains(@class,'fact')]")
    nav = doc.xpath("//nav[@class='episodes']//a/@href")
    assert nav == [f"#row-{g.get('id')[4:]}" for g in groups]


def test_map_ribbons_point_to_rows_and_matrix_is_complete(page_html):
    doc = html.fromstring(page_html)
    rows = set(doc.xpath("//article[contains(@class,'row')]/@id"))
    links = doc.xpath("//svg//a/@href")
    assert links and all(h[1:] in rows for h in links)
    assert len(doc.xpath("//table[@class='matrix']/tbody/tr")) == 3
    assert len(doc.xpath("//svg//g[@class='bar']")) == 3


def test_apparatus_view_has_numbered_notes_for_each_base(editions_page):
    doc = html.fromstring(editions_page.read_text("utf-8"))
    for base in ("A", "B"):
        notes = doc.xpath(f"//article[@id='base-{base}']//ol[@class='notes']/li")
        refs = doc.xpath(f"//article[@id='base-{base}']//sup/a")
        assert notes and len(notes) == len(refs)
    first = doc.xpath("//article[@id='base-A']//ol[@class='notes']/li")[0].text_content()
    assert "]" in first and "B" in first


def test_apparatus_opens_on_the_witness_with_most_aligned_text(seeds_build):
    """Seed 000 (A) shares no passage with the others: its apparatus would have no notes,
    so the apparatus opens on another base."""
    doc = html.fromstring((seeds_build / "output" / "index.html").read_text("utf-8"))
    shown = doc.xpath("//article[contains(@class,'base-text')][not(@hidden)]/@id")
    assert shown == ["base-B"]
    assert doc.xpath("//select[@id='base-select']/option[@selected]/@value") == ["B"]
    assert doc.xpath("//article[@id='base-B']//ol[@class='notes']/li")


def test_text_is_escaped(tmp_path):
    (tmp_path / "w.txt").write_text("نص فيه <script>alert(1)</script> & علامة\n", encoding="utf-8")
    write_manifest(tmp_path, [{"siglum": "A", "path": "w.txt", "title": "<b>عنوان</b>"}])
    build(tmp_path / "witnesses.toml", tmp_path / "tei", tmp_path / "out")
    page = (tmp_path / "out" / "index.html").read_text("utf-8")
    assert "<script>alert" not in page and "&lt;script&gt;" in page
    assert "<b>عنوان" not in page


def test_page_is_self_contained_and_small(page_html):
    doc = html.fromstring(page_html)
    outside = "not(starts-with(@href, 'data:'))"  # the empty icon is in the page
    assert not doc.xpath(f"//link[@href and {outside}] | //script[@src] | //img[@src]")
    assert "url(http" not in page_html and "@import" not in page_html
    assert len(page_html.encode("utf-8")) < 2_000_000


# --- in Chromium -------------------------------------------------------------------------


@pytest.fixture
def page(browser):
    p = browser.new_page(viewport={"width": 1400, "height": 900})
    requests = []
    p.on("request", lambda r: requests.append(r.url))
    p.requests = requests
    yield p
    p.close()


def test_columns_are_right_to_left_and_nothing_leaves_the_machine(page, seeds_build):
    page.goto((seeds_build / "output" / "index.html").as_uri())
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    boxes = [page.locator(f".colhead[data-wit='{s}']").bounding_box() for s in "ABC"]
    assert boxes[0]["x"] > boxes[1]["x"] > boxes[2]["x"]  # the first witness on the right
    assert page.evaluate("document.documentElement.scrollWidth") <= 1400
    assert page.evaluate("document.fonts.check('16px Amiri')")
    assert all(u.startswith(("file://", "data:")) for u in page.requests), page.requests


def test_hovering_a_reading_lights_up_its_counterpart(page, editions_page):
    page.goto(editions_page.as_uri())
    app = page.evaluate(
        "[...document.querySelectorAll('[data-wit=\"A\"] .var.t-numeric')][0].dataset.app"
    )
    page.hover(f"[data-wit='A'] [data-app='{app}']")
    other = page.locator(f"[data-wit='B'] [data-app='{app}']")
    assert "lit" in other.get_attribute("class")
    assert "ثلاثمائة" in other.inner_text()
    assert "number" in other.get_attribute("title")
    page.mouse.move(5, 5)
    assert "lit" not in other.get_attribute("class")


def test_orthographic_switch_hides_those_highlights(page, editions_page):
    page.goto(editions_page.as_uri())
    ortho = page.locator("[data-wit='B'] .var.t-orthographic").first
    before = ortho.evaluate("e => getComputedStyle(e).borderBottomColor")
    page.uncheck(".type-toggle[value='orthographic']")
    after = ortho.evaluate("e => getComputedStyle(e).borderBottomColor")
    assert before != after and after in ("rgba(0, 0, 0, 0)", "transparent")
    numeric = page.locator("[data-wit='B'] .var.t-numeric").first
    assert numeric.evaluate("e => getComputedStyle(e).backgroundColor") != "rgba(0, 0, 0, 0)"


def test_search_finds_words_in_normalised_form(page, seeds_build):
    page.goto((seeds_build / "output" / "index.html").as_uri())
    page.fill("#search", "اطرار")
    hits = page.locator(".cell.hit")
    assert hits.count() >= 2
    assert any("أطرار" in hits.nth(k).inner_text() for k in range(hits.count()))
    assert page.locator("#search-count").inner_text().endswith("passages")


def test_search_reads_presentation_forms_and_direction_marks(page, tmp_path):
    """Text taken from a PDF (presentation forms) or the web (direction marks) is found by
    the word typed as usual, and a word pasted from a PDF finds the text: the search box
    normalises as the library does."""
    (tmp_path / "a.txt").write_text("ثم ﺣﺎﺻﺮ ﺑﺨﺎﺭﻯ وملكها.\n\nثم سار إلى سمر\u200fقند.\n", "utf-8")
    write_manifest(tmp_path, [{"siglum": "A", "path": "a.txt"}])
    build(tmp_path / "witnesses.toml", tmp_path / "tei", tmp_path / "out")
    page.goto((tmp_path / "out" / "index.html").as_uri())
    for word, found in (("بخارى", "ﺑﺨﺎﺭﻯ"), ("ﺳﻤﺮﻗﻨﺪ", "سمر\u200fقند")):
        page.fill("#search", word)
        hits = page.locator(".cell.hit")
        assert hits.count() == 1 and found in hits.first.inner_text()


def test_keyboard_reaches_readings_and_tabs(page, editions_page):
    page.goto(editions_page.as_uri())
    page.locator("[data-wit='A'] .var").first.focus()
    app = page.evaluate("document.activeElement.dataset.app")
    assert "lit" in page.locator(f"[data-wit='B'] [data-app='{app}']").get_attribute("class")
    page.click("#tab-apparatus")
    assert page.locator("#view-apparatus").is_visible()
    assert not page.locator("#view-parallel").is_visible()


def test_rows_told_in_other_words_link_their_shared_names(page, seeds_build):
    page.goto((seeds_build / "output" / "index.html").as_uri())
    row = page.locator(".row.group", has=page.locator(".ent.shared")).first
    assert "told in other words" in row.locator(".row-label").inner_text()
    first = row.locator(".ent.shared").first
    key = first.get_attribute("data-ekey")
    wit = first.evaluate("e => e.closest('.cell').dataset.wit")
    first.hover()
    lit = row.locator(f".cell:not([data-wit='{wit}']) .ent.lit[data-ekey='{key}']")
    assert lit.count() >= 1


def test_apparatus_base_can_be_changed(page, seeds_build):
    page.goto((seeds_build / "output" / "index.html").as_uri())
    page.click("#tab-apparatus")
    assert page.locator("#base-B").is_visible() and not page.locator("#base-C").is_visible()
    page.select_option("#base-select", "C")
    assert page.locator("#base-C").is_visible() and not page.locator("#base-B").is_visible()
    assert page.locator("#base-C ol.notes li").count() > 0


def test_column_heads_stay_in_view_below_the_header(page, seeds_build):
    """Scrolled down to a row, the witnesses' column heads stay on screen just below the
    page's header (whatever its height), and the row comes to rest below them."""
    page.goto((seeds_build / "output" / "index.html").as_uri())
    row = page.locator(".row.group").nth(2)
    row.evaluate("r => r.scrollIntoView()")
    page.wait_for_timeout(100)
    header = page.locator("header.site").bounding_box()
    heads = page.locator(".colheads").bounding_box()
    assert abs(heads["y"] - (header["y"] + header["height"])) < 2
    assert row.bounding_box()["y"] >= heads["y"] + heads["height"] - 1
    episodes = page.locator(".episodes h2").bounding_box()
    assert episodes["y"] >= header["y"] + header["height"] - 1


def test_five_witnesses_fit_the_window(page, tmp_path):
    text = (SEEDS / "001_b591f9d4088f33c0.txt").read_text("utf-8")
    entries = []
    for k in range(5):
        (tmp_path / f"w{k}.txt").write_text(text.replace(" قد ", " ", k), "utf-8")  # omissions
        entries.append({"siglum": f"E{k}", "path": f"w{k}.txt"})
    write_manifest(tmp_path, entries)
    build(tmp_path / "witnesses.toml", tmp_path / "tei", tmp_path / "out")
    page.goto((tmp_path / "out" / "index.html").as_uri())
    assert page.evaluate("document.documentElement.scrollWidth") <= 1400
    # an omitted word is marked with a sign every font has (no empty box)
    assert page.locator(".var.gap").count() and page.locator(".var.gap").first.inner_text() == "·"


def test_each_cell_says_how_many_letters_each_of_its_passages_has(page_html, seeds_build):
    """`data-sizes`: a click on a cell's text finds its passage by counting the letters
    before it (white space aside; the page's own marks, a gap's dot, a skip, a note's pen,
    are not the witness's letters): the counts cut the letters shown into the passages'
    own letters, each in its place."""
    tei = etree.parse(str(seeds_build / "output" / "edition.xml"))
    own = {
        s.get(XML_ID): "".join("".join(s.itertext()).split())
        for s in tei.xpath("//tei:text[@corresp]//tei:s", namespaces=NS)
    }
    doc = html.fromstring(page_html)
    cells = doc.xpath('//*[@id="view-parallel"]//div[@data-sizes]')
    assert len(cells) > 10
    marks = ("gap", "skipmark", "note-mark")
    several = 0
    for cell in cells:
        sizes = [int(n) for n in cell.get("data-sizes").split()]
        assert len(sizes) == len(cell.get("data-passages").split())
        for el in cell.iter():
            if set((el.get("class") or "").split()) & set(marks):
                el.text = ""
        letters = "".join(cell.text_content().split())
        at = 0
        for pid, size in zip(cell.get("data-passages").split(), sizes, strict=True):
            assert letters[at : at + size] == own[pid], pid
            at += size
        assert at == len(letters)
        several += len(sizes) > 1
    assert several > 3
