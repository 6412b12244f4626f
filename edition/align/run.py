"""Aligning all witnesses: every pair of witnesses, then groups, labels and order."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from itertools import combinations

from edition.align.choose import choose_links
from edition.align.features import FeatureSpace, similarity
from edition.align.gaps import fill_gaps
from edition.align.groups import build_groups
from edition.align.junctions import (
    merge_enclosed_groups,
    merge_shifted_junctions,
    merge_split_groups,
)
from edition.align.labels import name_groups
from edition.align.model import Alignment, Group, Link
from edition.align.overrides import Overrides
from edition.align.pairwise import PairResult, Params, confidence, score_pair, worded
from edition.align.repeats import keep_one_copy
from edition.align.textwords import PassageWords, Placing
from edition.model import Witness
from edition.tag.authority import Authority


@dataclass
class AlignRun:
    """The alignment and what produced it (kept for explaining decisions)."""

    alignment: Alignment
    space: FeatureSpace | None = None  # None when the alignment came from the cache
    pairs: dict[tuple[str, str], PairResult] = field(default_factory=dict)
    params: Params = field(default_factory=Params)
    overrides: Overrides = field(default_factory=Overrides)


def align_witnesses(
    witnesses: list[Witness],
    authority: Authority | None = None,
    overrides: Overrides | None = None,
    params: Params | None = None,
    progress=None,
) -> AlignRun:
    """Align every pair of witnesses, then group. `progress(label, done, total)` hears how far
    it got. The manifest's order of the witnesses changes nothing but the order in which a
    group lists its passages: the work is done in the order of the sigla."""
    params = params or Params()
    overrides = overrides or Overrides()
    shown = {w.siglum: k for k, w in enumerate(witnesses)}
    witnesses = sorted(witnesses, key=lambda w: w.siglum)
    space = FeatureSpace(witnesses)
    witness_of = {p.id: w.siglum for w in witnesses for p in w.passages}
    _check_override_ids(overrides, witness_of, space.passages)
    order = {w.siglum: k for k, w in enumerate(witnesses)}
    links: list[Link] = []
    pairs: dict[tuple[str, str], PairResult] = {}
    for wa, wb in combinations(witnesses, 2):
        left = space.by_witness.get(wa.siglum, [])
        right = space.by_witness.get(wb.siglum, [])
        label = f"aligning {wa.siglum} with {wb.siglum}"
        scored, null = score_pair(space, left, right, params, _reporter(progress, label))
        res = choose_links(
            scored,
            null,
            left,
            right,
            params,
            _oriented(overrides.pins, witness_of, order, wa.siglum, wb.siglum),
            _oriented(overrides.forbids, witness_of, order, wa.siglum, wb.siglum),
            worded(space),
        )
        pairs[(wa.siglum, wb.siglum)] = res
        links += _links(res, space, params)

    def reading_order(pid: str) -> tuple[int, int]:
        return order[witness_of[pid]], space.passages[pid].index

    groups = []
    evidence = _evidence(pairs)
    for members, glinks in build_groups(links, witness_of, overrides.forbids, evidence):
        members.sort(key=reading_order)
        groups.append(Group("", members, sorted(glinks, key=lambda lk: -lk.z)))
    sizes = Counter(witness_of.values())
    groups.sort(key=lambda g: _position(g, space, witness_of, sizes))
    passages = {p.id: p for w in witnesses for p in w.passages}
    index = {pid: pf.index for pid, pf in space.passages.items()}
    forbidden = {frozenset(pair) for pair in overrides.forbids}
    words = PassageWords(passages, witness_of)
    groups = merge_shifted_junctions(groups, words, witness_of, index, reading_order, forbidden)
    alignable = {s: sorted(ids, key=index.__getitem__) for s, ids in _by_witness(space, witness_of)}
    placing = Placing(words, alignable, reading_order, forbidden)
    for step in (keep_one_copy, fill_gaps, merge_split_groups, merge_enclosed_groups):
        groups = step(groups, placing)
    for g in groups:  # listed in the manifest's order of the witnesses
        g.passages.sort(key=lambda pid: (shown[witness_of[pid]], index[pid]))
    name_groups(groups, space, passages, witness_of, authority)
    return AlignRun(Alignment(groups, links, witness_of), space, pairs, params, overrides)


def _evidence(pairs: dict[tuple[str, str], PairResult]) -> dict[tuple[str, str], float]:
    """The z of every pair of passages scored, for grouping."""
    return {k: sc.z for res in pairs.values() for k, sc in res.scored.items()}


def _links(res: PairResult, space: FeatureSpace, params: Params) -> list[Link]:
    out = []
    for (a, b), kind in res.chosen.items():
        sc = res.scored.get((a, b))
        score = sc.score if sc else similarity(space.passages[a], space.passages[b], space)
        z = res.null.z(score, a, b)
        conf = 1.0 if kind == "pinned" else confidence(z, params)
        out.append(Link(a, b, round(score, 4), round(z, 2), conf, kind))
    return out


def _by_witness(space: FeatureSpace, witness_of: dict[str, str]):
    """(siglum, ids of its passages that are aligned) for each witness."""
    out: dict[str, list[str]] = {}
    for pid in space.passages:
        out.setdefault(witness_of[pid], []).append(pid)
    return out.items()


def _reporter(progress, label: str):
    if progress is None:
        return None
    return lambda done, total: progress(label, done, total)


def not_aligned(pid: str) -> str:
    """Why a passage of a witness is not in the alignment."""
    return f"passage {pid!r} is in an editor's section (notes, index), which is not aligned"


def _check_override_ids(ov: Overrides, witness_of: dict[str, str], aligned) -> None:
    from edition.errors import InputError

    for name, pairs in (("pin", ov.pins), ("forbid", ov.forbids)):
        for a, b in pairs:
            for pid in (a, b):
                if pid not in witness_of:
                    raise InputError(ov.path, f"[[{name}]]: no passage {pid!r}")
                if pid not in aligned:
                    raise InputError(ov.path, f"[[{name}]]: {not_aligned(pid)}")
            if witness_of[a] == witness_of[b]:
                raise InputError(ov.path, f"[[{name}]]: {a} and {b} are in the same witness")


def _oriented(pairs, witness_of, order, sa, sb) -> set[tuple[str, str]]:
    out = set()
    for a, b in pairs:
        if order[witness_of[a]] > order[witness_of[b]]:
            a, b = b, a
        if witness_of[a] == sa and witness_of[b] == sb:
            out.add((a, b))
    return out


def _position(g: Group, space: FeatureSpace, witness_of, sizes) -> float:
    per: dict[str, int] = {}
    for pid in g.passages:
        s = witness_of[pid]
        per[s] = min(per.get(s, 10**9), space.passages[pid].index)
    return sum(i / max(sizes[s], 1) for s, i in per.items()) / len(per)
