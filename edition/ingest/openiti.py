"""OpenITI mARkdown: the format of the OpenITI corpus of Arabic texts.

`######OpenITI#` magic line, `#META#` header up to `#META#Header#End#`, `# ` paragraph
starts, `~~` continuation lines, `### |` headings (one `|` per level), `PageV01P081` page
markers (own line or inline) and `ms12` milestones, `%~%` hemistich separators, analytical
tags (`@QUR@08`, `#PER$0310Tabari`, `@PER$0279Baladhuri@12`, years such as `YD170`);
and in older files, `@QB@`/`@QE@` around a Quran quotation, a lone `%` ending a hemistich,
a lone `$` or `|` marking a section, biography or poem's end.
Markers become TEI `pb`/`milestone`/`caesura`/`anchor`, never text. `### |EDITOR|` and
`### |PARATEXT|` open an editor's section (introduction, endnotes, index) up to the next
heading: kept and marked as such, but not aligned with other witnesses. In a punctuated
text, a paragraph cut mid-sentence by a page break goes on after it.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from edition.errors import WitnessError
from edition.ingest import Imported, read_source, reader
from edition.model import Marker, RawBlock
from edition.segment import SENTENCE_END

MAGIC = "######OpenITI#"
_MARKUP = re.compile(
    r"(?P<pb>PageV(?P<vol>\d+)P(?P<page>\d+)[A-Za-z]?)"
    r"|(?P<ms>\bms(?P<msn>\d+)\b)"
    # older files mark a hemistich's end with a `%` standing alone
    r"|(?P<caesura>%~%|(?<!\S)%(?!\S))"
    # older files: a Quran quotation between `@QB@` and `@QE@`; a section, a biography or a
    # poem's end marked by a `$` or a `|` standing alone (`# $ ...`, `PageV01P007 $ فصل`)
    r"|@(?P<quran>Q[BE])@"
    r"|(?P<section>(?<!\S)(?:\$+|\|+)(?!\S))"
    # analytical tags: `@QUR@08`, `@QUR$1_1-2@08`, `#PER$0310Tabari`, `@MGR@PER$0279Baladhuri@12`
    r"|(?P<tag>(?:@[A-Z]{3})?[@#](?P<tagname>[A-Z]{3,})(?:\$[\w+\-]+)?(?:@?(?P<tagn>\d+))?)"
    r"|(?P<year>\bY(?P<yearkind>[A-Z]?)(?P<yearn>\d+)\b)"  # years: `YB0100`, `YD170`
)
_HEADING = re.compile(r"^###\s*(?P<marks>[|$@]*)\s*(?P<text>.*)$")
# an editor's section (introduction, endnotes, index), up to the next heading
_EDITORIAL = re.compile(r"^###\s*\|(?P<kind>EDITOR|PARATEXT)\|")
_SECTION_KINDS = {"EDITOR": "editorial", "PARATEXT": "paratext"}
_META = re.compile(r"^#META#\s*(?P<key>[^:]+?)\s*::?\s*(?P<value>.*)$")
_SENTINEL = "\ue000"
_SPACES = re.compile(r"\s+")

_META_FIELDS = {
    "title": ("BookTITLE", "title"),
    "author": ("AuthorNAME", "author", "المؤلف"),
    "date": ("AuthorDIED",),
    "source": ("LibURI", "EdPUBLISHER", "الناشر", "book_id"),
}


def _meta(header: list[str]) -> dict[str, str]:
    found: dict[str, str] = {}
    for line in header:
        m = _META.match(line)
        if not m:
            continue
        key, value = m.group("key").strip(), m.group("value").strip()
        if not value or value in ("NODATA", "NOTGIVEN"):
            continue
        for fld, keys in _META_FIELDS.items():
            if fld not in found and any(key.endswith(k) or key == k for k in keys):
                found[fld] = f"d. {value} AH" if fld == "date" and value.isdecimal() else value
    return found


class _Builder:
    """Collects a block's lines; markup becomes markers at offsets in the clean text."""

    def __init__(self, kind: str, level: int = 0, before: list[Marker] | None = None):
        self.kind = kind
        self.level = level
        self.before = before or []
        self.parts: list[str] = []
        self.markers: list[Marker] = []

    def add(self, line: str) -> None:
        def repl(m: re.Match) -> str:
            if m.group("pb"):
                self.markers.append(Marker(0, "pb", f"V{m.group('vol')}P{m.group('page')}"))
            elif m.group("ms"):
                self.markers.append(Marker(0, "milestone", m.group("msn"), "ms"))
            elif m.group("caesura"):
                self.markers.append(Marker(0, "caesura"))
            elif m.group("quran"):
                self.markers.append(Marker(0, "anchor", "", m.group("quran")))
            elif m.group("section"):
                self.markers.append(Marker(0, "milestone", "", "section"))
            elif m.group("year"):
                kind = "year" + ("-" + m.group("yearkind") if m.group("yearkind") else "")
                self.markers.append(Marker(0, "anchor", m.group("yearn"), kind))
            else:
                self.markers.append(Marker(0, "anchor", m.group("tagn") or "", m.group("tagname")))
            return f" {_SENTINEL} "

        self.parts.append(_MARKUP.sub(repl, line))

    def build(self) -> RawBlock:
        raw = _SPACES.sub(" ", " ".join(self.parts)).strip()
        text_parts: list[str] = []
        markers: list[Marker] = []
        length = 0
        chunks = raw.split(_SENTINEL)
        for k, chunk in enumerate(chunks):
            chunk = chunk.strip() if k else chunk.rstrip()
            if chunk:
                if length:
                    text_parts.append(" ")
                    length += 1
                text_parts.append(chunk)
                length += len(chunk)
            if k < len(chunks) - 1:
                m = self.markers[k]
                markers.append(Marker(length, m.kind, m.n, m.unit))
        return RawBlock(self.kind, "".join(text_parts), markers, self.level, self.before)


