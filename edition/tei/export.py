"""The single TEI document of the edition, `output/edition.xml` (DESIGN.md, contract).

Header with `listWit` (one `witness` per siglum, with its bibliographic data), the
normalisation and the Hijri calendar declared; `standOff` with the authority lists;
`text/group/text[@corresp="#SIGLUM"]` holding each witness's full text in `p`/`s` with
`xml:id`s.
"""

from __future__ import annotations

from datetime import date

from lxml import etree

from edition import __version__
from edition.align.model import Alignment
from edition.align.tei import add_episodes, add_link_grp, add_scholars
from edition.annotate.store import DEFAULT_CATEGORIES, add_annotations, add_categories
from edition.collate.model import Apparatus
from edition.collate.tei import add_apparatus_text, add_facts, add_taxonomy
from edition.model import Witness
from edition.tag.authority import Authority, add_authority_lists
from edition.tei.ns import NSMAP, XML_LANG, T, sub
from edition.tei.witness import bibl_element, calendar_desc, lang_usage, write_blocks

NORMALISATION = (
    "Each witness is given exactly as received (whitespace aside). For comparison only, "
    "words are normalised: diacritics and tatweel removed; alef forms (أ إ آ ٱ) to ا; "
    "ؤ to و, ئ and ى to ي; ة to ه; Persian letter forms to Arabic; digits to ASCII. "
    "A skeleton (rasm) key, with long vowels dropped and dotted letters folded, matches names."
)


def edition_to_tei(
    witnesses: list[Witness],
    authority: Authority,
    title: str = "",
    alignment: Alignment | None = None,
    apparatus: Apparatus | None = None,
    today: date | None = None,
    editor: str = "",
    licence: str = "",
    annotations: list | None = None,
    annotation_categories: dict[str, str] | None = None,
    pinned: dict[frozenset[str], str] | None = None,
) -> etree._Element:
    """The whole edition as one TEI document. `pinned`: who pinned each pair of passages
    (`Overrides.pinned_by`), named in the header and pointed to by the links they made."""
    root = etree.Element(T("TEI"), nsmap=NSMAP)
    root.set(XML_LANG, "ar")
    header = sub(root, "teiHeader")
    fd = sub(header, "fileDesc")
    ts = sub(fd, "titleStmt")
    sub(
        ts,
        "title",
        title or "Critical edition: " + ", ".join(w.title or w.siglum for w in witnesses),
    )
    if editor:
        sub(ts, "editor", editor)
    resp = sub(ts, "respStmt")
    sub(resp, "resp", "Encoding, alignment and collation")
    sub(resp, "name", f"edition {__version__}")
    scholars = add_scholars(ts, alignment, pinned or {}) if alignment is not None else {}
    pub = sub(fd, "publicationStmt")
    sub(pub, "publisher", "edition")
    sub(pub, "date", when=(today or date.today()).isoformat())
    avail = sub(pub, "availability")
    if licence:
        sub(avail, "licence", licence)
    sub(avail, "p", "The witnesses' texts keep the rights of their sources.")
    source = sub(fd, "sourceDesc")
    lw = sub(source, "listWit")
    for w in witnesses:
        wit = sub(lw, "witness", xml_id=w.siglum, n=w.siglum)
        bibl_element(wit, w)
    enc = sub(header, "encodingDesc")
    ed = sub(enc, "editorialDecl")
    sub(sub(ed, "normalization"), "p", NORMALISATION)
    if apparatus is not None or alignment is not None or annotations:
        class_decl = sub(enc, "classDecl")
        if annotations:
            add_categories(class_decl, annotation_categories or DEFAULT_CATEGORIES)
        if apparatus is not None:
            add_taxonomy(class_decl)
        if alignment is not None and alignment.groups:
            add_episodes(class_decl, alignment)
    if apparatus is not None:
        sub(enc, "variantEncoding", method="parallel-segmentation", location="internal")
    profile = sub(header, "profileDesc")
    lang_usage(profile)
    calendar_desc(profile)
    stand_off = sub(root, "standOff")
    add_authority_lists(stand_off, authority)
    if alignment is not None and alignment.groups:
        add_link_grp(stand_off, alignment, resp=scholars)
    if apparatus is not None:
        add_facts(stand_off, apparatus)
    if annotations:
        add_annotations(stand_off, annotations, full=False)
    group = sub(sub(root, "text"), "group")
    for w in witnesses:
        text = sub(group, "text", corresp=f"#{w.siglum}", xml_id=f"text-{w.siglum}")
        div = sub(sub(text, "body"), "div", type="witness", n=w.siglum)
        write_blocks(div, w, ref_prefix="")
    if apparatus is not None and apparatus.groups:
        labels = {g.id: g.label for g in alignment.groups} if alignment else {}
        add_apparatus_text(group, apparatus, labels)
    return root
