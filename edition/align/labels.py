"""Naming groups: a label of what the witnesses of a group share (names, places, numbers,
dates; else content words and concepts, as each witness writes them)."""

from __future__ import annotations

from collections import Counter

from edition.align.features import CONCEPT, FeatureSpace, written_forms
from edition.align.model import Group
from edition.arabic.stems import CONJOINED_FUNCTION_STEMS
from edition.parallel import fork_map
from edition.tag.authority import Authority

PARALLEL_GROUPS = 2_000  # this many groups are labelled on all cores
LABEL_CHUNK = 500
LABEL_MIN_GROUPS = 10  # with this many groups or more, a label leaves out names...
LABEL_COMMON = 0.2  # ... that more than this share of the groups share


def name_groups(
    groups: list[Group], space: FeatureSpace, passages, witness_of, authority: Authority | None
) -> None:
    """Give each group its id (`g1`, ... in order), shared entities and label."""
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
