"""The witnesses view: each witness's full text, paragraph by paragraph, with persons,
places, numbers and dates marked."""

from __future__ import annotations

from edition.render.spans import passage_spans


def full_texts(blocks: dict[str, list[list]], labels: dict[str, str]) -> dict[str, list]:
    """siglum -> its paragraphs, each a list of (passage id, spans)."""
    return {
        s: [[(p.id, passage_spans(p, labels)) for p in ps] for ps in bs] for s, bs in blocks.items()
    }
