"""Aligning all witnesses: every pair of witnesses, then groups, labels and order."""

from __future__ import annotations

from array import array
from collections import Counter
from dataclasses import dataclass, field, replace
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
from edition.parallel import fork_map
from edition.tag.authority import Authority


@dataclass
class AlignRun:
    """The alignment and what produced it (kept for explaining decisions)."""

    alignment: Alignment
    space: FeatureSpace | None = None  # None when the alignment came from the cache
    pairs: dict[tuple[str, str], PairResult] = field(default_factory=dict)
    params: Params = field(default_factory=Params)
    overrides: Overrides = field(default_factory=Overrides)
    stale: list[str] = field(default_factory=list)  # overrides that no longer apply, and why


@dataclass
class Scoring:
    """What pins and forbids do not change: the feature space and every witness pair's
    scored table. Choosing links and grouping them can be done again from it."""

    witnesses: list[Witness]  # in the order of the sigla
    shown: dict[str, int]  # siglum -> its place in the manifest
    space: FeatureSpace
    witness_of: dict[str, str]  # passage id -> siglum
    tables: dict[tuple[str, str], tuple[dict, object]] = field(default_factory=dict)
    # what a group's label is made of, by its passages: groups an action leaves as they
    # were are not read again (the space, and so what they share, is the same)
    label_parts: dict = field(default_factory=dict)

    @property
    def order(self) -> dict[str, int]:
        return {w.siglum: k for k, w in enumerate(self.witnesses)}

    def sides(self, sa: str, sb: str) -> tuple[list, list]:
        return self.space.by_witness.get(sa, []), self.space.by_witness.get(sb, [])


def prepare(witnesses: list[Witness]) -> Scoring:
    """The feature space of the witnesses (sorted by siglum), not yet scored."""
    shown = {w.siglum: k for k, w in enumerate(witnesses)}
    witnesses = sorted(witnesses, key=lambda w: w.siglum)
    witness_of = {p.id: w.siglum for w in witnesses for p in w.passages}
    return Scoring(witnesses, shown, FeatureSpace(witnesses), witness_of)


def score_all(scoring: Scoring, params: Params, progress=None) -> Scoring:
    """Score every witness pair into `scoring.tables`."""
    for wa, wb in combinations(scoring.witnesses, 2):
        key = (wa.siglum, wb.siglum)
        left, right = scoring.sides(*key)
        label = f"aligning {wa.siglum} with {wb.siglum}"
        scoring.tables[key] = score_pair(
            scoring.space, left, right, params, _reporter(progress, label)
        )
    return scoring


def choose_pair(
    scoring: Scoring, key: tuple[str, str], overrides: Overrides, params: Params
) -> PairResult:
    """The links chosen between two witnesses (sigla in order) from their scored table."""
    scored, null = scoring.tables[key]
    left, right = scoring.sides(*key)
    pins, forbids = pair_overrides(scoring, overrides, key)
    return choose_links(scored, null, left, right, params, pins, forbids, worded(scoring.space))


def pair_overrides(
    scoring: Scoring, overrides: Overrides, key: tuple[str, str]
) -> tuple[set[tuple[str, str]], set[tuple[str, str]]]:
    """The pins and forbids between two witnesses (sigla in order), each pair in their order."""
    wo, order = scoring.witness_of, scoring.order
    return (
        _oriented(overrides.pins, wo, order, *key),
        _oriented(overrides.forbids, wo, order, *key),
    )


def choose_all(
    scoring: Scoring, overrides: Overrides, params: Params
) -> dict[tuple[str, str], PairResult]:
    """The links chosen between every two witnesses whose table is scored; the pairs of
    witnesses side by side, in worker processes, when there are several and they are long."""
    keys = list(scoring.tables)
    size = sum(len(scored) for scored, _null in scoring.tables.values())
    if len(keys) < 2 or size < PARALLEL_CHOICE:
        return {key: choose_pair(scoring, key, overrides, params) for key in keys}

    def packed(key: tuple[str, str]) -> tuple:
        return _packed(choose_pair(scoring, key, overrides, params))

    found = fork_map(packed, keys, worth_it=True)
    return {key: _unpacked(scoring.tables[key], *p) for key, p in zip(keys, found, strict=True)}


