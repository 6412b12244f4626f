"""Passage features that survive paraphrase, as idf-weighted sparse vectors.

Three views of a passage: content-word stems; entities (authority refs, skeleton keys of
unlisted names, number values, years); character 3-grams of the stems' consonants (robust
to spellings, to words the stemmer mangles, and to other derivations of one root).
Stems and entities count as evidence (the surprise of what two passages share, in the
passage and in its neighbourhood); n-grams as a cosine of idf-weighted unit vectors.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import chain
from sys import intern

from edition.arabic.concepts import concept_of
from edition.arabic.normalize import normalize_orthographic
from edition.arabic.stems import CONJOINED_FUNCTION_STEMS, stem
from edition.arabic.tokens import TOKEN_RE, tokenize, word_norms
from edition.data import load_json
from edition.model import Passage, Witness

VIEWS = ("stems", "entities", "grams")
WEIGHTS = {"stems": 0.45, "entities": 0.35, "grams": 0.20}
GRAM = 3
CONCEPT = "≈"  # the prefix of a concept feature (envoy, siege...) among the stems
_VOWELS = str.maketrans("", "", "اوي")


def consonants(s: str) -> str:
    """A stem without its long vowels after the first letter: close to its root, so that
    `حاصر`, `حصار` and `محاصره` share n-grams."""
    return s[:1] + s[1:].translate(_VOWELS) if len(s) > 2 else s


# the kinds of entity whose words are names, numbers and dates (not content words)
NAMED = frozenset({"person", "place", "number", "date"})

# Entities are evidence in proportion to their rarity, not a profile to compare: two
# passages that both name only the ubiquitous ruler are not alike. Their view adds up the
# idf of shared entities and maps it to 0..1 (half-way at ENTITY_HALF).
ENTITY_HALF = 2.5
# Shared content words likewise: the surprise of each shared stem (log N/df) adds up, so a
# few rare words in common (silver, ears, eyes) weigh more than many common ones.
STEM_HALF = 5.0
COMMON = {"stems": 0.15, "entities": 0.25}
# Fewer passages than this in all: how common a word is cannot be told.
RARITY_MIN = 20
# The background work's passages count as this many more passages when a stem's rarity is
# judged (a small edition leans on it; a long one hardly).
BACKGROUND = 500
# Passages with very few content words get their n-gram similarity shrunk.
SHORT = 8
# A passage's context: its neighbours in its witness. Narratives refer back ("the city",
# "he"), so what a passage is about is often named just before it. Context evidence is
# half of the score; the passage's own evidence the other half.
CONTEXT_BEFORE = 2
CONTEXT_AFTER = 1
CONTEXT_WEIGHT = 0.5
HALF = {  # where each view's evidence is half-way to 1 (a context's counts for less)
    "stems": STEM_HALF,
    "entities": ENTITY_HALF,
    "ctx_stems": 2 * STEM_HALF,
    "ctx_entities": 2 * ENTITY_HALF,
}


@dataclass
class PassageFeatures:
    siglum: str
    index: int  # position among the witness's passages
    id: str
    raw: dict[str, Counter]  # view -> feature counts
    vec: dict[str, dict[str, float]]  # view -> unit vector (after idf)
    info: dict[str, dict[str, float]] = field(default_factory=dict)  # informative -> surprise
    own: dict[str, dict[str, float]] | None = None  # the passage's own informative features
    key: int = 0  # the passage's words (normalised), hashed: equal for identical passages
    words: int = 0
    named: tuple[str, ...] = ()  # the words of its names, numbers and dates, as written


# Features are interned (stems by `stem`): one string for each feature however many
# passages hold it, so that comparing two passages' features finds each shared one by
# identity, in memory that stays in the cache.


def entity_features(passage: Passage) -> Counter:
    out: Counter = Counter()
    for e in passage.entities:
        if e.kind in ("person", "place"):
            out[intern(f"{e.kind}:{e.ref or '~' + e.key}")] += 1
        elif e.kind == "number" and e.value is not None and e.value > 1:
            out[intern(f"num:{e.value}")] += 1
        elif e.kind == "date":
            if e.hijri:
                out[intern(f"hijri:{e.hijri[:4].rstrip('-')}")] += 1
            if e.ce:
                out[intern(f"ce:{e.ce}")] += 1
    return out


def word_features(text: str) -> tuple[Counter, Counter, int, int]:
    """A text's stems (and concepts), consonant n-grams, the hash of its normalised words
    (equal for identical passages) and its number of words."""
    norms = word_norms(text)
    found = [s for s in map(stem, norms) if s]
    grams = Counter(chain.from_iterable(map(_grams, found)))
    # a concept (envoy, siege...) counts like a word both passages use
    found += [intern(CONCEPT + c) for c in map(concept_of, norms) if c]
    return Counter(found), grams, hash(" ".join(norms)), len(norms)


def _without_notes(passage: Passage) -> str:
    """The passage's text without its editors' note references, `(12)`: two editions of a
    text, one with the printed edition's note numbers and one without, then have identical
    passages."""
    notes = [e for e in passage.entities if e.kind == "note"]
    if not notes:
        return passage.text
    parts, pos = [], 0
    for e in notes:
        parts.append(passage.text[pos : e.start])
        pos = e.end
    parts.append(passage.text[pos:])
    return " ".join(parts)


@lru_cache(maxsize=131072)
def _grams(s: str) -> tuple[str, ...]:
    padded = f"_{consonants(s)}_"
    return tuple(intern(padded[k : k + GRAM]) for k in range(max(1, len(padded) - GRAM + 1)))


class FeatureSpace:
    """Features of every passage of every witness, with document frequencies for idf."""

    def __init__(self, witnesses: list[Witness]):
        self.passages: dict[str, PassageFeatures] = {}
        self.by_witness: dict[str, list[PassageFeatures]] = {}
        raws = []
        seen: dict[str, tuple] = {}  # identical passages (versions of one text) are read once
        for w in witnesses:
            for i, p in enumerate(w.work_passages):  # an editor's notes are not aligned
                text = _without_notes(p)
                found = seen.get(text)
                if found is None:
                    found = seen[text] = word_features(text)
                stems, grams, key, words = found  # shared, never changed
                raw = {"stems": stems, "entities": entity_features(p), "grams": grams}
                named = tuple(e.text for e in p.entities if e.kind in NAMED)
                raws.append((w.siglum, i, p.id, raw, key, words, named))
        # in how many passages each feature occurs (iterating a Counter gives its features)
        df = {v: Counter(chain.from_iterable(r[3][v] for r in raws)) for v in VIEWS}
        self.n = max(len(raws), 1)
        n = self.n
        # (most features occur in one passage or a few: each count's logarithm is taken once)
        self.idf = {v: _by_count(df[v], lambda c: math.log(1 + n / c)) for v in VIEWS}
        # information beyond what a feature present in a share q of passages carries:
        # the ubiquitous ruler, or a word every passage uses, counts for nothing. A word's
        # share is taken among the witnesses' passages and, as if they were BACKGROUND more
        # passages, in a long work of Arabic prose: in an edition of two short accounts of
        # a war, its ordinary words (to kill, to besiege, army) are not rare
        seen_in, passages = background()
        q, m = COMMON["stems"], n + BACKGROUND
        self.surprise = {
            "stems": {
                f: max(0.0, math.log(q * m / (c + BACKGROUND * seen_in.get(f, 0) / passages)))
                for f, c in df["stems"].items()
            },
            "entities": _by_count(
                df["entities"], lambda c, q=COMMON["entities"]: max(0.0, math.log(q * n / c))
            ),
        }
        self.df = df
        # what many passages of a witness name (its protagonists, its subject) tells nothing
        # about which of them tells what, however rare it is in the other witnesses (a long
        # book beside short accounts would make the accounts' every passage look alike);
        # told once a witness has RARITY_MIN passages
        self.common: dict[str, dict[str, set[str]]] = {}
        by_w: dict[str, list[dict[str, Counter]]] = defaultdict(list)
        for r in raws:
            by_w[r[0]].append(r[3])
        for w, rs in by_w.items():
            if len(rs) >= RARITY_MIN and len(by_w) > 1:
                self.common[w] = {
                    v: {
                        f
                        for f, k in Counter(chain.from_iterable(r[v] for r in rs)).items()
                        if k > COMMON[v] * len(rs)
                    }
                    for v in ("stems", "entities")
                }
        for siglum, i, pid, raw, key, words, named in raws:
            pf = PassageFeatures(siglum, i, pid, raw, {}, key=key, words=words, named=named)
            self.passages[pid] = pf
            self.by_witness.setdefault(siglum, []).append(pf)

    def ready(self, pf: PassageFeatures) -> PassageFeatures:
        """The passage with what comparing it needs (made on first use: a passage that is
        never compared, or compared only in a worker process, costs nothing here)."""
        if pf.vec:
            return pf
        pf.vec = {"grams": self._unit(pf.raw["grams"], self.idf["grams"])}  # a cosine
        # only informative features can add evidence: keep just those, with weights; its
        # context's are those of the passages in its window (which features, not how often)
        own = self._informative(pf)
        pf.info = dict(own)
        for view in ("stems", "entities"):
            ctx: dict[str, float] = {}
            for o in self._window(pf):
                ctx.update(self._informative(o)[view])
            pf.info["ctx_" + view] = ctx
        return pf

    def forget(self) -> None:
        """Drop what `ready` made (made again on first use), and the memory it holds."""
        for pf in self.passages.values():
            pf.vec, pf.info, pf.own = {}, {}, None

    def shared_content(self, a: PassageFeatures, b: PassageFeatures) -> list[str]:
        """The informative content words two passages share: stems, not concepts, not
        words most passages use, not function words behind a conjunction (`وهو`, `وقد`),
        and not the words of a name, number or date (those are evidence as entities)."""
        shared = a.raw["stems"].keys() & b.raw["stems"].keys()
        return self._content(shared, a.named + b.named)

    def shared_in_context(self, a: PassageFeatures, b: PassageFeatures) -> list[str]:
        """The informative content words (as `shared_content`) that the two passages'
        contexts share: the windows in their witnesses that the score's context reads."""
        wa, wb = self._window(a), self._window(b)
        shared = self.context(a, "stems") & self.context(b, "stems")
        return self._content(shared, tuple(chain.from_iterable(o.named for o in wa + wb)))

    def _content(self, shared: set[str], named: tuple[str, ...]) -> list[str]:
        out = [s for s in shared if not s.startswith(CONCEPT) and s not in CONJOINED_FUNCTION_STEMS]
        if self.n >= RARITY_MIN:  # (in a handful of passages no word can be told common)
            surprise = self.surprise["stems"]
            out = [s for s in out if surprise.get(s, 0.0) > 0]
        if out and named:
            names = {stem(n) for t in named for n in word_norms(t)}
            out = [s for s in out if s not in names]
        return sorted(out)

    def _window(self, pf: PassageFeatures) -> list[PassageFeatures]:
        pfs = self.by_witness[pf.siglum]
        return pfs[max(0, pf.index - CONTEXT_BEFORE) : pf.index + CONTEXT_AFTER + 1]

    def context(self, pf: PassageFeatures, view: str) -> set[str]:
        """The features of a view in the passage's context (its window in its witness)."""
        return set(chain.from_iterable(o.raw[view] for o in self._window(pf)))

    def _informative(self, pf: PassageFeatures) -> dict[str, dict[str, float]]:
        """A passage's own stems and entities that carry information, with their surprise
        (made once: each passage is in the context of several)."""
        if pf.own is None:
            common = self.common.get(pf.siglum, {})
            pf.own = {
                v: _informative(pf.raw[v], self.surprise[v], common.get(v, ()))
                for v in ("stems", "entities")
            }
        return pf.own

    @staticmethod
    def _unit(counts: Counter, idf: dict[str, float]) -> dict[str, float]:
        tf, n = _TF, len(_TF)
        weighted = {f: (tf[c] if c < n else 1 + math.log(c)) * idf[f] for f, c in counts.items()}
        norm = math.sqrt(sum([x * x for x in weighted.values()])) or 1.0
        return {f: x / norm for f, x in weighted.items()}


