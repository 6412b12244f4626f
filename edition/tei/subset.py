"""A schema derived from TEI P5 `tei_all` for the elements this tool writes.

Compiling `tei_all` takes several seconds; the derived schema compiles in milliseconds.
It is `tei_all` with every element pattern outside `TOOL_ELEMENTS` replaced by
`notAllowed`, simplified as RelaxNG simplifies (RELAX NG 4.19: a choice loses its
`notAllowed` branches, a group, interleave, oneOrMore, element or attribute holding
`notAllowed` is `notAllowed`, an optional or zeroOrMore of it is `empty`), and cut down to
the definitions still reachable. Nothing else is changed: every content model, attribute
and datatype of a kept element is `tei_all`'s own; wildcard patterns are kept.

So, for a document whose elements are all either in `TOOL_ELEMENTS` or declared nowhere in
`tei_all` (a misspelled element, a foreign namespace), the derived schema and `tei_all` give
the same verdict: any way `tei_all` matches the document uses only element patterns named
as its elements are (all kept) or wildcards (kept), so it is a way the derived schema matches
it too; and a derived pattern is a `tei_all` pattern with some branches closed. A document
with any other element of `tei_all` (`lg`, `table`, `xenoData`...) needs `tei_all` itself.

The derived schema carries the names of `tei_all`'s other elements (an annotation that
RelaxNG ignores), so choosing between the two needs no look at `tei_all`.
`scripts/derive_schema.py` writes it; a test checks that deriving again gives the same file.
"""

from __future__ import annotations

import hashlib

from lxml import etree

RNG_NS = "http://relaxng.org/ns/structure/1.0"
TEI_NS = "http://www.tei-c.org/ns/1.0"
XML_NS = "http://www.w3.org/XML/1998/namespace"
META_NS = "urn:x-edition:schema-subset"  # the annotation naming the other elements
R = f"{{{RNG_NS}}}"

# the elements the tool writes (witness TEI, authority, alignment, annotations, edition.xml),
# and the few a scholar's edits or a TEI witness commonly bring; all in the TEI namespace
TOOL_ELEMENTS = tuple(
    sorted(
        """
        TEI teiHeader fileDesc titleStmt title author editor respStmt resp name persName
        placeName publicationStmt publisher availability licence idno date p sourceDesc bibl
        biblScope
        listWit witness note encodingDesc editorialDecl normalization variantEncoding classDecl
        taxonomy category catDesc desc profileDesc langUsage language calendarDesc calendar
        revisionDesc change text body group div head ab s seg lb pb milestone anchor caesura
        gap ref ptr app lem rdg choice sic corr orig reg abbr expan del add hi measure num
        standOff linkGrp link listAnnotation annotation interpGrp interp listPerson person
        listPlace place location label
        """.split()
    )
)

# patterns holding other patterns: which of them a `notAllowed` child closes
CLOSED_BY_ANY_CHILD = {"group", "interleave", "oneOrMore", "list", "mixed", "element", "attribute"}
EMPTY_IF_CLOSED = {"optional", "zeroOrMore"}


def _element_name(el: etree._Element) -> tuple[str, str] | None:
    """(namespace, local name) of a named element pattern; None for a wildcard."""
    name = el.get("name")
    if name is None:
        return None
    if ":" in name:
        prefix, local = name.split(":", 1)
        return (XML_NS if prefix == "xml" else el.nsmap[prefix], local)
    scope = el
    while scope is not None and scope.get("ns") is None:
        scope = scope.getparent()
    return (scope.get("ns") if scope is not None else "", name)


def clark(ns_name: tuple[str, str]) -> str:
    ns, local = ns_name
    return f"{{{ns}}}{local}" if ns else local


def _not_allowed() -> etree._Element:
    return etree.Element(R + "notAllowed")


def _is_closed(el: etree._Element) -> bool:
    return el.tag == R + "notAllowed"


def _patterns(el: etree._Element) -> list[etree._Element]:
    """The pattern children of `el` (its name class left out)."""
    kids = [c for c in el if isinstance(c.tag, str)]
    if el.tag in (R + "element", R + "attribute") and el.get("name") is None:
        kids = kids[1:]
    return kids


