"""The authority file: persons and places with their variant spellings.

Stored as TEI (`tei/authority.xml`: `listPerson/person` and `listPlace/place`, each with
one `persName`/`placeName` per spelling); the package ships a default one for the
Mongol conquest of Khwarazm and its region, which a project copies and edits.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from edition.data import load_json
from edition.errors import TEIError
from edition.io import atomic_write_bytes, xml_bytes
from edition.tei.ns import NS, XML_ID, XML_LANG, T, sub, tei_document

KINDS = {
    "person": ("listPerson", "person", "persName"),
    "place": ("listPlace", "place", "placeName"),
}


@dataclass
class AuthorityEntry:
    id: str
    kind: str  # "person" | "place"
    label: str
    names: list[str] = field(default_factory=list)


@dataclass
class Authority:
    entries: list[AuthorityEntry] = field(default_factory=list)
    person_triggers: list[str] = field(default_factory=list)
    place_triggers: list[str] = field(default_factory=list)
    person_suffixes: list[str] = field(default_factory=list)

    def get(self, entry_id: str) -> AuthorityEntry | None:
        for e in self.entries:
            if e.id == entry_id:
                return e
        return None

    def of_kind(self, kind: str) -> list[AuthorityEntry]:
        return [e for e in self.entries if e.kind == kind]


def _triggers() -> dict:
    return _default_data()["name_triggers"]


def _default_data() -> dict:
    return load_json("authority.json")


def default_authority() -> Authority:
    data = _default_data()
    entries = [
        AuthorityEntry(e["id"], kind, e["label"], list(e["names"]))
        for kind, key in (("person", "persons"), ("place", "places"))
        for e in data[key]
    ]
    return _with_triggers(entries)


def _with_triggers(entries: list[AuthorityEntry]) -> Authority:
    trig = _triggers()
    return Authority(entries, trig["person"], trig["place"], trig["person_suffix"])


def authority_to_tei(authority: Authority) -> etree._Element:
    """A TEI document holding the authority lists."""
    root, _header = tei_document(
        "Authority file: persons and places",
        "Part of the edition; edit freely.",
        "Compiled for the edition; spellings as found in the witnesses.",
    )
    body = sub(sub(root, "text"), "body")
    add_authority_lists(body, authority)
    return root


def add_authority_lists(parent: etree._Element, authority: Authority) -> None:
    """Append `listPerson` and `listPlace` to parent (a `body`, `standOff` or `sourceDesc`)."""
    for kind, (list_tag, item_tag, name_tag) in KINDS.items():
        entries = authority.of_kind(kind)
        if not entries:
            continue
        lst = sub(parent, list_tag)
        for e in entries:
            item = sub(lst, item_tag, xml_id=e.id)
            for name in e.names:
                sub(item, name_tag, name, xml_lang="ar")
            if e.label:
                note = sub(item, "note", e.label, type="label")
                note.set(XML_LANG, "en")


def read_authority(path: str | Path) -> Authority:
    """Read an authority file written by `authority_to_tei` (or edited by hand)."""
    path = Path(path)
    try:
        tree = etree.parse(str(path))
    except OSError as e:
        raise TEIError(path, f"cannot read the authority file ({e})") from None
    except etree.XMLSyntaxError as e:
        raise TEIError(path, f"the authority file is not well-formed XML: {e}") from None
    entries = []
    for kind, (_list_tag, item_tag, name_tag) in KINDS.items():
        for item in tree.iter(T(item_tag)):
            entry_id = item.get(XML_ID)
            if not entry_id:
                raise TEIError(path, f"line {item.sourceline}: a <{item_tag}> has no xml:id")
            names = ["".join(n.itertext()).strip() for n in item.findall(f"tei:{name_tag}", NS)]
            label = item.findtext("tei:note[@type='label']", default="", namespaces=NS)
            entries.append(AuthorityEntry(entry_id, kind, label.strip(), [n for n in names if n]))
    return _with_triggers(entries)


def accept_entries(
    path: str | Path, authority: Authority, new: list[tuple[str, list[str]]]
) -> list[AuthorityEntry]:
    """Add entries (kind, spellings) to the authority file at `path` (written from
    `authority` if it does not exist yet), keeping what is there; written atomically."""
    path = Path(path)
    if path.exists():
        try:
            root = etree.parse(str(path)).getroot()
        except etree.XMLSyntaxError as e:
            raise TEIError(path, f"the authority file is not well-formed XML: {e}") from None
    else:
        root = authority_to_tei(authority)
    used = {e.id for e in authority.entries} | set(root.xpath("//@xml:id"))
    added = []
    for kind, spellings in new:
        entry = AuthorityEntry(_new_id(kind, used), kind, "", list(spellings))
        used.add(entry.id)
        list_tag, item_tag, name_tag = KINDS[kind]
        item = sub(_list_of(root, list_tag), item_tag, xml_id=entry.id)
        for name in entry.names:
            sub(item, name_tag, name, xml_lang="ar")
        added.append(entry)
    atomic_write_bytes(path, xml_bytes(root))
    return added


def _new_id(kind: str, used: set[str]) -> str:
    n = 1
    while f"{kind}-{n}" in used:
        n += 1
    return f"{kind}-{n}"


def _list_of(root: etree._Element, list_tag: str) -> etree._Element:
    """The document's first `listPerson`/`listPlace`, made at the end of its body if none."""
    found = root.find(f".//tei:{list_tag}", NS)
    if found is not None:
        return found
    body = root.find(".//tei:text/tei:body", NS)
    if body is None:
        body = sub(sub(root, "text"), "body")
    return sub(body, list_tag)
