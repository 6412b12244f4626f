"""Validation against TEI P5 `tei_all` (RelaxNG, through lxml).

Compiling `tei_all` takes several seconds; the compiled schema is kept for the process.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from pathlib import Path

from lxml import etree

from edition.errors import TEIError, ValidationError
from edition.tei.checks import edition_errors
from edition.tei.ns import NS


@lru_cache(maxsize=1)
def tei_all() -> etree.RelaxNG:
    with resources.files("edition.schemas").joinpath("tei_all.rng").open("rb") as f:
        return etree.RelaxNG(etree.parse(f))


def schema_errors(tree: etree._ElementTree | etree._Element) -> list[tuple[int, str]]:
    """(line, message) for every error of a parsed document against tei_all."""
    schema = tei_all()
    if schema.validate(tree):
        return []
    return [(e.line, e.message) for e in schema.error_log]


def validate_file(path: str | Path, checks: bool = True) -> None:
    """Raise ValidationError (with every error and its line) unless `path` is valid TEI:
    valid against tei_all and, with `checks`, passing what the schema cannot check."""
    path = Path(path)
    try:
        tree = etree.parse(str(path), etree.XMLParser(resolve_entities=False, no_network=True))
    except OSError:
        raise TEIError(path, "file not found") from None
    except etree.XMLSyntaxError as e:
        raise ValidationError(path, [(e.lineno, f"not well-formed XML: {e.msg}")]) from None
    errors = schema_errors(tree)
    if checks and tree.xpath("/tei:TEI/tei:text/tei:group/tei:text[@corresp]", namespaces=NS):
        errors += edition_errors(tree)  # an edition document: its pointers are its own
    errors.sort(key=lambda e: e[0])
    if errors:
        raise ValidationError(path, errors)