def _simplify(el: etree._Element) -> bool:
    """Simplify `el`'s patterns bottom-up; whether anything changed."""
    changed = False
    for child in list(el):
        if isinstance(child.tag, str) and child.tag != R + "except":
            changed |= _simplify(child)
    local = etree.QName(el).localname
    kids = _patterns(el)
    if local == "choice":
        closed = [k for k in kids if _is_closed(k)]
        if closed and len(closed) < len(kids):
            for k in closed:
                el.remove(k)
            changed = True
        kids = _patterns(el)
        if len(kids) == 1 and el.getparent() is not None:
            el.getparent().replace(el, kids[0])
            return True
        if kids and all(_is_closed(k) for k in kids):
            return _replace(el, _not_allowed())
    elif any(_is_closed(k) for k in kids):
        if local in CLOSED_BY_ANY_CHILD:
            return _replace(el, _not_allowed())
        if local in EMPTY_IF_CLOSED:
            return _replace(el, etree.Element(R + "empty"))
    return changed


def _replace(el: etree._Element, new: etree._Element) -> bool:
    new.tail = el.tail
    el.getparent().replace(el, new)
    return True


def _close_refs(root: etree._Element) -> bool:
    """Refs to a definition that is `notAllowed` become `notAllowed`."""
    closed = {
        d.get("name") for d in root.iter(R + "define") if any(_is_closed(k) for k in _patterns(d))
    }
    refs = [r for r in root.iter(R + "ref") if r.get("name") in closed]
    for r in refs:
        _replace(r, _not_allowed())
    return bool(refs)


def _keep_reachable(root: etree._Element) -> None:
    defines = {d.get("name"): d for d in root.iter(R + "define")}
    seen: set[str] = set()
    todo = [root.find(R + "start")]
    while todo:
        for ref in todo.pop().iter(R + "ref"):
            if ref.get("name") not in seen:
                seen.add(ref.get("name"))
                todo.append(defines[ref.get("name")])
    for name, d in defines.items():
        if name not in seen:
            root.remove(d)


def _strip_annotations(root: etree._Element) -> None:
    """Documentation, Schematron and comments: RelaxNG validation ignores them."""
    for el in list(root.iter()):
        foreign = not isinstance(el.tag, str) or not el.tag.startswith(R)
        if foreign and el.getparent() is not None:
            el.getparent().remove(el)


def derive(tei_all: bytes, keep: tuple[str, ...] = TOOL_ELEMENTS) -> bytes:
    """The derived schema (the bytes of an .rng file) from the bytes of tei_all.rng."""
    root = etree.fromstring(tei_all, etree.XMLParser(remove_blank_text=True))
    kept = {(TEI_NS, name) for name in keep}
    declared: set[tuple[str, str]] = set()
    for el in list(root.iter(R + "element")):
        name = _element_name(el)
        if name is None:
            continue
        declared.add(name)
        if name not in kept:
            _replace(el, _not_allowed())
    missing = kept - declared
    if missing:
        raise ValueError(f"not elements of tei_all: {sorted(clark(n) for n in missing)}")
    _strip_annotations(root)
    while _simplify(root) | _close_refs(root):
        pass
    _keep_reachable(root)
    source = hashlib.sha256(tei_all).hexdigest()
    root.insert(0, etree.Comment(_header(source)))
    meta = etree.SubElement(root, f"{{{META_NS}}}others", nsmap={"subset": META_NS})
    meta.text = " ".join(sorted(clark(n) for n in declared - kept))
    etree.indent(root, space=" ")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8") + b"\n"


def _header(source_sha256: str) -> str:
    return (
        f" Derived from tei_all.rng (sha256 {source_sha256}) by scripts/derive_schema.py:"
        " tei_all for the elements the tool writes, other elements notAllowed."
        " subset:others names the other elements of tei_all. Do not edit; derive again. "
    )


def other_elements(derived: etree._ElementTree) -> frozenset[str]:
    """The Clark names of the tei_all elements the derived schema leaves out."""
    meta = derived.getroot().find(f"{{{META_NS}}}others")
    return frozenset((meta.text or "").split())
