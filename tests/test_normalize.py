import pytest

from edition.arabic import dediac_ar, normalize_orthographic, skeleton, tokenize


@pytest.mark.parametrize(
    "a, b",
    [
        ("أطرار", "اطرار"),
        ("إقليم", "اقليم"),
        ("آلاف", "الاف"),
        ("ٱلله", "الله"),
        ("مؤلفة", "مولفه"),
        ("رئيس", "رييس"),
        ("بخارى", "بخاري"),
        ("مدينة", "مدينه"),
        ("جيشاً", "جيشا"),
        ("قُتِلَ", "قتل"),
        ("شـــديد", "شديد"),
        ("کتاب", "كتاب"),
        ("٦١٥", "615"),
        ("ﺑﺨﺎﺭﻯ", "بخارى"),  # presentation forms, as text taken from a PDF has them
        ("ﻻ", "لا"),
        ("ﺟﻨﻜﻴﺰ ﺧﺎﻥ", "جنكيز خان"),
        ("بخارى\u200f", "بخارى"),  # a direction mark, as text from the web has them
        ("بخا\u200cرى", "بخارى"),  # a zero-width non-joiner
    ],
)
def test_orthographic_tier_unifies_spellings(a, b):
    assert normalize_orthographic(a) == normalize_orthographic(b)


def test_orthographic_tier_keeps_different_words_apart():
    assert normalize_orthographic("ﷺ") == "ﷺ"  # a whole phrase in one sign stays one word
    assert normalize_orthographic("قتل") != normalize_orthographic("قبل")
    assert normalize_orthographic("سمرقند") != normalize_orthographic("بخارى")


def test_dediac_removes_only_marks():
    assert dediac_ar("قُتِلَ") == "قتل"
    assert dediac_ar("مدينةٌ") == "مدينة"  # ta marbuta untouched by this tier
    assert dediac_ar("أطرار") == "أطرار"


@pytest.mark.parametrize(
    "a, b",
    [
        ("جنكيز خان", "جنكزخان"),
        ("ينال خان", "أنيال خان"),
        ("خوارزمشاه", "خوارزم شاه"),
        ("بخارى", "بخارا"),
    ],
)
def test_skeleton_tier_matches_name_variants(a, b):
    assert skeleton(a) == skeleton(b)


def test_skeleton_tier_folds_dotted_letters():
    assert skeleton("بنت") == skeleton("ثبت")  # one rasm, different dots
    assert skeleton("سمرقند") != skeleton("بخارى")


def test_tokens_keep_original_characters_and_offsets():
    text = "وقُتِلَ من الكرج، ما لا يحصى"
    tokens = tokenize(text)
    assert [t.text for t in tokens] == ["وقُتِلَ", "من", "الكرج", "،", "ما", "لا", "يحصى"]
    for t in tokens:
        assert text[t.start : t.end] == t.text
    assert tokens[0].norm == "وقتل"
    assert not tokens[3].is_word


def test_invisible_marks_do_not_break_words():
    """Joiners and direction marks inside or after a word are part of it, and its normal
    form has none; one on its own is no word (but the text keeps it)."""
    text = "سار \u200fإلى بخا\u200cرى\u200f ثم"
    tokens = tokenize(text)
    assert [t.text for t in tokens] == ["سار", "\u200f", "إلى", "بخا\u200cرى\u200f", "ثم"]
    assert tokens[3].norm == normalize_orthographic("بخارى")
    assert not tokens[1].is_word and tokens[1].norm == ""


def test_concepts_join_words_a_paraphrase_uses_for_the_same_thing():
    from edition.arabic.concepts import concept_of

    def concept(word):
        return concept_of(normalize_orthographic(word))

    assert concept("الرسل") == concept("سفارة") == concept("فوفدت") == "envoy"
    assert concept("بهدية") == concept("الهدايا") == "gift"  # behind a preposition too
    assert concept("فحاصرها") == concept("حصار") == "siege"
    assert concept("عساكره") == concept("الجيش") == "army"
    assert concept("سمرقند") is None and concept("في") is None


def test_no_word_of_the_concept_lexicon_names_two_concepts():
    import json
    from importlib import resources

    from edition.arabic.stems import stem

    data = json.loads(resources.files("edition.data").joinpath("concepts.json").read_text("utf-8"))
    seen = {}
    for concept, words in data["concepts"].items():
        for w in words:
            s = stem(normalize_orthographic(w))
            assert s, f"{w!r} is a function word or more than one word: it never matches"
            assert seen.setdefault(s, concept) == concept, (w, s, seen[s], concept)