def _informative(counts: Counter, surprise: dict[str, float], common) -> dict[str, float]:
    """The features counted that carry information (not common), with their surprise."""
    get = surprise.get
    return {f: s for f in counts if (s := get(f, 0.0)) > 0 and f not in common}


def written_forms(sources, wanted: set[str]) -> dict[str, dict[str, str]]:
    """For each wanted stem or concept (`≈envoy`), the first word each source writes it
    with, as written: {feature: {source: word}}. `sources`: (source, text) pairs, in order
    (a source may come back with more text)."""
    out: dict[str, dict[str, str]] = {}
    for source, text in sources:
        for t in tokenize(text):
            if not t.is_word:
                continue
            if (st := stem(t.norm)) in wanted:
                out.setdefault(st, {}).setdefault(source, t.text)
            if (c := concept_of(t.norm)) and CONCEPT + c in wanted:
                out.setdefault(CONCEPT + c, {}).setdefault(source, t.text)
    return out


def form_counts(texts, wanted: set[str]) -> dict[str, dict[str, int]]:
    """For each wanted stem or concept (`≈siege`), how often each word writes it in the
    texts, as written (in order of first use, so that a tie goes to the earliest)."""
    out: dict[str, dict[str, int]] = {}
    for text in texts:
        for word in TOKEN_RE.findall(text):
            found = _word_features(word)
            if wanted.isdisjoint(found):  # (most words)
                continue
            for f in found:
                if f in wanted:
                    forms = out.setdefault(f, {})
                    forms[word] = forms.get(word, 0) + 1
    return out


