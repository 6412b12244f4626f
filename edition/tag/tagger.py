"""Tag a witness: names through the authority file, then numbers and dates."""

from __future__ import annotations

from edition.arabic.tokens import Token, tokenize
from edition.model import Entity, Passage, Witness
from edition.tag.authority import Authority
from edition.tag.names import NameMatcher
from edition.tag.quantities import DateContext, find_quantities


def tag_passage(
    passage: Passage,
    matcher: NameMatcher,
    ctx: DateContext,
    tokens: list[Token] | None = None,
    base: int = 0,
) -> list[Entity]:
    """The passage's entities. `tokens`: its tokens if segmentation made them already, with
    offsets counted from `base` characters before the passage."""
    if tokens is None:
        tokens, base = tokenize(passage.text), 0
    names = matcher.find(tokens)
    starts = {t.start: k for k, t in enumerate(tokens)}
    ends = {t.end: k for k, t in enumerate(tokens)}
    skip: set[int] = set()
    for e in names:
        skip.update(range(starts[e.start], ends[e.end] + 1))
    quantities = find_quantities(tokens, ctx, skip)
    return sorted(
        (
            Entity(
                **{
                    **e.__dict__,
                    "start": e.start - base,
                    "end": e.end - base,
                    "text": passage.text[e.start - base : e.end - base],
                }
            )
            for e in names + quantities
        ),
        key=lambda e: e.start,
    )


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
    for passage in witness.passages:
        passage.entities = tag_passage(passage, matcher, ctx, *tokens.get(passage.id, ()))
    return witness
