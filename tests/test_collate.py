"""Word-level collation: round trip, typology, transpositions, facts, TEI, JSON."""

import json
import shutil

from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from edition.arabic.tokens import tokenize
from edition.collate import collate_group
from edition.pipeline import align, collate, encode
from edition.tei.ns import NS, XML_ID
from tests.conftest import SEEDS, write_manifest

WORDS = [
    "قتل",
    "التجار",
    "أطرار",
    "اطرار",
    "سنة",
    "615ه",
    "خمسين",
    "الف",
    "جندي",
    "ثم",
    "وسار",
    "إلى",
    "الى",
    "بخارى",
    "ينال",
    "خان",
    "،",
    ".",
    "؟",
    "والله",
    "أعلم",
    "مدينة",
    "مدينه",
]


@st.composite
def witness_family(draw):
    base = draw(st.lists(st.sampled_from(WORDS), min_size=0, max_size=30))
    n = draw(st.integers(min_value=2, max_value=4))
    family = []
    for _ in range(n):
        words = list(base)
        for _ in range(draw(st.integers(min_value=0, max_value=6))):
            op = draw(st.sampled_from(["sub", "del", "ins", "move"]))
            if op == "ins" or not words:
                words.insert(draw(st.integers(0, len(words))), draw(st.sampled_from(WORDS)))
            elif op == "del":
                del words[draw(st.integers(0, len(words) - 1))]
            elif op == "sub":
                words[draw(st.integers(0, len(words) - 1))] = draw(st.sampled_from(WORDS))
            else:
                i = draw(st.integers(0, len(words) - 1))
                j = draw(st.integers(i, min(len(words), i + 3)))
                block, rest = words[i:j], words[:i] + words[j:]
                k = draw(st.integers(0, len(rest)))
                words = rest[:k] + block + rest[k:]
        sep = draw(st.sampled_from([" ", "  ", " \u00a0"]))
        family.append(sep.join(words) + draw(st.sampled_from(["", " ", "."])))
    return family


@settings(max_examples=300, deadline=None)
@given(witness_family())
def test_every_witness_is_recovered_exactly_from_the_apparatus(family):
    texts = {f"W{k}": t for k, t in enumerate(family)}
    g = collate_group("g1", texts)
    for siglum, text in texts.items():
        assert _tokens(g.text_of(siglum)) == _tokens(text)  # white space is no variant
    for app in g.apps:
        assert len({r.text for r in app.readings}) == len(app.readings) >= 2
        assert sorted(s for r in app.readings for s in r.witnesses) == sorted(texts)


def _tokens(text: str) -> list[str]:
    return [t.text for t in tokenize(text)]


def _types(g):
    return [(a.type, a.subtype) for a in g.apps]


def test_each_kind_of_difference_is_classified():
    g = collate_group(
        "g1",
        {
            "A": "وصل التجار إلى أطرار سنة 615ه فقتلهم ينال خان وأخذ أموالهم ثم سار جنكزخان إلى بخارى .",
            "B": "وصل التجار الى أطرار سنة 617ه فقتلهم ينال خان وأخذ أموالهم كلها ثم سار جنكزخان إلى سمرقند .",
        },
    )
    types = _types(g)
    assert ("orthographic", "") in types  # إلى / الى
    assert ("date", "") in types  # 615 / 617
    assert ("addition", "") in types  # كلها
    assert ("substitution", "") in types  # بخارى / سمرقند


def test_an_edition_without_punctuation_differs_only_in_punctuation(tmp_path):
    """Its passages end at other words (no full stops to end them): a passage running on
    into the next one's words must not make groups that show those words as an addition
    at the end of one and an omission at the start of the next."""
    import re

    text = (SEEDS / "001_b591f9d4088f33c0.txt").read_text("utf-8")
    (tmp_path / "p.txt").write_text(text, "utf-8")
    (tmp_path / "u.txt").write_text(re.sub(r"[.,،؛:;!?؟«»()]", "", text), "utf-8")
    manifest = write_manifest(
        tmp_path, [{"siglum": "P", "path": "p.txt"}, {"siglum": "U", "path": "u.txt"}]
    )
    ed = collate(align(encode(manifest, tmp_path / "tei")))
    kinds = {(a.type, a.subtype) for g in ed.apparatus.groups for a in g.apps}
    assert kinds == {("orthographic", "punctuation")}


