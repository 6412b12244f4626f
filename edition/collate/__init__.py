"""Word-level collation inside aligned groups, with a typology of discrepancies."""

from edition.collate.model import App, Apparatus, GroupCollation, Reading
from edition.collate.run import collate_alignment, collate_group

__all__ = ["App", "Apparatus", "GroupCollation", "Reading", "collate_alignment", "collate_group"]
