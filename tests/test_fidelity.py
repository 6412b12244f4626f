"""Every word once: each witness reads back through the edition, layout is never a variant,
a reading that skips passages says so, and a broken apparatus is caught."""

from __future__ import annotations

import copy
import json

import pytest
from click.testing import CliRunner
from lxml import etree, html

from edition.arabic.tokens import tokenize
from edition.cli import main
from edition.collate import collate_group
from edition.collate.fidelity import FidelityError
from edition.pipeline import build
from edition.tei.ns import NS
from edition.tei.validate import validate_file
from tests.conftest import DATA, write_manifest

RELAID = DATA / "relaid"


def _tokens(text: str) -> list[str]:
    return [t.text for t in tokenize(text)]


@pytest.fixture(scope="module")
def relaid_build(tmp_path_factory):
    """Ibn al-Wardi's years 600-610 or so (the JK edition, punctuation taken out), and the
    same words laid out otherwise: other paragraphs, 67 page markers on lines of their own
    in mid-sentence, some headings run into the text."""
    root = tmp_path_factory.mktemp("relaid")
    manifest = write_manifest(
        root,
        [
            {"siglum": "A", "path": str(RELAID / "a.mARkdown"), "format": "openiti"},
            {"siglum": "B", "path": str(RELAID / "b.mARkdown"), "format": "openiti"},
        ],
    )
    ed = build(manifest, root / "tei", root / "out", use_cache=False)
    return root, ed


def test_a_text_laid_out_otherwise_gives_no_variant_and_aligns_every_passage(relaid_build):
    root, ed = relaid_build
    assert [a for g in ed.apparatus.groups for a in g.apps] == []
    grouped = {pid for g in ed.alignment.groups for pid in g.passages}
    assert all(p.id in grouped for w in ed.witnesses for p in w.passages)
    page = html.fromstring((root / "out" / "index.html").read_text("utf-8"))
    assert page.xpath("//div[contains(@class,'absent')]") == []  # no "not in A" row
    xml = etree.parse(str(root / "out" / "edition.xml"))
    assert xml.xpath("//tei:app", namespaces=NS) == []


def test_apparatus_json_gives_each_witness_back_in_order(relaid_build):
    root, ed = relaid_build
    data = json.loads((root / "out" / "apparatus.json").read_text("utf-8"))
    groups = {g["id"]: g for g in data["groups"]}
    for w in ed.witnesses:
        read = []
        for step in data["sequence"][w.siglum]:
            if "passage" in step:
                read.append(step["text"])
                continue
            g = groups[step["group"]]
            read += [p["text"] if "text" in p else _reading(p, w.siglum) for p in g["parts"]]
        assert _tokens(" ".join(read)) == _tokens(" ".join(p.text for p in w.passages))


def _reading(app: dict, siglum: str) -> str:
    return next(r["text"] for r in app["readings"] if siglum in r["wit"])


# --- skips --------------------------------------------------------------------------------

SKIPPING = {
    "A": "قتل ينال خان التجار في أطرار وأخذ أموالهم.\n\nوكان الشتاء باردا في تلك السنة والثلج كثيرا.\n\n"
    "فبعث جنكزخان رسلا ينكر ذلك ويطلب ينال خان.\n",
    "B": "قتل ينال خان التجار في أطرار وأخذ أموالهم فبعث جنكزخان رسلا ينكر ذلك ويطلب ينال خان.\n",
}
OVERRIDES = """[[pin]]
a = "A-p1-s1"
b = "B-p1-s1"
[[pin]]
a = "A-p3-s1"
b = "B-p1-s1"
[[forbid]]
a = "A-p2-s1"
b = "B-p1-s1"
"""


@pytest.fixture(scope="module")
def skipping_build(tmp_path_factory):
    """A group holding passages 1 and 3 of witness A, with passage 2 in no group."""
    root = tmp_path_factory.mktemp("skip")
    entries = []
    for siglum, text in SKIPPING.items():
        (root / f"{siglum}.txt").write_text(text, encoding="utf-8")
        entries.append({"siglum": siglum, "path": f"{siglum}.txt", "format": "text"})
    manifest = write_manifest(root, entries)
    (root / "tei").mkdir()
    (root / "tei" / "overrides.toml").write_text(OVERRIDES, encoding="utf-8")
    ed = build(manifest, root / "tei", root / "out", use_cache=False)
    return root, ed


