"""Manifest excerpts: `from`/`to` naming page markers, milestones or lines."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from edition.cli import main
from edition.errors import ManifestError, WitnessError
from edition.ingest import load_witness
from edition.manifest import load_manifest
from edition.tei.validate import needs_tei_all

TEI = {"t": "http://www.tei-c.org/ns/1.0"}

BOOK = """######OpenITI#

#META# 020.BookTITLE :: كتاب
#META#Header#End#

# في سنة خمس عشرة وستمائة سار الملك إلى المدينة فنزل بها. ms0001
PageV01P001
# وأقام بها شهرا ثم رحل عنها إلى الشام.
# وفيها مات الوزير ودفن بالقرافة. ms0002
PageV01P002
# وفي سنة ست عشرة وستمائة خرج التتر من بلادهم.
# فوصلوا إلى بخارى وحاصروها أياما ثم ملكوها.
PageV01P003
# وفيها توفي القاضي وكان عالما فاضلا.
"""


def _manifest(folder: Path, body: str, **bounds) -> Path:
    extra = "".join(
        f"{k} = {v if isinstance(v, int) else repr(v).replace(chr(39), chr(34))}\n"
        for k, v in bounds.items()
    )
    path = folder / "witnesses.toml"
    path.write_text(f'[[witness]]\nsiglum = "X"\n{body}{extra}', encoding="utf-8")
    return path


@pytest.fixture
def book(tmp_path: Path) -> Path:
    path = tmp_path / "book.mARkdown"
    path.write_text(BOOK, encoding="utf-8")
    return path


def _witness(manifest: Path):
    return load_witness(load_manifest(manifest).witnesses[0])


def _texts(w) -> list[str]:
    return [p.text for p in w.passages]


def test_page_range_keeps_the_pages_paragraphs(book: Path):
    """OpenITI closes a page with its marker: page 2 is what lies between the markers of
    pages 1 and 2."""
    m = _manifest(
        book.parent, 'path = "book.mARkdown"\n', **{"from": "PageV01P002", "to": "PageV01P002"}
    )
    w = _witness(m)
    assert _texts(w) == [
        "وأقام بها شهرا ثم رحل عنها إلى الشام.",
        "وفيها مات الوزير ودفن بالقرافة.",
    ]


def test_passage_ids_stay_when_the_range_grows(book: Path):
    whole = {
        p.id: p.text for p in _witness(_manifest(book.parent, 'path = "book.mARkdown"\n')).passages
    }
    small = _witness(
        _manifest(
            book.parent, 'path = "book.mARkdown"\n', **{"from": "PageV01P002", "to": "PageV01P002"}
        )
    )
    large = _witness(
        _manifest(
            book.parent, 'path = "book.mARkdown"\n', **{"from": "PageV01P001", "to": "PageV01P003"}
        )
    )
    assert all(whole[p.id] == p.text for p in small.passages)
    assert all(whole[p.id] == p.text for p in large.passages)
    assert {p.id for p in small.passages} < {p.id for p in large.passages}
    assert small.passages[0].id == "X-p2-s1"


def test_milestone_and_open_ends(book: Path):
    """A milestone, too, closes its stretch: `ms0002` runs from `ms0001` to itself."""
    w = _witness(_manifest(book.parent, 'path = "book.mARkdown"\n', **{"from": "ms0002"}))
    assert _texts(w)[0] == "وأقام بها شهرا ثم رحل عنها إلى الشام."
    assert _texts(w)[-1] == "وفيها توفي القاضي وكان عالما فاضلا."
    w = _witness(_manifest(book.parent, 'path = "book.mARkdown"\n', to="PageV01P001"))
    assert _texts(w) == ["في سنة خمس عشرة وستمائة سار الملك إلى المدينة فنزل بها."]
    w = _witness(_manifest(book.parent, 'path = "book.mARkdown"\n', to="ms0002"))
    assert _texts(w)[-1] == "وفيها مات الوزير ودفن بالقرافة."
    assert len(w.passages) == 3


def test_tei_opens_each_page_where_the_marker_before_it_closes_the_last(book: Path, tei_schema):
    """TEI's `pb` opens its page: page 1 at the start of the text, page 2 where the marker
    of page 1 stands; the words after the last marker are on the page after it."""
    result = CliRunner().invoke(
        main, ["build", "--manifest", str(_manifest(book.parent, 'path = "book.mARkdown"\n'))]
    )
    assert result.exit_code == 0, result.output
    doc = etree.parse(str(book.parent / "tei" / "X.xml"))
    body = doc.find(".//t:body", TEI)
    marks = [
        (el.tag.split("}")[1], el.get("n"))
        for el in body.iter(f"{{{TEI['t']}}}pb", f"{{{TEI['t']}}}milestone")
    ]
    assert marks == [
        ("pb", "V01P001"),
        ("milestone", "0001"),
        ("milestone", "0002"),
        ("pb", "V01P002"),
        ("milestone", "0003"),
        ("pb", "V01P003"),
        ("pb", "V01P004"),
    ]
    assert tei_schema.validate(doc), tei_schema.error_log


def test_plain_text_lines(tmp_path: Path):
    (tmp_path / "t.txt").write_text(
        "أول فقرة هنا.\n\nثانية تبدأ\nوتستمر هنا.\n\nثالثة.\n", encoding="utf-8"
    )
    m = _manifest(tmp_path, 'path = "t.txt"\nformat = "text"\n', **{"from": 4, "to": 5})
    w = _witness(m)
    assert _texts(w) == ["ثانية تبدأ وتستمر هنا."]
    assert w.passages[0].id == "X-p2-s1"


def test_tei_records_where_the_excerpt_comes_from(book: Path, tei_schema):
    m = _manifest(
        book.parent, 'path = "book.mARkdown"\n', **{"from": "PageV01P002", "to": "PageV01P003"}
    )
    result = CliRunner().invoke(main, ["build", "--manifest", str(m)])
    assert result.exit_code == 0, result.output
    doc = etree.parse(str(book.parent / "tei" / "X.xml"))
    scope = doc.find(".//t:sourceDesc/t:bibl/t:biblScope", TEI)
    assert (scope.get("unit"), scope.get("from"), scope.get("to")) == (
        "page",
        "PageV01P002",
        "PageV01P003",
    )
    assert tei_schema.validate(doc), tei_schema.error_log
    edition = etree.parse(str(book.parent / "output" / "edition.xml"))
    assert edition.find(".//t:listWit/t:witness//t:biblScope", TEI) is not None
    # an element the tool writes: checked by the schema derived for them, not tei_all
    assert not needs_tei_all(edition) and not needs_tei_all(doc)


@pytest.mark.parametrize(
    ("body", "bounds", "message"),
    [
        ('path = "book.mARkdown"\n', {"from": "p. 3"}, "`from` must name a page marker"),
        ('path = "t.txt"\nformat = "text"\n', {"from": "PageV01P001"}, "must be a line number"),
        ('path = "t.txt"\nformat = "text"\n', {"from": 5, "to": 2}, "`to` (2) is before `from`"),
    ],
)
def test_bad_bounds_are_manifest_errors(tmp_path: Path, body, bounds, message):
    with pytest.raises(ManifestError, match=message.replace("(", r"\(").replace(")", r"\)")):
        load_manifest(_manifest(tmp_path, body, **bounds))


def test_missing_marker_names_the_file(book: Path):
    m = _manifest(book.parent, 'path = "book.mARkdown"\n', **{"from": "PageV09P999"})
    with pytest.raises(WitnessError, match="no page marker 'PageV09P999'"):
        _witness(m)
    result = CliRunner().invoke(main, ["build", "--manifest", str(m)])
    assert result.exit_code != 0
    assert "book.mARkdown: has no page marker 'PageV09P999'" in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    ("bounds", "message"), [({"from": 9}, "`from = 9`"), ({"to": 7}, "`to = 7`")]
)
def test_a_line_past_the_end_of_a_text_is_an_error(tmp_path: Path, bounds, message):
    (tmp_path / "t.txt").write_text("أول فقرة هنا.\n\nثانية تبدأ\nوتستمر هنا.\n\nثالثة.\n", "utf-8")
    m = _manifest(tmp_path, 'path = "t.txt"\nformat = "text"\n', **bounds)
    with pytest.raises(WitnessError, match=f"t.txt: has 6 lines: {message} is past its end"):
        _witness(m)


def test_the_words_after_the_last_marker_are_on_the_next_page(book: Path):
    m = _manifest(book.parent, 'path = "book.mARkdown"\n', **{"from": "PageV01P004"})
    assert _texts(_witness(m)) == ["وفيها توفي القاضي وكان عالما فاضلا."]


def test_a_file_opening_on_a_marker_has_its_first_page_empty(tmp_path: Path):
    (tmp_path / "b.mARkdown").write_text(
        "######OpenITI#\n#META#Header#End#\nPageV01P001\n# أول الكتاب.\nPageV01P002\n",
        encoding="utf-8",
    )
    m = _manifest(tmp_path, 'path = "b.mARkdown"\n', **{"from": "PageV01P001", "to": "PageV01P002"})
    assert _texts(_witness(m)) == ["أول الكتاب."]
