import re
from pathlib import Path

import pytest

from edition.errors import TEIError, WitnessError
from edition.ingest import load_witness
from edition.ingest.plaintext import paragraphs
from edition.manifest import WitnessSpec


def _load(path: Path, fmt: str, siglum: str = "X"):
    return load_witness(WitnessSpec(siglum, path, fmt))


def _valid_tei(w, tei_schema):
    """The witness as TEI, checked against tei_all."""
    from lxml import etree

    from edition.tei.witness import witness_to_tei

    tei = witness_to_tei(w)
    assert tei_schema.validate(etree.ElementTree(tei)), tei_schema.error_log
    return tei


def _squash(s: str) -> str:
    return re.sub(r"\s+", "", s)


def test_text_paragraphs_by_blank_line():
    assert paragraphs("أ ب\nج\n\nد هـ\n") == ["أ ب ج", "د هـ"]


def test_text_paragraphs_by_indentation():
    assert paragraphs("   أ ب\nج\n   د هـ\n") == ["أ ب ج", "د هـ"]


def test_text_one_paragraph_per_line_without_blank_or_indent():
    assert paragraphs("أ ب\nج\nد هـ") == ["أ ب", "ج", "د هـ"]


def test_text_witness_keeps_every_character(data_dir):
    w = _load(data_dir / "small.txt", "text")
    assert len(w.blocks) == 2
    assert _squash(w.text) == _squash((data_dir / "small.txt").read_text("utf-8"))
    assert w.passages[0].id == "X-p1-s1"


def test_seed_texts_survive_ingest_exactly(seeds_dir):
    for path in sorted(seeds_dir.glob("*.txt")):
        w = _load(path, "text")
        assert _squash(w.text) == _squash(path.read_text("utf-8")), path.name


def test_openiti_markup_becomes_markers_not_text(data_dir):
    w = _load(data_dir / "chronicle.mARkdown", "openiti", "O")
    text = w.text
    for markup in ("PageV", "ms1", "%~%", "~~", "###", "#", "|"):
        assert markup not in text
    assert w.title == "مختصر في أخبار خوارزم"
    assert w.author == "مؤرخ مجهول"
    heads = [b for b in w.blocks if b.kind == "head"]
    assert [h.text for h in heads] == ["ذكر التجار وقتلهم", "حصار أطرار"]
    assert [h.level for h in heads] == [1, 2]
    markers = (
        [m for p in w.passages for m in p.markers]
        + [m for b in w.blocks for m in b.markers_before]
        + w.trailing_markers
    )
    pbs = sorted(m.n for m in markers if m.kind == "pb")
    assert pbs == ["V01P012", "V01P013", "V01P014"]
    assert any(m.kind == "milestone" and m.n == "1" for m in markers)
    assert any(m.kind == "caesura" for m in markers)
    # the continuation line joins its paragraph; the inline page marker sits between words
    first = w.blocks[1]
    assert "وبها ينال خان" in first.text
    assert "رسلا ينكر ذلك" in first.text


def test_openiti_inline_page_marker_offset(data_dir):
    """`PageV01P013` closes page 13 between two words: TEI opens page 14 there."""
    w = _load(data_dir / "chronicle.mARkdown", "openiti", "O")
    for p in w.passages:
        for m in p.markers:
            if m.n == "V01P014":
                assert p.text[: m.offset].rstrip().endswith("وملكها")
                assert p.text[m.offset :].lstrip().startswith("وأسر")
                return
    pytest.fail("inline page marker not found")


def test_openiti_without_magic_line_is_refused(tmp_path):
    f = tmp_path / "x.mARkdown"
    f.write_text("#META#Header#End#\n# نص\n", encoding="utf-8")
    with pytest.raises(WitnessError, match="first line must be ######OpenITI#"):
        _load(f, "openiti")


