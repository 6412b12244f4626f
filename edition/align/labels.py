"""Naming groups: a label of what happens in a group and who or where (the narrative
concepts and the names, places and dates its witnesses share, as they write them; else
content words), distinct from every other group's label."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from itertools import chain, islice

from edition.align.features import CONCEPT, FeatureSpace, form_counts
from edition.align.model import Group
from edition.arabic.concepts import concept_of
from edition.arabic.stems import CONJOINED_FUNCTION_STEMS, stem
from edition.arabic.tokens import first_words, word_norms
from edition.parallel import fork_map
from edition.tag.authority import Authority

PARALLEL_GROUPS = 2_000  # this many groups are labelled on all cores
LABEL_CHUNK = 500
LABEL_MIN_GROUPS = 10  # with this many groups or more, a label leaves out names...
LABEL_COMMON = 0.2  # ... that more than this share of the groups share
LABEL_PARTS = 3  # a label's parts: what happens first, then who and where
LABEL_NAMES = 2  # names in a label beside what happens
LABEL_WORDS = 6  # content words kept for labels that must be told apart
LABEL_ROUNDS = 4  # parts added, at most, to tell apart labels that are the same
OPENING_WORDS = 5
SEPARATOR = " · "


@dataclass(frozen=True)
class Parts:
    """What a group's label can be made of, best first, each as a witness writes it."""

    concepts: tuple[tuple[str, str], ...]  # (feature, word): what happens
    names: tuple[tuple[str, str], ...]  # (feature, name): who, where, when
    numbers: tuple[str, ...]
    words: tuple[str, ...]  # shared content words
    opening: str  # the first words of its first passage


def name_groups(
    groups: list[Group],
    space: FeatureSpace,
    passages,
    witness_of,
    authority: Authority | None,
    known: dict | None = None,
) -> None:
    """Give each group its id (`g1`, ... in order), shared entities and a label no other
    group has. `known`: the shared entities and label parts of groups read before in this
    space, by their passages (filled with those read now)."""
    known = {} if known is None else known
    todo = [g for g in groups if tuple(g.passages) not in known]
    names = _name_labels(authority)
    shared = [_shared_entities(g, space, witness_of) for g in todo]
    chunks = [
        list(zip(todo[k : k + LABEL_CHUNK], shared[k : k + LABEL_CHUNK], strict=True))
        for k in range(0, len(todo), LABEL_CHUNK)
    ]

    def parts(chunk) -> list[Parts]:
        return [_parts(g, found, space, passages, witness_of, names) for g, found in chunk]

    found = chain.from_iterable(fork_map(parts, chunks, len(todo) >= PARALLEL_GROUPS))
    for g, entities, p in zip(todo, shared, found, strict=True):
        known[tuple(g.passages)] = (entities, p)
    read = [known[tuple(g.passages)] for g in groups]
    labels = distinct_labels([p for _entities, p in read])
    for k, (g, (entities, _p), text) in enumerate(zip(groups, read, labels, strict=True), 1):
        g.id, g.shared, g.label = f"g{k}", list(entities), text


def distinct_labels(found: list[Parts]) -> list[str]:
    """The label of each group: what happens and who or where, with more of what it shares
    where that alone would not tell it from another group, and a numeral where nothing
    does."""
    # a concept or name many groups share (the protagonist of one text in two editions, the
    # army of a war) tells them apart no better than none: labels lead with what else
    common = _common(found)
    chosen = [_chosen(p, common) for p in found]
    ranked: dict[int, list[str]] = {}  # made only for the groups whose labels clash
    for _ in range(LABEL_ROUNDS):
        clashes = _clashes(chosen)
        if not clashes:
            break
        for ids in clashes:
            for k in ids:
                if k not in ranked:
                    ranked[k] = _ranked(found[k], common)
            _tell_apart(ids, chosen, ranked)
    return _numbered([SEPARATOR.join(c) for c in chosen])


def _common(found: list[Parts]) -> set[str]:
    """The concepts and names more than LABEL_COMMON of the groups share."""
    if len(found) < LABEL_MIN_GROUPS:
        return set()
    counts = Counter(f for p in found for f, _ in chain(p.concepts, p.names))
    return {f for f, n in counts.items() if n > LABEL_COMMON * len(found)}


def _chosen(p: Parts, common: set[str]) -> list[str]:
    """A label's parts: the group's most telling concept, its rarest names, then more
    concepts or content words; else its opening words."""
    concepts = [w for f, w in p.concepts if f not in common]
    names = [w for f, w in p.names if f not in common]
    parts = _unique(concepts[:1] + names[:LABEL_NAMES] + concepts[1:] + list(p.words))
    return parts[:LABEL_PARTS] or [p.opening]


def _ranked(p: Parts, common: set[str]) -> list[str]:
    """Everything a label of the group may show, best first (what tells it apart from a
    group with the same label is taken from here)."""
    head = _chosen(p, common)
    rest = [w for _, w in chain(p.concepts, p.names)] + [*p.numbers, *p.words, p.opening]
    return _unique(head + rest)


def _unique(words: list[str]) -> list[str]:
    return list(dict.fromkeys(words))


def _clashes(chosen: list[list[str]]) -> list[list[int]]:
    """The groups whose labels are the same, in sets (in group order)."""
    by_label: dict[str, list[int]] = {}
    for k, parts in enumerate(chosen):
        by_label.setdefault(SEPARATOR.join(parts), []).append(k)
    return [ids for ids in by_label.values() if len(ids) > 1]


