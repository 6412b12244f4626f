"""Tag a witness: names through the authority file, then numbers and dates."""

from __future__ import annotations

from edition.arabic.tokens import tokenize
from edition.model import Entity, Passage, Witness
from edition.tag.authority import Authority
from edition.tag.names import NameMatcher
from edition.tag.quantities import DateContext, find_quantities


def tag_passage(passage: Passage, matcher: NameMatcher, ctx: DateContext) -> list[Entity]:
    tokens = tokenize(passage.text)
    names = matcher.find(tokens)
    starts = {t.start: k for k, t in enumerate(tokens)}
    ends = {t.end: k for k, t in enumerate(tokens)}
    skip: set[int] = set()
    for e in names:
        skip.update(range(starts[e.start], ends[e.end] + 1))
    quantities = find_quantities(tokens, ctx, skip)
    return sorted(
        (
            Entity(**{**e.__dict__, "text": passage.text[e.start : e.end]})
            for e in names + quantities
        ),
        key=lambda e: e.start,
    )


def tag_witness(
    witness: Witness, authority: Authority, matcher: NameMatcher | None = None
) -> Witness:
    """Fill every passage's entities (in place) and return the witness."""
    matcher = matcher or NameMatcher(authority)
    ctx = DateContext()
    for passage in witness.passages:
        passage.entities = tag_passage(passage, matcher, ctx)
    return witness
