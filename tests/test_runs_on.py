"""Where a witness's text runs on from one passage to the next with no space (a full stop
against the next word, or a text written with no spaces at all, whose letters are cut into
words of `MAX_WORD`), the witness's own text keeps it so in every output (its TEI, its text
in edition.xml, its cells and the apparatus view): no space is gained at the cut. (Where
witnesses differ in white space alone, the collation's shared text has the most of it.)"""

import random
import re
from pathlib import Path
from types import SimpleNamespace

import pytest
from lxml import etree, html

from edition.arabic.tokens import MAX_WORD, tokenize
from edition.errors import InputError, TEIError
from edition.ingest import load_witness
from edition.manifest import WitnessSpec
from edition.model import RawBlock
from edition.pipeline import build, encode
from edition.segment import segment_blocks
from edition.tei.plaintext import witness_texts
from edition.tei.witness import witness_to_tei
from tests.conftest import write_manifest

LETTERS = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي"
MB2 = 2_000_000


def test_a_run_of_letters_longer_than_a_word_is_cut_into_words_of_max_word_letters():
    run = "ب" * (2 * MAX_WORD + 10)
    tokens = tokenize(f"قال {run}َ.")
    assert [len(t.text) for t in tokens] == [3, MAX_WORD, MAX_WORD, 11, 1]
    assert all(t.is_word for t in tokens[:-1])


def test_a_full_stop_against_the_next_word_joins_two_passages_with_no_space():
    text = "وصل الرسل إلى السلطان فقتلهم جميعا.ثم سار جنكيز خان إلى بخارى في جيش عظيم"
    blocks, _ = segment_blocks("X", [RawBlock("p", text, [])])
    first, second = blocks[0].passages
    assert (first.text[-1], second.text[:2], second.joined) == (".", "ثم", True)
    assert not first.joined
    assert blocks[0].text == text


@pytest.fixture(scope="module")
def no_spaces(tmp_path_factory):
    """A witness of 500,000 letters and not one space, built alone."""
    root = tmp_path_factory.mktemp("no-spaces")
    rng = random.Random(5)
    text = "".join(rng.choice(LETTERS) for _ in range(500_000))
    (root / "x.txt").write_text(text + "\n", encoding="utf-8")
    write_manifest(root, [{"siglum": "X", "path": "x.txt"}])
    edition = build(root / "witnesses.toml", root / "tei", root / "out")
    return SimpleNamespace(root=root, text=text, edition=edition)


def test_a_text_with_no_spaces_is_cut_into_pages_of_at_most_2_mb(no_spaces):
    pages = list((no_spaces.root / "out").glob("*.html"))
    assert len(pages) > 1
    assert max(p.stat().st_size for p in pages) <= MB2
    assert len(no_spaces.edition.witnesses[0].passages) > 10


def test_a_text_with_no_spaces_reads_back_from_the_edition_with_none(no_spaces):
    assert witness_texts(no_spaces.root / "out" / "edition.xml")["X"] == no_spaces.text + "\n"
    assert no_spaces.edition.witnesses[0].text == no_spaces.text


def test_a_text_with_no_spaces_shows_none_on_its_pages(no_spaces):
    def order(p: Path) -> int:
        m = re.search(r"(\d+)", p.name)
        return int(m.group(1)) if m else 0

    shown = []
    for page in sorted((no_spaces.root / "out").glob("*.html"), key=order):
        tree = html.fromstring(page.read_bytes())
        cells = tree.xpath("//section[@id='view-parallel']//div[@class='cell'][@data-wit='X']")
        shown += [c.text_content().strip() for c in cells]
    assert "".join(shown) == no_spaces.text
    assert not any(re.search(r"\s", s) for s in shown)


def test_the_tei_of_a_text_with_no_spaces_reads_back_as_the_same_passages(no_spaces):
    again = load_witness(WitnessSpec("X", no_spaces.root / "tei" / "X.xml", "tei"))
    built = no_spaces.edition.witnesses[0]
    assert [(p.id, p.text, p.joined) for p in again.passages] == [
        (p.id, p.text, p.joined) for p in built.passages
    ]
    assert sum(p.joined for p in again.passages) == len(again.passages) - 1


def test_tei_passages_cut_inside_a_word_are_refused(no_spaces, tmp_path):
    tei = (no_spaces.root / "tei" / "X.xml").read_text("utf-8")
    moved = re.sub(r'(.)</s><s xml:id="X-p1-s2">', r'</s><s xml:id="X-p1-s2">\1', tei, count=1)
    assert moved != tei
    (tmp_path / "X.xml").write_text(moved, encoding="utf-8")
    with pytest.raises(TEIError, match="passage X-p1-s2 begins inside a word of the passage"):
        load_witness(WitnessSpec("X", tmp_path / "X.xml", "tei"))


