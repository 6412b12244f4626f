"""Merging pairwise links into groups across all witnesses, guarding against chaining.

Links are taken strongest first; two groups merge only if the merged group stays dense:
at least half of its cross-witness passage pairs are linked. A1-B1, B1-C2, C2-A5 thus
does not become one giant group unless the members really are linked to each other.
"""

from __future__ import annotations

from edition.align.model import Link

MIN_DENSITY = 0.5


def build_groups(
    links: list[Link],
    witness_of: dict[str, str],
    forbidden: set[tuple[str, str]] = frozenset(),
) -> list[tuple[list[str], list[Link]]]:
    """Groups of passages (and their links); no group holds a forbidden pair."""
    apart = {frozenset(p) for p in forbidden}
    group_of: dict[str, int] = {}
    members: dict[int, set[str]] = {}
    group_links: dict[int, list[Link]] = {}
    linked: set[frozenset[str]] = set()
    next_id = 0
    for lk in sorted(links, key=lambda x: (x.kind != "pinned", -x.z)):
        ga, gb = group_of.get(lk.a), group_of.get(lk.b)
        if ga is None and gb is None:
            members[next_id] = {lk.a, lk.b}
            group_links[next_id] = [lk]
            group_of[lk.a] = group_of[lk.b] = next_id
            next_id += 1
            linked.add(frozenset((lk.a, lk.b)))
            continue
        if ga == gb:
            group_links[ga].append(lk)
            linked.add(frozenset((lk.a, lk.b)))
            continue
        merged = (members.get(ga, set()) | members.get(gb, set())) | {lk.a, lk.b}
        if apart and any(frozenset((x, y)) in apart for x in merged for y in merged if x < y):
            continue
        pair = frozenset((lk.a, lk.b))
        if lk.kind != "pinned":
            linked.add(pair)  # counted as if taken; withdrawn below if the merge is refused
            dense = _density(merged, linked, witness_of) >= MIN_DENSITY
            linked.discard(pair)
            if not dense:
                continue
        target = ga if ga is not None else gb
        other = gb if target == ga else ga
        members[target] = merged
        group_links[target] = group_links.get(target, []) + group_links.get(other, []) + [lk]
        for pid in merged:
            group_of[pid] = target
        if other is not None:
            members.pop(other, None)
            group_links.pop(other, None)
        linked.add(frozenset((lk.a, lk.b)))
    return [(sorted(m), group_links[g]) for g, m in members.items()]


def _density(members: set[str], linked: set[frozenset[str]], witness_of: dict[str, str]) -> float:
    ms = sorted(members)
    pairs = 0
    hits = 0
    for x in range(len(ms)):
        for y in range(x + 1, len(ms)):
            if witness_of[ms[x]] == witness_of[ms[y]]:
                continue
            pairs += 1
            hits += frozenset((ms[x], ms[y])) in linked
    return hits / pairs if pairs else 1.0
