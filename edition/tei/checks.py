"""What the schema cannot check: pointers resolve, readings name declared witnesses, and
every witness reads back from the apparatus as its passages say."""

from __future__ import annotations

from lxml import etree

from edition.arabic.tokens import TOKEN_RE
from edition.collate.fidelity import first_difference, runs_by_group
from edition.collate.tei import SKIP
from edition.tei.ns import NS, XML_ID, T

POINTER_ATTRS = ("target", "corresp", "ref", "wit", "ana", "datingMethod", "resp")


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


def _pieces(ab: etree._Element, siglum: str, owner: dict[str, str]) -> list[str]:
    """A witness's reading through an `ab`, cut where it skips its own passages: at a `gap`
    whose @corresp points to them, or before a reading of type "skip"."""
    pieces = [ab.text or ""]

    def walk(el: etree._Element) -> None:
        for child in el:
            if child.tag == T("gap") and _skips_of(child, owner) == siglum:
                pieces.append("")
            elif child.tag == T("app"):
                for r in child:
                    if f"#{siglum}" in (r.get("wit") or "").split():
                        if r.get("type") == SKIP:
                            pieces.append("")
                        pieces[-1] += r.text or ""
                        walk(r)
            elif child.tag is not etree.Comment:
                pieces[-1] += "".join(child.itertext())
            pieces[-1] += child.tail or ""

    walk(ab)
    return pieces


def _skips_of(gap: etree._Element, owner: dict[str, str]) -> str | None:
    """The witness whose passages a skip's `gap` points to."""
    targets = (gap.get("corresp") or "").split()
    return owner.get(targets[0][1:]) if targets else None


def _tokens(text: str) -> list[str]:
    """Words and punctuation, white space aside."""
    return TOKEN_RE.findall(text)


def readback_errors(tree: etree._ElementTree) -> list[tuple[int, str]]:
    """Each witness, read in order through the edition (the `ab` of each group it is in, a
    piece for each run of its adjacent passages there; its passages in no group as they
    are), must give back the words and punctuation of its full text (white space aside),
    none lost, twice or invented."""
    owner: dict[str, str] = {}
    passages: dict[str, list[etree._Element]] = {}
    for text in tree.xpath("//tei:text[@corresp]", namespaces=NS):
        siglum = text.get("corresp")[1:]
        passages[siglum] = text.xpath(".//tei:s[@xml:id]", namespaces=NS)
        owner.update((s.get(XML_ID), siglum) for s in passages[siglum])
    group_of = {
        t[1:]: el.get(XML_ID)
        for el in tree.xpath("//tei:linkGrp[@type='alignment']/tei:link", namespaces=NS)
        for t in el.get("target", "").split()
    }
    abs_ = {
        (ab.get("corresp") or "")[1:]: ab
        for ab in tree.xpath("//tei:text[@type='apparatus']//tei:ab", namespaces=NS)
    }
    if not abs_:
        return []  # no apparatus (an encoding or an alignment alone): nothing to read back
    errors = []
    for siglum, ss in passages.items():
        error = _witness_readback(siglum, ss, group_of, abs_, owner)
        if error:
            errors.append(error)
    return errors


def _witness_readback(siglum, ss, group_of, abs_, owner) -> tuple[int, str] | None:
    """The first place where a witness does not read back: each run of its passages in a
    group must be given by the next piece of that group's reading, exactly (white space
    aside); a passage in no group is read as it is."""
    pieces: dict[str, list[str]] = {}
    for g, run in runs_by_group(ss, lambda s: group_of.get(s.get(XML_ID))):
        if g is None:
            continue
        first = run[0].get(XML_ID)
        if g not in abs_:
            return run[0].sourceline or 0, f"witness {siglum}: group {g} has no ab (at {first})"
        if g not in pieces:
            pieces[g] = _pieces(abs_[g], siglum, owner)
        if not pieces[g]:
            line = abs_[g].sourceline or 0
            return line, f"witness {siglum}: {g}-ab has no reading for {first}"
        want = [(s, t) for s in run for t in _tokens("".join(s.itertext()))]
        have = _tokens(pieces[g].pop(0))
        if [t for _, t in want] != have:
            return _mismatch(siglum, g, want, have)
    for g, left in pieces.items():
        if left:
            line = abs_[g].sourceline or 0
            return line, f"witness {siglum}: {g}-ab has more pieces than runs of its passages"
    return None


def _mismatch(siglum: str, g: str, want: list, have: list[str]) -> tuple[int, str]:
    words = [t for _, t in want]
    k = first_difference(words, have)
    s = want[min(k, len(want) - 1)][0] if want else None
    where = s.get(XML_ID) if s is not None else "its end"
    message = (
        f"witness {siglum} does not read back from the apparatus at {where} ({g}-ab, token "
        f"{k + 1}): it has «{' '.join(words[k : k + 6])}», the edition gives "
        f"«{' '.join(have[k : k + 6])}»"
    )
    return (s.sourceline or 0) if s is not None else 0, message


def edition_errors(tree: etree._ElementTree) -> list[tuple[int, str]]:
    return pointer_errors(tree) + witness_errors(tree) + readback_errors(tree)
