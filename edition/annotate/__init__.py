"""Scholars' annotations on variants, readings, passages and groups, kept as TEI."""

from edition.annotate.store import (
    Annotation,
    AnnotationError,
    AnnotationStore,
    load_store,
    save_store,
)
from edition.annotate.targets import TargetIndex

__all__ = [
    "Annotation",
    "AnnotationError",
    "AnnotationStore",
    "TargetIndex",
    "load_store",
    "save_store",
]
