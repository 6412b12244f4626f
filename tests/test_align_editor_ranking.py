"""How the alignment editor ranks a passage's candidate counterparts: the pair's own score,
its neighbours' (an episode is told in consecutive passages), the passages of other
witnesses like both, and the order of events; and how well that finds the gold's links."""

from pathlib import Path

import pytest

from edition.align.editing import TOP, AlignmentEditor
from edition.pipeline import build
from tests.gold_eval import load_gold

GOLD = Path(__file__).resolve().parent / "gold" / "seeds_alignment.toml"


@pytest.fixture(scope="module")
def editor(tmp_path_factory, seeds_dir) -> AlignmentEditor:
    root = tmp_path_factory.mktemp("ranking")
    edition = build(seeds_dir / "witnesses.toml", root / "tei", root / "output")
    return AlignmentEditor(edition.witnesses, edition.authority, root / "tei" / "overrides.toml")


def listed(editor: AlignmentEditor, pid: str, siglum: str) -> list[str]:
    return [c["passage"] for c in editor.candidates(pid) if c["witness"] == siglum]


def unlisted(editor: AlignmentEditor, pid: str, siglum: str) -> str:
    """A passage of `siglum` far down `pid`'s ranking, and not beside a listed one."""
    space = editor.scoring.space
    shown = {space.passages[q].index for q in listed(editor, pid, siglum)}
    ranked = editor._ranked(pid, siglum, editor._via(pid))
    return next(
        r.passage
        for r in reversed(ranked)
        if all(abs(space.passages[r.passage].index - k) > 1 for k in shown)
    )


def with_likeness(editor: AlignmentEditor, pairs: dict[tuple[str, str], float]):
    """The editor's likeness of passages, with these pairs (both ways round) set."""
    like = {pid: dict(row) for pid, row in editor.like.items()}
    for (a, b), z in pairs.items():
        like.setdefault(a, {})[b] = z
        like.setdefault(b, {})[a] = z
    return like


def test_a_passage_like_both_in_a_third_witness_brings_a_candidate_up(editor, monkeypatch):
    a = editor.scoring.space.by_witness["A"][3].id
    far = unlisted(editor, a, "B")
    third = editor.scoring.space.by_witness["C"][5].id
    monkeypatch.setattr(
        editor, "like", with_likeness(editor, {(a, third): 30.0, (third, far): 30.0})
    )
    cands = [c for c in editor.candidates(a) if c["witness"] == "B"]
    assert cands[0]["passage"] == far
    assert f"both like: {third}" in cands[0]["why"]


def test_neighbours_alike_bring_a_candidate_up(editor, monkeypatch):
    space = editor.scoring.space
    a = space.by_witness["A"][3].id
    far = unlisted(editor, a, "B")
    after = space.by_witness["A"][4].id  # the passage told next in A is like `far`
    monkeypatch.setattr(editor, "like", with_likeness(editor, {(after, far): 30.0}))
    cands = [c for c in editor.candidates(a) if c["witness"] == "B"]
    assert cands[0]["passage"] == far
    assert "neighbours alike: " in cands[0]["why"]


def test_at_most_five_per_witness_best_first(editor):
    for pf in list(editor.scoring.space.passages.values())[::7]:
        cands = editor.candidates(pf.id)
        scores = [c["score"] for c in cands]
        assert scores == sorted(scores, reverse=True)
        for siglum in {c["witness"] for c in cands}:
            assert sum(c["witness"] == siglum for c in cands) == TOP


def test_recall_at_5_of_the_seeds_gold(editor):
    """For each sure gold link, both ways round: the counterpart is among the five
    candidates its passage lists in the counterpart's witness."""
    texts = {w.siglum: {p.id: p.text for p in w.passages} for w in editor.witnesses}
    sure, _possible, _friends = load_gold(GOLD, texts)
    found = {pid: {c["passage"] for c in editor.candidates(pid)} for p in sure for pid in p}
    ways = [b in found[a] for pair in sure for a, b in (tuple(pair), tuple(pair)[::-1])]
    assert sum(ways) / len(ways) >= 0.85


def test_reasons_write_dates_as_the_groups_labels_do(editor):
    """A date two passages share is named `617 هـ` in the reason, as in the labels."""
    space = editor.scoring.space
    dated = [
        c["why"]
        for pf in space.passages.values()
        for c in editor.candidates(pf.id)
        if "dates: " in c["why"]
    ]
    assert dated
    dates = [why.split("dates: ")[1].split(";")[0] for why in dated]
    assert all(d.endswith(("هـ", "م")) for part in dates for d in part.split(", "))
    assert not any(" H" in why or " CE" in why for why in dated)
