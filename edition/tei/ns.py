"""Namespace constants and small element helpers, in one place."""

from __future__ import annotations

from lxml import etree

TEI_NS = "http://www.tei-c.org/ns/1.0"
XML_NS = "http://www.w3.org/XML/1998/namespace"
NSMAP = {None: TEI_NS}
NS = {"tei": TEI_NS}
XML_ID = f"{{{XML_NS}}}id"
XML_LANG = f"{{{XML_NS}}}lang"


def T(tag: str) -> str:
    """Clark name of a TEI element."""
    return f"{{{TEI_NS}}}{tag}"


def sub(parent: etree._Element, tag: str, text: str | None = None, **attrs: str) -> etree._Element:
    """Append a TEI child with attributes (`xml_id` -> xml:id, `xml_lang` -> xml:lang)."""
    el = etree.SubElement(parent, T(tag))
    for key, value in attrs.items():
        if value is None or value == "":
            continue
        if key == "xml_id":
            el.set(XML_ID, value)
        elif key == "xml_lang":
            el.set(XML_LANG, value)
        else:
            el.set(key.rstrip("_").replace("_", "-"), str(value))
    if text:
        el.text = text
    return el


def tei_document(
    title: str, publication: str, source: str
) -> tuple[etree._Element, etree._Element]:
    """A TEI root with a minimal header (title, publication, source): (root, teiHeader)."""
    root = etree.Element(T("TEI"), nsmap=NSMAP)
    header = sub(root, "teiHeader")
    fd = sub(header, "fileDesc")
    sub(sub(fd, "titleStmt"), "title", title)
    sub(sub(fd, "publicationStmt"), "p", publication)
    sub(sub(fd, "sourceDesc"), "p", source)
    return root, header


def standoff_document(title: str, publication: str, source: str) -> tuple[etree._Element, ...]:
    """A TEI document whose content is stand-off: (root, teiHeader, standOff); its body only
    says so."""
    root, header = tei_document(title, publication, source)
    stand_off = sub(root, "standOff")
    sub(sub(sub(root, "text"), "body"), "p", "The content of this file is in its standOff.")
    return root, header, stand_off