def test_tei_witness_with_any_body(data_dir):
    w = _load(data_dir / "witness.xml", "tei", "T")
    assert w.title == "نسخة تجريبية"
    assert w.blocks[0].kind == "head"
    assert "حاشية" not in w.text  # editorial notes are not the witness's text
    assert "فحاصرها وملكها غلابا." in w.text
    # a choice gives what the witness says (sic), line breaks give spaces unless break="no"
    assert "ثم حاصر بخاري وملكها على الأمان." in w.text
    assert any(m.kind == "pb" and m.n == "5" for p in w.passages for m in p.markers)


def test_tei_page_break_inside_a_word_and_struck_out_words(tmp_path, tei_schema):
    """A page break takes no room: inside a word it leaves one word (and is written back
    with `break="no"`); what the scribe struck out (`del`) is not the witness's text."""
    from lxml import etree

    f = tmp_path / "w.xml"
    f.write_text(
        '<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body>'
        '<p>فحاصرها وملكها غلا<pb n="12" break="no"/>با<pb n="13"/>. ثم حاصر '
        '<del>سمرقند</del><add>بخارى</add> وملكها <pb n="14"/> على الأمان.</p>'
        "</body></text></TEI>",
        encoding="utf-8",
    )
    w = _load(f, "tei", "T")
    assert w.text == "فحاصرها وملكها غلابا. ثم حاصر بخارى وملكها على الأمان."
    tei = _valid_tei(w, tei_schema)
    pbs = {pb.get("n"): pb.get("break") for pb in tei.iter("{http://www.tei-c.org/ns/1.0}pb")}
    assert pbs == {"12": "no", "13": None, "14": None}
    again = tmp_path / "again.xml"
    again.write_bytes(etree.tostring(tei, encoding="utf-8"))
    assert _load(again, "tei", "T").text == w.text


def test_tei_written_by_the_tool_reads_back_with_its_ids(seeds_build):
    w = _load(seeds_build / "tei" / "B.xml", "tei", "B")
    original = _load(seeds_build / "seeds" / "001_b591f9d4088f33c0.txt", "text", "B")
    assert [p.id for p in w.passages] == [p.id for p in original.passages]
    assert [p.text for p in w.passages] == [p.text for p in original.passages]


@pytest.mark.parametrize(
    "name, fmt, error, message",
    [
        ("missing.txt", "text", WitnessError, "file not found"),
        ("latin1.txt", "text", WitnessError, "is not UTF-8"),
        ("empty.txt", "text", WitnessError, "is empty"),
        ("broken.xml", "tei", TEIError, "not well-formed XML"),
        ("nobody.xml", "tei", TEIError, "no <text><body> found"),
    ],
)
def test_bad_witness_files(data_dir, name, fmt, error, message):
    with pytest.raises(error, match=message) as info:
        _load(data_dir / name, fmt)
    assert name in str(info.value)


def test_control_characters_are_breaks_or_spaces(tmp_path, tei_schema):
    """Text taken from PDFs and word processors holds form feeds, vertical tabs and other
    control characters, which no XML can hold: breaks become line breaks, the rest spaces."""
    f = tmp_path / "w.txt"
    f.write_text("قصد أطرار فحاصرها\x0cوملكها\x0bغلابا\x1c ثم\u2029حاصر بخارى\n", "utf-8")
    w = _load(f, "text", "T")
    # (a paragraph separator makes a blank line: paragraphs, then, end at blank lines)
    assert [" ".join(" ".join(p.text.split()) for p in b.passages) for b in w.blocks] == [
        "قصد أطرار فحاصرها وملكها غلابا ثم",
        "حاصر بخارى",
    ]
    _valid_tei(w, tei_schema)
    f.write_bytes("نص".encode() + b"\x00\x00")
    with pytest.raises(WitnessError, match="holds NUL characters .*: is it UTF-16?"):
        _load(f, "text")


def test_a_word_of_tatweel_alone_is_no_word(tmp_path):
    """`ـ` or a lone mark normalises to nothing: no word (a name was looked up by its first
    letter, and there was none)."""
    from edition.pipeline import encode
    from tests.conftest import write_manifest

    (tmp_path / "w.txt").write_text("قصد ـ أطرار ّ فحاصرها\n", "utf-8")
    ed = encode(write_manifest(tmp_path, [{"siglum": "T", "path": "w.txt"}]), tmp_path / "tei")
    [p] = ed.witnesses[0].passages
    assert p.text == "قصد ـ أطرار ّ فحاصرها"
    assert [e.text for e in p.entities] == ["أطرار"]


