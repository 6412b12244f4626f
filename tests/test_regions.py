"""Long witnesses: fixed points, regions, repeated text, and work spread over cores."""

from __future__ import annotations

import os
from collections import Counter

import pytest

import edition.collate.run as collate_run
import edition.pipeline as pipeline
from edition.align.features import PassageFeatures
from edition.align.regions import LOOK_AHEAD, REGION_PAIRS, fixed_points, regions
from edition.parallel import fork_map
from tests.conftest import SEEDS, write_manifest


def _pfs(siglum: str, keys: list[int], words: int = 10) -> list[PassageFeatures]:
    return [
        PassageFeatures(siglum, k, f"{siglum}{k}", {}, {}, key=key, words=words)
        for k, key in enumerate(keys)
    ]


def test_identical_passages_in_order_are_fixed_points():
    left = _pfs("X", [1, 2, 3, 4, 5, 6])
    right = _pfs("Y", [1, 9, 2, 3, 5, 4, 6])  # 9 added, 4 and 5 swapped
    # of two swapped passages, the one that keeps the most of the order is fixed
    assert fixed_points(left, right) == [(0, 0), (1, 2), (2, 3), (4, 4), (5, 6)]


def test_short_passages_fix_nothing():
    left = _pfs("X", [1, 2], words=3)
    assert fixed_points(left, _pfs("Y", [1, 2], words=3)) == []


def test_a_far_jump_needs_a_unique_passage_and_confirmation():
    preface = list(range(1000, 1000 + LOOK_AHEAD + 20))
    left = _pfs("X", [1, 2, 3, 4])
    right = _pfs("Y", [*preface, 1, 2, 3, 4])
    n = len(preface)
    assert fixed_points(left, right) == [(0, n), (1, n + 1), (2, n + 2), (3, n + 3)]
    # the same passage far ahead, but not followed by the next ones: no jump
    right = _pfs("Y", [*preface, 1, 7, 8, 9])
    assert fixed_points(left, right) == []


def test_repeated_text_is_matched_copy_by_copy():
    cycle = list(range(1, 11))
    left = _pfs("X", cycle * 5)
    right_keys = cycle * 5
    del right_keys[23]  # one passage of the third copy dropped
    right = _pfs("Y", right_keys)
    pairs = fixed_points(left, right)
    assert len(pairs) == 49
    assert all(j == i or (i > 23 and j == i - 1) for i, j in pairs)


def test_passages_between_fixed_points_form_small_regions():
    left = _pfs("X", [1, 50, 51, 2, 60, 3])
    right = _pfs("Y", [1, 70, 2, 3])
    reg = regions(left, right)
    assert reg.fixed == [(0, 0), (3, 2), (5, 3)]
    assert reg.small == [(range(1, 3), range(1, 2))]
    assert reg.left_open == [4]  # nothing faces it between its fixed points
    big = int(REGION_PAIRS**0.5) + 2
    left = _pfs("X", [1, *range(100, 100 + big), 2])
    right = _pfs("Y", [1, *range(200, 200 + big), 2])
    assert regions(left, right).left_open == list(range(1, big + 1))


def test_a_text_repeated_many_times_aligns_each_copy_with_its_own(tmp_path):
    """Versions built by repeating one text: only the order of events can tell the
    copies apart, and it must."""
    text = (SEEDS / "001_b591f9d4088f33c0.txt").read_text("utf-8")
    paras = [p for p in text.split("\n") if p.strip()]
    copies = 12
    x = [f"{p}" for _ in range(copies) for p in paras]
    y = list(x)
    del y[len(paras) * 5 + 3]  # a paragraph missing from the sixth copy
    (tmp_path / "x.txt").write_text("\n\n".join(x), encoding="utf-8")
    (tmp_path / "y.txt").write_text("\n\n".join(y).replace("إلى", "الى"), encoding="utf-8")
    write_manifest(tmp_path, [{"siglum": "X", "path": "x.txt"}, {"siglum": "Y", "path": "y.txt"}])
    ed = pipeline.align(pipeline.encode(tmp_path / "witnesses.toml", tmp_path / "tei"))
    per_copy = {s: len(w.passages) // copies for s, w in zip("XY", ed.witnesses, strict=True)}
    assert len(ed.witnesses[0].passages) == per_copy["X"] * copies
    order = {p.id: k for w in ed.witnesses for k, p in enumerate(w.passages)}
    linked = 0
    for g in ed.alignment.groups:
        xs = [order[p] for p in g.passages if p.startswith("X")]
        ys = [order[p] for p in g.passages if p.startswith("Y")]
        if xs and ys:
            linked += len(ys)
            # same copy: positions differ by at most the dropped paragraph's passages
            assert all(abs(a - b) <= 6 for a in xs for b in ys), g
    assert linked >= 0.97 * len(ed.witnesses[1].passages)


def _square(n: int) -> tuple[int, int]:
    return n, n * n, os.getpid()


def test_work_spread_over_cores_comes_back_in_order():
    items = list(range(200))
    out = list(fork_map(_square, items, worth_it=True))
    assert [(a, b) for a, b, _ in out] == [(n, n * n) for n in items]
    if (os.cpu_count() or 1) > 1:
        assert os.getpid() not in Counter(pid for *_, pid in out)
    assert list(fork_map(_square, items[:3], worth_it=False))[0][2] == os.getpid()


@pytest.mark.parametrize("parallel", [False, True])
def test_tagging_and_collating_in_workers_changes_nothing(project, monkeypatch, parallel):
    manifest = project / "seeds" / "witnesses.toml"
    serial = pipeline.collate(pipeline.align(pipeline.encode(manifest, project / "t1")))
    if parallel:
        monkeypatch.setattr(pipeline, "PARALLEL_CHARS", 0)
        monkeypatch.setattr(collate_run, "PARALLEL_CHARS", 0)
    again = pipeline.collate(pipeline.align(pipeline.encode(manifest, project / "t2")))
    assert pipeline.edition_document(again) is not None
    from edition.io import xml_bytes

    assert xml_bytes(pipeline.edition_document(again)) == xml_bytes(
        pipeline.edition_document(serial)
    )


def _nested(n: int) -> list[int]:
    return [a for a, _b, _pid in fork_map(_square, list(range(n)), worth_it=True)]


def test_work_asked_for_off_the_main_thread_stays_in_this_process():
    """A server's thread may not fork: a lock another thread holds would be held forever
    in the child."""
    import threading

    found = []
    worker = threading.Thread(
        target=lambda: found.extend(fork_map(_square, list(range(50)), worth_it=True))
    )
    worker.start()
    worker.join()
    assert {pid for *_, pid in found} == {os.getpid()}


def test_work_spread_inside_a_worker_stays_in_that_worker():
    out = list(fork_map(_nested, [3, 4], worth_it=True))
    assert out == [[0, 1, 2], [0, 1, 2, 3]]


def test_batch_work_collects_garbage_rarely_and_puts_the_thresholds_back():
    import gc

    from edition.batch import YOUNG, few_collections

    before = gc.get_threshold()
    seen = []

    @few_collections()
    def stage():
        seen.append(gc.get_threshold())
        with few_collections():  # nested: still rare inside, still rare after
            seen.append(gc.get_threshold())
        seen.append(gc.get_threshold())
        raise RuntimeError("a stage that fails")

    with pytest.raises(RuntimeError):
        stage()
    assert all(t[0] >= YOUNG for t in seen)
    assert gc.get_threshold() == before
