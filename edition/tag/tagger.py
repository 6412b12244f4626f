"""Tag a witness: editors' note references, names through the authority file, then numbers
and dates."""

from __future__ import annotations

from edition.arabic.tokens import Token, tokenize
from edition.model import Entity, Passage, Witness
from edition.tag.authority import Authority
from edition.tag.names import NameMatcher
from edition.tag.notes import find_note_references
from edition.tag.quantities import DateContext, find_quantities


def tag_passage(
    passage: Passage,
    matcher: NameMatcher,
    ctx: DateContext,
    tokens: list[Token] | None = None,
    base: int = 0,
    notes: list[Entity] = (),
) -> list[Entity]:
    """The passage's entities. `tokens`: its tokens if segmentation made them already, with
    offsets counted from `base` characters before the passage. `notes`: its editors' note
    references (offsets in the passage), found beforehand for the whole witness: their
    numbers are not numbers of the text."""
    if tokens is None:
        tokens, base = tokenize(passage.text), 0
    names = matcher.find(tokens)
    skip = _covered(tokens, [(e.start, e.end) for e in names], notes, base)
    quantities = find_quantities(tokens, ctx, skip)
    found = [
        Entity(
            **{
                **e.__dict__,
                "start": e.start - base,
                "end": e.end - base,
                "text": passage.text[e.start - base : e.end - base],
            }
        )
        for e in names + quantities
    ]
    return sorted(found + list(notes), key=lambda e: e.start)


def _covered(tokens: list[Token], names, notes: list[Entity], base: int) -> set[int]:
    """The places of the tokens that names (spans in the tokens' offsets) and note
    references (offsets in the passage, `base` characters after the tokens' origin) cover."""
    if not names and not notes:
        return set()
    starts = {t.start: k for k, t in enumerate(tokens)}
    ends = {t.end: k for k, t in enumerate(tokens)}
    spans = names + [(e.start + base, e.end + base) for e in notes]
    return {k for start, end in spans for k in range(starts[start], ends[end] + 1)}


def tag_witness(
    witness: Witness,
    authority: Authority,
    matcher: NameMatcher | None = None,
    tokens: dict | None = None,
) -> Witness:
    """Fill every passage's entities (in place) and return the witness. `tokens`: those
    segmentation kept (see `segment_blocks`), so as not to tokenize again."""
    matcher = matcher or NameMatcher(authority)
    ctx = DateContext()
    tokens = tokens or {}
    notes = find_note_references([p.text for p in witness.passages])
    for passage, found in zip(witness.passages, notes, strict=True):
        passage.entities = tag_passage(
            passage, matcher, ctx, *tokens.get(passage.id, ()), notes=found
        )
    return witness
