"""What the search box knows: every name and place of the edition with all its spellings
(from the authority file, and from the texts, where unlisted names meet by skeleton key),
so that a name typed in any spelling finds them all; and the skeleton rules, so that a
spelling it has never seen finds the name whose skeleton it shares."""

from __future__ import annotations

from functools import lru_cache

from edition.arabic.normalize import normalize_orthographic, skeleton

NAMED = ("person", "place")
PROCLITICS = "وفبلك"  # one-letter words written onto a name: `بأوترار`, `وسمرقند`


def name_index(edition) -> list[dict]:
    """One entry per name or place: {"label", "ekey", "forms": spellings found in the
    texts, as written, "norms": every spelling normalised (authority's and texts'),
    "skeletons"}."""
    found: dict[str, dict] = {}
    for e in edition.authority.entries:
        found[e.id] = _entry(e.label, e.names, f"{e.kind}:{e.id}")
    for w in edition.witnesses:
        for p in w.passages:
            for ent in p.entities:
                if ent.kind in NAMED and (ent.ref or ent.key):
                    ref = ent.ref or "~" + ent.key
                    item = found.setdefault(ref, _entry(ent.text, [], f"{ent.kind}:{ref[1:]}"))
                    _add(item, ent.text, written=True)
    return [_finish(item) for item in found.values() if item["forms"]]


def _entry(label: str, names: list[str], ekey: str) -> dict:
    """`ekey`: how the page's marks of the name say which it is (`data-ekey`)."""
    item = {"label": label, "forms": [], "norms": set(), "ekey": ekey}
    for name in names:
        _add(item, name, written=False)
    return item


def _add(item: dict, name: str, written: bool) -> None:
    norm = normalize_orthographic(name).strip()
    item["norms"].add(norm)
    if written:
        item["forms"].append((norm, name))


def _bare(norm: str, known: set[str]) -> str:
    """The name without a one-letter word written onto it, if that is a spelling too."""
    if len(norm) > 3 and norm[0] in PROCLITICS and norm[1:] in known:
        return norm[1:]
    return norm


def _finish(item: dict) -> dict:
    norms = {_bare(n, item["norms"]) for n in item["norms"]}
    forms: dict[str, str] = {}
    for norm, name in item["forms"]:
        if _bare(norm, norms) == norm:
            forms.setdefault(norm, name)
    skeletons = {k for n in norms if len(k := skeleton(n)) >= 3}
    return {
        "label": item["label"],
        "ekey": item["ekey"],
        "forms": list(forms.values()),
        "norms": sorted(norms),
        "skeletons": sorted(skeletons),
    }


@lru_cache(maxsize=1)
def skeleton_rules() -> dict[str, str]:
    """Tier 2 as data, for the page's search box: what each character of an orthographically
    normalised text becomes in a skeleton ("" if it is dropped), where that is not itself
    (`skeleton` works character by character)."""
    out = {}
    for c in map(chr, [*range(0x600, 0x700), *range(0x750, 0x780), 0x20, 0x200C]):
        if normalize_orthographic(c) == c and (k := skeleton.__wrapped__(c)) != c:
            out[c] = k
    return out
