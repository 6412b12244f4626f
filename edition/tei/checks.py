"""What the schema cannot check: pointers resolve, readings name declared witnesses, and
every witness reads back from the apparatus as its passages say."""

from __future__ import annotations

from lxml import etree

from edition.tei.ns import NS, XML_ID, T

POINTER_ATTRS = ("target", "corresp", "ref", "wit", "ana", "datingMethod")


def pointer_errors(tree: etree._ElementTree) -> list[tuple[int, str]]:
    ids = set(tree.xpath("//@xml:id"))
    errors = []
    for attr in POINTER_ATTRS:
        for el in tree.xpath(f"//*[@{attr}]"):
            for token in el.get(attr).split():
                if token.startswith("#") and token[1:] not in ids:
                    message = f"@{attr} points to {token}, which is not in this document"
                    errors.append((el.sourceline or 0, message))
    return errors


def witness_errors(tree: etree._ElementTree) -> list[tuple[int, str]]:
    declared = set(tree.xpath("//tei:listWit/tei:witness/@xml:id", namespaces=NS))
    errors = []
    for el in tree.xpath("//tei:rdg[@wit] | //tei:lem[@wit]", namespaces=NS):
        for token in el.get("wit").split():
            if token[1:] not in declared:
                errors.append((el.sourceline or 0, f"@wit {token} is not a witness of the listWit"))
    return errors


def _reading(ab: etree._Element, siglum: str) -> str:
    out = [ab.text or ""]
    for app in ab:
        if app.tag == T("app"):
            for r in app:
                if f"#{siglum}" in (r.get("wit") or "").split():
                    out.append("".join(r.itertext()))
        out.append(app.tail or "")
    return "".join(out)


def readback_errors(tree: etree._ElementTree) -> list[tuple[int, str]]:
    """Each witness's text through each `ab` must equal its aligned passages, joined."""
    passages = {
        el.get(XML_ID): "".join(el.itertext())
        for el in tree.xpath("//tei:text[@corresp]//tei:s[@xml:id]", namespaces=NS)
    }
    links = {
        el.get(XML_ID): el.get("target", "").split()
        for el in tree.xpath("//tei:linkGrp[@type='alignment']/tei:link", namespaces=NS)
    }
    errors = []
    for ab in tree.xpath("//tei:text[@type='apparatus']//tei:ab", namespaces=NS):
        group = (ab.get("corresp") or "")[1:]
        targets = [t[1:] for t in links.get(group, [])]
        sigla = sorted({w[1:] for w in ab.xpath(".//@wit") for w in w.split()})
        for siglum in sigla:
            own = [t for t in targets if t.startswith(f"{siglum}-")]
            expected = " ".join(passages.get(t, "") for t in own)
            if _reading(ab, siglum) != expected:
                message = f"witness {siglum} does not read back from {ab.get(XML_ID)}"
                errors.append((ab.sourceline or 0, message))
    return errors


def edition_errors(tree: etree._ElementTree) -> list[tuple[int, str]]:
    return pointer_errors(tree) + witness_errors(tree) + readback_errors(tree)
