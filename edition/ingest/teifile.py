"""TEI: a witness file this tool wrote, or any TEI document with a `body`.

Blocks are the body's `p`, `ab`, `head` and `l` elements; a tool-written file's `s`/`seg`
elements with `xml:id` keep their ids as passages. `pb`, `milestone`, `caesura` and
`anchor` become markers; `note` elements are editorial and left out of the witness text,
and so is what a `del` holds (struck out).
"""

from __future__ import annotations

import re
from pathlib import Path

from lxml import etree

from edition.arabic.tokens import tokenize
from edition.errors import TEIError, WitnessError
from edition.ingest import Imported, read_source, reader, witness_from
from edition.manifest import WitnessSpec
from edition.model import Marker, Passage, RawBlock, Witness
from edition.tei.ns import NS, TEI_NS, XML_ID, T

BLOCK_TAGS = {T("p"): "p", T("ab"): "p", T("head"): "head", T("l"): "p"}
PASSAGE_TAGS = {T("s"), T("seg")}
MARKER_TAGS = {
    T("pb"): "pb",
    T("milestone"): "milestone",
    T("caesura"): "caesura",
    T("anchor"): "anchor",
}
# not the witness's text: editors' notes, headers, running heads; what its scribe struck out
SKIP_TAGS = {T("note"), T("teiHeader"), T("fw"), T("del")}
WITNESS_READINGS = {T("sic"), T("orig"), T("abbr")}
_SPACES = re.compile(r"\s+")


def parse_tei(path: Path) -> etree._ElementTree:
    source = read_source(path)
    try:
        parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
        return etree.ElementTree(etree.fromstring(source.encode("utf-8"), parser))
    except etree.XMLSyntaxError as e:
        raise TEIError(path, f"line {e.lineno}: not well-formed XML: {e.msg}") from None


class _Flow:
    """Text with markers, collected from an element's descendants."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.markers: list[tuple[int, Marker]] = []
        self.length = 0

    def text(self, s: str | None) -> None:
        if s:
            self.parts.append(s)

    def marker(self, el: etree._Element) -> None:
        kind = MARKER_TAGS[el.tag]
        self.parts.append("\ue000")
        self.markers.append(
            (0, Marker(0, kind, el.get("n", ""), el.get("unit") or el.get("type", "")))
        )

    def walk(self, el: etree._Element) -> None:
        for child in el:
            if child.tag in MARKER_TAGS:
                self.marker(child)
            elif child.tag == T("lb"):
                self.text("" if child.get("break") == "no" else " ")
            elif child.tag == T("choice"):
                self._choice(child)
            elif child.tag not in SKIP_TAGS and isinstance(child.tag, str):
                self.text(child.text)
                self.walk(child)
            self.text(child.tail)

    def _choice(self, choice: etree._Element) -> None:
        """What the witness itself says: `sic`, `orig` or `abbr` over the editor's
        `corr`, `reg` or `expan`."""
        options = [c for c in choice if isinstance(c.tag, str)]
        own = [c for c in options if c.tag in WITNESS_READINGS] or options[:1]
        for c in own[:1]:
            self.text(c.text)
            self.walk(c)

    def build(self) -> tuple[str, list[Marker]]:
        """The text, spaces collapsed, and its markers at their offsets. A marker takes no
        room: the text around it keeps the space it had, or had not (a page break inside
        a word, `غلا<pb/>با`, leaves one word)."""
        raw = _SPACES.sub(" ", "".join(self.parts)).strip()
        out = []
        markers = []
        chunks = raw.split("\ue000")
        length = 0
        space = False  # a space is owed before the next text
        for k, chunk in enumerate(chunks):
            space = space or chunk[:1].isspace()
            text = chunk.strip()
            if text:
                if length and space:
                    out.append(" ")
                    length += 1
                out.append(text)
                length += len(text)
                space = False
            space = space or chunk[-1:].isspace()
            if k < len(chunks) - 1:
                m = self.markers[k][1]
                markers.append(Marker(length, m.kind, m.n, m.unit))
        return "".join(out), markers


def flow(el: etree._Element) -> tuple[str, list[Marker]]:
    f = _Flow()
    f.text(el.text)
    f.walk(el)
    return f.build()


def _passages(block: etree._Element, siglum: str, text: str, path: Path) -> list[Passage] | None:
    """The block's passages if it is segmented into `s`/`seg` with ids from this siglum and
    they hold its whole text (`text`, as read from the block), nothing outside them; a
    passage with no white space between it and the one before runs on from it (joined)."""
    kids = [c for c in block if c.tag in PASSAGE_TAGS]
    if not kids or not all((c.get(XML_ID) or "").startswith(f"{siglum}-") for c in kids):
        return None
    out: list[Passage] = []
    runs_on: list[tuple[int, etree._Element]] = []  # where a joined passage begins
    pos = 0  # how far into the block's text the passages so far reach
    for c in kids:
        own, markers = flow(c)
        if not own:
            continue
        at = pos + (text[pos : pos + 1] == " ")
        if not text.startswith(own, at):
            return None  # text outside the passages: the block is cut again, its words kept
        out.append(Passage(c.get(XML_ID), own, markers, joined=bool(out) and at == pos))
        if out[-1].joined:
            runs_on.append((at, c))
        pos = at + len(own)
    if pos != len(text):
        return None
    _refuse_cuts_in_words(text, runs_on, path)
    return out


def _refuse_cuts_in_words(text: str, runs_on: list[tuple[int, etree._Element]], path) -> None:
    """Passages that run on must begin where a word (a token) of the block's text does."""
    starts = {t.start for t in tokenize(text)} if runs_on else set()
    for at, c in runs_on:
        if at not in starts:
            raise TEIError(
                path,
                f"line {c.sourceline}: passage {c.get(XML_ID)} begins inside a word of the "
                "passage before it (put a space between them, or move the boundary)",
            )