def test_a_reading_that_skips_passages_marks_the_skip_in_tei(skipping_build, tei_schema):
    root, ed = skipping_build
    (group,) = [g for g in ed.alignment.groups if "A-p1-s1" in g.passages]
    assert "A-p3-s1" in group.passages and "A-p2-s1" not in group.passages
    xml = etree.parse(str(root / "out" / "edition.xml"))
    ab = xml.xpath(f"//tei:ab[@corresp='#{group.id}']", namespaces=NS)[0]
    marks = ab.xpath(
        ".//tei:gap[@reason='skip'] | .//tei:rdg[@type='skip'] | .//tei:lem[@type='skip']",
        namespaces=NS,
    )
    assert [m.get("corresp") for m in marks] == ["#A-p2-s1"]
    assert tei_schema.validate(xml), tei_schema.error_log
    validate_file(root / "out" / "edition.xml")  # and it reads back, skip and all


def test_a_reading_that_skips_passages_shows_and_links_the_skip_on_the_page(skipping_build):
    root, _ed = skipping_build
    page = html.fromstring((root / "out" / "index.html").read_text("utf-8"))
    (mark,) = page.xpath("//a[@class='skipmark']")
    assert mark.get("data-skipped") == "A-p2-s1" and "A-p2-s1" in mark.text_content()
    target = mark.get("href").split("#", 1)[1]
    (row,) = page.xpath(f"//*[@id='{target}']")
    assert "الشتاء" in row.text_content()  # the skipped passage's own row
    assert mark.xpath("ancestor::div[@data-wit='A']")


def test_a_skip_mark_takes_the_reader_to_what_is_skipped(browser, skipping_build):
    root, _ed = skipping_build
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    try:
        page.goto((root / "out" / "index.html").as_uri())
        mark = page.locator("a.skipmark")
        assert mark.is_visible() and "A-p2-s1" in mark.inner_text()
        mark.click()
        page.wait_for_function("location.hash.startsWith('#row-')")
        target = page.evaluate("location.hash").removeprefix("#")
        row = page.locator(f"[id='{target}']")
        assert row.is_visible() and "الشتاء" in row.inner_text()
        box = row.bounding_box()
        assert box is not None and 0 <= box["y"] < 900  # scrolled into view
    finally:
        page.close()


def test_skips_are_placed_by_words_wherever_the_shared_text_differs_in_spacing():
    texts = {"A": "قال : نعم ، قال : أمخلوق هو ؟", "B": "قال: نعم، قال: أمخلوق هو؟"}
    skips = {"A": [(4, ("A-x",))], "B": [(4, ("B-x",))]}
    g = collate_group("g1", texts, skips=skips)
    assert g.apps == []
    for s in texts:
        first, second = g.segments_of(s)
        assert _tokens(first) == ["قال", ":", "نعم", "،"]
        assert _tokens(second) == ["قال", ":", "أمخلوق", "هو", "؟"]


def test_a_skip_inside_a_shared_reading_gets_a_reading_of_its_own():
    texts = {
        "A": "وصل التجار الى أطرار فقتلهم",
        "B": "وصل التجار الى أطرار فقتلهم",
        "C": "وصل قوم إلى أطرار",
    }
    g = collate_group("g1", texts, skips={"A": [(3, ("A-x",))]})
    assert [s.witness for s in g.skips] == ["A"]
    assert g.segments_of("B") == [g.text_of("B")]
    assert [_tokens(p) for p in g.segments_of("A")] == [
        ["وصل", "التجار", "الى"],
        ["أطرار", "فقتلهم"],
    ]
    for app in g.apps:
        assert sorted(s for r in app.readings for s in r.witnesses) == ["A", "B", "C"]


# --- a broken apparatus is caught -------------------------------------------------------


