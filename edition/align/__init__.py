"""Passage alignment across witnesses that paraphrase, compress and reorder each other."""

from edition.align.model import Alignment, Group, Link
from edition.align.run import align_witnesses

__all__ = ["Alignment", "Group", "Link", "align_witnesses"]
