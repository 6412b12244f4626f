import re
import shutil

import pytest
from lxml import etree

from edition.errors import ValidationError
from edition.tei.ns import NS, XML_ID
from edition.tei.validate import validate_file
from tests.conftest import SEEDS


def _squash(s):
    return re.sub(r"\s+", "", s)


@pytest.fixture(scope="module")
def edition_xml(seeds_build):
    return etree.parse(str(seeds_build / "output" / "edition.xml"))


def test_edition_xml_is_valid_tei_all(seeds_build, tei_schema):
    assert tei_schema.validate(etree.parse(str(seeds_build / "output" / "edition.xml"))), (
        tei_schema.error_log
    )


def test_per_witness_tei_and_authority_are_valid(seeds_build, tei_schema):
    files = sorted((seeds_build / "tei").glob("*.xml"))
    assert [f.name for f in files] == ["A.xml", "B.xml", "C.xml", "alignment.xml", "authority.xml"]
    for f in files:
        assert tei_schema.validate(etree.parse(str(f))), (f, tei_schema.error_log)


def test_list_wit_has_each_witness_with_its_bibliography(edition_xml):
    wits = edition_xml.findall(".//tei:sourceDesc/tei:listWit/tei:witness", NS)
    assert [w.get(XML_ID) for w in wits] == ["A", "B", "C"]
    assert "Ibn Khaldun" in etree.tostring(wits[2], encoding="unicode")


def test_each_witness_text_equals_its_seed_file(edition_xml, seeds_build):
    seeds = sorted((seeds_build / "seeds").glob("*.txt"))
    for siglum, path in zip("ABC", seeds, strict=True):
        texts = edition_xml.xpath(
            f"//tei:text/tei:group/tei:text[@corresp='#{siglum}']", namespaces=NS
        )
        assert len(texts) == 1
        body = texts[0].find("tei:body", NS)
        assert _squash("".join(body.itertext())) == _squash(path.read_text("utf-8"))


def test_passages_carry_xml_ids(edition_xml):
    ids = edition_xml.xpath("//tei:text[@corresp]//tei:s/@xml:id", namespaces=NS)
    assert len(ids) == len(set(ids)) > 50
    assert all(re.fullmatch(r"[ABC]-p\d+-s\d+", i) for i in ids)


def test_every_pointer_resolves(edition_xml):
    ids = set(edition_xml.xpath("//@xml:id"))
    refs = edition_xml.xpath("//@ref | //@corresp | //@datingMethod")
    assert refs
    for r in refs:
        for target in r.split():
            assert target.startswith("#") and target[1:] in ids, target


def test_variant_names_share_a_ref_across_witnesses(edition_xml):
    otrar = edition_xml.xpath("//tei:placeName[@ref='#otrar']/text()", namespaces=NS)
    assert {"أطرار", "اوترار"} <= set(otrar)
    genghis = set(edition_xml.xpath("//tei:persName[@ref='#genghis-khan']/text()", namespaces=NS))
    assert {"جنكيز خان", "جنكزخان"} <= genghis
    inal = set(edition_xml.xpath("//tei:persName[@ref='#inalchuq']/text()", namespaces=NS))
    assert {"ينال خان", "أنيال خان"} <= inal


def test_numbers_and_dates_carry_values(edition_xml):
    q = edition_xml.xpath("//tei:measure[@quantity='450']/text()", namespaces=NS)
    assert q == ["اربعمائة وخمسين"]
    d = edition_xml.xpath("//tei:date[@when-custom='615'][@when='1218']", namespaces=NS)
    assert d and all(x.get("datingMethod") == "#hijri" for x in d)
    words = edition_xml.xpath("//tei:date[@when-custom='619']", namespaces=NS)
    assert any("تسع عشرة" in "".join(x.itertext()) for x in words)


def test_invalid_tei_reports_errors_with_line_numbers(data_dir, tei_schema):
    with pytest.raises(ValidationError) as info:
        validate_file(data_dir / "invalid_tei.xml")
    lines = [line for line, _ in info.value.errors]
    assert 12 in lines and 13 in lines
    assert "bogus" in " ".join(m for _, m in info.value.errors)


def test_malformed_xml_reports_its_line(data_dir):
    with pytest.raises(ValidationError) as info:
        validate_file(data_dir / "broken.xml")
    assert info.value.errors[0][0] == 3