def test_validate_names_the_witness_and_the_place_of_a_broken_apparatus(seeds_build, tmp_path):
    xml = etree.parse(str(seeds_build / "output" / "edition.xml"))
    ab = xml.xpath("//tei:text[@type='apparatus']//tei:ab", namespaces=NS)[0]
    rdg = ab.xpath(".//tei:rdg[@wit='#C']", namespaces=NS)[0]
    rdg.text = rdg.text.split(" ", 2)[-1]  # C loses two words
    broken = tmp_path / "broken-edition.xml"
    xml.write(str(broken), encoding="utf-8", xml_declaration=True)
    result = CliRunner().invoke(main, ["validate", str(broken)])
    assert result.exit_code != 0
    lines = [line for line in result.stderr.splitlines() if "read back" in line]
    assert len(lines) == 1
    assert "witness C does not read back from the apparatus at C-p1-s" in lines[0]
    assert lines[0].startswith(f"{broken}:")


def test_the_build_refuses_to_write_an_edition_that_loses_words(project, monkeypatch):
    out = project / "out"
    manifest = project / "seeds" / "witnesses.toml"
    build(manifest, project / "tei", out)
    before = (out / "edition.xml").read_bytes()
    from edition.collate import run

    real = run.collate_group

    def losing(*args, **kwargs):  # a fault of the collation: the first shared word is lost
        g = real(*args, **kwargs)
        for k, part in enumerate(g.parts):
            if isinstance(part, str) and " " in part.strip():
                g.parts[k] = part.split(" ", 1)[1]
                break
        return g

    monkeypatch.setattr(run, "collate_group", losing)
    with pytest.raises(FidelityError, match=r"witness [ABC] does not read back .* at passage"):
        build(manifest, project / "tei", out, use_cache=False)
    assert (out / "edition.xml").read_bytes() == before  # the good edition is left alone
    result = CliRunner().invoke(
        main,
        [
            "build",
            "--manifest",
            str(manifest),
            "--tei-dir",
            str(project / "tei"),
            "--out",
            str(out),
            "--no-cache",
        ],
    )
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert result.stderr.startswith("Error: witness ") and len(result.stderr.splitlines()) == 1
    assert (out / "edition.xml").read_bytes() == before


def test_every_witness_of_the_seeds_reads_back_from_edition_xml(seeds_build):
    validate_file(seeds_build / "output" / "edition.xml")  # schema, pointers and read-back
    xml = etree.parse(str(seeds_build / "output" / "edition.xml"))
    ids = set(xml.xpath("//@xml:id"))
    for gap in xml.xpath("//tei:gap[@reason='skip'] | //tei:rdg[@type='skip']", namespaces=NS):
        assert all(t[1:] in ids for t in gap.get("corresp").split())


# --- a text told twice ----------------------------------------------------------------------

S1 = "وفي سنة خمس عشرة وستمائة وصل تجار جنكزخان إلى مدينة أطرار على نهر سيحون."
S2 = "فقتلهم ينال خان ابن خال السلطان وأخذ أموالهم كلها وكتب بذلك إلى السلطان."
S3 = "ثم سار جنكزخان بعساكره إلى بلاد ما وراء النهر فحاصر بخارى أياما كثيرة."
S4 = "ودخل سمرقند بعد حصار طويل وقتل من أهلها خلقا كثيرا لا يحصيهم إلا الله."


def _build_texts(root, texts: dict[str, list[str]]):
    entries = []
    for siglum, sentences in texts.items():
        (root / f"{siglum}.txt").write_text("\n\n".join(sentences) + "\n", encoding="utf-8")
        entries.append({"siglum": siglum, "path": f"{siglum}.txt", "format": "text"})
    return build(write_manifest(root, entries), root / "tei", root / "out", use_cache=False)


def _group_of(ed, pid):
    return next((g for g in ed.alignment.groups if pid in g.passages), None)