@lru_cache(maxsize=1 << 18)  # asked of every word of a group's passages: words recur
def _word_features(word: str) -> tuple[str, str]:
    """A written word's stem and concept feature ("" for none, and for punctuation)."""
    norm = normalize_orthographic(word)
    found = concept_of(norm) if norm else None
    return (stem(norm) if norm else ""), (CONCEPT + found if found else "")


@lru_cache(maxsize=1)
def background() -> tuple[dict[str, int], int]:
    """In how many passages of the background work each stem occurs, and its passages
    (`edition/data/background.json`, made by scripts/background.py)."""
    data = load_json("background.json")
    return data["stems"], data["passages"]


def _by_count(counts: Counter, fn) -> dict[str, float]:
    """fn(count) for each feature, computed once for each count."""
    values = {c: fn(c) for c in set(counts.values())}
    return {f: values[c] for f, c in counts.items()}


_TF = [0.0] + [1 + math.log(c) for c in range(1, 64)]  # the weight of a count (1 + ln c)


def dot(u: dict[str, float], v: dict[str, float]) -> float:
    return sum(u[f] * v[f] for f in u.keys() & v.keys())


def _evidence(da: dict[str, float], db: dict[str, float], half: float) -> float:
    """Shared features' surprise, added up and mapped to 0..1 (half-way at `half`)."""
    if not da or not db:
        return 0.0
    total = sum(map(da.__getitem__, da.keys() & db.keys()))
    return total / (total + half)