@reader("openiti")
def read_openiti(path: Path, siglum: str) -> Imported:
    text = read_source(path)
    lines = text.replace("\r\n", "\n").split("\n")
    end = _header_end(path, text, lines)
    meta = _meta(lines[1:end]) if end >= 0 else {}
    blocks: list[RawBlock] = []
    cur: _Builder | None = None
    pending: list[Marker] = []  # markers on their own line, waiting for the next block

    section = ""  # "" (the work), or the kind of the editor's section the lines are in

    def flush() -> None:
        nonlocal cur
        if cur is not None:
            blocks.append(cur.build())
            blocks[-1].section = section if blocks[-1].kind != "head" else ""
            cur = None

    for line in lines[end + 1 :]:
        stripped = line.strip()
        if not stripped:
            continue
        editorial = _EDITORIAL.match(stripped)
        if editorial:  # kept, but not the work: not aligned; TEI <div type="editorial">
            flush()
            section = _SECTION_KINDS[editorial.group("kind")]
            rest = stripped[editorial.end() :].strip()
            if rest:  # words on the marker's own line open the section
                cur = _Builder("p", before=pending)
                pending = []
                cur.add(rest)
            continue
        heading = _HEADING.match(stripped)
        if heading:
            flush()
            section = ""
            flush()
            cur = _Builder("head", heading.group("marks").count("|") or 1, pending)
            pending = []
            cur.add(heading.group("text"))
            flush()
            continue
        own = _MARKUP.fullmatch(stripped)
        if own and own.group("pb"):
            if cur is not None:
                cur.add(stripped)  # a page break inside a running paragraph
            else:
                b = _Builder("p")
                b.add(stripped)
                pending.extend(b.build().markers)
            continue
        if stripped.startswith("~~"):
            if cur is None:
                cur = _Builder("p", before=pending)
                pending = []
            cur.add(stripped[2:])
        elif stripped.startswith("#"):
            flush()
            cur = _Builder("p", before=pending)
            pending = []
            cur.add(stripped.lstrip("#"))
        else:
            if cur is None:
                cur = _Builder("p", before=pending)
                pending = []
            cur.add(stripped)
    flush()
    if pending and blocks:
        blocks.append(RawBlock("p", "", [], 0, pending))
    for kind, unit in reversed(CLOSING_MARKS):  # (the page opened first at the start)
        _open_where_closed(blocks, kind, unit)
    _move_trailing_page_breaks(blocks)
    return Imported(_join_across_page_breaks(blocks), meta)


# OpenITI closes a page with its marker (`PageV01P392` at the foot of page 392), and a
# milestone's stretch of 300 words (`ms0736` after its last word); TEI opens them (a `pb`
# or `milestone` where the page or stretch begins, named by its `@n`)
CLOSING_MARKS = (("pb", ""), ("milestone", "ms"))


def _open_where_closed(blocks: list[RawBlock], kind: str, unit: str) -> None:
    """Each marker of a kind made the opening of the stretch after it: it takes the name of
    the next marker of that kind (the one that closes that stretch); the first one's name
    opens the text. After the last one, text (rare in a whole book, usual in lines cut from
    one) is on the stretch that comes next (`PageV01P392`: page 393 of volume 1); a last
    marker that no text follows is dropped."""
    slots = [
        (where, k)
        for b in blocks
        for where in (b.markers_before, b.markers)
        for k, m in enumerate(where)
        if m.kind == kind and m.unit == unit
    ]
    if not slots:
        return
    names = [where[k].n for where, k in slots]
    last_where, last_k = slots[-1]
    ends = not _text_after(blocks, last_where, last_where[last_k])
    for (where, k), name in zip(slots, [*names[1:], _next_name(names[-1])], strict=True):
        where[k] = replace(where[k], n=name)
    if ends:
        del last_where[last_k]
    blocks[0].markers_before.insert(0, Marker(0, kind, names[0], unit))


_LAST_NUMBER = re.compile(r"(\d+)$")