def test_a_text_one_witness_has_twice_is_grouped_once_where_it_stands(tmp_path):
    ed = _build_texts(tmp_path, {"A": [S1, S2, S3, S2, S4], "B": [S1, S2, S3, S4]})
    g = _group_of(ed, "B-p2-s1")
    assert sorted(p for p in g.passages if p.startswith("A-")) == ["A-p2-s1"]
    assert _group_of(ed, "A-p4-s1") is None  # the repetition is A's own
    assert all(not gc.skips for gc in ed.apparatus.groups)


def test_a_text_every_witness_has_twice_makes_two_groups(tmp_path):
    ed = _build_texts(tmp_path, {"A": [S1, S2, S3, S2, S4], "B": [S1, S2, S3, S2, S4]})
    first, second = _group_of(ed, "A-p2-s1"), _group_of(ed, "A-p4-s1")
    assert sorted(first.passages) == ["A-p2-s1", "B-p2-s1"]
    assert sorted(second.passages) == ["A-p4-s1", "B-p4-s1"]
    assert all(not gc.skips and not gc.apps for gc in ed.apparatus.groups)


def test_the_check_catches_two_words_read_as_one(relaid_build):
    from edition.collate.fidelity import check_fidelity

    _root, ed = relaid_build
    check_fidelity(ed.witnesses, ed.alignment, ed.apparatus)  # as built: every word once
    apparatus = copy.deepcopy(ed.apparatus)
    gc = next(g for g in apparatus.groups if any(isinstance(p, str) for p in g.parts))
    k = next(k for k, p in enumerate(gc.parts) if isinstance(p, str) and " " in p.strip())
    left, right = gc.parts[k].strip().split(" ", 1)
    gc.parts[k] = gc.parts[k].replace(f"{left} {right[:1]}", f"{left}{right[:1]}", 1)
    with pytest.raises(FidelityError, match="does not read back"):
        check_fidelity(ed.witnesses, ed.alignment, apparatus)


def test_validate_catches_a_word_moved_into_the_next_group(relaid_build, tmp_path):
    root, _ed = relaid_build
    xml = etree.parse(str(root / "out" / "edition.xml"))
    abs_ = xml.xpath("//tei:text[@type='apparatus']//tei:ab", namespaces=NS)
    first, second = abs_[3], abs_[4]
    *head, last = first.text.rstrip().split(" ")
    first.text, second.text = " ".join(head) + " ", f"{last} {second.text}"
    moved = tmp_path / "moved.xml"
    xml.write(str(moved), encoding="utf-8", xml_declaration=True)
    result = CliRunner().invoke(main, ["validate", str(moved)])
    assert result.exit_code != 0
    assert "does not read back from the apparatus" in result.stderr


# --- the placing steps keep the scholar's overrides -----------------------------------------

_LETTERS = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي"


def _words(tag: str, n: int) -> list[str]:
    return [f"{tag}{_LETTERS[i % 28]}{_LETTERS[(i * 7) % 28]}" for i in range(n)]


def _space(texts: dict[str, list[str]]):
    from edition.align.textwords import PassageWords
    from edition.model import Passage

    passages = {k: Passage(k, " ".join(v)) for k, v in texts.items()}
    alignable: dict[str, list[str]] = {}
    for k in texts:
        alignable.setdefault(k[0], []).append(k)
    return PassageWords(passages, {k: k[0] for k in texts}), alignable


def test_groups_cut_elsewhere_are_not_merged_into_a_forbidden_pair():
    from edition.align.junctions import merge_split_groups
    from edition.align.model import Group

    w, x, y, z, u = (
        _words("ك", 10),
        _words("ل", 3),
        _words("م", 10),
        _words("ن", 3),
        _words("ه", 10),
    )
    words, alignable = _space(
        {"A-1": w + x, "A-2": y + z, "A-3": u, "B-1": w, "B-2": x + y, "B-3": z + u}
    )

    def groups():
        return [Group("", [f"A-{k}", f"B-{k}"]) for k in (1, 2, 3)]

    from edition.align.textwords import Placing

    order = lambda p: (p[0], p)  # noqa: E731
    merged = merge_split_groups(groups(), Placing(words, alignable, order))
    assert [g.passages for g in merged] == [["A-1", "A-2", "A-3", "B-1", "B-2", "B-3"]]
    forbidden = {frozenset(("A-1", "B-3"))}
    kept = merge_split_groups(groups(), Placing(words, alignable, order, forbidden))
    assert not any({"A-1", "B-3"} <= set(g.passages) for g in kept)


