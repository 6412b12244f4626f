"""The apparatus as TEI parallel segmentation: one `ab` per aligned group, shared text and
`app` elements whose `rdg`s (or `lem` for a chosen base) carry each witness's reading."""

from __future__ import annotations

from lxml import etree

from edition.collate.model import TYPES, Apparatus
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


def add_apparatus_text(group: etree._Element, apparatus: Apparatus, labels: dict[str, str]):
    """Append `text[@type="apparatus"]` (one `ab` per collated group) to a `group`."""
    text = sub(group, "text", type="apparatus", xml_id="apparatus")
    body = sub(text, "body")
    div = sub(body, "div", type="apparatus", n=apparatus.base or None)
    for g in apparatus.groups:
        ab = sub(div, "ab", xml_id=f"{g.group}-ab", corresp=f"#{g.group}", n=labels.get(g.group))
        for part in g.parts:
            if isinstance(part, str):
                _append(ab, part)
                continue
            app = sub(
                ab,
                "app",
                xml_id=part.id,
                type=part.type,
                subtype=part.subtype or None,
                ana=f"#{category_id(part.type)}",
                corresp=f"#{part.corresp}" if part.corresp else None,
            )
            for r in part.readings:
                wit = " ".join(f"#{s}" for s in r.witnesses)
                is_lemma = apparatus.base and apparatus.base in r.witnesses
                rdg = sub(app, "lem" if is_lemma else "rdg", wit=wit)
                if r.text:
                    rdg.text = r.text
            if apparatus.base:  # the lemma first, as readers of a classical apparatus expect
                lem = app.find("{*}lem")
                if lem is not None:
                    app.remove(lem)
                    app.insert(0, lem)
    return text


def apparatus_to_json(apparatus: Apparatus, labels: dict[str, str]) -> dict:
    """The apparatus for other tools: groups, shared text and units, facts."""
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
                "facts": g.facts,
            }
            for g in apparatus.groups
        ],
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
