"""Validation against TEI P5 `tei_all` (RelaxNG, through lxml).

Compiling `tei_all` takes several seconds, so a document made only of the elements the tool
writes (and of names `tei_all` does not declare at all) is checked against the schema derived
from `tei_all` for those elements (`edition/schemas/tei_edition.rng`, see
`edition.tei.subset`), which compiles in milliseconds and gives the same verdict and the
same messages. A document with any other element of `tei_all`, or `full=True`, is checked
against `tei_all` itself. Compiled schemas are kept for the process.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from pathlib import Path

from lxml import etree

from edition.errors import TEIError, ValidationError
from edition.tei.checks import edition_errors
from edition.tei.ns import NS
from edition.tei.subset import other_elements

DERIVED_SCHEMA = "tei_edition.rng"


@lru_cache(maxsize=1)
def tei_all() -> etree.RelaxNG:
    with resources.files("edition.schemas").joinpath("tei_all.rng").open("rb") as f:
        return etree.RelaxNG(etree.parse(f))


@lru_cache(maxsize=1)
def tool_schema() -> tuple[etree.RelaxNG, frozenset[str]]:
    """The derived schema, and the Clark names of the tei_all elements it leaves out."""
    with resources.files("edition.schemas").joinpath(DERIVED_SCHEMA).open("rb") as f:
        derived = etree.parse(f)
    return etree.RelaxNG(derived), other_elements(derived)


def needs_tei_all(tree: etree._ElementTree | etree._Element) -> bool:
    """Whether the document has an element of tei_all that the derived schema leaves out."""
    others = tool_schema()[1]
    return any(el.tag in others for el in tree.iter() if isinstance(el.tag, str))


def schema_errors(
    tree: etree._ElementTree | etree._Element, full: bool = False
) -> list[tuple[int, str]]:
    """(line, message) for every error of a parsed document against tei_all (through the
    derived schema when that gives the same verdict, unless `full`)."""
    schema = tei_all() if full or needs_tei_all(tree) else tool_schema()[0]
    if schema.validate(tree):
        return []
    return [(e.line, e.message) for e in schema.error_log]


def validate_file(path: str | Path, checks: bool = True, full: bool = False) -> None:
    """Raise ValidationError (with every error and its line) unless `path` is valid TEI:
    valid against tei_all and, with `checks`, passing what the schema cannot check.
    `full` compiles tei_all itself even where the derived schema would do."""
    path = Path(path)
    try:
        tree = etree.parse(str(path), etree.XMLParser(resolve_entities=False, no_network=True))
    except OSError:
        raise TEIError(path, "file not found") from None
    except etree.XMLSyntaxError as e:
        raise ValidationError(path, [(e.lineno, f"not well-formed XML: {e.msg}")]) from None
    errors = schema_errors(tree, full)
    if checks and tree.xpath("/tei:TEI/tei:text/tei:group/tei:text[@corresp]", namespaces=NS):
        errors += edition_errors(tree)  # an edition document: its pointers are its own
    errors.sort(key=lambda e: e[0])
    if errors:
        raise ValidationError(path, errors)
