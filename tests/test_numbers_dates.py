"""Numbers written in Arabic words and digits, and Hijri/CE dates."""

import pytest

from edition.arabic.calendar import hijri_year_range, julian_date
from edition.arabic.normalize import normalize_orthographic
from edition.arabic.numbers import parse_number
from edition.model import Passage
from edition.tag import default_authority
from edition.tag.names import NameMatcher
from edition.tag.quantities import DateContext
from edition.tag.tagger import tag_passage

NUMBERS = [
    ("ثلاثة", 3),
    ("أربعة", 4),
    ("خمسة", 5),
    ("اثنا عشر", 12),
    ("اثني عشر", 12),
    ("ثلاث عشرة", 13),
    ("تسع عشرة", 19),
    ("عشرون", 20),
    ("عشرين", 20),
    ("خمسة وعشرون", 25),
    ("ستون", 60),
    ("سبعين", 70),
    ("مائة", 100),
    ("مئة", 100),
    ("مائتين", 200),
    ("ثلاثمائة", 300),
    ("ثلاث مائة", 300),
    ("أربعمائة", 400),
    ("اربعمائة وخمسين", 450),
    ("خمسمائة وثلاثة وعشرون", 523),
    ("ألف", 1000),
    ("ألفين", 2000),
    ("ثلاثة آلاف", 3000),
    ("ثلاثة آلاف وخمسمائة", 3500),
    ("عشرة آلاف", 10000),
    ("عشرة الآف", 10000),
    ("عشرين ألفا", 20000),
    ("خمسين الف", 50000),
    ("ستون ألفاً", 60000),
    ("مائة وعشرة آلاف", 110000),
    ("أربعمائة ألف", 400000),
    ("مليون", 1000000),
    ("ست عشرة وستمائة", 616),
    ("تسع عشرة وستمائة", 619),
]


@pytest.mark.parametrize("words, value", NUMBERS)
def test_number_words(words, value):
    norms = [normalize_orthographic(w) for w in words.split()]
    assert parse_number(norms, 0) == (value, len(norms))


def test_number_stops_at_the_next_word():
    norms = [normalize_orthographic(w) for w in "خمسين الف جندي بقيادة".split()]
    assert parse_number(norms, 0) == (50000, 2)


@pytest.mark.parametrize("word", ["أحد", "عشر", "ست", "الكتاب"])
def test_ambiguous_single_words_are_not_numbers(word):
    assert parse_number([normalize_orthographic(word)], 0) is None


def _tag(text, ctx=None):
    matcher = NameMatcher(default_authority())
    return tag_passage(Passage("x", text), matcher, ctx or DateContext())


def _one(text, kind, ctx=None):
    found = [e for e in _tag(text, ctx) if e.kind == kind]
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(
    "text, span, value",
    [
        ("بلغ عدد افراد القافلة اربعمائة وخمسين رجلاً", "اربعمائة وخمسين", 450),
        ("وزع جيشه البالغ اربعمائة الف جندي", "اربعمائة الف", 400000),
        ("بلغ تعداده مائة وعشرة الاف مقاتل", "مائة وعشرة الاف", 110000),
        ("يقدر بثلاثين الف جندي", "بثلاثين الف", 30000),
        ("دامت 20 يوما", "20", 20),
        ("يدافع عنها 50 الف جندي", "50 الف", 50000),
        ("وكان عددهم 50,000 مقاتل", "50,000", 50000),  # digits in groups of three
        ("وكان عددهم ٥٠٬٠٠٠ مقاتل", "٥٠٬٠٠٠", 50000),  # the Arabic thousands separator
        ("جيش من 1,200,000 مقاتل", "1,200,000", 1200000),
    ],
)
def test_numbers_in_text(text, span, value):
    e = _one(text, "number")
    assert e.text == span
    assert e.value == value


