"""The faster ways of aligning give what the plain ways give: similarity without its
dictionary of views, candidates found and scored in worker processes, the choice of links of
several witness pairs made side by side in workers, features dropped and made again."""

from __future__ import annotations

from itertools import combinations
from pathlib import Path

import pytest

from edition.align import pairwise, run
from edition.align.features import WEIGHTS, similarity, view_scores
from edition.align.overrides import Overrides
from edition.align.pairwise import Params
from edition.pipeline import encode
from tests.conftest import ROOT

CHRONICLES = ROOT / "tests" / "data" / "chronicles" / "witnesses.toml"


@pytest.fixture(scope="module")
def scoring(tmp_path_factory):
    """The seven chronicles' witnesses, every pair scored."""
    tei = Path(tmp_path_factory.mktemp("tei"))
    witnesses = encode(CHRONICLES, tei).witnesses
    return run.score_all(run.prepare(witnesses), Params())


def _all_pairs(scoring):
    sides = [scoring.space.by_witness[w.siglum] for w in scoring.witnesses]
    return [(a, b) for left, right in combinations(sides[:3], 2) for a in left for b in right]


def test_similarity_is_the_weighted_sum_of_the_views_to_the_last_bit(scoring):
    space = scoring.space
    for a, b in _all_pairs(scoring):
        views = view_scores(a, b, space)
        assert similarity(a, b, space) == sum(WEIGHTS[v] * s for v, s in views.items())


def test_features_forgotten_are_made_again_the_same(scoring):
    space = scoring.space
    pairs = _all_pairs(scoring)[:2000]
    before = [similarity(a, b, space) for a, b in pairs]
    space.forget()
    assert all(not pf.vec and pf.own is None for pf in space.passages.values())
    assert [similarity(a, b, space) for a, b in pairs] == before


def test_candidates_found_in_workers_are_those_found_here(scoring, monkeypatch):
    space = scoring.space
    left, right = space.by_witness["D"], space.by_witness["E"]
    seen = {(left[0].id, right[0].id)}
    monkeypatch.setattr(pairwise, "PARALLEL_PAIRS", 10**9)
    here = pairwise._indexed_similarities(space, left, right, seen)
    monkeypatch.setattr(pairwise, "PARALLEL_PAIRS", 1)
    monkeypatch.setattr(pairwise, "CANDIDATE_CHUNK", 7)
    there = pairwise._indexed_similarities(space, left, right, seen)
    assert here[0] and [(a.id, b.id) for a, b in here[0]] == [(a.id, b.id) for a, b in there[0]]
    assert here[1] == there[1]
    assert not {(a.id, b.id) for a, b in here[0]} & seen


def test_links_chosen_in_workers_are_those_chosen_here(scoring, monkeypatch):
    overrides, params = Overrides(), Params()
    here = {key: run.choose_pair(scoring, key, overrides, params) for key in scoring.tables}
    monkeypatch.setattr(run, "PARALLEL_CHOICE", 0)
    there = run.choose_all(scoring, overrides, params)
    assert list(there) == list(here)
    for key, res in here.items():
        got = there[key]
        assert got.scored is res.scored and got.null is res.null
        assert list(got.rejected.items()) == list(res.rejected.items())
        assert list(got.chosen.items()) == list(res.chosen.items())
        assert got.backbone == res.backbone and got.order_z == res.order_z
    assert any(res.chosen for res in here.values())
