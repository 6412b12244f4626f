"""Passage features that survive paraphrase, as idf-weighted sparse vectors.

Three views of a passage: content-word stems; entities (authority refs, skeleton keys of
unlisted names, number values, years); character 3-grams of the stems' consonants (robust
to spellings, to words the stemmer mangles, and to other derivations of one root). Each view is a unit vector, so a
pair's similarity in a view is a dot product.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass

from edition.arabic.stems import stem
from edition.arabic.tokens import tokenize
from edition.model import Passage, Witness

VIEWS = ("stems", "entities", "grams")
WEIGHTS = {"stems": 0.45, "entities": 0.35, "grams": 0.20}
GRAM = 3
_VOWELS = str.maketrans("", "", "اوي")


def consonants(s: str) -> str:
    """A stem without its long vowels after the first letter: close to its root, so that
    `حاصر`, `حصار` and `محاصره` share n-grams."""
    return s[:1] + s[1:].translate(_VOWELS) if len(s) > 2 else s


# Entities are evidence in proportion to their rarity, not a profile to compare: two
# passages that both name only the ubiquitous ruler are not alike. Their view adds up the
# idf of shared entities and maps it to 0..1 (half-way at ENTITY_HALF).
ENTITY_HALF = 5.0
# Shared content words likewise: the surprise of each shared stem (log N/df) adds up, so a
# few rare words in common (silver, ears, eyes) weigh more than many common ones.
STEM_HALF = 12.0
# Passages with very few content words get their stem and n-gram similarity shrunk.
SHORT = 8


@dataclass
class PassageFeatures:
    siglum: str
    index: int  # position among the witness's passages
    id: str
    raw: dict[str, Counter]  # view -> feature counts
    vec: dict[str, dict[str, float]]  # view -> unit vector (after idf)


def entity_features(passage: Passage) -> Counter:
    out: Counter = Counter()
    for e in passage.entities:
        if e.kind in ("person", "place"):
            out[f"{e.kind}:{e.ref or '~' + e.key}"] += 1
        elif e.kind == "number" and e.value is not None and e.value > 1:
            out[f"num:{e.value}"] += 1
        elif e.kind == "date":
            if e.hijri:
                out[f"hijri:{e.hijri[:4].rstrip('-')}"] += 1
            if e.ce:
                out[f"ce:{e.ce}"] += 1
    return out


def raw_features(passage: Passage) -> dict[str, Counter]:
    stems: Counter = Counter()
    grams: Counter = Counter()
    for t in tokenize(passage.text):
        if not t.is_word:
            continue
        s = stem(t.norm)
        if not s:
            continue
        stems[s] += 1
        padded = f"_{consonants(s)}_"
        for k in range(max(1, len(padded) - GRAM + 1)):
            grams[padded[k : k + GRAM]] += 1
    return {"stems": stems, "entities": entity_features(passage), "grams": grams}


class FeatureSpace:
    """Features of every passage of every witness, with document frequencies for idf."""

    def __init__(self, witnesses: list[Witness]):
        self.passages: dict[str, PassageFeatures] = {}
        self.by_witness: dict[str, list[PassageFeatures]] = {}
        df: dict[str, Counter] = {v: Counter() for v in VIEWS}
        raws = []
        for w in witnesses:
            for i, p in enumerate(w.passages):
                raw = raw_features(p)
                raws.append((w.siglum, i, p.id, raw))
                for v in VIEWS:
                    df[v].update(raw[v].keys())
        self.n = max(len(raws), 1)
        self.idf = {v: {f: math.log(1 + self.n / c) for f, c in df[v].items()} for v in VIEWS}
        self.surprise = {
            v: {f: math.log(self.n / c) for f, c in df[v].items()} for v in ("stems", "entities")
        }
        self.df = df
        for siglum, i, pid, raw in raws:
            vec = {v: self._unit(raw[v], self.idf[v]) for v in VIEWS}
            pf = PassageFeatures(siglum, i, pid, raw, vec)
            self.passages[pid] = pf
            self.by_witness.setdefault(siglum, []).append(pf)

    @staticmethod
    def _unit(counts: Counter, idf: dict[str, float]) -> dict[str, float]:
        weighted = {f: (1 + math.log(c)) * idf[f] for f, c in counts.items()}
        norm = math.sqrt(sum(x * x for x in weighted.values())) or 1.0
        return {f: x / norm for f, x in weighted.items()}


def dot(u: dict[str, float], v: dict[str, float]) -> float:
    if len(u) > len(v):
        u, v = v, u
    return sum(x * v.get(f, 0.0) for f, x in u.items())


def evidence(a: PassageFeatures, b: PassageFeatures, view: str, surprise, half: float) -> float:
    """Shared features' surprise, added up and mapped to 0..1 (half-way at `half`)."""
    shared = a.raw[view].keys() & b.raw[view].keys()
    total = sum(surprise.get(f, 0.0) for f in shared)
    return total / (total + half)


def view_scores(a: PassageFeatures, b: PassageFeatures, space: FeatureSpace) -> dict[str, float]:
    n = min(len(a.raw["stems"]), len(b.raw["stems"]))
    shrink = min(1.0, n / SHORT)
    return {
        "stems": evidence(a, b, "stems", space.surprise["stems"], STEM_HALF),
        "entities": evidence(a, b, "entities", space.surprise["entities"], ENTITY_HALF),
        "grams": dot(a.vec["grams"], b.vec["grams"]) * shrink,
    }


def similarity(a: PassageFeatures, b: PassageFeatures, space: FeatureSpace) -> float:
    """The combined similarity of two passages (0..1)."""
    return sum(WEIGHTS[v] * s for v, s in view_scores(a, b, space).items())