PARALLEL_CHOICE = 100_000  # scored pairs of passages, in all, worth choosing from in parallel


def _packed(res: PairResult) -> tuple:
    """A choice made in a worker, for the way back: the verdicts on scored pairs (nearly
    all of them) as their places in the table and the codes of their reasons."""
    where = {k: i for i, k in enumerate(res.scored)}
    reasons = list(dict.fromkeys(res.rejected.values()))
    code = {why: i for i, why in enumerate(reasons)}
    at = array("q", [where.get(k, -1) for k in res.rejected])
    unscored = [k for k in res.rejected if k not in where]
    why = array("H", [code[w] for w in res.rejected.values()])
    return res.backbone, res.chosen, res.order_z, reasons, at, why, unscored


def _unpacked(table: tuple[dict, object], backbone, chosen, order_z, reasons, at, why, unscored):
    """The choice `_packed` sent, made whole again with this process's table."""
    scored, null = table
    keys, others = list(scored), iter(unscored)
    rejected = {
        (keys[i] if i >= 0 else next(others)): reasons[c] for i, c in zip(at, why, strict=True)
    }
    return PairResult(scored, null, backbone, chosen, rejected, order_z)


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
    scoring = prepare(witnesses)
    overrides, stale = usable_overrides(overrides, scoring.witness_of, scoring.space.passages)
    score_all(scoring, params, progress)
    pairs = choose_all(scoring, overrides, params)
    run = group_pairs(scoring, pairs, overrides, authority, params)
    scoring.space.forget()  # what scoring needed is made again if it is explained
    run.stale = stale
    return run


def group_pairs(
    scoring: Scoring,
    pairs: dict[tuple[str, str], PairResult],
    overrides: Overrides,
    authority: Authority | None,
    params: Params,
) -> AlignRun:
    """The groups made of the links chosen between every two witnesses, with their labels."""
    witnesses, space, witness_of = scoring.witnesses, scoring.space, scoring.witness_of
    order, shown = scoring.order, scoring.shown
    links: list[Link] = []
    for key in combinations([w.siglum for w in witnesses], 2):
        links += _links(pairs[key], space, params)

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
    name_groups(groups, space, passages, witness_of, authority, scoring.label_parts)
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


def usable_overrides(
    ov: Overrides, witness_of: dict[str, str], aligned
) -> tuple[Overrides, list[str]]:
    """The overrides whose pins and forbids apply, and a message for each that no longer
    does (a passage of a known witness gone, after its text or segmentation changed).
    A passage of no witness, of an editor's section, or a pair in one witness is an error."""
    from edition.errors import InputError

    sigla = set(witness_of.values())
    kept: dict[str, set[tuple[str, str]]] = {"pin": set(), "forbid": set()}
    stale = []
    for name, pairs in (("pin", ov.pins), ("forbid", ov.forbids)):
        for a, b in sorted(pairs):
            gone = [pid for pid in (a, b) if pid not in witness_of]
            for pid in gone:
                if pid.split("-", 1)[0] not in sigla:
                    raise InputError(ov.path, f"[[{name}]]: no passage {pid!r}")
            for pid in (a, b):
                if pid in witness_of and pid not in aligned:
                    raise InputError(ov.path, f"[[{name}]]: {not_aligned(pid)}")
            if not gone and witness_of[a] == witness_of[b]:
                raise InputError(ov.path, f"[[{name}]]: {a} and {b} are in the same witness")
            if gone:
                stale.append(f"[[{name}]] {a} ~ {b}: no passage {gone[0]!r} any more")
            else:
                kept[name].add((a, b))
    if not stale:
        return ov, []
    return replace(ov, pins=kept["pin"], forbids=kept["forbid"]), stale


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
