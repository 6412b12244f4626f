"""Rebuilding after a change to one witness redoes only what depends on it."""

from __future__ import annotations

import pickle

from click.testing import CliRunner

import edition.collate.run as collate_run
import edition.pipeline as pipeline
from edition.cache import Cache, content_key
from edition.cli import main


def _build(project, **kw):
    return pipeline.build(
        project / "seeds" / "witnesses.toml", project / "tei", project / "output", **kw
    )


def _spy(monkeypatch, module, name):
    calls = []
    real = getattr(module, name)

    def spy(*args, **kwargs):
        calls.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, spy)
    return calls


def test_a_changed_witness_is_the_only_one_read_and_tagged_again(project, monkeypatch):
    _build(project)
    first = (project / "output" / "edition.xml").read_bytes()
    reads = _spy(monkeypatch, pipeline, "load_witnesses")
    tags = _spy(monkeypatch, pipeline, "tag_witness")
    _build(project)
    assert reads == [] and tags == []  # nothing changed: all from the cache
    assert (project / "output" / "edition.xml").read_bytes() == first

    seed = project / "seeds" / "002_130a589fe048d5af.txt"
    seed.write_text(seed.read_text("utf-8").replace("أطرار", "اطرار"), encoding="utf-8")
    _build(project)
    assert [args[0].siglum for args in reads] == ["C"]
    assert [args[0].siglum for args in tags] == ["C"]
    cached = (project / "output" / "edition.xml").read_bytes()
    _build(project, use_cache=False)
    assert (project / "output" / "edition.xml").read_bytes() == cached
    assert "اطرار" in cached.decode("utf-8")


def test_only_groups_whose_texts_changed_are_collated_again(project, monkeypatch):
    ed = _build(project)
    collated = _spy(monkeypatch, collate_run, "collate_group")
    _build(project)
    assert collated == []
    seed = project / "seeds" / "002_130a589fe048d5af.txt"
    seed.write_text(seed.read_text("utf-8").replace("أطرار", "اطرار"), encoding="utf-8")
    ed = _build(project)
    changed = {
        g.id
        for g in ed.alignment.groups
        if any("اطرار" in ed.witnesses[2].passage(p).text for p in g.passages if p[0] == "C")
    }
    assert changed and len(collated) == len(changed) < len(ed.alignment.groups)
    # ids of variation units follow the group's id in this build
    for gc in ed.apparatus.groups:
        assert all(app.id.startswith(f"{gc.group}-a") for app in gc.apps)


def test_a_changed_authority_file_means_tagging_again(project, monkeypatch):
    _build(project)
    tags = _spy(monkeypatch, pipeline, "tag_witness")
    authority = project / "tei" / "authority.xml"
    authority.write_text(authority.read_text("utf-8").replace("أطرار", "أترار"), "utf-8")
    _build(project)
    assert len(tags) == 3


def test_a_damaged_cache_is_ignored_and_rewritten(project):
    _build(project)
    first = (project / "output" / "edition.xml").read_bytes()
    for f in (project / "tei" / ".cache").iterdir():
        f.write_bytes(b"\x80\x05 not a pickle")
    _build(project)
    assert (project / "output" / "edition.xml").read_bytes() == first
    cache = Cache(project / "tei" / ".cache", "tag")
    assert len(cache.entries) == 3


def test_entries_no_build_uses_are_dropped(tmp_path):
    c = Cache(tmp_path, "x")
    c.put(content_key("a"), 1)
    c.put(content_key("b"), 2)
    c.save()
    c = Cache(tmp_path, "x")
    assert c.get(content_key("a")) == 1
    c.save()
    data = pickle.loads((tmp_path / "x.pickle").read_bytes())
    assert list(data) == [content_key("a")]


def test_a_cached_result_is_a_fresh_object(tmp_path):
    c = Cache(tmp_path, "x")
    c.put("k", [1])
    got = c.get("k")
    got.append(2)
    assert c.get("k") == [1]


def test_no_cache_option_leaves_no_cache(project):
    r = CliRunner().invoke(
        main,
        [
            "build",
            "--manifest",
            str(project / "seeds" / "witnesses.toml"),
            "--tei-dir",
            str(project / "tei"),
            "--out",
            str(project / "output"),
            "--no-cache",
        ],
    )
    assert r.exit_code == 0, r.output
    assert not (project / "tei" / ".cache").exists()
    assert (project / "output" / "edition.xml").exists()


def test_the_alignment_is_reused_while_the_passages_are_the_same(project, monkeypatch):
    first = _build(project)
    aligned = _spy(monkeypatch, pipeline, "align_witnesses")
    again = _build(project)
    assert aligned == []
    assert [g.passages for g in again.alignment.groups] == [
        g.passages for g in first.alignment.groups
    ]
    overrides = project / "tei" / "overrides.toml"
    overrides.write_text('[[forbid]]\na = "B-p5-s5"\nb = "C-p1-s7"\n', encoding="utf-8")
    _build(project)
    assert len(aligned) == 1  # the overrides changed: aligned again