def test_openiti_analytical_tags_are_markers_not_text(tmp_path, tei_schema):
    """Tagged OpenITI texts mark persons, Quran quotations and years in the text; the tags
    become anchors and the words around them stay as they were."""
    f = tmp_path / "t.mARkdown"
    f.write_text(
        "######OpenITI#\n#META# 000.SortField :: x\n#META#Header#End#\n\n"
        "# مع @MGR@PER$0310Tabari أبي جرير الطبري #PER$0279Baladhuri@12 وأحمد\n"
        "~~البلاذري ولد YB0100 ومات YD170 قال: @QUR$1_1-2@08 بسم الله @QUR@02 الحمد لله\n",
        encoding="utf-8",
    )
    w = _load(f, "openiti", "T")
    assert w.text == "مع أبي جرير الطبري وأحمد البلاذري ولد ومات قال: بسم الله الحمد لله"
    anchors = [(m.unit, m.n) for p in w.passages for m in p.markers]
    assert anchors == [("PER", ""), ("PER", "12"), ("year-B", "0100"), ("year-D", "170")] + [
        ("QUR", "08"),
        ("QUR", "02"),
    ]
    _valid_tei(w, tei_schema)


def test_openiti_older_conventions(tmp_path, tei_schema):
    """Files converted long ago: a magic line naming the text's kind, numbered header keys,
    Quran quotations between `@QB@` and `@QE@`, sections begun by a lone `$` or `|`, and
    hemistichs ended by a lone `%`. None of it is left in the text; a `$` in a word is."""
    f = tmp_path / "t.mARkdown"
    f.write_text(
        "######OpenITI#BIOGRAPHY#\n\n#META# 020.BookTITLE\t:: البداية والنهاية\n"
        "#META# 011.AuthorDIED\t:: 774\n#META#Header#End#\n\n"
        "# $ البداية والنهاية PageV01P001 بسم الله\n"
        "# قال تعالى @QB@ كذلك نقص عليك @QE@ وقد قص الله على نبيه PageV01P007 $ فصل\n"
        "# فيه ثمن 5$ في الخبر\n"
        "# | وقال الشاعر % إني أرى فتنة % والملك لمن غلبا % $\n",
        encoding="utf-8",
    )
    w = _load(f, "openiti", "T")
    assert w.title == "البداية والنهاية" and w.date == "d. 774 AH"
    assert w.text == (
        "البداية والنهاية بسم الله\nقال تعالى كذلك نقص عليك وقد قص الله على نبيه فصل"
        "\nفيه ثمن 5$ في الخبر\nوقال الشاعر إني أرى فتنة والملك لمن غلبا"
    )
    # a page marker closes its page: the text opens page 1; page 7 opens where the marker
    # of page 1 stands (the file skips 2 to 6); after the marker of page 7, page 8
    assert [(m.kind, m.n) for m in w.blocks[0].markers_before] == [("pb", "V01P001")]
    marks = [(m.kind, m.unit, m.n) for p in w.passages for m in p.markers]
    assert marks == [
        ("milestone", "section", ""),
        ("pb", "", "V01P007"),
        ("anchor", "QB", ""),
        ("anchor", "QE", ""),
        ("pb", "", "V01P008"),
        ("milestone", "section", ""),
        ("milestone", "section", ""),
        ("caesura", "", ""),
        ("caesura", "", ""),
        ("caesura", "", ""),
        ("milestone", "section", ""),
    ]
    _valid_tei(w, tei_schema)


PAGE_SPLIT = (
    "######OpenITI#\n#META# 020.BookTITLE :: x\n#META#Header#End#\n\n"
    "# وكتب غير ذلك من الكتب{end}\n"
    "# وفيه شهادة جماعة من\n"
    "# PageV04P691\n"
    "# الصحابة منهم سعد بن معاذ{end}\n"
    "# وقد ذكرت ترجمته في موضعها{end} PageV04P692\n"
    "# ومنهم شريح بن الحضرمي{end}\n"
)


