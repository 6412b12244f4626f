"""`edition align --explain` shows what produced each part of a pair's score: the features
behind each view (shared in the passages, in their neighbourhoods, n-grams, concepts), with
their weights; a part that is zero says `none`, and no part that is not says it."""

from __future__ import annotations

import re
import shutil

import pytest
from click.testing import CliRunner

from edition.cli import main
from edition.pipeline import align, encode

VIEW_LINE = re.compile(r"^  (stems|entities|grams) (\d+\.\d+) = (.+)$")
PART_LINE = re.compile(r"^    (own|context|cosine) (\d+\.\d+) \(.+?\): (.+)$")


def _views(lines: list[str]) -> dict[str, tuple[float, list[tuple[str, float, str]]]]:
    """{view: (score, [(part, score, causes), ...])} as the explanation prints them."""
    out: dict[str, tuple[float, list]] = {}
    view = ""
    for line in lines:
        if m := VIEW_LINE.match(line):
            view = m[1]
            out[view] = (float(m[2]), [])
        elif (m := PART_LINE.match(line)) and view:
            out[view][1].append((m[1], float(m[2]), m[3]))
    return out


@pytest.fixture
def in_project(project, monkeypatch):
    monkeypatch.chdir(project)
    return project


def test_explain_shows_the_cause_of_every_part_of_the_score(in_project):
    """The pair the issue reported: its stems and entities scores come only from the
    passages' neighbourhoods, which the explanation said nothing of ("none" twice)."""
    r = CliRunner().invoke(main, ["align", "--explain", "A:A-p9-s1", "C:C-p1-s12"])
    assert r.exit_code == 0, r.output
    lines = r.stdout.splitlines()
    views = _views(lines)
    assert set(views) == {"stems", "entities", "grams"}, r.stdout
    for view, (score, parts) in views.items():
        assert parts, f"{view}: no parts shown\n{r.stdout}"
        for part, part_score, causes in parts:
            assert (causes == "none") == (part_score == 0), f"{view} {part}\n{r.stdout}"
        if score > 0:
            assert any(c != "none" for _, _, c in parts), f"{view} shown as none\n{r.stdout}"
    # what the pair shares it shares only through the passages around it
    stems, entities = views["stems"], views["entities"]
    assert stems[0] > 0 and entities[0] > 0
    assert {p: c for p, _, c in stems[1]}["own"] == "none"
    context = {p: c for p, _, c in entities[1]}["context"]
    assert "place:" in context and re.search(r"\[A-p\d+-s\d+.* \| C-p1-s\d+", context), context
    assert not any(line.startswith("  shared entities: none") for line in lines)


def test_explain_names_a_shared_concept_with_each_witness_word_and_its_weight(in_project):
    r = CliRunner().invoke(main, ["align", "--explain", "B:B-p10-s1", "C:C-p1-s12"])
    assert r.exit_code == 0, r.output
    own = {p: c for p, _, c in _views(r.stdout.splitlines())["stems"][1]}["own"]
    assert re.search(r"≈siege \(حصاراً / فحاصرها\) \d\.\d{3}", own), own


def test_explained_parts_add_up_to_the_scores(project):
    """For every pair of two witnesses, the parts shown make the view scores the aligner
    used, and each part's features make the part."""
    from edition.align.explain import score_parts
    from edition.align.features import view_scores

    ed = align(encode(project / "seeds" / "witnesses.toml", project / "tei"))
    space = ed.align_run.space
    nonzero = 0
    for fa in space.by_witness["B"]:
        for fb in space.by_witness["C"]:
            views = view_scores(fa, fb, space)
            parts = score_parts(space, fa, fb, {})
            for view, score in views.items():
                made = sum(p["share"] * p["score"] for p in parts[view])
                assert made == pytest.approx(score, abs=1e-9), (fa.id, fb.id, view)
                for p in parts[view]:
                    assert sum(w for _, w in p["features"]) == pytest.approx(p["total"])
                    assert bool(p["features"]) == (p["score"] > 0), (fa.id, fb.id, view, p)
                    nonzero += p["score"] > 0
    assert nonzero > 100


def test_explain_json_holds_every_feature_behind_the_score(in_project):
    import json

    shutil.rmtree(in_project / "tei", ignore_errors=True)
    r = CliRunner().invoke(main, ["align", "--explain", "A-p9-s1", "C-p1-s12", "--json"])
    assert r.exit_code == 0, r.output
    ex = json.loads(r.stdout)
    for view, score in ex["views"].items():
        made = sum(p["share"] * p["score"] for p in ex["evidence"][view])
        assert made == pytest.approx(score)