def view_scores(a: PassageFeatures, b: PassageFeatures, space: FeatureSpace) -> dict[str, float]:
    return dict(zip(VIEWS, _views(a, b, space), strict=True))


def _views(a: PassageFeatures, b: PassageFeatures, space: FeatureSpace) -> tuple[float, ...]:
    """The similarity of two passages in each view, in the order of VIEWS (a tuple: it is
    asked of millions of pairs)."""
    if not a.vec:
        space.ready(a)
    if not b.vec:
        space.ready(b)
    ia, ib, c = a.info, b.info, CONTEXT_WEIGHT
    own_s = _evidence(ia["stems"], ib["stems"], HALF["stems"])
    own_e = _evidence(ia["entities"], ib["entities"], HALF["entities"])
    ctx_s = _evidence(ia["ctx_stems"], ib["ctx_stems"], HALF["ctx_stems"])
    ctx_e = _evidence(ia["ctx_entities"], ib["ctx_entities"], HALF["ctx_entities"])
    return (
        (1 - c) * own_s + c * ctx_s,
        (1 - c) * own_e + c * ctx_e,
        dot(a.vec["grams"], b.vec["grams"]) * shortness(a, b),
    )


def shared_evidence(a: PassageFeatures, b: PassageFeatures, view: str) -> list[tuple[str, float]]:
    """What `_evidence` adds up for a view: the informative features both passages (for
    a `ctx_` view, both neighbourhoods) hold, with the surprise each adds; largest first."""
    da = a.info[view]
    return sorted(((f, da[f]) for f in da.keys() & b.info[view].keys()), key=_largest)


