"""Aligning all witnesses: every pair of witnesses, then groups, labels and order."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from itertools import combinations

from edition.align.features import CONCEPT, FeatureSpace, similarity, written_forms
from edition.align.gaps import fill_gaps
from edition.align.groups import build_groups
from edition.align.junctions import (
    merge_enclosed_groups,
    merge_shifted_junctions,
    merge_split_groups,
)
from edition.align.model import Alignment, Group, Link
from edition.align.overrides import Overrides
from edition.align.pairwise import PairResult, Params, align_pair, confidence
from edition.align.repeats import keep_one_copy
from edition.align.textwords import PassageWords, Placing
from edition.arabic.stems import CONJOINED_FUNCTION_STEMS
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


def align_witnesses(
    witnesses: list[Witness],
    authority: Authority | None = None,
    overrides: Overrides | None = None,
    params: Params | None = None,
    progress=None,
) -> AlignRun:
    """Align every pair of witnesses. `progress(label, done, total)` hears how far it got."""
    params = params or Params()
    overrides = overrides or Overrides()
    space = FeatureSpace(witnesses)
    witness_of = {p.id: w.siglum for w in witnesses for p in w.passages}
    _check_override_ids(overrides, witness_of, space.passages)
    order = {w.siglum: k for k, w in enumerate(witnesses)}
    links: list[Link] = []
    pairs: dict[tuple[str, str], PairResult] = {}
    for wa, wb in combinations(witnesses, 2):
        pinned = _oriented(overrides.pins, witness_of, order, wa.siglum, wb.siglum)
        forbidden = _oriented(overrides.forbids, witness_of, order, wa.siglum, wb.siglum)
        res = align_pair(
            space,
            space.by_witness.get(wa.siglum, []),
            space.by_witness.get(wb.siglum, []),
            params,
            pinned,
            forbidden,
            _reporter(progress, f"aligning {wa.siglum} with {wb.siglum}"),
        )
        pairs[(wa.siglum, wb.siglum)] = res
        for (a, b), kind in res.chosen.items():
            sc = res.scored.get((a, b))
            score = sc.score if sc else similarity(space.passages[a], space.passages[b], space)
            z = res.null.z(score, a, b)
            conf = 1.0 if kind == "pinned" else confidence(z, params)
            links.append(Link(a, b, round(score, 4), round(z, 2), conf, kind))

    def reading_order(pid: str) -> tuple[int, int]:
        return order[witness_of[pid]], space.passages[pid].index

    groups = []
    for members, glinks in build_groups(links, witness_of, overrides.forbids):
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
    labels = _name_labels(authority)
    shared = [_shared_entities(g, space, witness_of) for g in groups]
    # a name many groups share (the protagonist of one text in two editions) tells them apart
    # no better than none: their labels are made of what else they share
    everywhere: set[str] = set()
    if len(groups) >= LABEL_MIN_GROUPS:
        counts = Counter(f for found in shared for f in found)
        everywhere = {f for f, n in counts.items() if n > LABEL_COMMON * len(groups)}
    chunks = [
        list(zip(groups[k : k + LABEL_CHUNK], shared[k : k + LABEL_CHUNK], strict=True))
        for k in range(0, len(groups), LABEL_CHUNK)
    ]

    def label(chunk) -> list[str]:
        return [
            _label(g, found, everywhere, space, passages, witness_of, labels) for g, found in chunk
        ]

    k = 0
    for chunk, texts in zip(
        chunks, fork_map(label, chunks, len(groups) >= PARALLEL_GROUPS), strict=True
    ):
        for (g, found), text in zip(chunk, texts, strict=True):
            k += 1
            g.id, g.shared, g.label = f"g{k}", found, text
    return AlignRun(Alignment(groups, links, witness_of), space, pairs, params, overrides)


PARALLEL_GROUPS = 2_000  # this many groups are labelled on all cores
LABEL_CHUNK = 500
LABEL_MIN_GROUPS = 10  # with this many groups or more, a label leaves out names...
LABEL_COMMON = 0.2  # ... that more than this share of the groups share


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


def _name_labels(authority: Authority | None) -> dict[str, str]:
    if authority is None:
        return {}
    return {f"{e.kind}:{e.id}": (e.names[0] if e.names else e.label) for e in authority.entries}


def _shared_entities(g, space, witness_of) -> list[str]:
    """The names, places, numbers and dates two or more of the group's witnesses share,
    rarest first."""
    by_witness: dict[str, Counter] = {}
    for pid in g.passages:
        by_witness.setdefault(witness_of[pid], Counter()).update(
            space.passages[pid].raw["entities"]
        )
    counts = Counter(f for c in by_witness.values() for f in c)
    shared = [f for f, n in counts.items() if n >= 2]
    idf = space.surprise["entities"]
    shared.sort(key=lambda f: -idf.get(f, 0))
    return shared


def _label(g, shared, everywhere, space, passages, witness_of, names) -> str:
    """Shared names first (rarest first; not those nearly every group shares), else shared
    content words, else the group's first words."""
    parts = []
    for f in shared:
        if f in everywhere:
            continue
        kind, _, val = f.partition(":")
        if kind in ("person", "place"):
            parts.append(names.get(f) or _surface(g, passages, f) or val.lstrip("~"))
        elif kind == "hijri":
            parts.append(f"{val} هـ")
        elif kind == "ce":
            parts.append(f"{val} م")
        if len(parts) == 3:
            break
    if not parts:
        parts = _shared_words(g, space, passages, witness_of)
    if not parts:  # nothing shared that can be named: the opening words of its first passage
        parts = [" ".join(passages[g.passages[0]].text.split()[:5]) + " …"]
    return " · ".join(parts)


def _surface(g, passages, feature: str) -> str:
    kind, _, val = feature.partition(":")
    key = val.lstrip("~")
    for pid in g.passages:
        for e in passages[pid].entities:
            if e.kind == kind and (e.ref == key or e.key == key):
                return e.text
    return ""


def _shared_words(g, space, passages, witness_of) -> list[str]:
    """The rarest content words the group's witnesses share, as written (a concept two
    witnesses name in other words, as each names it: `سفارة / رسل`)."""
    stems_by_w: dict[str, set[str]] = {}
    for pid in g.passages:
        stems_by_w.setdefault(witness_of[pid], set()).update(space.passages[pid].raw["stems"])
    counts = Counter(s for ss in stems_by_w.values() for s in ss)
    idf = space.idf["stems"]
    shared = [s for s, n in counts.items() if n >= 2 and s not in CONJOINED_FUNCTION_STEMS]
    # rarest first; among equally rare, in a fixed order (sets iterate in a new order in
    # each process, and the label must not change from one build to the next)
    shared.sort(key=lambda s: (-idf.get(s, 0), s))
    # the first words of each witness for each shared stem or concept, in passage order
    written = written_forms(((witness_of[p], passages[p].text) for p in g.passages), set(shared))
    parts: list[str] = []
    seen: set[str] = set()
    for s in shared:
        forms = list(dict.fromkeys(written.get(s, {}).values())) or [s]
        if s.startswith(CONCEPT):
            forms = [f for f in forms if f not in seen]  # a word already shown
            if not forms:
                continue
        seen.update(forms)
        parts.append(" / ".join(forms[:2]) if s.startswith(CONCEPT) else forms[0])
        if len(parts) == 3:
            break
    return parts