def test_numbers_in_a_list_are_not_one_number():
    """`3, 200` (a space after the comma) and `12,50` (not three digits) are two numbers."""
    from edition.arabic import tokenize
    from edition.tag.quantities import find_number

    for text, values in (
        ("عدد 3, 200 رجل", [3, 200]),
        ("عدد 12,50 رجل", [12, 50]),
        ("عدد¹ ²,000 رجل", []),  # superscripts: note marks, not digits
    ):
        tokens = tokenize(text)
        found = [find_number(tokens, k) for k in range(len(tokens))]
        assert [e.value for e, _next in filter(None, found)] == values


DATES = [
    # text, span, hijri, hijri_to, ce, ce_to
    ("وفي ربيع عام 615ه/1218م ، وصل", "عام 615ه/1218م", "615", "", "1218", ""),
    ("ماذا فعل في سنة 617هـ بعد", "سنة 617هـ", "617", "", "", ""),
    ("وامضى شتاء 617-618ه/1220-1221م على", "617-618ه/1220-1221م", "617", "618", "1220", "1221"),
    (
        "دخل المغول المدينة في 4 ذي الحجة عام 616ه/10 شباط 1220م ، واستمرت",
        "4 ذي الحجة عام 616ه/10 شباط 1220م",
        "616-12-04",
        "",
        "1220",
        "",
    ),
    (
        "وسقطت المدينة في صفر عام 617ه/نيسان 1220م ودمروها",
        "صفر عام 617ه/نيسان 1220م",
        "617-02",
        "",
        "1220",
        "",
    ),
    (
        "دخل المغول في 10 محرم 617ه/17 اذار 1220م ، الا",
        "10 محرم 617ه/17 اذار 1220م",
        "617-01-10",
        "",
        "1220",
        "",
    ),
    ("ثم عاد من العراق سنة ست عشرة وستمائة واستقر", "سنة ست عشرة وستمائة", "616", "", "", ""),
    ("وفي سنة تسع عشرة وستمائة سار", "سنة تسع عشرة وستمائة", "619", "", "", ""),
    (
        "وذلك في شوال 618ه/تشرين الثاني 1221م ، ومع",
        "شوال 618ه/تشرين الثاني 1221م",
        "618-10",
        "",
        "1221",
        "",
    ),
    ("غادر الأقاليم الغربية في عام 619ه/1222م .", "عام 619ه/1222م", "619", "", "1222", ""),
    ("ولد سنة 1220م في", "سنة 1220م", "", "", "1220", ""),
]


@pytest.mark.parametrize("text, span, hijri, hijri_to, ce, ce_to", DATES)
def test_dates_in_text(text, span, hijri, hijri_to, ce, ce_to):
    e = _one(text, "date")
    assert (e.text, e.hijri, e.hijri_to, e.ce, e.ce_to) == (span, hijri, hijri_to, ce, ce_to)


def test_hijri_year_gets_a_computed_ce_range():
    e = _one("ثم عاد من العراق سنة ست عشرة وستمائة واستقر", "date")
    assert (e.not_before, e.not_after) == hijri_year_range(616)
    assert e.not_before.startswith("1219-") and e.not_after.startswith("1220-")


def test_century_of_a_short_year_comes_from_context():
    ctx = DateContext()
    _one("ثم عاد سنة ست عشرة وستمائة", "date", ctx)
    e = _one("وفعل مثل ذلك في سمرقند سنة تسع عشرة", "date", ctx)
    assert e.hijri == "619"
    assert e.cert == "medium"


def test_short_year_without_context_stays_as_written():
    e = _one("وفعل مثل ذلك سنة تسع عشرة", "date")
    assert e.hijri == "19"


def test_calendar_conversion_matches_historians_julian_dates():
    # 4 Dhu al-Hijja 616 = 10 February 1220 and 10 Muharram 617 = 17 March 1220 (Julian)
    assert julian_date(616, 12, 4) == (1220, 2, 10)
    assert julian_date(617, 1, 10) == (1220, 3, 17)
    assert julian_date(1, 1, 1) == (622, 7, 16)