def test_openiti_sentence_cut_by_a_page_is_one_paragraph(tmp_path):
    """Files made from printed pages start a paragraph at each page: in a punctuated text, a
    paragraph that stops mid-sentence goes on after the page break, which stays inside it."""
    f = tmp_path / "t.mARkdown"
    f.write_text(PAGE_SPLIT.format(end="."), encoding="utf-8")
    w = _load(f, "openiti", "T")
    paras = [" ".join(p.text for p in b.passages) for b in w.blocks]
    assert paras == [
        "وكتب غير ذلك من الكتب.",
        "وفيه شهادة جماعة من الصحابة منهم سعد بن معاذ.",
        "وقد ذكرت ترجمته في موضعها.",
        "ومنهم شريح بن الحضرمي.",
    ]
    # the marker closes page 691 there: page 692 opens
    pb = [(m.n, m.offset) for m in w.blocks[1].passages[0].markers]
    assert pb == [("V04P692", len("وفيه شهادة جماعة من"))]
    # after a full stop, the marker that closes page 692: page 693 opens
    assert [m.n for m in w.blocks[3].markers_before] == ["V04P693"]


def test_openiti_unpunctuated_paragraphs_are_not_joined_at_page_breaks(tmp_path):
    """Without punctuation no paragraph can be told to stop mid-sentence."""
    f = tmp_path / "t.mARkdown"
    f.write_text(PAGE_SPLIT.format(end=""), encoding="utf-8")
    w = _load(f, "openiti", "T")
    assert len(w.blocks) == 5
    assert [m.n for m in w.blocks[2].markers_before] == ["V04P692"]


def test_openiti_editor_section_ended_by_an_empty_heading(tmp_path, tei_schema):
    """Words on the `### |EDITOR|` line itself open the section (they were dropped); the
    work that goes on after it without a heading's words is written in a div of its own
    (a paragraph after a div in a div is not valid TEI)."""
    f = tmp_path / "t.mARkdown"
    f.write_text(
        "######OpenITI#\n#META# 000.SortField :: x\n#META#Header#End#\n\n"
        "### | ذكر التجار\n# وصل التجار إلى أطرار.\n"
        "### |EDITOR| حواشي المحقق\n# (1) في نسخة: اترار.\n"
        "### | \n# ثم قتلهم ينال خان.\n",
        encoding="utf-8",
    )
    w = _load(f, "openiti", "T")
    assert [(b.section, " ".join(p.text for p in b.passages)) for b in w.blocks] == [
        ("", "ذكر التجار"),
        ("", "وصل التجار إلى أطرار."),
        ("editorial", "حواشي المحقق"),
        ("editorial", "(1) في نسخة: اترار."),
        ("", "ثم قتلهم ينال خان."),
    ]
    _valid_tei(w, tei_schema)


def test_openiti_hemistich_mark_between_paragraphs(tmp_path, tei_schema):
    """A hemistich's end alone on a line falls between paragraphs, where TEI has no place
    for a caesura: it is written as an anchor of that type."""
    f = tmp_path / "t.mARkdown"
    f.write_text(
        "######OpenITI#\n#META# 000.SortField :: x\n#META#Header#End#\n\n"
        "# قال الشاعر\n# %~%\n# إني أرى فتنة تغلي مراجلها\n",
        encoding="utf-8",
    )
    tei = _valid_tei(_load(f, "openiti", "T"), tei_schema)
    anchors = [a.get("type") for a in tei.iter("{http://www.tei-c.org/ns/1.0}anchor")]
    assert anchors == ["caesura"]


