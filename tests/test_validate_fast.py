"""`edition validate` without compiling tei_all: the schema derived from tei_all for the
elements the tool writes gives tei_all's verdict (the time: benchmarks/validate_speed.py)."""

import copy
import random

import pytest
from click.testing import CliRunner
from lxml import etree

from edition.cli import main
from edition.errors import ValidationError
from edition.tei import validate as validation
from edition.tei.ns import TEI_NS
from edition.tei.subset import derive
from edition.tei.validate import needs_tei_all, tool_schema, validate_file
from tests.conftest import ROOT

SCHEMAS = ROOT / "edition" / "schemas"

HEADER = """<teiHeader><fileDesc><titleStmt><title>t</title></titleStmt>
<publicationStmt><p>p</p></publicationStmt><sourceDesc><p>s</p></sourceDesc></fileDesc>
</teiHeader>"""


def tei(body: str) -> str:
    return f'<TEI xmlns="{TEI_NS}">{HEADER}\n<text><body>\n{body}\n</body></text></TEI>\n'


@pytest.fixture
def no_tei_all(monkeypatch):
    """Any use of tei_all itself fails the test: only the derived schema may be used."""

    def refuse():
        raise AssertionError("tei_all compiled: the fast path was not taken")

    monkeypatch.setattr(validation, "tei_all", refuse)


def errors_of(tmp_path, text: str, **options) -> list[tuple[int, str]]:
    path = tmp_path / "doc.xml"
    path.write_text(text, encoding="utf-8")
    try:
        validate_file(path, **options)
    except ValidationError as e:
        return e.errors
    return []


def test_the_derived_schema_is_what_the_script_derives_from_tei_all():
    derived = derive((SCHEMAS / "tei_all.rng").read_bytes())
    assert derived == (SCHEMAS / "tei_edition.rng").read_bytes(), (
        "edition/schemas/tei_edition.rng is stale: run python scripts/derive_schema.py"
    )


def test_validate_command_on_the_seeds_edition_never_compiles_tei_all(seeds_build, no_tei_all):
    """The command's answer without tei_all (its time: benchmarks/validate_speed.py)."""
    edition_xml = seeds_build / "output" / "edition.xml"
    r = CliRunner().invoke(main, ["validate", str(edition_xml)], catch_exceptions=False)
    assert r.exit_code == 0, r.stderr
    assert r.stdout.strip() == f"{edition_xml}: valid (TEI P5 tei_all)"


def test_everything_the_tool_writes_takes_the_fast_path(seeds_build, no_tei_all):
    files = [seeds_build / "output" / "edition.xml", *sorted((seeds_build / "tei").glob("*.xml"))]
    for f in files:
        assert not needs_tei_all(etree.parse(str(f))), f
        validate_file(f)  # valid, and tei_all never compiled


@pytest.mark.parametrize(
    "body, line, message",
    [
        # wrong nesting: a paragraph inside a sentence
        ("<p>\n<s>نص <p>فقرة</p></s></p>", 6, "Did not expect element p there"),
        # an attribute tei_all does not know
        ('<p>\n<s colour="red">نص</s></p>', 6, "Invalid attribute colour for element s"),
        # a bad attribute value: a date must be a date
        ('<p>\n<date when="soon">غدا</date></p>', 6, "Invalid attribute when for element date"),
        ('<p>\n<lb break="not sure"/>نص</p>', 6, "Invalid attribute break for element lb"),
        # an element tei_all declares nowhere
        ("<p>\n<bogus>نص</bogus></p>", 6, "Did not expect element bogus there"),
        # an element of the tool's in a place tei_all does not allow it
        ("<p>\n<teiHeader/></p>", 6, "Did not expect element teiHeader there"),
        # an empty body
        ("", 4, "Expecting an element , got nothing"),
    ],
)
def test_the_fast_path_rejects_what_tei_all_rejects(tmp_path, no_tei_all, body, line, message):
    errors = errors_of(tmp_path, tei(body))
    assert (line, message) in errors, errors


def test_a_valid_document_of_the_tools_elements_passes_the_fast_path(tmp_path, no_tei_all):
    body = '<div type="section"><head>باب</head><p><s xml:id="s1">في <date when="1218">سنة</date></s></p></div>'
    assert errors_of(tmp_path, tei(body)) == []


def test_an_element_outside_the_subset_is_checked_by_tei_all(tmp_path, tei_schema):
    valid = "<lg><l>شطر</l><l>شطر</l></lg>"  # verse: tei_all, not the tool's elements
    assert needs_tei_all(etree.fromstring(tei(valid)))
    assert errors_of(tmp_path, tei(valid)) == []
    misplaced = "<p>\n<s><lg><l>شطر</l></lg></s></p>"
    assert (6, "Did not expect element lg there") in errors_of(tmp_path, tei(misplaced))


def test_the_full_option_compiles_tei_all(tmp_path, no_tei_all):
    with pytest.raises(AssertionError, match="tei_all compiled"):
        errors_of(tmp_path, tei("<p>نص</p>"), full=True)


def test_the_cli_reports_each_problem_on_its_own_line(tmp_path):
    path = tmp_path / "bad.xml"
    path.write_text(tei('<p>\n<s colour="red">نص</s>\n<bogus/></p>'), encoding="utf-8")
    r = CliRunner().invoke(main, ["validate", str(path)])
    assert r.exit_code == 1
    assert r.stderr.strip().split("\n") == [
        f"{path}:6: Invalid attribute colour for element s",
        f"{path}:7: Did not expect element bogus there",
        "Error: 1 of 1 file(s) not valid TEI",
    ]


MUTANT_ELEMENTS = "p s ab seg app rdg lem date measure persName head div pb note bogus link".split()
MUTANT_ATTRIBUTES = [
    ("when", "1218"),
    ("when", "abc"),
    ("cert", "high"),
    ("cert", "maybe"),
    ("wit", "#A"),
    ("quantity", "many"),
    ("colour", "red"),
    ("{http://www.w3.org/XML/1998/namespace}id", "1bad"),
    ("break", "no"),
    ("target", "#a #b"),
]


def _mutant(tree: etree._ElementTree, rng: random.Random) -> etree._ElementTree:
    """A copy of `tree` with an attribute set, an element added, removed or moved."""
    tree = copy.deepcopy(tree)
    elements = [e for e in tree.iter() if isinstance(e.tag, str)]
    el, kind = rng.choice(elements[1:]), rng.randrange(4)
    if kind == 0:
        el.set(*rng.choice(MUTANT_ATTRIBUTES))
    elif kind == 1:
        new = etree.SubElement(el, f"{{{TEI_NS}}}{rng.choice(MUTANT_ELEMENTS)}")
        new.text = "نص"
    elif kind == 2:
        el.getparent().remove(el)
    else:
        rng.choice([e for e in elements if el not in e.iterancestors() and e is not el]).append(el)
    return tree


def test_derived_schema_and_tei_all_agree_on_broken_copies(seeds_build, tei_schema):
    """Verdicts and messages alike on copies of the tool's files broken at random."""
    derived = tool_schema()[0]
    originals = [etree.parse(str(f)) for f in sorted((seeds_build / "tei").glob("[A-C].xml"))]
    rng = random.Random(7)
    rejected = 0
    for _ in range(60):
        tree = _mutant(rng.choice(originals), rng)
        assert not needs_tei_all(tree)
        verdict = tei_schema.validate(tree)
        full = [(e.line, e.message) for e in tei_schema.error_log]
        assert derived.validate(tree) == verdict
        assert [(e.line, e.message) for e in derived.error_log] == full
        rejected += not verdict
    assert rejected > 20
