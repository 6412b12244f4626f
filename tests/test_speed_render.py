"""Rendering and writing a long edition: the whole edition's work done once, not once a
page; pages and files made on all cores the same as those made in one process."""

import json

import pytest

import edition.pipeline as pipeline
import edition.render as render
from edition.collate.fidelity import sequence
from edition.collate.tei import apparatus_to_json
from edition.io import json_bytes
from edition.pipeline import align, apparatus_json, collate, encode, write_outputs
from edition.render.views import agreement_matrix


@pytest.fixture(scope="module")
def seeds_edition(tmp_path_factory, seeds_dir):
    tei = tmp_path_factory.mktemp("speed-render") / "tei"
    return collate(align(encode(seeds_dir / "witnesses.toml", tei)))


def test_the_default_base_is_counted_once_for_all_pages(seeds_edition, monkeypatch):
    """It counts every aligned word of every witness: on a long book, once a page cost
    more than the pages themselves (21 s of a 37-page edition of 900,000 words)."""
    calls = []
    real = render.default_base

    def counted(edition):
        calls.append(1)
        return real(edition)

    monkeypatch.setattr(render, "default_base", counted)
    pages = render.render_pages(seeds_edition, page_rows=4)
    parts = [name for name in pages if name.startswith("part-")]
    assert len(parts) >= 5
    assert len(calls) <= 2, f"default_base computed {len(calls)} times for {len(parts)} pages"
    assert all(f'value="{real(seeds_edition)}" selected' in pages[p] for p in parts)


def test_pages_rendered_on_all_cores_are_those_rendered_in_one_process(seeds_edition, monkeypatch):
    """Pages rendered in worker processes (as for a long edition) are the same files, in
    the same order, as those rendered here."""
    here = render.render_pages(seeds_edition, page_rows=4)
    monkeypatch.setattr(render, "PARALLEL_ROWS", 1)
    forked = []
    real = render.fork_map

    def counted(fn, items, worth_it):
        forked.append(worth_it)
        return real(fn, items, worth_it)

    monkeypatch.setattr(render, "fork_map", counted)
    parallel = render.render_pages(seeds_edition, page_rows=4)
    assert forked == [True]
    assert list(parallel) == list(here)
    assert parallel == here


def test_the_agreement_matrix_is_each_pair_s_share_of_text_read_alike(seeds_edition):
    """Counted once over the groups for every pair, as it is counted pair by pair."""
    groups = seeds_edition.apparatus.groups

    def share(a: str, b: str) -> float | None:
        same = total = 0.0
        for gc in groups:
            if a in gc.witnesses and b in gc.witnesses:
                for p in gc.parts:
                    if isinstance(p, str):
                        same += len(p)
                    elif p.reading_of(a) == p.reading_of(b):
                        same += len(p.reading_of(a))
                total += (len(gc.text_of(a)) + len(gc.text_of(b))) / 2
        return round(same / total, 3) if total else None

    sigla = [w.siglum for w in seeds_edition.witnesses]
    assert agreement_matrix(seeds_edition) == [[share(a, b) for b in sigla] for a in sigla]


def test_apparatus_json_is_one_line_a_group_key_and_a_sequence_step(seeds_edition):
    """Written by json's fast encoder, a line for each key of a group and each step of a
    witness's sequence: the same data as the apparatus."""
    data = apparatus_json(seeds_edition)
    lines = data.decode("utf-8").splitlines()
    labels = {g.id: g.label for g in seeds_edition.alignment.groups}
    order = sequence(seeds_edition.witnesses, seeds_edition.alignment)
    same = json.dumps(apparatus_to_json(seeds_edition.apparatus, labels, order), indent=1)
    assert json.loads(data) == json.loads(same)
    assert sum(line.startswith('   "parts": [{') for line in lines) == len(
        seeds_edition.apparatus.groups
    )
    steps = [line for line in lines if line.startswith(('   {"group": ', '   {"passage": '))]
    assert len(steps) == sum(len(s) for s in order.values())


@pytest.mark.parametrize("depth", [0, 1, 2, 3])
def test_json_bytes_indents_down_to_a_depth(depth):
    value = {"a": None, "b": {"x": [1, 2.5], "y": {}}, "c": [{"t": 'ا"<\n'}, []], "d": []}
    text = json_bytes(value, depth).decode("utf-8")
    assert json.loads(text) == value
    assert text.endswith("\n")
    if depth >= 3:  # as indented as json.dumps(indent=1) where it reaches
        assert text == json.dumps(value, ensure_ascii=False, indent=1) + "\n"
    assert len(text.splitlines()) == [1, 6, 12, 17][depth]


def test_files_made_on_all_cores_are_those_made_in_one_process(
    seeds_edition, tmp_path, monkeypatch
):
    """`write_outputs` writes the same files, in the same order, whether it makes them in
    worker processes (as for a long edition) or here."""
    pages = render.render_pages(seeds_edition)
    here = write_outputs(seeds_edition, pages, tmp_path / "a" / "tei", tmp_path / "a" / "out")
    monkeypatch.setattr(pipeline, "PARALLEL_CHARS", 0)
    forked = write_outputs(seeds_edition, pages, tmp_path / "b" / "tei", tmp_path / "b" / "out")
    assert [p.relative_to(tmp_path / "b") for p in forked] == [
        p.relative_to(tmp_path / "a") for p in here
    ]
    for a, b in zip(here, forked, strict=True):
        assert a.read_bytes() == b.read_bytes()
