"""A long edition is split into pages of consecutive rows (and the browser can read them)."""

from __future__ import annotations

import shutil
from urllib.parse import urlsplit

import pytest
from lxml import html

import edition.render as render
from edition.pipeline import build
from tests.conftest import SEEDS

PAGE_ROWS = 8


@pytest.fixture(scope="module")
def split_build(tmp_path_factory):
    """The seeds' edition built with pages of 8 rows (as if it were a long edition)."""
    root = tmp_path_factory.mktemp("split")
    shutil.copytree(SEEDS, root / "seeds")
    mp = pytest.MonkeyPatch()
    mp.setattr(render, "PAGE_ROWS", PAGE_ROWS)
    try:
        ed = build(root / "seeds" / "witnesses.toml", root / "tei", root / "out")
    finally:
        mp.undo()
    return root / "out", ed


def _doc(out, name):
    return html.fromstring((out / name).read_text("utf-8"))


def test_every_row_is_on_exactly_one_page_in_order(split_build):
    out, ed = split_build
    parts = sorted(out.glob("part-*.html"))
    assert len(parts) >= 3
    seen = []
    for part in parts:
        rows = _doc(out, part.name).xpath("//section[@id='view-parallel']/article/@id")
        assert 0 < len(rows) <= PAGE_ROWS
        seen += rows
    assert len(seen) == len(set(seen))
    groups = [f"row-{g.id}" for g in ed.alignment.groups]
    assert [r for r in seen if r in groups] == groups
    # every passage of every witness is on some page, in the witness views of the parts
    shown = set()
    for part in parts:
        shown.update(_doc(out, part.name).xpath("//article[@class='witness']//span/@id"))
    assert {p.id for w in ed.witnesses for p in w.passages} <= shown


def test_the_contents_name_each_page_by_words_not_ids(split_build):
    out, ed = split_build
    index = _doc(out, "index.html")
    names = [a.text_content() for a in index.xpath("//a[starts-with(@href, 'part-')]")]
    assert len(names) >= 3
    ids = {p.id for w in ed.witnesses for p in w.passages}
    assert not any(pid in name for name in names for pid in ids)
    assert all(name.strip() for name in names)


def test_the_contents_list_every_episode_by_the_page_that_shows_it(split_build):
    out, ed = split_build
    index = _doc(out, "index.html")
    listed = index.xpath("//nav[@class='episodes']//li/a/@href")
    assert [h.split("#row-")[1] for h in listed] == [g.id for g in ed.alignment.groups]
    for href in listed:  # each on the page that holds its row
        page, anchor = href.split("#")
        assert _doc(out, page).xpath(f"//article[@id='{anchor}']")
    assert not index.xpath("//div[@class='colheads']")  # no columns without rows


def test_contents_too_long_to_list_say_how_many_episodes(tmp_path, monkeypatch):
    shutil.copytree(SEEDS, tmp_path / "seeds")
    monkeypatch.setattr(render, "PAGE_ROWS", PAGE_ROWS)
    monkeypatch.setattr(render, "EPISODES_ON_CONTENTS", 3)
    ed = build(tmp_path / "seeds" / "witnesses.toml", tmp_path / "tei", tmp_path / "out")
    index = _doc(tmp_path / "out", "index.html")
    assert not index.xpath("//nav[@class='episodes']//li")
    said = index.xpath("//nav[@class='episodes']/p")[0].text_content()
    assert said == f"Each page lists its own episodes: this edition has {len(ed.alignment.groups)}."


def test_links_between_pages_all_land_on_an_anchor(split_build):
    out, _ = split_build
    names = ["index.html", *(p.name for p in sorted(out.glob("part-*.html")))]
    ids = {name: set(_doc(out, name).xpath("//@id")) for name in names}
    checked = 0
    for name in names:
        for href in _doc(out, name).xpath("//a/@href"):
            target = urlsplit(href)
            page = target.path or name
            assert (out / page).exists(), (name, href)
            if target.fragment:
                assert target.fragment in ids[page], (name, href)
            checked += 1
    assert checked > 20
    index = _doc(out, "index.html")
    assert index.xpath("//ol[@class='part-list']/li/a/@href") == names[1:]
    assert index.xpath("//*[@id='view-map']//a[@class='ribbon-link']")  # the whole map
    assert not index.xpath("//section[@id='view-parallel']/article")  # no rows on the index


