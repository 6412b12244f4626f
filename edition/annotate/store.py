"""The annotation store, `tei/annotations.xml`: TEI `standOff/listAnnotation/annotation`.

Each annotation has an `xml:id`, a `@target` (an xml:id of `edition.xml`), who wrote it
(`respStmt`), when (`revisionDesc/change/@when`), a category (`@ana`, pointing into the
editable category list in the file's header) and its text (`note`), plus a `note
type="anchor"` quoting what it was written on, so that it can follow its target when the
edition is rebuilt. Writes are atomic and serialised by a lock file, so concurrent saves
lose nothing.
"""

from __future__ import annotations

import fcntl
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from lxml import etree

from edition.errors import EditionError, InputError
from edition.io import atomic_write_bytes, bad_name, holds_control_character, xml_bytes
from edition.tei.ns import NS, XML_ID, standoff_document, sub

MAX_TEXT = 10_000
DEFAULT_CATEGORIES = {
    "copyist-error": "Copyist's or editor's error",
    "source": "Relation between sources (who follows whom)",
    "chronology": "Dates and chronology",
    "identification": "Identification of a person or place",
    "interpretation": "Interpretation of the reading",
    "other": "Other",
}
DEFAULT_CATEGORY = "other"  # of a note given none: the command line's and the panel's
_CATEGORY_RE = re.compile(r"^[a-z][a-z0-9-]{0,40}$")


class AnnotationError(EditionError):
    """A request about annotations that cannot be carried out (the message says why)."""

    def __init__(self, message: str, status: int = 400):
        self.status = status
        super().__init__(message)


@dataclass
class Annotation:
    id: str
    target: str
    text: str
    category: str = DEFAULT_CATEGORY
    resp: str = ""
    when: str = ""
    anchor: str = ""  # fingerprint of the target when last anchored
    kind: str = ""  # the target's kind (app, passage, group...)
    quote: str = ""  # what a person reads at the target
    status: str = "ok"  # ok | orphaned

    def as_dict(self) -> dict:
        return {
            "id": self.id,
            "target": self.target,
            "text": self.text,
            "category": self.category,
            "resp": self.resp,
            "when": self.when,
            "kind": self.kind,
            "quote": self.quote,
            "status": self.status,
        }


@dataclass
class AnnotationStore:
    annotations: list[Annotation] = field(default_factory=list)
    categories: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_CATEGORIES))

    def get(self, ann_id: str) -> Annotation:
        for a in self.annotations:
            if a.id == ann_id:
                return a
        raise AnnotationError(f"no annotation {ann_id!r}", status=404)

    def next_id(self) -> str:
        taken = {a.id for a in self.annotations}
        n = len(self.annotations) + 1
        while f"ann{n}" in taken:
            n += 1
        return f"ann{n}"


def _now() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def validate_fields(text, category, resp, store: AnnotationStore) -> tuple[str, str, str]:
    if not isinstance(text, str) or not text.strip():
        raise AnnotationError("the annotation text is empty")
    if len(text) > MAX_TEXT:
        raise AnnotationError(f"the annotation text is longer than {MAX_TEXT} characters")
    category = category or DEFAULT_CATEGORY
    if not isinstance(category, str) or category not in store.categories:
        raise AnnotationError(
            f"unknown category {category!r} (one of: {', '.join(store.categories)})"
        )
    resp = resp or ""
    if wrong := bad_name(resp):
        raise AnnotationError(wrong)
    if holds_control_character(text):
        raise AnnotationError("the annotation text holds a control character")
    return text, category, resp.strip()


# --- reading and writing ----------------------------------------------------------------


