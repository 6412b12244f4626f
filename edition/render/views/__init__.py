"""View models of the HTML edition, one module per view: the parallel columns
(`parallel`, with `paraphrase` for rows told in other words), the alignment map and
agreement matrix (`map`), the apparatus of each base (`apparatus`), the witnesses' texts
(`witnesses`); and what the search box knows (`search`). Templates only lay them out."""

from edition.render.views.apparatus import (
    BaseText,
    Note,
    apparatus_views,
    collation_of_passages,
    default_base,
    told_in_other_words,
)
from edition.render.views.cells import Cell, Piece, Row, Stretch, stretches
from edition.render.views.common import PARAPHRASE, TYPE_LABELS, agreement, type_legend
from edition.render.views.map import MapBar, Ribbon, agreement_matrix, alignment_map
from edition.render.views.parallel import annotation_list, build_rows, difference_counts
from edition.render.views.search import name_index, skeleton_rules
from edition.render.views.witnesses import full_texts

__all__ = [
    "PARAPHRASE",
    "TYPE_LABELS",
    "BaseText",
    "Cell",
    "MapBar",
    "Note",
    "Piece",
    "Ribbon",
    "Row",
    "Stretch",
    "agreement",
    "agreement_matrix",
    "alignment_map",
    "annotation_list",
    "apparatus_views",
    "build_rows",
    "collation_of_passages",
    "default_base",
    "difference_counts",
    "full_texts",
    "name_index",
    "skeleton_rules",
    "stretches",
    "told_in_other_words",
    "type_legend",
]