def shared_grams(a: PassageFeatures, b: PassageFeatures) -> list[tuple[str, float]]:
    """What the n-gram cosine of `view_scores` adds up: each shared n-gram's part of it."""
    u, v = a.vec["grams"], b.vec["grams"]
    return sorted(((f, u[f] * v[f]) for f in u.keys() & v.keys()), key=_largest)


def shortness(a: PassageFeatures, b: PassageFeatures) -> float:
    """What the n-gram cosine of two passages is multiplied by (below 1 if one is short)."""
    return min(1.0, min(len(a.raw["stems"]), len(b.raw["stems"])) / SHORT)


def holders(space: FeatureSpace, pf: PassageFeatures, view: str, feature: str) -> list[str]:
    """The passages of pf's neighbourhood (itself included) whose own informative features
    of a view (`stems`, `entities`) include a feature."""
    return [o.id for o in space._window(pf) if feature in space._informative(o)[view]]


def _largest(item: tuple[str, float]) -> tuple[float, str]:
    return -item[1], item[0]


def similarity(a: PassageFeatures, b: PassageFeatures, space: FeatureSpace) -> float:
    """The combined similarity of two passages (0..1): the views weighed and added up."""
    stems, entities, grams = _views(a, b, space)
    return _W_STEMS * stems + _W_ENTITIES * entities + _W_GRAMS * grams


_W_STEMS, _W_ENTITIES, _W_GRAMS = (WEIGHTS[v] for v in VIEWS)


def similarity_rows(space: FeatureSpace, left: list[PassageFeatures], right: list[PassageFeatures]):
    """`similarity(a, b)` for every b of `right`, one row per a of `left` (the same values,
    made together: shared features are found through an index of `right` instead of
    intersecting each pair's)."""
    for pf in (*left, *right):
        space.ready(pf)
    postings: dict[str, dict[str, list[int]]] = {v: defaultdict(list) for v in HALF}
    grams: dict[str, list[tuple[int, float]]] = defaultdict(list)
    for k, b in enumerate(right):
        for view, index in postings.items():
            for f in b.info[view]:
                index[f].append(k)
        for f, w in b.vec["grams"].items():
            grams[f].append((k, w))
    sizes = [len(b.raw["stems"]) for b in right]
    c, m = CONTEXT_WEIGHT, len(right)
    ws, we, wg = WEIGHTS["stems"], WEIGHTS["entities"], WEIGHTS["grams"]
    for a in left:
        ev = {}
        for view, index in postings.items():
            total = [0.0] * m
            for f, w in a.info[view].items():
                for k in index.get(f, ()):
                    total[k] += w
            half = HALF[view]
            ev[view] = [x / (x + half) for x in total]
        cos = [0.0] * m
        for f, u in a.vec["grams"].items():
            for k, w in grams.get(f, ()):
                cos[k] += u * w
        n = len(a.raw["stems"])
        shrink = [min(1.0, min(n, size) / SHORT) for size in sizes]
        yield [
            ws * ((1 - c) * s + c * cs) + we * ((1 - c) * e + c * ce) + wg * g * k
            for s, cs, e, ce, g, k in zip(
                *(ev[v] for v in ("stems", "ctx_stems", "entities", "ctx_entities")),
                cos,
                shrink,
                strict=True,
            )
        ]