def test_a_pinned_copy_is_the_one_a_group_keeps():
    from edition.align.model import Group, Link
    from edition.align.repeats import keep_one_copy

    x, o = _words("ك", 20), _words("م", 20)
    words, alignable = _space({"A-1": x, "A-2": o, "A-3": x, "B-1": x, "B-2": o})
    pin = Link("A-3", "B-1", 1.0, 9.0, 1.0, "pinned")
    groups = [
        Group("", ["A-1", "A-3", "B-1"], [pin, Link("A-1", "B-1", 0.9, 5.0, 0.9, "backbone")]),
        Group("", ["A-2", "B-2"], [Link("A-2", "B-2", 0.9, 5.0, 0.9, "backbone")]),
    ]
    from edition.align.textwords import Placing

    out = keep_one_copy(groups, Placing(words, alignable, lambda p: (p[0], p)))
    assert out[0].passages == ["A-3", "B-1"] and [lk.kind for lk in out[0].links] == ["pinned"]


def test_a_paragraph_of_punctuation_alone_stays_with_the_text_before_it(tmp_path):
    dots = ". . . . . . . . . . . ."
    ed = _build_texts(tmp_path, {"A": [S1, dots, S3, S4], "B": [f"{S1} {dots}", S3, S4]})
    grouped = {p for g in ed.alignment.groups for p in g.passages}
    assert "A-p2-s1" in grouped and _group_of(ed, "A-p2-s1") is _group_of(ed, "A-p1-s1")
    assert [a for gc in ed.apparatus.groups for a in gc.apps] == []


def test_a_group_that_skips_exactly_another_group_is_one_stretch_with_it():
    from edition.align.junctions import merge_enclosed_groups
    from edition.align.model import Group
    from edition.align.textwords import Placing

    # the Abu al-Fida case: a heading cut off at another place in each edition
    x, y, z = _words("ك", 6), _words("ل", 4), _words("م", 12)
    words, alignable = _space(
        {"A-1": x + y[:2], "A-2": y[2:], "A-3": z, "B-1": x, "B-2": y, "B-3": z}
    )
    groups = [Group("", ["A-1", "A-3", "B-1", "B-3"]), Group("", ["A-2", "B-2"])]
    merged = merge_enclosed_groups(groups, Placing(words, alignable, lambda p: (p[0], p)))
    assert [sorted(g.passages) for g in merged] == [["A-1", "A-2", "A-3", "B-1", "B-2", "B-3"]]
    forbidden = {frozenset(("A-2", "B-3"))}
    groups = [Group("", ["A-1", "A-3", "B-1", "B-3"]), Group("", ["A-2", "B-2"])]
    kept = merge_enclosed_groups(groups, Placing(words, alignable, lambda p: (p[0], p), forbidden))
    assert len(kept) == 2


def test_a_formula_one_edition_leaves_out_does_not_keep_a_cut_apart():
    from edition.align.junctions import merge_split_groups
    from edition.align.model import Group
    from edition.align.textwords import Placing

    # `... أخواه [` | `] من الرضاع ...` against `... أخواه - صلى الله عليه وسلم - من الرضاع` | `...`
    x, y = _words("ك", 8), _words("ل", 8)
    formula, moved = ["صلى", "الله", "عليه", "وسلم"], ["من", "الرضاع"]
    words, alignable = _space({"A-1": x, "A-2": moved + y, "B-1": x + formula + moved, "B-2": y})
    groups = [Group("", ["A-1", "B-1"]), Group("", ["A-2", "B-2"])]
    merged = merge_split_groups(groups, Placing(words, alignable, lambda p: (p[0], p)))
    assert [sorted(g.passages) for g in merged] == [["A-1", "A-2", "B-1", "B-2"]]
