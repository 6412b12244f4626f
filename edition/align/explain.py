"""Why two passages were or were not aligned: shared evidence, scores, the decision."""

from __future__ import annotations

from dataclasses import dataclass, field

from edition.align.features import (
    CONCEPT,
    CONTEXT_AFTER,
    CONTEXT_BEFORE,
    CONTEXT_WEIGHT,
    HALF,
    WEIGHTS,
    FeatureSpace,
    PassageFeatures,
    holders,
    shared_evidence,
    shared_grams,
    shortness,
    view_scores,
    written_forms,
)
from edition.align.pairwise import ORDER_Z
from edition.align.run import AlignRun, not_aligned


@dataclass
class Explanation:
    a: str
    b: str
    shared_entities: list[str]
    shared_stems: list[str]
    context_entities: list[str]  # shared only through neighbouring passages
    views: dict[str, float]
    score: float
    z: float
    null_mean: float
    null_std: float
    linked: bool
    kind: str = ""
    reason: str = ""
    group: str = ""
    a_text: str = ""
    b_text: str = ""
    notes: list[str] = field(default_factory=list)
    # what each view's score is made of: {view: [part, ...]}, a part being
    # {"part", "share", "score", "total", "half", "features": [[feature, weight], ...]}
    evidence: dict[str, list[dict]] = field(default_factory=dict)

    def as_dict(self) -> dict:
        return dict(self.__dict__)

    def lines(self) -> list[str]:
        verdict = f"ALIGNED ({self.kind}, group {self.group})" if self.linked else "NOT ALIGNED"
        out = [
            f"{self.a} ~ {self.b}: {verdict}",
            f"  score {self.score:.3f} = "
            + " + ".join(f"{WEIGHTS[v]:.2f} {v} {self.views[v]:.3f}" for v in WEIGHTS),
            f"  {deviations(self.z, 'unrelated passages')}"
            f" (mean {self.null_mean:.3f}, sd {self.null_std:.3f})",
        ]
        for view in WEIGHTS:
            out += _view_lines(view, self.views[view], self.evidence.get(view, []))
        if self.linked and self.kind in WHY_LINKED:
            out.append(f"  why: {WHY_LINKED[self.kind]}")
        if self.reason:
            out.append(f"  why not: {self.reason}")
        out.extend(f"  {n}" for n in self.notes)
        return out


WHY_LINKED = {  # what each kind of link rests on
    "backbone": "far above chance, in the order of events these witnesses share",
    "in-order": "above chance, in the order of events these witnesses share",
    "enclosed": (
        "it lies between two passages linked to the other one, and is not below chance"
        " against it (one passage of a compressed account tells what several of the other do)"
    ),
    "transposition": "far above chance, though against the order of events (told elsewhere)",
    "unordered": (
        "far above chance, and sharing words besides names, numbers and dates; these"
        " witnesses tell nothing in the same order, so no order of events backs it"
    ),
    "pinned": "pinned by an override",
    "placed": (
        "left in no group between the same two groups in both witnesses, with mostly the"
        " same words: the order of events leaves them no other counterpart"
    ),
}


def deviations(z: float, than: str) -> str:
    """`1.5 standard deviations above shuffled orders`, or below them."""
    return f"{abs(z):.1f} standard deviations {'above' if z >= 0 else 'below'} {than}"


def _as_written(features: list[str], text_a: str, text_b: str) -> list[str]:
    """Shared concepts with the words each passage names them by: `≈envoy (سفارة / رسل)`."""
    concepts = {f for f in features if f.startswith(CONCEPT)}
    written = written_forms([("a", text_a), ("b", text_b)], concepts)
    out = []
    for f in features:
        words = list(dict.fromkeys(written.get(f, {}).values())) if f in concepts else []
        out.append(f"{f} ({' / '.join(words)})" if words else f)
    return out


FEATURES_SHOWN = 8  # features shown for each part of a score (the JSON has them all)
PART_NAMES = {
    "own": "shared by the two passages",
    "context": (
        f"shared within {CONTEXT_BEFORE} passages before and {CONTEXT_AFTER} after each,"
        " themselves included"
    ),
    "cosine": "of the character 3-grams of their stems' consonants, of which the view takes"
    " less when a passage has few words",
}


def _view_lines(view: str, score: float, parts: list[dict]) -> list[str]:
    """A view's score, the parts it is made of, and what produced each."""
    made = " + ".join(f"{p['share']:.2f} × {p['part']} {p['score']:.3f}" for p in parts)
    out = [f"  {view} {score:.3f} = {made}"]
    for p in parts:
        out.append(f"    {p['part']} {p['score']:.3f} ({PART_NAMES[p['part']]}): {_causes(p)}")
    return out


def _causes(part: dict) -> str:
    """The features behind a part of a score, with their weights; `none` if there are none."""
    features = part["features"]
    if not features:
        return "none"
    shown = "; ".join(f"{f} {w:.3f}" for f, w in features[:FEATURES_SHOWN])
    more = len(features) - FEATURES_SHOWN
    total = f" (in all {part['total']:.3f}, half-way at {part['half']:g})" if part["half"] else ""
    return shown + (f"; and {more} more" if more > 0 else "") + total