def test_superscript_note_marks_are_not_figures():
    """`¹` is a digit to Python's isdigit but no figure: a reading with it collates."""
    g = collate_group("g1", {"A": "قال (تموجين)¹ إنه سار ²", "B": "قال (تموجين) إنه سار"})
    readings = " ".join(r.text for a in g.apps for r in a.readings)
    assert "¹" in readings and "²" in readings
    assert "numeric" not in {t for t, _sub in _types(g)}


def test_presentation_forms_differ_only_in_spelling():
    g = collate_group(
        "g1",
        {
            "A": "ثم ﺣﺎﺻﺮ ﺑﺨﺎﺭﻯ وملكها على الأمان",
            "B": "ثم حاصر بخارى وملكها على الأمان",
        },
    )
    assert {t for t, _sub in _types(g)} == {"orthographic"}
    assert "ﺑﺨﺎﺭﻯ" in [r.text.strip() for a in g.apps for r in a.readings]


def test_moved_block_is_a_transposition_not_an_omission_and_an_addition():
    g = collate_group(
        "g1",
        {
            "A": "ثم حاصر بخارى وملكها على الأمان وقاتلوا معه القلعة حتى خربها",
            "B": "ثم حاصر بخارى وقاتلوا معه القلعة حتى خربها وملكها على الأمان",
        },
    )
    moves = [a for a in g.apps if a.type == "transposition"]
    assert len(moves) == 2
    assert moves[0].corresp == moves[1].id and moves[1].corresp == moves[0].id
    assert g.text_of("A").startswith("ثم حاصر بخارى وملكها")


def test_numbers_by_value_and_names_through_tagging(project):
    text_a = (
        "وكان يدافع عن المدينة خمسين الف جندي بقيادة ينال خان ، وفي سنة ست عشرة وستمائة سار اليها"
    )
    text_b = (
        "وكان يدافع عن المدينة عشرين الف جندي بقيادة أنيال خان ، وفي سنة ست عشرة وستمائة سار اليها"
    )
    text_c = (
        "وكان يدافع عن المدينة 50 الف جندي بقيادة ينال خان ، وفي سنة تسع عشرة وستمائة سار اليها"
    )
    folder = project / "w"
    folder.mkdir()
    for s, t in (("a", text_a), ("b", text_b), ("c", text_c)):
        (folder / f"{s}.txt").write_text(t, encoding="utf-8")
    write_manifest(folder, [{"siglum": s.upper(), "path": f"{s}.txt"} for s in "abc"])
    ed = collate(align(encode(folder / "witnesses.toml", folder / "tei")))
    assert len(ed.apparatus.groups) == 1
    g = ed.apparatus.groups[0]
    types = {a.type for a in g.apps}
    assert {"numeric", "name-variant", "date"} <= types
    facts = {(f["kind"], f["key"]): f for f in g.facts}
    assert facts[("date", "")]["conflict"]
    number = next(f for f in g.facts if f["kind"] == "number" and f["key"])
    assert number["conflict"] and number["values"] == {
        "A": ["50000"],
        "B": ["20000"],
        "C": ["50000"],
    }
    inal = facts[("person", "inalchuq")]
    assert inal["values"] == {"A": ["ينال خان"], "B": ["أنيال خان"], "C": ["ينال خان"]}


def _edited(text: str) -> str:
    """Known edits: orthography, a number, a dropped clause, a moved phrase."""
    out = text.replace("إلى", "الى")  # orthographic, many times
    out = out.replace("اربعمائة وخمسين رجلاً", "ثلاثمائة رجلاً")  # a changed number
    out = out.replace("، وسلب البضاعة", "")  # a dropped clause
    out = out.replace(
        "فنهبوها وقتلوا جميع سكانها انتقاماً", "وقتلوا جميع سكانها انتقاماً فنهبوها"
    )  # a moved phrase
    return out


