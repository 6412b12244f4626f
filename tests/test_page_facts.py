"""The facts table says what a number counts in the words of the text, not by a stem."""

import re

from lxml import html

from edition.collate.facts import group_facts
from edition.model import Entity


def _number(text: str, words: str, value: int) -> Entity:
    start = text.index(words)
    return Entity(start, start + len(words), "number", value=value, text=words)


def test_a_number_is_labelled_by_the_counted_word_as_written():
    a = "وكان معه خمسون الف رجل من الترك"
    b = "وكان معه ستون الف رجلاً وثلاثة من التجار"
    facts = group_facts(
        {"A": a, "B": b},
        {
            "A": [_number(a, "خمسون الف", 50000)],
            "B": [_number(b, "ستون الف", 60000), _number(b, "ثلاثة", 3)],
        },
        {},
    )
    labels = {f.key: f.label for f in facts if f.kind == "number"}
    assert labels["رجل"] == "number of رجل / رجلاً"  # as each witness writes it
    assert labels["تجار"] == "number of التجار"  # the noun after `من`, article and all
    (soldiers,) = [f for f in facts if f.key == "رجل"]
    assert soldiers.conflict  # still compared by stem


def test_the_pages_number_facts_name_words_of_their_row(seeds_build):
    doc = html.fromstring((seeds_build / "output" / "index.html").read_bytes())
    rows = doc.xpath("//article[.//tr[contains(@class, 'fact number')]]")
    assert rows
    for row in rows:
        text = "".join(row.xpath(".//div[contains(@class,'cell')]//text()"))
        words = set(re.sub(r"[^\w\u064b-\u065f\u0670\s]", " ", text).split())
        for th in row.xpath(".//tr[contains(@class, 'fact number')]/th"):
            label = th.text_content().replace("⚠", "").strip()
            assert label.startswith("number of "), label
            for word in label.removeprefix("number of ").split(" / "):
                assert word in words, (label, word)