def score_parts(
    space: FeatureSpace, fa: PassageFeatures, fb: PassageFeatures, texts: dict[str, str]
) -> dict[str, list[dict]]:
    """What each view of `view_scores` is made of: its own and context evidence (for stems
    and entities) or its n-gram cosine, each with the features that produced it."""
    c = CONTEXT_WEIGHT
    out: dict[str, list[dict]] = {}
    for view in ("stems", "entities"):
        own = _evidence_part("own", 1 - c, shared_evidence(fa, fb, view), HALF[view])
        ctx_found = shared_evidence(fa, fb, "ctx_" + view)
        ctx = _evidence_part("context", c, ctx_found, HALF["ctx_" + view])
        for part in (own, ctx):
            part["features"] = [
                [_described(space, fa, fb, view, part["part"], f, texts), w]
                for f, w in part["features"]
            ]
        out[view] = [own, ctx]
    shrink = shortness(fa, fb)
    grams = shared_grams(fa, fb)
    cosine = sum(w for _, w in grams)
    out["grams"] = [
        {
            "part": "cosine",
            "share": shrink,
            "score": cosine,
            "total": cosine,
            "half": 0,
            "features": [[g, w] for g, w in grams],
        }
    ]
    return out


def _described(space, fa, fb, view: str, part: str, f: str, texts: dict[str, str]) -> str:
    """A feature as shown: a stem or concept with the words that write it, and for the
    context, the passages of each neighbourhood that hold it (`≈siege (حصار / نازل)
    [A-p8-s2 | C-p1-s11]`)."""
    where = [[fa.id], [fb.id]]
    if part == "context":
        where = [holders(space, pf, view, f) for pf in (fa, fb)]
    shown = f
    sources = [(pid, texts[pid]) for pid in (*where[0], *where[1]) if pid in texts]
    if view == "stems" and sources:
        words = dict.fromkeys(written_forms(sources, {f}).get(f, {}).values())
        shown += f" ({' / '.join(words)})" if words else ""
    if part == "context":
        shown += f" [{' | '.join(', '.join(ids) for ids in where)}]"
    return shown


def _evidence_part(name: str, share: float, found: list[tuple[str, float]], half: float) -> dict:
    """A part of a view made as `evidence` makes it: shared surprise, mapped to 0..1."""
    total = sum(w for _, w in found)
    return {
        "part": name,
        "share": share,
        "score": total / (total + half),
        "total": total,
        "half": half,
        "features": [[f, w] for f, w in found],
    }


class UnknownPassage(KeyError):
    """Passages that cannot be explained; `message` says why."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def explain(run: AlignRun, a: str, b: str, texts: dict[str, str] | None = None) -> Explanation:
    """Explain the decision for passages a and b (ids, in either order)."""
    space = run.space
    wo = run.alignment.witness_of
    for pid in (a, b):
        if pid not in wo:
            raise UnknownPassage(
                f"no passage {pid!r} (passage ids look like B-p5-s6; see tei/*.xml)"
            )
        if pid not in space.passages:
            raise UnknownPassage(not_aligned(pid))
    pair = next(((sa, sb) for (sa, sb) in run.pairs if {sa, sb} == {wo[a], wo[b]}), None)
    if pair is None:
        raise UnknownPassage(f"{a} and {b} are in the same witness")
    if wo[a] != pair[0]:
        a, b = b, a
    res = run.pairs[pair]
    fa, fb = space.passages[a], space.passages[b]
    views = view_scores(fa, fb, space)
    score = sum(w * views[v] for v, w in WEIGHTS.items())
    idf_e, idf_s = space.surprise["entities"], space.surprise["stems"]
    ents = sorted(fa.raw["entities"].keys() & fb.raw["entities"].keys(), key=lambda f: -idf_e[f])
    stems = sorted(fa.raw["stems"].keys() & fb.raw["stems"].keys(), key=lambda f: -idf_s[f])
    ctx = sorted(
        (space.context(fa, "entities") & space.context(fb, "entities")) - set(ents),
        key=lambda f: -idf_e[f],
    )
    kind = res.chosen.get((a, b), "")
    reason = (
        "" if kind else res.rejected.get((a, b), "no shared rare word or name: never a candidate")
    )
    group = run.alignment.group_of(a)
    linked = bool(kind)
    notes = []
    if res.order_z is not None:
        notes.append(
            "the order of events these witnesses share: "
            + deviations(res.order_z, "shuffled orders")
            + ("" if res.order_z >= ORDER_Z else f" (under {ORDER_Z}: no shared order)")
        )
    if linked and (group is None or b not in group.passages):
        notes.append(
            "the link was kept out of a group: merging would have chained unrelated passages"
        )
    texts = texts or {}
    if a in texts and b in texts:
        stems = _as_written(stems, texts[a], texts[b])
    return Explanation(
        a=a,
        b=b,
        shared_entities=ents,
        shared_stems=stems,
        context_entities=ctx,
        views=views,
        score=score,
        z=res.null.z(score, a, b),
        null_mean=res.null.mean,
        null_std=res.null.std,
        linked=linked,
        kind=kind,
        reason=reason,
        group=group.id if group and b in group.passages else "",
        a_text=texts.get(a, ""),
        b_text=texts.get(b, ""),
        notes=notes,
        evidence=score_parts(space, fa, fb, texts),
    )