def test_witness_with_headings_is_valid_tei(tmp_path, data_dir, tei_schema):
    """Headings open sections of their own: TEI wants a div's heads before its paragraphs."""
    from edition.pipeline import build
    from tests.conftest import write_manifest

    shutil.copy(data_dir / "chronicle.mARkdown", tmp_path / "c.mARkdown")
    shutil.copy(data_dir / "small.txt", tmp_path / "s.txt")
    write_manifest(
        tmp_path,
        [
            {"siglum": "D", "path": "c.mARkdown", "format": "openiti"},
            {"siglum": "E", "path": "s.txt"},
        ],
    )
    build(tmp_path / "witnesses.toml", tmp_path / "tei", tmp_path / "out")
    for f in (tmp_path / "out" / "edition.xml", tmp_path / "tei" / "D.xml"):
        tree = etree.parse(str(f))
        assert tei_schema.validate(tree), tei_schema.error_log
    sections = etree.parse(str(tmp_path / "tei" / "D.xml")).xpath(
        "//tei:div[@type='section']", namespaces=NS
    )
    assert len(sections) == 2 and sections[1].getparent() is sections[0]  # ### || inside ### |


def test_single_witness_edition_is_valid_and_says_nothing_aligns(tmp_path, data_dir, tei_schema):
    from edition.pipeline import build
    from tests.conftest import write_manifest

    shutil.copy(data_dir / "small.txt", tmp_path / "s.txt")
    write_manifest(tmp_path, [{"siglum": "E", "path": "s.txt"}])
    build(tmp_path / "witnesses.toml", tmp_path / "tei", tmp_path / "out")
    for f in (tmp_path / "out" / "edition.xml", tmp_path / "tei" / "alignment.xml"):
        assert tei_schema.validate(etree.parse(str(f))), (f, tei_schema.error_log)
    assert "No passage" in (tmp_path / "tei" / "alignment.xml").read_text("utf-8")


def test_who_pinned_a_group_is_named_and_pointed_to(tmp_path, tei_schema):
    """The scholars whose pins a group holds: a `respStmt` each in the header, pointed to by
    the group's `link/@resp`; the edition stays valid, for the full schema and the fast one."""
    from edition.pipeline import build

    shutil.copytree(SEEDS, tmp_path / "seeds")
    (tmp_path / "tei").mkdir()
    (tmp_path / "tei" / "overrides.toml").write_text(
        '[[pin]]\na = "B-p6-s1"\nb = "C-p1-s9"\nresp = "Ahmad"\n\n'
        '[[pin]]\na = "B-p9-s2"\nb = "C-p1-s11"\nresp = "Layla"\n\n'
        '[[pin]]\na = "B-p18-s1"\nb = "C-p1-s14"\n\n'  # no resp: named by no one
        '[[pin]]\na = "B-p10-s1"\nb = "C-p1-s12"\nresp = "editor"\n',  # unsigned, no editor
        encoding="utf-8",
    )
    build(tmp_path / "seeds" / "witnesses.toml", tmp_path / "tei", tmp_path / "out")
    path = tmp_path / "out" / "edition.xml"
    tree = etree.parse(str(path))
    stmts = tree.xpath("//tei:titleStmt/tei:respStmt[@xml:id]", namespaces=NS)
    named = {s.get(XML_ID): s.findtext("tei:name", namespaces=NS) for s in stmts}
    assert sorted(named.values()) == ["Ahmad", "Layla"]
    by = {v: k for k, v in named.items()}
    for pid, name in (("C-p1-s9", "Ahmad"), ("C-p1-s11", "Layla")):
        link = tree.xpath(f"//tei:link[contains(concat(@target, ' '), '#{pid} ')]", namespaces=NS)
        assert [lk.get("resp") for lk in link] == [f"#{by[name]}"]
    for pid in ("C-p1-s14", "C-p1-s12"):
        unnamed = tree.xpath(
            f"//tei:link[contains(concat(@target, ' '), '#{pid} ')]", namespaces=NS
        )
        assert unnamed and unnamed[0].get("resp") is None
    assert tei_schema.validate(tree), tei_schema.error_log
    validate_file(path)  # the fast schema and the tool's checks
    # the stand-alone alignment beside the witnesses' files says the same
    alone = etree.parse(str(tmp_path / "tei" / "alignment.xml"))
    assert tei_schema.validate(alone), tei_schema.error_log
    names = {
        s.get(XML_ID): s.findtext("tei:name", namespaces=NS)
        for s in alone.xpath("//tei:titleStmt/tei:respStmt[@xml:id]", namespaces=NS)
    }
    assert names == named
    link = alone.xpath("//tei:link[contains(concat(@target, ' '), '#C-p1-s9 ')]", namespaces=NS)
    assert [lk.get("resp") for lk in link] == [f"#{by['Ahmad']}"]