def test_two_editions_of_a_seed_text_every_edit_found_and_classified(tmp_path):
    src = (SEEDS / "001_b591f9d4088f33c0.txt").read_text("utf-8")
    edited = _edited(src)
    assert edited != src
    (tmp_path / "a.txt").write_text(src, encoding="utf-8")
    (tmp_path / "b.txt").write_text(edited, encoding="utf-8")
    write_manifest(tmp_path, [{"siglum": "A", "path": "a.txt"}, {"siglum": "B", "path": "b.txt"}])
    ed = collate(align(encode(tmp_path / "witnesses.toml", tmp_path / "tei")))
    apps = [a for g in ed.apparatus.groups for a in g.apps]

    def find(a_text, b_text):
        return [a for a in apps if a_text in a.reading_of("A") and b_text in a.reading_of("B")]

    ortho = [
        a
        for a in apps
        if a.reading_of("A").startswith("إلى") and a.reading_of("B").startswith("الى")
    ]
    assert len(ortho) == src.count("إلى") and all(a.type == "orthographic" for a in ortho)
    number = find("اربعمائة وخمسين", "ثلاثمائة")
    assert len(number) == 1 and number[0].type == "numeric"
    dropped = find("وسلب البضاعة", "")
    assert (
        len(dropped) == 1
        and dropped[0].type == "omission"
        and "البضاعة" not in dropped[0].reading_of("B")
    )
    moved = [a for a in apps if a.type == "transposition"]
    assert (
        len(moved) == 2
        and {m.reading_of("A").strip() for m in moved} >= {"فنهبوها"}
        or any("فنهبوها" in m.reading_of("A") + m.reading_of("B") for m in moved)
    )
    # nothing else differs
    others = [a for a in apps if a not in ortho + number + dropped + moved]
    assert others == []
    # and both editions read back exactly (white space aside), group by group
    for g in ed.apparatus.groups:
        for s in g.witnesses:
            whole = " ".join(p.text for w in ed.witnesses if w.siglum == s for p in w.passages)
            assert " ".join(_tokens(g.text_of(s))) in " ".join(_tokens(whole))


def test_apparatus_in_edition_xml_reads_back_each_witness(seeds_build):
    xml = etree.parse(str(seeds_build / "output" / "edition.xml"))
    passages = {
        el.get(XML_ID): "".join(el.itertext())
        for el in xml.xpath("//tei:text[@corresp]//tei:s", namespaces=NS)
    }
    links = {
        link.get(XML_ID): link.get("target").split()
        for link in xml.xpath("//tei:linkGrp[@type='alignment']/tei:link", namespaces=NS)
    }
    abs_ = xml.xpath("//tei:text[@type='apparatus']//tei:ab", namespaces=NS)
    assert len(abs_) == len(links) > 0
    assert xml.xpath(
        "//tei:classDecl/tei:taxonomy/tei:category[@xml:id='var-numeric']", namespaces=NS
    )
    for ab in abs_:
        targets = links[ab.get("corresp")[1:]]
        for siglum in {t[1] for t in targets}:
            expected = " ".join(passages[t[1:]] for t in targets if t[1] == siglum)
            got = _read(ab, siglum)
            assert _tokens(got) == _tokens(expected)


def _read(ab, siglum):
    out = [ab.text or ""]
    for app in ab:
        for r in app:
            if f"#{siglum}" in r.get("wit").split():
                out.append(r.text or "")
        out.append(app.tail or "")
    return "".join(out)


def test_base_witness_gives_lemmata(tmp_path):
    shutil.copytree(SEEDS, tmp_path / "seeds")
    from edition.pipeline import build

    build(tmp_path / "seeds" / "witnesses.toml", tmp_path / "tei", tmp_path / "out", base="C")
    xml = etree.parse(str(tmp_path / "out" / "edition.xml"))
    apps = xml.xpath("//tei:app", namespaces=NS)
    with_c = [a for a in apps if any("#C" in r.get("wit") for r in a)]
    assert with_c and all(a[0].tag.endswith("lem") and "#C" in a[0].get("wit") for a in with_c)
    data = json.loads((tmp_path / "out" / "apparatus.json").read_text("utf-8"))
    assert data["base"] == "C" and data["groups"]
    assert {"numeric", "date", "transposition"} <= set(data["types"])


def test_split_proclitics_matches_words_but_shows_them_whole():
    texts = {"A": "فحاصرها وقتلهم وأخذوا أموالهم", "B": "فحاصرها قتلهم أخذوا أموالهم"}
    plain = collate_group("g1", texts)
    split = collate_group("g1", texts, split_proclitics=True)
    assert [(a.reading_of("A"), a.reading_of("B")) for a in plain.apps] == [
        ("وقتلهم وأخذوا ", "قتلهم أخذوا ")
    ]
    assert [(a.reading_of("A"), a.reading_of("B"), a.subtype) for a in split.apps] == [
        ("وقتلهم ", "قتلهم ", "proclitic"),
        ("وأخذوا ", "أخذوا ", "proclitic"),
    ]
    assert split.text_of("A") == texts["A"] and split.text_of("B") == texts["B"]


