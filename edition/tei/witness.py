"""A witness as TEI: the header from its bibliographic data, the body from its blocks.

Passages are `s` elements with stable `xml:id`s inside `p`/`head`, a space between two
unless the witness's text runs on there (`Passage.joined`); tagged spans become
`persName`/`placeName` (`@ref` into the authority list), `measure[@quantity]` for numbers
and `date` (`@when-custom` with `@datingMethod="#hijri"`, `@when` for a CE year, computed
`@notBefore`/`@notAfter`). Page breaks and milestones stay elements, never text.
"""

from __future__ import annotations

from lxml import etree

from edition.model import Block, Entity, Marker, Passage, Witness, separator
from edition.tei.ns import NSMAP, XML_LANG, T, sub

HIJRI_CALENDAR_ID = "hijri"


def _append_text(parent: etree._Element, s: str) -> None:
    if not s:
        return
    if len(parent):
        last = parent[-1]
        last.tail = (last.tail or "") + s
    else:
        parent.text = (parent.text or "") + s


def marker_element(parent: etree._Element, m: Marker, in_word: bool = False) -> etree._Element:
    """The TEI element of a marker; `in_word`: it stands inside a word (`break="no"`)."""
    joined = "no" if in_word else None
    if m.kind == "pb":
        return sub(parent, "pb", n=m.n, break_=joined)
    if m.kind == "milestone":
        return sub(parent, "milestone", unit=m.unit or "section", n=m.n, break_=joined)
    if m.kind == "caesura":
        return sub(parent, "caesura")
    return sub(parent, "anchor", type=m.unit, n=m.n)


def _entity_element(parent: etree._Element, e: Entity, ref_prefix: str) -> etree._Element:
    if e.kind in ("person", "place"):
        tag = "persName" if e.kind == "person" else "placeName"
        if e.ref:
            return sub(parent, tag, ref=f"{ref_prefix}#{e.ref}")
        return sub(parent, tag, key=e.key, type="unlisted")
    if e.kind == "number":
        return sub(parent, "measure", type="count", quantity=str(e.value))
    if e.kind == "note":  # the printed edition's note reference (the note is not given)
        return sub(parent, "ref", type="noteReference", n=str(e.value))
    attrs: dict[str, str] = {}
    if e.hijri:
        attrs["datingMethod"] = f"#{HIJRI_CALENDAR_ID}"
        if e.hijri_to:
            attrs["from_custom"], attrs["to_custom"] = e.hijri, e.hijri_to
        else:
            attrs["when_custom"] = e.hijri
    if e.ce and e.ce_to:
        attrs["from_"], attrs["to"] = e.ce.zfill(4), e.ce_to.zfill(4)
    elif e.ce:
        attrs["when"] = e.ce.zfill(4)
    elif e.not_before:
        attrs["notBefore"], attrs["notAfter"] = e.not_before, e.not_after
    if e.cert:
        attrs["cert"] = e.cert
    return sub(parent, "date", **attrs)


def write_passage_content(
    el: etree._Element,
    passage: Passage,
    ref_prefix: str = "",
    start: int = 0,
    end: int | None = None,
) -> None:
    """Fill `el` with passage.text[start:end], its entities and markers, as mixed content."""
    text = passage.text
    end = len(text) if end is None else end
    entities = [e for e in passage.entities if e.start >= start and e.end <= end]
    markers = [m for m in passage.markers if start <= m.offset <= end]

    def place(parent: etree._Element, m: Marker) -> None:
        inside = 0 < m.offset < len(text) and (text[m.offset - 1] + text[m.offset]).isalnum()
        marker_element(parent, m, in_word=inside)

    pos = start
    mi = 0
    for e in entities:
        while mi < len(markers) and markers[mi].offset <= e.start:
            _append_text(el, text[pos : markers[mi].offset])
            pos = markers[mi].offset
            place(el, markers[mi])
            mi += 1
        _append_text(el, text[pos : e.start])
        child = _entity_element(el, e, ref_prefix)
        inner = [m for m in markers[mi:] if m.offset < e.end]
        ipos = e.start
        for m in inner:
            _append_text(child, text[ipos : m.offset])
            place(child, m)
            ipos = m.offset
        _append_text(child, text[ipos : e.end])
        mi += len(inner)
        pos = e.end
    for m in markers[mi:]:
        _append_text(el, text[pos : m.offset])
        pos = m.offset
        place(el, m)
    _append_text(el, text[pos:end])