def test_openiti_editor_sections_are_kept_but_not_aligned(tmp_path, tei_schema):
    """`### |EDITOR|` opens an editor's section (here endnotes quoting the text) that runs to
    the next heading: in the TEI as a div of its own, never aligned with another witness."""
    from lxml import etree

    from edition.pipeline import align, encode, write_tei
    from edition.tei.ns import NS
    from tests.conftest import write_manifest

    (tmp_path / "t.mARkdown").write_text(
        "######OpenITI#\n#META# 000.SortField :: x\n#META#Header#End#\n\n"
        "### | ذكر التجار\n# وصل التجار إلى أطرار فقتلهم ينال خان وأخذ أموالهم كلها.\n"
        "### |EDITOR|\n# (1) وصل التجار إلى أطرار فقتلهم ينال خان وأخذ أموالهم كلها.\n"
        "### | ذكر بخارى\n# ثم سار جنكزخان إلى بخارى فحاصرها وملكها على الأمان.\n",
        encoding="utf-8",
    )
    (tmp_path / "x.txt").write_text(
        "وصل التجار إلى أطرار فقتلهم ينال خان وأخذ أموالهم كلها.\n\n"
        "ثم سار جنكزخان إلى بخارى فحاصرها وملكها على الأمان.\n",
        encoding="utf-8",
    )
    write_manifest(
        tmp_path,
        [
            {"siglum": "T", "path": "t.mARkdown", "format": "openiti"},
            {"siglum": "X", "path": "x.txt"},
        ],
    )
    ed = align(encode(tmp_path / "witnesses.toml", tmp_path / "tei"))
    t = ed.witnesses[0]
    notes = [p.id for b in t.blocks if b.section == "editorial" for p in b.passages]
    assert len(notes) == 1 and "(1)" in t.passage(notes[0]).text
    grouped = {pid for g in ed.alignment.groups for pid in g.passages}
    assert notes[0] not in grouped
    assert {"T-p2-s1", "X-p1-s1"} <= grouped  # the text itself aligns
    from edition.align.explain import UnknownPassage, explain

    with pytest.raises(UnknownPassage, match="in an editor's section"):
        explain(ed.align_run, notes[0], "X-p1-s1")
    write_tei(ed, tmp_path / "tei")
    tree = etree.parse(str(tmp_path / "tei" / "T.xml"))
    assert tree.xpath("//tei:div[@type='editorial']//tei:s/@xml:id", namespaces=NS) == notes
    assert tei_schema.validate(tree), tei_schema.error_log


def _written(folder: Path, name: str, text: str) -> Path:
    (folder / name).write_text(text, encoding="utf-8")
    return folder / name


def test_openiti_lines_cut_from_a_book_are_read_without_the_header(tmp_path):
    """An excerpt cut with `sed` has no header: its markup says what it is."""
    cut = "~~من الشام.\nPageV02P277\n# فلما وصلوا أطرار عاقهم المتولي بها.\n# ثم قتلهم.\n"
    w = _load(_written(tmp_path, "cut.mARkdown", cut), "openiti", "W")
    assert [p.text for p in w.passages] == [
        "من الشام.",
        "فلما وصلوا أطرار عاقهم المتولي بها.",
        "ثم قتلهم.",
    ]
    # P277 closes its page, opened at the start; what follows is on the next page
    assert [m.n for m in w.blocks[0].markers_before] == ["V02P277"]
    assert [m.n for m in w.blocks[1].markers_before] == ["V02P278"]


def test_plain_text_given_as_openiti_is_refused(tmp_path):
    f = _written(tmp_path, "plain.txt", "نص عادي بلا علامات.\n")
    with pytest.raises(WitnessError, match='for plain text, give format = "text"'):
        _load(f, "openiti", "X")


@pytest.mark.parametrize(
    ("start", "fmt"), [("######OpenITI#\n", "openiti"), ('<?xml version="1.0"?>\n', "tei")]
)
def test_another_format_given_as_text_is_refused(tmp_path, start, fmt):
    f = _written(tmp_path, "w.txt", start + "# نص\n")
    with pytest.raises(WitnessError, match=f'give it format = "{fmt}"'):
        _load(f, "text", "X")


def test_openiti_after_a_blank_line_is_openiti(tmp_path):
    book = "\n######OpenITI#\n#META# 020.BookTITLE :: كتاب\n#META#Header#End#\n# نص هنا.\n"
    w = _load(_written(tmp_path, "b.mARkdown", book), "openiti", "X")
    assert w.title == "كتاب" and [p.text for p in w.passages] == ["نص هنا."]
