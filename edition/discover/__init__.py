"""Corpus search: the stretches of each book of a corpus that tell the edition's episodes
(`edition discover`). The query is built once from the manifest's edition; each book is
read, tagged and scored against it with the aligner's own scorer, on Dask."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from edition.discover.add import add_hits
from edition.discover.corpus import corpus_files
from edition.discover.engine import SchedulerError, run_books
from edition.discover.query import Query, build_query
from edition.discover.scan import BookResult, Hit, scan_book

__all__ = [
    "Discovery",
    "Hit",
    "Query",
    "SchedulerError",
    "add_hits",
    "build_query",
    "discover",
    "scan_book",
]


@dataclass
class Discovery:
    hits: list[Hit]  # best first
    errors: list[str] = field(default_factory=list)  # one line per file not searched
    books: int = 0
    words: int = 0
    seconds: float = 0.0
    peak_mb: float = 0.0  # the largest peak memory of a worker process
    labels: dict[str, str] = field(default_factory=dict)  # episode id -> label


def discover(
    corpus: list[str | Path],
    manifest: str | Path = "seeds/witnesses.toml",
    tei_dir: str | Path = "tei",
    scheduler: str | None = None,
    workers: int | None = None,
    progress=None,
) -> Discovery:
    """Every hit of every book of the corpus, best first. `progress(done, total, words)`
    hears of each book searched."""
    started = time.perf_counter()
    files = corpus_files(list(corpus))
    query = build_query(manifest, tei_dir)
    found = Discovery([], labels=dict(query.labels))
    for result in run_books(query, files, scheduler, workers):
        _take(found, result)
        if progress is not None:
            progress(found.books + len(found.errors), len(files), found.words)
    found.hits.sort(key=lambda h: (-h.score, h.file, h.passages))
    found.errors.sort()
    found.seconds = time.perf_counter() - started
    return found


def _take(found: Discovery, result: BookResult) -> None:
    if result.error:
        found.errors.append(result.error)
        return
    found.books += 1
    found.words += result.words
    found.hits.extend(result.hits)
    found.peak_mb = max(found.peak_mb, result.peak_mb)
