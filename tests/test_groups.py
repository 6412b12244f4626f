"""Groups across many witnesses: average linkage over all the pairs scored, order-free."""

import random
from itertools import combinations

import pytest

from edition.align import align_witnesses
from edition.align.groups import HOLD_Z, build_groups, confirmed
from edition.align.model import Link
from edition.pipeline import encode
from tests.conftest import ROOT
from tests.gold_eval import _locate, read_gold

CHRONICLES = ROOT / "tests" / "data" / "chronicles" / "witnesses.toml"
GOLD = ROOT / "tests" / "gold"


def _link(a: str, b: str, z: float, kind: str = "in-order") -> Link:
    return Link(a, b, 0.3, z, 0.9, kind)


def _witness_of(*pids: str) -> dict[str, str]:
    return {p: p[0] for p in pids}


def _evidence(pairs: dict[tuple[str, str], float]) -> dict[tuple[str, str], float]:
    return dict(pairs)


def _groups(links, witness_of, evidence=None, forbidden=frozenset()):
    return {frozenset(m) for m, _ in build_groups(links, witness_of, forbidden, evidence)}


def test_a_passage_that_matches_one_witness_of_a_group_and_not_the_others_stays_out():
    wo = _witness_of("A1", "B1", "C1", "D1")
    links = [_link("A1", "B1", 5), _link("B1", "C1", 5), _link("A1", "C1", 5)]
    links.append(_link("A1", "D1", 2.0))  # a false friend: the same name, another story
    evidence = _evidence({("B1", "D1"): -0.5, ("C1", "D1"): 0.0})
    assert _groups(links, wo, evidence) == {frozenset({"A1", "B1", "C1"})}
    # ... unless the group's other witnesses match it as well
    evidence = _evidence({("B1", "D1"): 2.5, ("C1", "D1"): 2.0})
    assert _groups(links, wo, evidence) == {frozenset({"A1", "B1", "C1", "D1"})}


def test_a_terse_sentence_joins_the_several_passages_that_tell_it_at_length():
    """C tells in one sentence (C1) what B tells in four; it matches the one of them that
    names what it names, and scores low against the rest: the mean of all four pairs is
    below what a merge asks, its best match is not."""
    wo = _witness_of("B1", "B2", "B3", "B4", "C0", "C1")
    links = [_link("B1", "C0", 5), _link("B2", "C0", 3), _link("B4", "C0", 3)]
    links += [_link("B3", "C0", 3), _link("B3", "C1", 2.8)]
    evidence = _evidence({("B1", "C1"): 0.2, ("B2", "C1"): 0.5, ("B4", "C1"): 0.3})
    (group,) = _groups(links, wo, evidence)
    assert "C1" in group
    mean = (4.0 + 0.2 + 0.5 + 0.3) / 4
    assert mean < HOLD_Z


def test_a_third_witness_holds_together_what_two_others_barely_share():
    """A terse account (A) and a verbose one (B) share little; C, which tells more of both,
    matches each: one group, where A and B alone would make none."""
    wo = _witness_of("A1", "B1", "B2", "C1")
    links = [_link("A1", "C1", 4.5), _link("B1", "C1", 4.5), _link("B2", "C1", 3.5)]
    evidence = _evidence({("A1", "B1"): 1.0, ("A1", "B2"): 0.6})
    assert _groups(links, wo, evidence) == {frozenset({"A1", "B1", "B2", "C1"})}


def test_forbidden_pairs_never_share_a_group():
    wo = _witness_of("A1", "B1", "C1")
    links = [_link("A1", "B1", 5), _link("B1", "C1", 5), _link("A1", "C1", 5)]
    groups = _groups(links, wo, None, {("A1", "C1")})
    assert all(not {"A1", "C1"} <= g for g in groups)


def test_the_groups_do_not_depend_on_the_order_of_the_links():
    pids = [f"{s}{k}" for s in "ABCD" for k in range(6)]
    wo = _witness_of(*pids)
    rng = random.Random(3)
    links = [
        _link(a, b, round(rng.uniform(1, 6), 2))
        for a, b in combinations(pids, 2)
        if a[0] != b[0] and rng.random() < 0.15
    ]
    evidence = _evidence({(lk.a, lk.b): lk.z for lk in links})
    first = _groups(links, wo, evidence)
    for _ in range(5):
        rng.shuffle(links)
        assert _groups(links, wo, evidence) == first


@pytest.fixture(scope="module")
def chronicles(tmp_path_factory):
    return encode(CHRONICLES, tmp_path_factory.mktemp("tei"))


def test_seven_accounts_in_any_order_give_the_same_groups(chronicles):
    witnesses = chronicles.witnesses
    first = align_witnesses(witnesses, chronicles.authority).alignment.groups
    again = align_witnesses(witnesses[::-1], chronicles.authority).alignment.groups
    assert {frozenset(g.passages) for g in first} == {frozenset(g.passages) for g in again}


def _episode_groups(alignment, texts, gold, name: str) -> dict[str, set[str]]:
    """For each witness that tells the gold episode, the groups of its sure passages."""
    ep = next(e for e in gold["episode"] if e["name"].startswith(name))
    out = {}
    for siglum in texts:
        quotes = ep.get(siglum, {}).get("sure", [])
        if quotes:
            found = [alignment.group_of(_locate(q, siglum, texts)) for q in quotes]
            out[siglum] = {g.id for g in found if g is not None}
    return out


def test_each_otrar_episode_is_one_group_of_all_its_tellings(chronicles):
    """Among seven accounts (the held-out one included): one group holds a passage of each
    witness that tells the merchants killed at Otrar, another the siege of Otrar."""
    alignment = align_witnesses(chronicles.witnesses, chronicles.authority).alignment
    texts = {w.siglum: {p.id: p.text for p in w.passages} for w in chronicles.witnesses}
    gold = read_gold([GOLD / "seeds_alignment.toml", GOLD / "chronicles.toml"])
    found = []
    for name in ("The merchants killed at Otrar", "The siege and fall of Otrar"):
        groups = _episode_groups(alignment, texts, gold, name)
        shared = set.intersection(*groups.values())
        assert shared, (name, groups)
        found.append(shared)
    assert not found[0] & found[1]


def test_a_group_is_confirmed_when_pins_join_all_its_passages():
    pins = [_link("A1", "B1", 5, "pinned"), _link("A1", "C1", 5, "pinned")]
    chosen = _link("B1", "C2", 5)
    assert confirmed(["A1", "B1", "C1"], pins)
    assert not confirmed(["A1", "B1", "C1", "C2"], [*pins, chosen])  # C2 joined by the aligner
    assert not confirmed(["A1", "B1", "C1", "C2"], [*pins, _link("B2", "C2", 5, "pinned")])
    assert not confirmed(["A1"], [])