def test_tei_text_between_passages_is_kept(no_spaces, tmp_path):
    tei = (no_spaces.root / "tei" / "X.xml").read_text("utf-8")
    moved = re.sub(r'<s xml:id="X-p1-s2">(.)', r'\1<s xml:id="X-p1-s2">', tei, count=1)
    assert moved != tei
    (tmp_path / "X.xml").write_text(moved, encoding="utf-8")
    assert load_witness(WitnessSpec("X", tmp_path / "X.xml", "tei")).text == no_spaces.text


@pytest.fixture
def runs_on(tmp_path):
    """A witness one of whose sentences ends with a full stop against the next word."""
    text = (
        "وصل الرسل إلى السلطان فقتلهم جميعا،وغضب جنكيز خان.ثم سار جنكيز خان إلى بخارى. "
        "وفي سنة ست عشرة وستمائة حاصر المغول مدينة أترار خمسة أشهر"
    )
    (tmp_path / "x.txt").write_text(text + "\n", encoding="utf-8")
    write_manifest(tmp_path, [{"siglum": "X", "path": "x.txt"}])
    (tmp_path / "tei").mkdir()
    return SimpleNamespace(root=tmp_path, text=text)


def _with_overrides(project, overrides: str):
    (project.root / "tei" / "overrides.toml").write_text(overrides, encoding="utf-8")
    return encode(project.root / "witnesses.toml", project.root / "tei").witnesses[0]


def test_joining_passages_that_run_on_adds_no_space(runs_on):
    w = _with_overrides(runs_on, '[[join]]\npassages = ["X-p1-s1", "X-p1-s2"]\n')
    assert w.passages[0].text.startswith("وصل") and "خان.ثم سار" in w.passages[0].text
    assert w.text == runs_on.text


def test_a_split_before_a_full_stop_runs_on_and_one_inside_a_word_is_refused(runs_on):
    w = _with_overrides(runs_on, '[[split]]\npassage = "X-p1-s1"\nbefore = "،وغضب"\n')
    assert [p.id for p in w.passages[:2]] == ["X-p1-s1a", "X-p1-s1b"]
    assert w.passages[1].joined and w.text == runs_on.text
    with pytest.raises(
        InputError, match=r"\[\[split\]\]: 'تلهم' begins inside a word of 'X-p1-s1'"
    ):
        _with_overrides(runs_on, '[[split]]\npassage = "X-p1-s1"\nbefore = "تلهم"\n')


_TEI = (
    '<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>t</title>'
    "</titleStmt><publicationStmt><p>p</p></publicationStmt><sourceDesc><p>s</p></sourceDesc>"
    "</fileDesc></teiHeader><text><body><div><p>{}</p></div></body></text></TEI>"
)


@pytest.mark.parametrize(
    "inner, text",
    [
        ('<s xml:id="X-p1-s1">فقتلهم.</s><s xml:id="X-p1-s2">ثم سار</s>', "فقتلهم.ثم سار"),
        ('<s xml:id="X-p1-s1">فقتلهم. </s><s xml:id="X-p1-s2">ثم سار</s>', "فقتلهم. ثم سار"),
        ('<s xml:id="X-p1-s1">فقتلهم.</s><s xml:id="X-p1-s2"> ثم سار</s>', "فقتلهم. ثم سار"),
        (
            '<s xml:id="X-p1-s1">فقتلهم.</s><pb n="2"/> <s xml:id="X-p1-s2">ثم سار</s>',
            "فقتلهم. ثم سار",
        ),
        ('<s xml:id="X-p1-s1">فقتلهم.</s><lb/><s xml:id="X-p1-s2">ثم سار</s>', "فقتلهم. ثم سار"),
        (
            '<s xml:id="X-p1-s1">فقتلهم.</s> <hi>كلهم</hi> <s xml:id="X-p1-s2">ثم</s>',
            "فقتلهم. كلهم ثم",
        ),
    ],
)
def test_a_tei_witness_reads_with_the_space_it_has_between_passages(tmp_path, inner, text):
    (tmp_path / "X.xml").write_text(_TEI.format(inner), encoding="utf-8")
    w = load_witness(WitnessSpec("X", tmp_path / "X.xml", "tei"))
    assert w.text == text


def test_the_apparatus_view_runs_on_where_the_witness_does(runs_on):
    from edition.render.views.apparatus import apparatus_views

    edition = build(runs_on.root / "witnesses.toml", runs_on.root / "tei", runs_on.root / "out")
    (base,) = apparatus_views(edition)
    assert "".join(text for text, _note in base.pieces) == runs_on.text


def test_a_split_before_words_with_a_space_first_cuts_at_the_words(runs_on):
    w = _with_overrides(runs_on, '[[split]]\npassage = "X-p1-s1"\nbefore = " فقتلهم"\n')
    first, second = w.passages[:2]
    assert second.text.startswith("فقتلهم") and not second.joined and first.text.endswith("السلطان")
    assert w.text == runs_on.text
    tei = runs_on.root / "X.xml"
    etree.ElementTree(witness_to_tei(w)).write(str(tei), encoding="utf-8")
    again = load_witness(WitnessSpec("X", tei, "tei"))
    assert [(p.id, p.text, p.joined) for p in again.passages] == [
        (p.id, p.text, p.joined) for p in w.passages
    ]
