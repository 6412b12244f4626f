"""The apparatus as TEI parallel segmentation: one `ab` per aligned group, shared text and
`app` elements whose `rdg`s (or `lem` for a chosen base) carry each witness's reading."""

from __future__ import annotations

from lxml import etree

from edition.collate.model import TYPES, App, Apparatus, Reading, Skip
from edition.tei.ns import sub

TAXONOMY_ID = "variant-types"


def category_id(kind: str) -> str:
    return f"var-{kind}"


def add_taxonomy(class_decl: etree._Element) -> None:
    """The variant typology, declared once in the header."""
    tax = sub(class_decl, "taxonomy", xml_id=TAXONOMY_ID)
    sub(tax, "desc", "Types of discrepancy between witnesses, set as app/@type.")
    for kind, desc in TYPES.items():
        cat = sub(tax, "category", xml_id=category_id(kind), n=kind)
        sub(cat, "catDesc", desc)


def _append(el: etree._Element, text: str) -> None:
    if len(el):
        el[-1].tail = (el[-1].tail or "") + text
    else:
        el.text = (el.text or "") + text


SKIP = "skip"  # gap/@reason and rdg/@type: a witness's reading goes on after a skip


def _skip_target(skip: Skip) -> str:
    return " ".join(f"#{pid}" for pid in skip.passages)


def _write_shared(ab: etree._Element, text: str, skips: list[Skip]) -> None:
    """Shared text, with a `gap` where a witness's reading skips passages (`@corresp`
    points to the skipped passages, which name the witness)."""
    at = 0
    for skip in skips:
        _append(ab, text[at : skip.offset])
        sub(ab, "gap", reason=SKIP, corresp=_skip_target(skip))
        at = skip.offset
    _append(ab, text[at:])


def _write_reading(app: etree._Element, tag: str, r: Reading, skips: list[Skip]) -> None:
    """A reading; where its witness skips passages inside it, the rest goes on in a further
    `rdg` of the same witness, `@type="skip"`, `@corresp` pointing to what is skipped (so
    that reading each of a witness's readings in order still gives its text)."""
    wit = " ".join(f"#{s}" for s in r.witnesses)
    cuts = [0, *(s.offset for s in skips), len(r.text)]
    for k, (a, b) in enumerate(zip(cuts, cuts[1:], strict=False)):
        if k == 0:
            el = sub(app, tag, wit=wit)
        else:
            el = sub(app, "rdg", wit=wit, type=SKIP, corresp=_skip_target(skips[k - 1]))
        if r.text[a:b]:
            el.text = r.text[a:b]


def _write_app(ab: etree._Element, part: App, base: str, skips: list[Skip]) -> None:
    app = sub(
        ab,
        "app",
        xml_id=part.id,
        type=part.type,
        subtype=part.subtype or None,
        ana=f"#{category_id(part.type)}",
        corresp=f"#{part.corresp}" if part.corresp else None,
    )
    readings = sorted(part.readings, key=lambda r: not (base and base in r.witnesses))
    for r in readings:  # the lemma first, as readers of a classical apparatus expect
        own = [s for s in skips if r.witnesses == [s.witness]]
        _write_reading(app, "lem" if base and base in r.witnesses else "rdg", r, own)


def add_apparatus_text(group: etree._Element, apparatus: Apparatus, labels: dict[str, str]):
    """Append `text[@type="apparatus"]` (one `ab` per collated group) to a `group`."""
    text = sub(group, "text", type="apparatus", xml_id="apparatus")
    body = sub(text, "body")
    div = sub(body, "div", type="apparatus", n=apparatus.base or None)
    for g in apparatus.groups:
        ab = sub(div, "ab", xml_id=f"{g.group}-ab", corresp=f"#{g.group}", n=labels.get(g.group))
        for k, part in enumerate(g.parts):
            if isinstance(part, str):
                _write_shared(ab, part, g.skips_in(k))
            else:
                _write_app(ab, part, apparatus.base, g.skips_in(k))
    return text


def apparatus_to_json(
    apparatus: Apparatus, labels: dict[str, str], sequence: dict[str, list[dict]] | None = None
) -> dict:
    """The apparatus for other tools: groups, shared text and units, skips (a witness's
    reading cut where it skips passages: `offset` characters into its text of part `part`),
    facts, and `sequence`: each witness in order, as the groups it is read through (each
    entry the next piece of its reading there) and its passages in no group."""
    return {
        "base": apparatus.base or None,
        "types": TYPES,
        "groups": [
            {
                "id": g.group,
                "label": labels.get(g.group, ""),
                "witnesses": g.witnesses,
                "parts": [
                    {"text": p}
                    if isinstance(p, str)
                    else {
                        "app": p.id,
                        "type": p.type,
                        "subtype": p.subtype or None,
                        "corresp": p.corresp or None,
                        "readings": [{"wit": r.witnesses, "text": r.text} for r in p.readings],
                    }
                    for p in g.parts
                ],
                "skips": [
                    {"wit": s.witness, "part": s.part, "offset": s.offset, "passages": s.passages}
                    for s in g.skips
                ],
                "facts": g.facts,
            }
            for g in apparatus.groups
        ],
        "sequence": sequence,
    }


def add_facts(stand_off: etree._Element, apparatus: Apparatus) -> None:
    """Each group's facts as an `interpGrp` pointing to its `ab`: one `interp` per value a
    witness gives (@type the kind, @n the key, @corresp the witness, @subtype "conflict")."""
    for g in apparatus.groups:
        if not g.facts:
            continue
        grp = sub(stand_off, "interpGrp", type="facts", corresp=f"#{g.group}-ab")
        for f in g.facts:
            for siglum, values in f["values"].items():
                for value in values:
                    sub(
                        grp,
                        "interp",
                        value,
                        type=f["kind"],
                        n=f["key"] or None,
                        subtype="conflict" if f["conflict"] else None,
                        corresp=f"#{siglum}",
                    )
