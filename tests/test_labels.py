"""Group labels say what happens (the concepts of narrative the witnesses share) and who or
where (the names they share), as the witnesses write them, and no two groups of an edition
have the same label."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from edition.align.features import FeatureSpace
from edition.align.labels import SEPARATOR, Parts, distinct_labels, name_groups
from edition.arabic import normalize_orthographic
from edition.arabic.concepts import concept_of
from edition.pipeline import align, encode
from tests.conftest import write_manifest


def _concept(word: str) -> str | None:
    return concept_of(normalize_orthographic(word))


@pytest.fixture(scope="module")
def seeds_groups(tmp_path_factory, seeds_dir):
    import shutil

    root = tmp_path_factory.mktemp("labels")
    shutil.copytree(seeds_dir, root / "seeds")
    ed = align(encode(root / "seeds" / "witnesses.toml", root / "tei"))
    return ed.alignment.groups


def test_no_two_groups_of_the_seeds_have_the_same_label(seeds_groups):
    labels = [g.label for g in seeds_groups]
    assert len(labels) >= 4
    assert len(set(labels)) == len(labels), labels


def test_the_seeds_sieges_and_killings_at_otrar_are_told_apart_by_what_happens(seeds_groups):
    """The merchants killed at Otrar and the siege of Otrar share their names (Otrar, its
    governor): their labels lead with what happens, in the witnesses' words."""
    otrar = [g.label for g in seeds_groups if "أطرار" in g.label.split(SEPARATOR)]
    assert len(otrar) >= 2, [g.label for g in seeds_groups]
    events = [label.split(SEPARATOR)[0] for label in otrar]
    assert all(_concept(e) for e in events), otrar  # a concept of narrative, as written
    assert "siege" in {_concept(e) for e in events}, otrar
    assert len(set(events)) == len(events), otrar
    siege = next(g for g in seeds_groups if "B-p10-s1" in g.passages)  # `ضرب ... حصاراً`
    assert _concept(siege.label.split(SEPARATOR)[0]) == "siege", siege.label


TWO_EPISODES = {
    # two episodes at one city with one ruler, in two witnesses' words
    "x.txt": (
        "حاصر المغول مدينة بخارى حصارا شديدا والسلطان محمد خوارزمشاه غائب عنها.\n\n"
        "وقتل حاكم بخارى التجار الذين أرسلهم جنكيز خان وأخذ أموالهم بأمر السلطان محمد"
        " خوارزمشاه."
    ),
    "y.txt": (
        "ونازل التتار بخارى وحاصروها أياما ولم يكن السلطان محمد خوارزمشاه فيها.\n\n"
        "وكان صاحب بخارى قد قتل تجار جنكيز خان ونهب أموالهم عن أمر السلطان محمد"
        " خوارزمشاه."
    ),
}


def _two_episode_groups(tmp_path):
    for name, text in TWO_EPISODES.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    manifest = write_manifest(
        tmp_path, [{"siglum": "X", "path": "x.txt"}, {"siglum": "Y", "path": "y.txt"}]
    )
    ed = encode(manifest, tmp_path / "tei")
    passages = {p.id: p for w in ed.witnesses for p in w.passages}
    witness_of = {p.id: w.siglum for w in ed.witnesses for p in w.passages}
    groups = [
        SimpleNamespace(id="", passages=[f"X-p{k}-s1", f"Y-p{k}-s1"], shared=[], label="")
        for k in (1, 2)
    ]
    name_groups(groups, FeatureSpace(ed.witnesses), passages, witness_of, ed.authority)
    return groups


def test_groups_sharing_the_same_names_are_labelled_by_what_happens(tmp_path):
    siege, killing = _two_episode_groups(tmp_path)
    assert siege.label != killing.label
    assert "بخارى" in siege.label and "بخارى" in killing.label  # the shared place is named
    assert _concept(siege.label.split(SEPARATOR)[0]) == "siege", siege.label
    assert _concept(killing.label.split(SEPARATOR)[0]) in ("kill", "trade"), killing.label


def _parts(concepts=(), names=(), words=(), opening="أول الكلام …") -> Parts:
    return Parts(
        concepts=tuple((f"≈{w}", w) for w in concepts),
        names=tuple((f"place:{w}", w) for w in names),
        numbers=(),
        words=tuple(words),
        opening=opening,
    )


def test_labels_the_same_are_told_apart_by_what_else_each_group_shares():
    found = [
        _parts(["حصار"], ["أطرار"], ["الفضة", "عينيه"]),
        _parts(["حصار"], ["أطرار"], ["الفضة", "القلعة"]),
        _parts(["حصار"], ["أطرار"], ["الفضة", "سطح"]),
    ]
    assert distinct_labels(found) == [
        "حصار · أطرار · الفضة · عينيه",
        "حصار · أطرار · الفضة · القلعة",
        "حصار · أطرار · الفضة · سطح",
    ]


def test_labels_nothing_tells_apart_are_told_apart_by_their_opening_words_or_a_numeral():
    same = _parts(["حصار"], ["أطرار"], ["الفضة"], opening="كانت مدينة أطرار …")
    other_opening = _parts(["حصار"], ["أطرار"], ["الفضة"], opening="واستمر حصار المدينة …")
    labels = distinct_labels([same, same, other_opening, same])
    assert len(set(labels)) == 4, labels
    assert labels[0] == "حصار · أطرار · الفضة"
    assert "واستمر حصار المدينة …" in labels[2]
    assert labels[1].endswith("(2)") and labels[3].endswith("(3)"), labels


def test_a_name_most_groups_share_leads_no_label_but_still_tells_groups_apart():
    # twelve groups in one city, eleven of them with the same ruler: the ruler is named by
    # no label that something else tells apart
    found = [_parts([f"حدث{k}"], ["بخارى", "السلطان"]) for k in range(11)]
    found.append(_parts(["حدث0"], ["بخارى"]))
    labels = distinct_labels(found)
    assert len(set(labels)) == len(labels), labels
    assert not any("بخارى" in label for label in labels[:11]), labels
    assert "السلطان" in labels[0] or "السلطان" in labels[11], labels