def load_store(path: str | Path) -> AnnotationStore:
    path = Path(path)
    if not path.exists():
        return AnnotationStore()
    try:
        tree = etree.parse(str(path), etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError as e:
        raise InputError(path, f"line {e.lineno}: not well-formed XML: {e.msg}") from None
    store = AnnotationStore(categories={})
    for cat in tree.iterfind(".//tei:taxonomy[@n='annotation-categories']/tei:category", NS):
        cid = (cat.get(XML_ID) or "").removeprefix("anncat-")
        if cid:
            store.categories[cid] = cat.findtext("tei:catDesc", default="", namespaces=NS)
    if not store.categories:
        store.categories = dict(DEFAULT_CATEGORIES)
    for el in tree.iterfind(".//tei:listAnnotation/tei:annotation", NS):
        store.annotations.append(
            Annotation(
                id=el.get(XML_ID) or store.next_id(),
                target=(el.get("target") or "").lstrip("#"),
                text=el.findtext("tei:note[@type='text']", default="", namespaces=NS),
                category=(el.get("ana") or f"#anncat-{DEFAULT_CATEGORY}").removeprefix("#anncat-"),
                resp=el.findtext("tei:respStmt/tei:name", default="", namespaces=NS),
                when=(el.xpath("tei:revisionDesc/tei:change/@when", namespaces=NS) or [""])[-1],
                anchor=el.findtext("tei:note[@type='anchor']", default="", namespaces=NS),
                kind=el.findtext("tei:note[@type='kind']", default="", namespaces=NS),
                quote=el.findtext("tei:note[@type='quote']", default="", namespaces=NS),
                status=el.get("n") or "ok",
            )
        )
    return store


def add_annotations(parent: etree._Element, annotations: list[Annotation], full: bool) -> None:
    """`listAnnotation` of the given annotations; `full` adds what re-anchoring needs."""
    lst = sub(parent, "listAnnotation", type="annotations")
    for a in annotations:
        el = sub(lst, "annotation", xml_id=a.id, target=f"#{a.target}", ana=f"#anncat-{a.category}")
        el.set("motivation", "commenting")
        if full and a.status != "ok":
            el.set("n", a.status)
        if a.resp:
            rs = sub(el, "respStmt")
            sub(rs, "resp", "annotator")
            sub(rs, "name", a.resp)
        if a.when:
            sub(sub(el, "revisionDesc"), "change", "written", when=a.when)
        sub(el, "note", a.text, type="text")
        if full:
            sub(el, "note", a.anchor, type="anchor")
            sub(el, "note", a.kind, type="kind")
            sub(el, "note", a.quote, type="quote")


def add_categories(class_decl: etree._Element, categories: dict[str, str]) -> None:
    tax = sub(class_decl, "taxonomy", xml_id="annotation-categories", n="annotation-categories")
    sub(tax, "desc", "Categories of the scholars' annotations (edit freely).")
    for cid, desc in categories.items():
        sub(sub(tax, "category", xml_id=f"anncat-{cid}"), "catDesc", desc)


def store_to_tei(store: AnnotationStore) -> etree._Element:
    root, header, stand_off = standoff_document(
        "Annotations on the edition",
        "Part of the edition; written by edition annotate/serve.",
        "Scholars' notes on the edition's variants and passages.",
    )
    # the encodingDesc goes after the fileDesc
    add_categories(sub(sub(header, "encodingDesc"), "classDecl"), store.categories)
    add_annotations(stand_off, store.annotations, full=True)
    return root


def save_store(path: str | Path, store: AnnotationStore) -> None:
    atomic_write_bytes(path, xml_bytes(store_to_tei(store)))


@contextmanager
def locked(path: str | Path) -> Iterator[None]:
    """Serialise read-modify-write cycles on the store across threads and processes."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.with_name(path.name + ".lock"), "a+") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


# --- operations -------------------------------------------------------------------------


def add(path, index, target: str, text, category=None, resp=None) -> Annotation:
    with locked(path):
        store = load_store(path)
        t = index.get(target)
        if t is None:
            raise AnnotationError(f"unknown target {target!r}: give an xml:id of edition.xml", 400)
        text, category, resp = validate_fields(text, category, resp, store)
        ann = Annotation(
            store.next_id(), target, text, category, resp, _now(), t.fingerprint, t.kind, t.label
        )
        store.annotations.append(ann)
        save_store(path, store)
        return ann


def edit(path, ann_id: str, text=None, category=None, resp=None) -> Annotation:
    with locked(path):
        store = load_store(path)
        ann = store.get(ann_id)
        new_text, new_category, new_resp = validate_fields(
            ann.text if text is None else text,
            ann.category if category is None else category,
            ann.resp if resp is None else resp,
            store,
        )
        ann.text, ann.category, ann.resp, ann.when = new_text, new_category, new_resp, _now()
        save_store(path, store)
        return ann


def remove(path, ann_id: str) -> Annotation:
    with locked(path):
        store = load_store(path)
        ann = store.get(ann_id)
        store.annotations.remove(ann)
        save_store(path, store)
        return ann


def reanchor(store: AnnotationStore, index) -> list[Annotation]:
    """Follow each annotation to its target in a rebuilt edition: same id and same text,
    or the one element whose text is what was annotated; otherwise it is orphaned (kept,
    never dropped). Returns the annotations whose status or target changed."""
    changed = []
    for a in store.annotations:
        before = (a.target, a.status)
        t = index.get(a.target)
        if t is not None and (t.fingerprint == a.anchor or not a.anchor):
            a.status = "ok"
            a.anchor, a.kind = t.fingerprint, t.kind
        else:
            moved = index.find(a.kind, a.anchor) if a.kind and a.anchor else None
            if moved is not None:
                a.target, a.status = moved.id, "ok"
            else:
                a.status = "orphaned"
        if (a.target, a.status) != before:
            changed.append(a)
    return changed