def test_pages_share_one_style_sheet_and_script(split_build):
    out, _ = split_build
    for name in ("index.html", "part-0001.html"):
        doc = _doc(out, name)
        assert doc.xpath("//link[@rel='stylesheet']/@href") == ["assets/edition.css"]
        assert doc.xpath("//script/@src") == ["assets/edition.js"]
        assert len((out / name).read_bytes()) < 200_000  # the fonts are not repeated
    assert "@font-face" in (out / "assets" / "edition.css").read_text("utf-8")


def test_a_shorter_build_removes_pages_it_no_longer_has(tmp_path):
    shutil.copytree(SEEDS, tmp_path / "seeds")
    args = (tmp_path / "seeds" / "witnesses.toml", tmp_path / "tei", tmp_path / "out")
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(render, "PAGE_ROWS", PAGE_ROWS)
        build(*args)
    assert list((tmp_path / "out").glob("part-*.html"))
    build(*args)
    assert not list((tmp_path / "out").glob("part-*.html"))
    assert not list((tmp_path / "out" / "assets").glob("*"))
    doc = html.fromstring((tmp_path / "out" / "index.html").read_text("utf-8"))
    assert not doc.xpath("//link[@rel='stylesheet'] | //script[@src]")


_UNCOVERED_RIBBON = """() => {
  for (const a of document.querySelectorAll('#view-map a.ribbon-link')) {
    const r = a.getBoundingClientRect();
    const el = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
    if (el && a.contains(el)) return a.getAttribute('href');
  }
  return null;
}"""


def test_a_page_of_a_split_edition_works_in_the_browser(browser, split_build):
    out, _ = split_build
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    try:
        page.goto((out / "part-0002.html").as_uri())
        assert page.evaluate("document.fonts.check('16px Amiri')")
        assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
        assert all(urlsplit(u).scheme in ("file", "data") for u in requests), requests
        page.click("a[rel=next]")
        assert page.url.endswith("part-0003.html")
        page.click("a[rel=contents]")
        assert page.url.endswith("index.html")
        page.click("#tab-map")
        href = page.evaluate(_UNCOVERED_RIBBON)
        assert href, "no ribbon of the map can be clicked"
        page.click(f"#view-map a.ribbon-link[href='{href}']")
        assert page.url.endswith(href)
        assert page.locator(f"#{href.split('#')[1]}").is_visible()
    finally:
        page.close()


def test_compiled_templates_are_kept_and_their_folder_may_be_missing(tmp_path):
    """Compiled templates are kept for the next run; where they cannot be kept, the
    templates are still compiled and rendered."""
    from jinja2 import Environment, PackageLoader

    from edition.render import _CompiledTemplates

    kept = tmp_path / "kept"
    kept.mkdir()
    for folder in (kept, tmp_path / "missing"):
        env = Environment(
            loader=PackageLoader("edition", "templates"),
            bytecode_cache=_CompiledTemplates(str(folder)),
        )
        assert env.get_template("base.html").blocks  # compiled
    assert list(kept.iterdir()) and not (tmp_path / "missing").exists()


def test_render_alone_writes_the_pages_of_a_long_edition(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from edition.cli import main

    shutil.copytree(SEEDS, tmp_path / "seeds")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(render, "PAGE_ROWS", PAGE_ROWS)
    r = CliRunner().invoke(main, ["render"])
    assert r.exit_code == 0, r.output
    parts = sorted(p.name for p in (tmp_path / "output").glob("part-*.html"))
    assert len(parts) > 1
    assert r.stdout == f"wrote output/index.html and {len(parts)} more pages\n"
    assert not (tmp_path / "output" / "edition.xml").exists()
    assert (tmp_path / "output" / "assets" / "edition.css").exists()
