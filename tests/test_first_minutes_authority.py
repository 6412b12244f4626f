"""`edition authority propose` and `accept`: fewer ordinary words, a header, accepting."""

from __future__ import annotations

from click.testing import CliRunner
from lxml import etree

from edition.cli import main
from edition.tei.ns import NS


def _invoke(project, *args):
    manifest = str(project / "seeds" / "witnesses.toml")
    return CliRunner().invoke(main, ["authority", *args, "--manifest", manifest])


def _rows(result) -> list[list[str]]:
    return [line.split("\t") for line in result.output.strip().split("\n")]


def test_propose_prints_a_header_then_the_real_names_only(project):
    r = _invoke(project, "propose")
    assert r.exit_code == 0, r.output
    rows = _rows(r)
    assert rows[0] == ["kind", "name", "witnesses"]
    assert {(k, name) for k, name, _ in rows[1:]} == {
        ("place", "جند"),
        ("place", "فرزين"),
        ("place", "الجبل"),
        ("place", "الترك"),
    }


def test_propose_drops_verbs_adjectives_and_common_words(project):
    text = (
        "ففر السلطان هارباً إلى قلعة وحبس ابنه . وكان أمير كبير في مدينة هاجمها "
        "العدو وإقليم شاسع . ومات يتولاه خان . وقتل السلطان صلاح الدين الأمير مانع بن جديثة"
    )
    (project / "seeds" / "001_b591f9d4088f33c0.txt").write_text(text, encoding="utf-8")
    r = _invoke(project, "propose")
    assert r.exit_code == 0, r.output
    names = {name for _, name, _ in _rows(r)[1:]}
    assert {"صلاح الدين", "مانع"} <= names
    assert not names & {"هارباً", "وحبس", "كبير", "هاجمها", "شاسع", "يتولاه خان"}


def test_accept_adds_the_proposal_and_a_build_tags_it(project):
    r = _invoke(project, "accept", "فرزين", "--kind", "place")
    assert r.exit_code == 0, r.output
    assert r.output == "added place place-1: فرزين\n"
    path = project / "seeds" / "tei" / "authority.xml"
    root = etree.parse(str(path)).getroot()
    (place,) = root.xpath("//tei:listPlace/tei:place[@xml:id='place-1']", namespaces=NS)
    assert [n.text for n in place.findall("tei:placeName", NS)] == ["فرزين"]
    assert root.find(".//tei:listPerson/tei:person", NS) is not None  # the rest is kept
    again = _invoke(project, "propose")
    assert "فرزين" not in again.output
    manifest = str(project / "seeds" / "witnesses.toml")
    assert CliRunner().invoke(main, ["encode", "--manifest", manifest]).exit_code == 0
    tei = (project / "seeds" / "tei" / "B.xml").read_text("utf-8")
    assert 'ref="authority.xml#place-1">فرزين' in tei


def test_accept_keeps_the_file_valid_tei(project, tei_schema):
    assert _invoke(project, "accept", "جند", "فرزين").exit_code == 0
    doc = etree.parse(str(project / "seeds" / "tei" / "authority.xml"))
    assert tei_schema.validate(doc), tei_schema.error_log


def test_accept_of_a_name_not_proposed_is_a_one_line_error(project):
    r = _invoke(project, "accept", "فرزين", "رفض")
    assert r.exit_code == 1
    assert r.output == "Error: not among the proposals: رفض\n"
    assert not (project / "seeds" / "tei" / "authority.xml").exists() or "فرزين" not in (
        project / "seeds" / "tei" / "authority.xml"
    ).read_text("utf-8")