@settings(max_examples=300, deadline=None)
@given(st.text("abcd", max_size=40), st.text("abcd", max_size=40))
def test_token_diff_is_a_longest_common_subsequence_either_way(a, b):
    """The fast diff and the linear-memory one (used past BIT_MATRIX_CELLS) both rebuild the
    two sequences and agree on how much they share."""
    from diff_match_patch import diff_match_patch

    from edition.collate.multi import _lcs_diff

    runs = _lcs_diff(a, b)
    assert "".join(c for op, c in runs if op <= 0) == a
    assert "".join(c for op, c in runs if op >= 0) == b
    assert all(c for _, c in runs)
    dmp = diff_match_patch()
    dmp.Diff_Timeout = 0
    shared = sum(len(c) for op, c in dmp.diff_main(a, b, False) if op == 0)
    assert sum(len(c) for op, c in runs if op == 0) == shared


def test_note_references_of_a_printed_edition_are_not_omissions(tmp_path, tei_schema):
    """One edition keeps the printed edition's note numbers, the other has none: those
    differences are orthographic (note references), the real ones keep their types, the
    numbers are marked as references in the TEI, which stays valid."""
    plain = (SEEDS / "001_b591f9d4088f33c0.txt").read_text("utf-8")
    sentences = plain.split(" ، ")
    noted = " ، ".join(f"{s} ({k // 3})" if k % 3 == 0 else s for k, s in enumerate(sentences, 1))
    noted = noted.replace("اربعمائة الف جندي", "اربعمائة الف فارس")
    (tmp_path / "a.txt").write_text(plain, encoding="utf-8")
    (tmp_path / "b.txt").write_text(noted, encoding="utf-8")
    write_manifest(tmp_path, [{"siglum": "A", "path": "a.txt"}, {"siglum": "B", "path": "b.txt"}])
    ed = collate(align(encode(tmp_path / "witnesses.toml", tmp_path / "tei")))
    apps = [a for g in ed.apparatus.groups for a in g.apps]
    notes = [a for a in apps if a.subtype == "note-reference"]
    assert len(notes) >= 0.9 * (len(sentences) // 3)
    assert all(a.type == "orthographic" for a in notes)
    assert not [a for a in apps if a.type in ("omission", "addition", "numeric")]
    assert any(a.type == "substitution" for a in apps)  # جندي / فارس
    from edition.pipeline import write_tei

    write_tei(ed, tmp_path / "tei")
    tree = etree.parse(str(tmp_path / "tei" / "B.xml"))
    refs = tree.xpath("//tei:ref[@type='noteReference']", namespaces=NS)
    assert len(refs) == len(sentences) // 3 and refs[0].text == f"({refs[0].get('n')})"
    assert tei_schema.validate(tree), tei_schema.error_log


def test_words_that_differ_only_in_their_dots_are_marked_as_possible_misreadings():
    """Same rasm, other dots (يبعث / ببعث, العذول / العدول): subtype same-skeleton; words
    that differ in their letters are plain substitutions."""
    pairs = [("ويبعث", "وببعث", "same-skeleton"), ("العذول", "العدول", "same-skeleton")]
    pairs += [("الإجادة", "الإجاعة", ""), ("أن", "لأن", "")]
    for a, b, subtype in pairs:
        g = collate_group("g1", {"A": f"قال له {a} في ذلك اليوم", "B": f"قال له {b} في ذلك اليوم"})
        assert _types(g) == [("substitution", subtype)], (a, b, _types(g))


def test_other_spellings_of_one_word_are_orthographic():
    for a, b in [
        ("محمد ابن أحمد", "محمد بن أحمد"),
        ("وهاذا الأمر", "وهذا الأمر"),
        ("إسحق", "إسحاق"),
    ]:
        g = collate_group("g1", {"A": f"قال {a} في ذلك اليوم", "B": f"قال {b} في ذلك اليوم"})
        assert _types(g) == [("orthographic", "spelling")], (a, b, _types(g))
    g = collate_group("g1", {"A": "قال عمر في ذلك", "B": "قال عمرو في ذلك"})
    assert _types(g) == [("substitution", "")]  # two names, not two spellings