def _next_name(name: str) -> str:
    """The name of the stretch after a marker's: its last number one more, as wide
    (`V01P392` → `V01P393`, `0736` → `0737`)."""
    m = _LAST_NUMBER.search(name)
    if m is None:
        return ""
    digits = m.group(1)
    return name[: m.start()] + str(int(digits) + 1).zfill(len(digits))


def _text_after(blocks: list[RawBlock], where: list[Marker], m: Marker) -> bool:
    for k, b in enumerate(blocks):
        if where is b.markers_before or where is b.markers:
            here = b.text if where is b.markers_before else b.text[m.offset :]
            return bool(here.strip()) or any(o.text.strip() for o in blocks[k + 1 :])
    return False


_HEADER_END = "#META#Header#End#"
# what tells OpenITI mARkdown in lines cut from a book: a paragraph's start, a continuation
# line, a heading, a page marker
_BODY_MARKUP = re.compile(r"^(?:# |~~|### )|PageV\d+P\d+", re.MULTILINE)


def opens_as_openiti(text: str) -> bool:
    """Whether a text begins as OpenITI mARkdown does: its magic line, after any blank
    lines (`######OpenITI#BIOGRAPHY#` too)."""
    return text.lstrip("\ufeff \t\r\n").startswith(MAGIC)


def _header_end(path: Path, text: str, lines: list[str]) -> int:
    """The line of the header's end; -1 for lines cut from a book's body (an excerpt cut
    with a text editor or `sed`, without the header), known by their OpenITI markup."""
    if opens_as_openiti(text):
        try:
            return next(k for k, ln in enumerate(lines) if ln.strip() == _HEADER_END)
        except StopIteration:
            raise WitnessError(path, f"OpenITI header has no {_HEADER_END} line") from None
    if any(ln.strip() == _HEADER_END for ln in lines):
        raise WitnessError(path, f"is not OpenITI mARkdown (its first line must be {MAGIC})")
    if not _BODY_MARKUP.search(text):
        raise WitnessError(
            path,
            f"is not OpenITI mARkdown (no {MAGIC} first line, and no `# ` paragraphs or"
            ' `PageV01P001` page markers): for plain text, give format = "text"',
        )
    return -1


def _move_trailing_page_breaks(blocks: list[RawBlock]) -> None:
    """A page marker at the very end of a block opens the next block's page."""
    for k in range(len(blocks) - 1):
        b = blocks[k]
        tail = [m for m in b.markers if m.offset >= len(b.text) and m.kind == "pb"]
        if tail and b.text:
            b.markers = [m for m in b.markers if m not in tail]
            blocks[k + 1].markers_before = [Marker(0, m.kind, m.n, m.unit) for m in tail] + blocks[
                k + 1
            ].markers_before


# what ends a sentence, and what may follow it (closing quotes and brackets)
_ENDS = frozenset(SENTENCE_END) | {":"}
_CLOSERS = "\"'»”)]} "
PUNCTUATED_WORDS = 100  # a text with a sentence's end at least this often is punctuated


def _ends_sentence(text: str) -> bool:
    stripped = text.rstrip(_CLOSERS)
    return bool(stripped) and stripped[-1] in _ENDS


def _join_across_page_breaks(blocks: list[RawBlock]) -> list[RawBlock]:
    """In a punctuated text, a paragraph that stops mid-sentence at a page break goes on
    after it: files converted from printed pages often start a paragraph at every page
    (`# ... جماعة من` / `# PageV04P691` / `# الصحابة منهم ...`). The two become one
    paragraph with the page break inside it. Unpunctuated texts are left as they are: in them
    no paragraph can be told to stop mid-sentence."""
    paras = [b.text for b in blocks if b.kind == "p" and b.text]
    words = sum(len(t.split()) for t in paras)
    if sum(t.count(c) for t in paras for c in _ENDS) * PUNCTUATED_WORDS < words:
        return blocks
    # a paragraph of nothing but a page marker (`# PageV04P691`) opens the next one's page
    folded: list[RawBlock] = []
    carried: list[Marker] = []
    for b in blocks:
        if b.kind == "p" and not b.text and b.section == "":
            carried += b.markers_before + [Marker(0, m.kind, m.n, m.unit) for m in b.markers]
            continue
        if carried:
            b.markers_before = carried + b.markers_before
            carried = []
        folded.append(b)
    if carried:  # the file ends with them
        folded.append(RawBlock("p", "", [], 0, carried))
    out: list[RawBlock] = []
    for b in folded:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.kind == b.kind == "p"
            and prev.section == b.section
            and prev.text
            and b.text
            and any(m.kind == "pb" for m in b.markers_before)
            and not _ends_sentence(prev.text)
        ):
            at = len(prev.text)
            prev.markers = (
                prev.markers
                + [Marker(at, m.kind, m.n, m.unit) for m in b.markers_before]
                + [Marker(m.offset + at + 1, m.kind, m.n, m.unit) for m in b.markers]
            )
            prev.text = f"{prev.text} {b.text}"
            continue
        out.append(b)
    return out
