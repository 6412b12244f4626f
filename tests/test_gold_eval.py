"""The gold's own checks: its quotes each find one passage, and whether any grouping can
equal it."""

from pathlib import Path

from edition.pipeline import encode
from tests.gold_eval import load_gold, not_a_partition

GOLD = Path(__file__).resolve().parent / "gold"
CHRONICLES = Path(__file__).resolve().parent / "data" / "chronicles" / "witnesses.toml"


def _pair(a: str, b: str) -> frozenset:
    return frozenset((a, b))


def test_a_passage_sure_in_two_episodes_joins_pairs_the_gold_does_not_have():
    # C1 tells both episodes in one sentence: B1–C1 (episode 1), C1–B2 and B2–C2 (episode 2)
    sure = {_pair("B-1", "C-1"), _pair("C-1", "B-2"), _pair("B-2", "C-2")}
    assert not_a_partition(sure, set()) == [_pair("B-1", "C-2")]
    assert not_a_partition(sure, {_pair("B-1", "C-2")}) == []  # the gold allows it


def test_every_gold_file_locates_its_quotes_in_the_seven_accounts(tmp_path):
    ed = encode(CHRONICLES, tmp_path / "tei")
    texts = {w.siglum: {p.id: p.text for p in w.passages} for w in ed.witnesses}
    files = ["seeds_alignment.toml", "chronicles.toml", "held_out.toml", "neighbours.toml"]
    for name in files:  # each quote in exactly one passage, or an error
        load_gold(GOLD / name, texts)
    sure, possible, friends = load_gold([GOLD / name for name in files], texts)
    assert len(sure) > 900 and friends
    assert not set(friends) & (sure | possible)  # no false friend is also a link
