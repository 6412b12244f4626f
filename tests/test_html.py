"""The HTML edition: checked with a real parser, then in a real browser."""

import re

import pytest
from lxml import html


@pytest.fixture(scope="module")
def page_html(seeds_build):
    return (seeds_build / "output" / "index.html").read_text("utf-8")


def test_page_is_arabic_rtl_with_one_column_per_witness(page_html):
    doc = html.fromstring(page_html)
    assert doc.get("lang") == "ar" and doc.get("dir") == "rtl"
    cols = doc.xpath("//article[@class='witness']")
    assert [c.get("data-siglum") for c in cols] == ["A", "B", "C"]


def test_every_passage_is_shown_with_its_original_characters(page_html, seeds_build):
    doc = html.fromstring(page_html)
    for siglum, path in zip("ABC", sorted((seeds_build / "seeds").glob("*.txt")), strict=True):
        col = doc.xpath(f"//article[@data-siglum='{siglum}']")[0]
        shown = "".join(col.xpath(".//span[@class='passage']//text()"))
        assert re.sub(r"\s+", "", shown) == re.sub(r"\s+", "", path.read_text("utf-8"))


def test_tagged_entities_are_marked(page_html):
    doc = html.fromstring(page_html)
    otrar = doc.xpath("//span[contains(@class,'place')][@data-key='otrar']")
    assert {s.text_content() for s in otrar} >= {"أطرار", "اوترار"}
    assert doc.xpath("//span[contains(@class,'number')][@data-key='450']")


def test_text_is_escaped(tmp_path):
    from edition.pipeline import build
    from tests.conftest import write_manifest

    (tmp_path / "w.txt").write_text("نص فيه <script>alert(1)</script> & علامة\n", encoding="utf-8")
    write_manifest(tmp_path, [{"siglum": "A", "path": "w.txt", "title": "<b>عنوان</b>"}])
    build(tmp_path / "witnesses.toml", tmp_path / "tei", tmp_path / "out")
    page = (tmp_path / "out" / "index.html").read_text("utf-8")
    assert "<script>alert" not in page and "&lt;script&gt;" in page
    assert "<b>عنوان" not in page


def test_page_in_chromium_is_right_to_left_and_stays_offline(browser, seeds_build):
    page = browser.new_page()
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto((seeds_build / "output" / "index.html").as_uri())
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    boxes = [page.locator(f"#wit-{s}").bounding_box() for s in "ABC"]
    # the first witness is the right-most column
    assert boxes[0]["x"] > boxes[1]["x"] > boxes[2]["x"]
    assert all(u.startswith("file://") for u in requests)
    page.close()