def blocks_from_body(body: etree._Element, siglum: str, path: Path) -> list[RawBlock]:
    blocks: list[RawBlock] = []
    pending: list[Marker] = []
    for el in body.iter():
        if el.tag in MARKER_TAGS and not any(a.tag in BLOCK_TAGS for a in el.iterancestors()):
            pending.append(Marker(0, MARKER_TAGS[el.tag], el.get("n", ""), el.get("unit", "")))
            continue
        if el.tag not in BLOCK_TAGS or any(a.tag in BLOCK_TAGS for a in el.iterancestors()):
            continue
        if any(a.tag in SKIP_TAGS for a in el.iterancestors()):
            continue
        kind = BLOCK_TAGS[el.tag]
        text, markers = flow(el)
        passages = _passages(el, siglum, text, path)
        if not text and passages is None:
            pending.extend(markers)
            continue
        level = int(el.get("n")) if kind == "head" and (el.get("n") or "").isdecimal() else 0
        blocks.append(RawBlock(kind, text, markers, level, pending, passages))
        pending = []
    return blocks


def _header_meta(root: etree._Element) -> dict[str, str]:
    meta = {}
    title = root.findtext(".//tei:teiHeader//tei:titleStmt/tei:title", namespaces=NS)
    author = root.findtext(".//tei:teiHeader//tei:titleStmt/tei:author", namespaces=NS)
    if title and title.strip():
        meta["title"] = _SPACES.sub(" ", title).strip()
    if author and author.strip():
        meta["author"] = _SPACES.sub(" ", author).strip()
    return meta


@reader("tei")
def read_tei(path: Path, siglum: str) -> Imported:
    root = parse_tei(path).getroot()
    if not isinstance(root.tag, str) or not root.tag.startswith(f"{{{TEI_NS}}}"):
        raise TEIError(path, f"root element is not in the TEI namespace ({TEI_NS})")
    body = root.find(".//tei:text/tei:body", NS)
    if body is None:
        raise TEIError(path, "no <text><body> found: a TEI witness needs a body")
    blocks = blocks_from_body(body, siglum, path)
    if not any(b.text or b.sentences for b in blocks):
        raise WitnessError(path, "the TEI body holds no text")
    return Imported(blocks, _header_meta(root))


def _bibl(root: etree._Element, siglum: str) -> dict[str, str]:
    """A witness's bibliographic data from the listWit of an edition document."""
    found = root.xpath(".//tei:listWit/tei:witness[@xml:id=$s]", namespaces=NS, s=siglum)
    wit = found[0] if found else None
    out: dict[str, str] = {}
    if wit is None:
        return out
    for key, path in (
        ("title", "tei:bibl/tei:title"),
        ("author", "tei:bibl/tei:author"),
        ("date", "tei:bibl/tei:date"),
        ("source", "tei:bibl/tei:note[@type='source']"),
        ("note", "tei:bibl/tei:note[not(@type)]"),
    ):
        els = wit.xpath(path, namespaces=NS)
        el = els[0] if els else None
        if el is not None and "".join(el.itertext()).strip():
            out[key] = _SPACES.sub(" ", "".join(el.itertext())).strip()
    return out


def edition_witnesses(spec: WitnessSpec) -> list[Witness] | None:
    """All witnesses of a whole edition document (`text/group/text[@corresp]`), or None if
    the file is a single witness. With a siglum in the manifest, only that witness."""
    root = parse_tei(spec.path).getroot()
    texts = root.xpath("./tei:text/tei:group/tei:text[@corresp]", namespaces=NS)
    if not texts:
        return None
    out = []
    for text in texts:
        siglum = text.get("corresp").lstrip("#")
        if spec.siglum and siglum != spec.siglum:
            continue
        body = text.find("tei:body", NS)
        if body is None:
            raise TEIError(spec.path, f"line {text.sourceline}: the text of {siglum} has no body")
        bibl = {**_bibl(root, siglum), **spec.bibl}
        sub_spec = WitnessSpec(siglum, spec.path, "tei", bibl)
        out.append(witness_from(sub_spec, Imported(blocks_from_body(body, siglum, spec.path))))
    if spec.siglum and not out:
        raise WitnessError(spec.path, f"has no witness {spec.siglum!r}")
    return out