def write_blocks(parent: etree._Element, witness: Witness, ref_prefix: str = "") -> None:
    """Append the witness's blocks (and markers between them) to `parent` (a div). Each
    heading opens a `div` of its own, nested by heading level, as TEI wants heads first; an
    editor's section is a `div` of its type ("editorial", "paratext")."""
    stack: list[tuple[int, etree._Element]] = [(0, parent)]
    editor: tuple[str, etree._Element] | None = None  # the editor's section being written
    for block in witness.blocks:
        if block.kind == "head":
            level = max(block.level, 1)
            while len(stack) > 1 and stack[-1][0] >= level:
                stack.pop()
            section = sub(stack[-1][1], "div", type="section")
            stack.append((level, section))
            editor = None
        if block.section and (editor is None or editor[0] != block.section):
            editor = (block.section, sub(stack[-1][1], "div", type=block.section))
        elif not block.section:
            editor = None
            if _ends_in_div(stack[-1][1]):  # no paragraph may follow a div in a div: the
                # work goes on (an editor's section ended with no heading) in a div of its own
                stack.append((stack[-1][0], sub(stack[-1][1], "div", type="section")))
        target = editor[1] if editor else stack[-1][1]
        for m in block.markers_before:
            _between_blocks(target, m)
        _write_block(target, block, ref_prefix)
    for m in witness.trailing_markers:
        _between_blocks(stack[-1][1], m)


def _between_blocks(parent: etree._Element, m: Marker) -> None:
    """A marker between paragraphs; a hemistich's end (`caesura`) can stand only in text,
    so there it is an anchor of that type."""
    marker_element(parent, Marker(m.offset, "anchor", m.n, "caesura") if m.kind == "caesura" else m)


def _ends_in_div(el: etree._Element) -> bool:
    """Whether the last of an element's children, page breaks and such aside, is a div."""
    for child in reversed(el):
        if child.tag not in _MILESTONES:
            return child.tag == T("div")
    return False


_MILESTONES = {T("pb"), T("milestone"), T("anchor"), T("caesura"), T("lb")}


def _write_block(parent: etree._Element, block: Block, ref_prefix: str) -> None:
    el = sub(parent, "head" if block.kind == "head" else "p", xml_id=block.id)
    if block.kind == "head" and block.level:
        el.set("n", str(block.level))
    s = None
    for passage in block.passages:
        if s is not None:
            s.tail = separator(passage) or None  # joined: the text runs on, no space
        s = sub(el, "s", xml_id=passage.id)
        write_passage_content(s, passage, ref_prefix)


def bibl_element(parent: etree._Element, witness: Witness) -> etree._Element:
    bibl = sub(parent, "bibl")
    sub(bibl, "title", witness.title or witness.siglum)
    if witness.author:
        sub(bibl, "author", witness.author)
    if witness.date:
        sub(bibl, "date", witness.date)
    if witness.source:
        sub(bibl, "note", witness.source, type="source")
    if witness.note:
        sub(bibl, "note", witness.note)
    excerpt = getattr(witness, "excerpt", None)  # (from, to) of a manifest excerpt
    if excerpt:
        start, end = excerpt
        unit = (start or end).unit
        sub(bibl, "biblScope", unit=unit, from_=start and start.name, to=end and end.name)
    return bibl


def calendar_desc(profile_desc: etree._Element) -> None:
    cal = sub(sub(profile_desc, "calendarDesc"), "calendar", xml_id=HIJRI_CALENDAR_ID)
    sub(
        cal,
        "p",
        "Hijri (Islamic lunar) calendar; @when-custom gives the Hijri year (or year-month-day). "
        "CE ranges in @notBefore/@notAfter are computed from the tabular calendar.",
    )


def lang_usage(profile_desc: etree._Element) -> None:
    sub(sub(profile_desc, "langUsage"), "language", "Arabic", ident="ar")


def witness_to_tei(witness: Witness, authority_file: str = "authority.xml") -> etree._Element:
    """A complete TEI document for one witness."""
    root = etree.Element(T("TEI"), nsmap=NSMAP)
    root.set(XML_LANG, "ar")
    header = sub(root, "teiHeader")
    fd = sub(header, "fileDesc")
    ts = sub(fd, "titleStmt")
    sub(ts, "title", witness.title or f"Witness {witness.siglum}")
    if witness.author:
        sub(ts, "author", witness.author)
    pub = sub(fd, "publicationStmt")
    sub(pub, "p", f"Witness {witness.siglum} of the edition, encoded from {witness.format} input.")
    bibl_element(sub(fd, "sourceDesc"), witness)
    profile = sub(header, "profileDesc")
    lang_usage(profile)
    calendar_desc(profile)
    body = sub(sub(root, "text"), "body")
    div = sub(body, "div", type="witness", n=witness.siglum)
    write_blocks(div, witness, ref_prefix=authority_file)
    return root