def _tell_apart(ids: list[int], chosen: list[list[str]], ranked: dict[int, list[str]]) -> None:
    """Add to labels that are the same the best part of each that few of those groups
    share (at most half of them: what most of them share leaves theirs as it is; else any
    part that not all share)."""
    counts = Counter(w for k in ids for w in ranked[k])
    for most in (len(ids) // 2, len(ids) - 1):
        picks = [(k, w) for k in ids if (w := _rarer(ranked[k], chosen[k], counts, most))]
        if picks:
            break
    for k, w in picks:
        chosen[k].append(w)


def _rarer(ranked: list[str], chosen: list[str], counts: Counter, most: int) -> str:
    """The best part not in the label that at most `most` of the groups share ("" if none)."""
    return next((w for w in ranked if counts[w] <= most and w not in chosen), "")


def _numbered(labels: list[str]) -> list[str]:
    """Labels still the same (groups that share the same things, such as a repeated
    passage) are numbered in group order: `X`, `X (2)`..."""
    taken: set[str] = set()
    out = []
    for label in labels:
        text, n = label, 1
        while text in taken:
            n += 1
            text = f"{label} ({n})"
        taken.add(text)
        out.append(text)
    return out


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


def _parts(g, shared, space, passages, witness_of, names) -> Parts:
    stems = _shared_stems(g, space, witness_of)
    concepts = _ranked_concepts(g, space, stems)
    words = _ranked_words(stems, space, _named_stems(g, space))
    # each passage is read once for the words that write its concepts and shared stems
    forms = form_counts((passages[pid].text for pid in g.passages), {*concepts, *words})
    named = [(f, _entity_word(f, g, passages, names)) for f in shared]
    return Parts(
        concepts=tuple((f, _usual(forms[f])) for f in concepts if f in forms),
        names=tuple((f, w) for f, w in named if w and not f.startswith("num:")),
        numbers=tuple(f.partition(":")[2] for f in shared if f.startswith("num:")),
        words=tuple(next(iter(forms[s])) for s in words if s in forms)[:LABEL_WORDS],
        opening=first_words(passages[g.passages[0]].text, OPENING_WORDS) + " …",
    )


def _shared_stems(g, space, witness_of) -> list[str]:
    """The stems and concepts two or more of the group's witnesses use (in passage order)."""
    by_witness: dict[str, set[str]] = {}
    for pid in g.passages:
        by_witness.setdefault(witness_of[pid], set()).update(space.passages[pid].raw["stems"])
    counts = Counter(chain.from_iterable(by_witness.values()))
    return [s for s, n in counts.items() if n >= 2]


def _ranked_concepts(g, space, stems: list[str]) -> list[str]:
    """The shared concepts of narrative (siege, envoy, killing...), most telling first:
    the rarer in the edition and the more of the group's passages name it."""
    shared = [s for s in stems if s.startswith(CONCEPT)]
    if not shared:
        return []
    in_passages = Counter(
        f for pid in g.passages for f in space.passages[pid].raw["stems"] if f in shared
    )
    surprise = space.surprise["stems"]
    return sorted(shared, key=lambda f: (-surprise.get(f, 0.0) * in_passages[f], f))


def _ranked_words(stems: list[str], space, leave_out: frozenset[str]) -> list[str]:
    """The shared content words, rarest first (among equally rare, in a fixed order: the
    label must not change from one build to the next); not concepts or their words (shown
    as concepts), function words, nor the words of names, numbers and dates."""
    idf = space.idf["stems"]
    rarest = sorted(
        (s for s in stems if not s.startswith(CONCEPT) and s not in CONJOINED_FUNCTION_STEMS),
        key=lambda s: (-idf.get(s, 0), s),
    )
    kept = (s for s in rarest if s not in leave_out and concept_of(s) is None)
    return list(islice(kept, 2 * LABEL_WORDS))


def _named_stems(g, space) -> frozenset[str]:
    """The stems of the words of the group's names, numbers and dates (shown as such)."""
    words = chain.from_iterable(space.passages[pid].named for pid in g.passages)
    return frozenset(stem(w) for t in words for w in word_norms(t))


def _entity_word(f: str, g, passages, names: dict[str, str]) -> str:
    """A shared name, place or date as the label shows it ("" for a number)."""
    kind, _, val = f.partition(":")
    if kind in ("person", "place"):
        return names.get(f) or _surface(g, passages, f) or val.lstrip("~")
    return date_word(kind, val)


_DATE_ERA = {"hijri": "هـ", "ce": "م"}


def date_word(kind: str, value: str) -> str:
    """A date as labels and the editor's reasons write it (`617 هـ`, `1220 م`); "" when
    the kind is not a date."""
    era = _DATE_ERA.get(kind)
    return f"{value.lstrip('~')} {era}" if era else ""


def _usual(forms: dict[str, int]) -> str:
    """The word written most often; of equally frequent ones the shortest (the one with
    fewest clitics and marks: `حصار` before `حصاراً`), then the first written."""
    return min(forms, key=lambda w: (-forms[w], len(w)))


def _surface(g, passages, feature: str) -> str:
    kind, _, val = feature.partition(":")
    key = val.lstrip("~")
    for pid in g.passages:
        for e in passages[pid].entities:
            if e.kind == kind and (e.ref == key or e.key == key):
                return e.text
    return ""
