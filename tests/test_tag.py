from edition.model import Block, Passage, Witness
from edition.tag import default_authority, tag_witness
from edition.tag.names import NameMatcher
from edition.tag.propose import propose_entries
from edition.tag.quantities import DateContext
from edition.tag.tagger import tag_passage


def _refs(text, kind):
    m = NameMatcher(default_authority())
    return [
        (e.text, e.ref) for e in tag_passage(Passage("x", text), m, DateContext()) if e.kind == kind
    ]


def test_variant_spellings_point_to_one_authority_entry():
    pairs = [
        ("اوترار", "أطرار"),
        ("جنكيز خان", "جنكزخان"),
        ("ينال خان", "أنيال خان"),
        ("خوارزمشاه", "خوارزم شاه"),
    ]
    for a, b in pairs:
        ra = _refs(f"وصل {a} إلى المدينة", "person") + _refs(f"وصل {a} إلى المدينة", "place")
        rb = _refs(f"وصل {b} إلى المدينة", "person") + _refs(f"وصل {b} إلى المدينة", "place")
        assert len(ra) == 1 and len(rb) == 1, (ra, rb)
        assert ra[0][1] == rb[0][1] != ""


def test_names_with_proclitics_are_found_and_spans_keep_whole_words():
    assert _refs("وعلم جنكيز خان وهو بأوترار", "place") == [("بأوترار", "otrar")]
    assert _refs("فبسط سيطرته على المناطق المحيطة بسمرقند", "place") == [("بسمرقند", "samarkand")]


def test_longest_name_wins():
    assert _refs("بلاد ما وراء النهر", "place") == [("بلاد ما وراء النهر", "transoxiana")]
    assert _refs("استدعى السلطان محمد خوارزمشاه", "person")[0][1] == "muhammad-khwarazmshah"


def _witness(siglum, text):
    return Witness(siglum, blocks=[Block(f"{siglum}-p1", "p", [Passage(f"{siglum}-p1-s1", text)])])


def test_unlisted_names_meet_across_witnesses_by_skeleton():
    a = _witness("A", "فاستولى على مدينة قرشي ثم رحل")
    b = _witness("B", "ونزل في مدينة قرشى ثلاثة أيام")
    auth = default_authority()
    for w in (a, b):
        tag_witness(w, auth)
    ka = [e for e in a.passages[0].entities if e.kind == "place"]
    kb = [e for e in b.passages[0].entities if e.kind == "place"]
    assert ka and kb and ka[0].key == kb[0].key and not ka[0].ref
    proposals = propose_entries([a, b])
    assert proposals[0].witnesses == {"A": 1, "B": 1}
    assert set(proposals[0].spellings) == {"قرشي", "قرشى"}


def test_title_before_a_verb_is_not_a_name():
    assert _refs("فانزعج السلطان لها وقتل الرسل", "person") == []
    assert _refs("ورفع إلى السلطان أنهم عيون", "person") == []


def test_a_compound_name_after_a_title_is_taken_whole():
    """`أبي`, `عبد`, `ابن` begin a name: alone they are none (their skeleton would key
    every kunya of the text as one person)."""
    assert _refs("فبعث السلطان أبي زكريا إلى تونس", "person") == [("أبي زكريا", "")]
    assert _refs("وقدم الأمير أبو عبد الله إليه", "person") == [("أبو عبد الله", "")]
    assert _refs("ثم قال السلطان أبو .", "person") == []


def test_tokens_kept_by_segmentation_tag_as_the_passage_text_does():
    """Tagging with the tokens segmentation made gives exactly the entities that tokenizing
    each passage again gives (offsets in the passage, original characters)."""
    from pathlib import Path

    from edition.ingest import load_witness
    from edition.manifest import WitnessSpec
    from tests.conftest import ROOT, SEEDS

    specs = [WitnessSpec(f"S{k}", f, "text") for k, f in enumerate(sorted(SEEDS.glob("*.txt")))]
    samples = sorted((ROOT.parent / "shared" / "openiti-samples").glob("*.mARkdown"))
    specs += [WitnessSpec("R", Path(f), "openiti") for f in samples[-1:]]
    authority = default_authority()
    for spec in specs:
        tokens: dict = {}
        kept = tag_witness(load_witness(spec, tokens), authority, tokens=tokens)
        again = tag_witness(load_witness(spec), authority)
        assert len(tokens) == len(kept.passages)
        assert [p.entities for p in kept.passages] == [p.entities for p in again.passages]
        assert any(p.entities for p in kept.passages)


def _passages(*texts):
    return Witness(
        "W", blocks=[Block("W-p1", "p", [Passage(f"W-p1-s{k}", t) for k, t in enumerate(texts, 1)])]
    )


def test_note_references_of_a_printed_edition_are_not_numbers():
    """Numbers in brackets that run in a numbering are the printed edition's note
    references; a year in brackets between them, and a number alone, stay numbers."""
    w = tag_witness(
        _passages(
            "وصل التجار إلى أطرار (1) وقتلوا سنة (617) بها.",
            "ثم سار جنكزخان (2) إلى بخارى [3]",
            "وملكها على الأمان (٤) وأسر خمسين (50) رجلا.",
        ),
        default_authority(),
    )
    found = [
        (e.text, e.kind, e.value)
        for p in w.passages
        for e in p.entities
        if "(" in e.text or "[" in e.text
    ]
    assert (
        ("(1)", "note", 1) in found and ("[3]", "note", 3) in found and ("(٤)", "note", 4) in found
    )
    assert ("(2)", "note", 2) in found
    numbers = [
        (e.text, e.value) for p in w.passages for e in p.entities if e.kind in ("number", "date")
    ]
    assert ("617", None) not in numbers and any(v == 50 for _t, v in numbers)
    assert not any(
        e.kind == "note" and e.value in (617, 50) for p in w.passages for e in p.entities
    )
    for p in w.passages:  # spans in order, each inside its passage
        starts = [e.start for e in p.entities]
        assert starts == sorted(starts) and all(
            p.text[e.start : e.end] == e.text for e in p.entities
        )


def test_a_few_bracketed_numbers_without_a_numbering_are_left_as_they_are():
    w = tag_witness(
        _passages("قتل (1) منهم وأسر (2) رجلين", "وفي سنة (617) سار"), default_authority()
    )
    assert not any(e.kind == "note" for p in w.passages for e in p.entities)


def test_years_in_brackets_after_the_word_for_a_year_are_years():
    w = tag_witness(
        _passages("في سنة (615) سار", "وفي سنة (616) عاد", "وفي عام (617) مات"), default_authority()
    )
    assert not any(e.kind == "note" for p in w.passages for e in p.entities)


def test_note_numbers_run_into_the_thousands():
    w = tag_witness(
        _passages("قال (998) ثم (999)", "وسار (1000) إلى (1001) بخارى"), default_authority()
    )
    assert [e.value for p in w.passages for e in p.entities if e.kind == "note"] == [
        998,
        999,
        1000,
        1001,
    ]
