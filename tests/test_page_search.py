"""The search box finds a name or place in every spelling the edition knows the same:
through the authority file, the texts' skeleton keys, and the skeleton of what is typed;
and says how many spellings it found."""

import re

from edition.arabic.normalize import normalize_orthographic, skeleton
from edition.model import Entity, Passage
from edition.render.views import name_index


def _search(page, query: str) -> tuple[list[str], str]:
    page.fill("#search", query)
    hits = page.locator(".cell.hit").all()
    return [h.text_content() for h in hits], page.locator("#search-count").inner_text()


def _words(text: str) -> set[str]:
    return {normalize_orthographic(w) for w in re.findall(r"\w+", text)}


def test_a_place_is_found_in_every_spelling_of_it(page):
    hits, report = _search(page, "اطرار")
    found = re.search(r"(\d+) spellings \((.*)\)", report)
    assert found, report
    forms = found.group(2).split("، ")
    assert int(found.group(1)) == len(forms) >= 2
    for form in forms:  # each spelling it names is in a passage it found
        assert any(normalize_orthographic(form) in normalize_orthographic(h) for h in hits), form
    # spellings the box was not given: not one orthographic form of what was typed
    assert {normalize_orthographic(f) for f in forms} - {normalize_orthographic("اطرار")}
    assert report.endswith(f"{len(hits)} passages")
    # the name itself is marked wherever it stands tagged, in each of its spellings
    marked = {normalize_orthographic(t) for t in page.locator(".ent.found").all_text_contents()}
    assert len(marked) >= 2


def test_a_spelling_no_text_has_finds_the_name_by_its_skeleton(page):
    known, _ = _search(page, "اطرار")
    typed = "اوطرار"  # in no witness and not in the authority file; the same skeleton
    assert not any(normalize_orthographic(typed) in _words(h) for h in known)
    found, report = _search(page, typed)
    assert sorted(found) == sorted(known)
    assert "spellings" in report


def _passage(pid: str, text: str, name: str, ref: str = "", key: str = "") -> Passage:
    start = text.index(name)
    entity = Entity(start, start + len(name), "place", ref=ref, key=key, text=name)
    return Passage(pid, text, entities=[entity])


class _Witness:
    def __init__(self, siglum, passages):
        self.siglum, self.passages = siglum, passages


class _Authority:
    entries: list = []


class _Edition:
    def __init__(self, witnesses):
        self.witnesses, self.authority = witnesses, _Authority()


def test_unlisted_names_meet_by_skeleton_key_and_a_preposition_is_no_spelling():
    key = skeleton("قراقورم")
    ed = _Edition(
        [
            _Witness("A", [_passage("A1", "وصل الى قراقورم", "قراقورم", key=key)]),
            _Witness("B", [_passage("B1", "ورجع إلى قرقرم", "قرقرم", key=key)]),
            _Witness("C", [_passage("C1", "ونزل بقراقورم", "بقراقورم", key=key)]),
        ]
    )
    (entry,) = name_index(ed)
    assert entry["forms"] == ["قراقورم", "قرقرم"]
    assert key in entry["skeletons"]
