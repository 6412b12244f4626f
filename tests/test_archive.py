"""The archival edition.xml: checks beyond the schema, round trip, plain text, CETEIcean."""

import re
import shutil

import pytest
from lxml import etree

from edition.errors import ValidationError
from edition.pipeline import build
from edition.tei.checks import edition_errors
from edition.tei.ns import NS
from edition.tei.plaintext import witness_texts
from edition.tei.validate import validate_file
from tests.conftest import DATA, SEEDS

TITLE = "The Mongol conquest of Khwarazm (1218–1221) in three Arabic accounts"


def test_seeds_edition_passes_the_extra_checks(seeds_build):
    tree = etree.parse(str(seeds_build / "output" / "edition.xml"))
    assert edition_errors(tree) == []


def test_header_declares_what_the_archive_needs(seeds_build):
    tree = etree.parse(str(seeds_build / "output" / "edition.xml"))
    h = "/tei:TEI/tei:teiHeader"
    for path in (
        "/tei:fileDesc/tei:titleStmt/tei:respStmt",
        "/tei:fileDesc/tei:publicationStmt/tei:availability",
        "/tei:fileDesc/tei:sourceDesc/tei:listWit/tei:witness/tei:bibl/tei:title",
        "/tei:encodingDesc/tei:editorialDecl/tei:normalization",
        "/tei:encodingDesc/tei:classDecl/tei:taxonomy[@xml:id='variant-types']/tei:category",
        "/tei:encodingDesc/tei:classDecl/tei:taxonomy[@xml:id='episodes']/tei:category/tei:catDesc",
        "/tei:encodingDesc/tei:variantEncoding[@method='parallel-segmentation']",
        "/tei:profileDesc/tei:calendarDesc/tei:calendar[@xml:id='hijri']",
    ):
        assert tree.xpath(h + path, namespaces=NS), path
    facts = tree.xpath("//tei:standOff/tei:interpGrp[@type='facts']", namespaces=NS)
    assert facts and all(f.get("corresp").endswith("-ab") for f in facts)
    assert tree.xpath("//tei:interpGrp/tei:interp[@type='place'][@n='otrar']", namespaces=NS)
    for link in tree.xpath("//tei:linkGrp/tei:link", namespaces=NS):
        assert link.get("ana") == f"#episode-{link.get('{http://www.w3.org/XML/1998/namespace}id')}"


def _broken_copy(seeds_build, tmp_path, edit):
    text = (seeds_build / "output" / "edition.xml").read_text("utf-8")
    broken = edit(text)
    assert broken != text
    path = tmp_path / "broken.xml"
    path.write_text(broken, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "edit, message",
    [
        (lambda t: t.replace('ref="#otrar"', 'ref="#nowhere"', 1), "@ref points to #nowhere"),
        (lambda t: t.replace('wit="#B"', 'wit="#Q"', 1), "@wit #Q is not a witness of the listWit"),
        (
            lambda t: re.sub(r'(<rdg wit="#C">)([^<]{3})', r"\1XYZ", t, count=1),
            "witness C does not read back from",
        ),
    ],
)
def test_broken_edition_gives_clear_errors_with_lines(seeds_build, tmp_path, edit, message):
    path = _broken_copy(seeds_build, tmp_path, edit)
    with pytest.raises(ValidationError) as info:
        validate_file(path)
    hits = [(line, m) for line, m in info.value.errors if message in m]
    assert hits and all(line > 1 for line, _ in hits)


def test_round_trip_through_edition_xml(seeds_build, tmp_path):
    shutil.copy(seeds_build / "output" / "edition.xml", tmp_path / "edition.xml")
    (tmp_path / "w.toml").write_text(
        f'title = "{TITLE}"\n[[witness]]\npath = "edition.xml"\nformat = "tei"\n', encoding="utf-8"
    )
    again = build(tmp_path / "w.toml", tmp_path / "tei", tmp_path / "out")
    assert [w.siglum for w in again.witnesses] == ["A", "B", "C"]
    assert "Ibn Khaldun" in again.witnesses[2].author
    first = etree.tostring(etree.parse(str(seeds_build / "output" / "edition.xml")), method="c14n2")
    second = etree.tostring(etree.parse(str(tmp_path / "out" / "edition.xml")), method="c14n2")
    assert first == second
    # the one documented difference in the HTML: the witness pages say which format each
    # witness was read from
    html1 = (seeds_build / "output" / "index.html").read_text("utf-8")
    html2 = (tmp_path / "out" / "index.html").read_text("utf-8")
    assert html1.replace("<dd>text</dd>", "<dd>tei</dd>") == html2


def test_one_witness_of_an_edition_by_siglum(seeds_build, tmp_path):
    shutil.copy(seeds_build / "output" / "edition.xml", tmp_path / "edition.xml")
    (tmp_path / "w.toml").write_text(
        '[[witness]]\nsiglum = "C"\npath = "edition.xml"\nformat = "tei"\n'
        '[[witness]]\nsiglum = "B"\npath = "edition.xml"\nformat = "tei"\n',
        encoding="utf-8",
    )
    ed = build(tmp_path / "w.toml", tmp_path / "tei", tmp_path / "out")
    assert [w.siglum for w in ed.witnesses] == ["C", "B"]


def test_plain_text_export_gives_each_witness_back(seeds_build):
    texts = witness_texts(seeds_build / "output" / "edition.xml")
    for siglum, path in zip("ABC", sorted(SEEDS.glob("*.txt")), strict=True):
        assert re.sub(r"\s+", "", texts[siglum]) == re.sub(r"\s+", "", path.read_text("utf-8"))


def test_ceteicean_reads_the_apparatus(browser, seeds_build, tmp_path):
    """TEI viewers built on CETEIcean read our parallel segmentation as is."""
    shutil.copy(DATA / "ceteicean" / "CETEI.js", tmp_path / "CETEI.js")
    xml = (seeds_build / "output" / "edition.xml").read_text("utf-8")
    xml = xml.split("?>", 1)[1]  # the XML declaration cannot sit inside a script element
    page = tmp_path / "viewer.html"
    page.write_text(
        '<!DOCTYPE html><html><head><meta charset="utf-8"><script src="CETEI.js"></script></head>'
        f'<body><script type="application/xml" id="tei">{xml}</script><div id="out"></div><script>'
        "const dom = new DOMParser().parseFromString(document.getElementById('tei').textContent,"
        " 'application/xml');"
        "new CETEI().domToHTML5(dom, (html) => {"
        " document.getElementById('out').appendChild(html); window.ready = true; });"
        "</script></body></html>",
        encoding="utf-8",
    )
    p = browser.new_page()
    p.goto(page.as_uri())
    p.wait_for_function("window.ready === true", timeout=10000)
    assert p.locator("tei-app").count() > 0
    for siglum in "ABC":
        assert p.locator(f"tei-text[corresp='#{siglum}']").count() == 1
    readings = p.evaluate(
        "[...document.querySelectorAll('tei-rdg')].map(r => r.getAttribute('wit'))"
    )
    assert {w for r in readings for w in r.split()} >= {"#B", "#C"}
    p.close()
