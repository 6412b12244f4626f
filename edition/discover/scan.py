"""One book of the corpus against the query: read, tag, score, and cut into hits.

A book is read, segmented and tagged as a witness is, then compared with each witness of
the query as the aligner compares two witnesses (`score_pair`: candidates from identical
passages and from the inverted index of rare stems, names, places, numbers and dates;
scores in sd above what unrelated passages of this book and that witness score). A link
to a passage of an episode counts as the aligner counts one; links close together in the
book make a stretch, scored by the episodes it tells.
"""

from __future__ import annotations

import resource
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from edition.align.features import FeatureSpace, entity_features
from edition.align.pairwise import ALONE_WORDS, CLEAR_Z, score_pair
from edition.arabic.stems import stem
from edition.arabic.tokens import tokenize
from edition.discover.corpus import book_format
from edition.discover.query import Query
from edition.errors import EditionError
from edition.ingest import READERS, witness_from
from edition.ingest.excerpt import marker_name, passage_spans, yields_block
from edition.manifest import WitnessSpec
from edition.model import Passage, Witness
from edition.tag import tag_witness

LINK_Z = 2.0  # a book passage is linked to an episode's passage this far above chance ...
GAP_WORDS = 600  # ... and links at most this many words apart are one stretch
MIN_NAMES = 3  # a stretch shares at least this many names, places and dates with the episodes
EPISODE_CAP = CLEAR_Z  # an episode adds at most this much to a stretch's score
WHY = 12  # words kept to say why a stretch is a hit


@dataclass
class Hit:
    file: str
    start: str | int | None  # the manifest's `from`: page marker, milestone or line
    end: str | int | None  # ... and `to`
    score: float
    episodes: list[str]  # group ids, strongest first
    words: list[str]  # what the stretch shares with the episodes, as the book writes it
    passages: tuple[str, str] = ("", "")  # first and last passage of the stretch
    length: int = 0  # its words
    format: str = "text"
    title: str = ""
    author: str = ""

    def as_json(self) -> dict:
        return {
            "file": self.file,
            "from": self.start,
            "to": self.end,
            "score": self.score,
            "episodes": self.episodes,
            "words": self.words,
            "passages": list(self.passages),
            "length": self.length,
            "format": self.format,
        }


@dataclass
class BookResult:
    file: str
    words: int = 0
    hits: list[Hit] = field(default_factory=list)
    error: str = ""
    seconds: float = 0.0
    peak_mb: float = 0.0  # the process's peak memory so far (the worker's)


def book_siglum(query: Query) -> str:
    """A siglum for a book that no witness of the query has."""
    siglum = "book"
    while siglum in query.sigla:
        siglum += "_"
    return siglum


def scan_book(query: Query, path: str | Path) -> BookResult:
    """The hits of one book; a file that cannot be read gives its error, never an exception."""
    started = time.perf_counter()
    result = BookResult(str(path))
    try:
        result.words, result.hits = _scan(query, Path(path))
    except EditionError as e:
        result.error = str(e)
    except Exception as e:  # noqa: BLE001 - one bad book must never cost the others' results
        result.error = f"{path}: cannot be read ({type(e).__name__}: {e})"
    result.seconds = time.perf_counter() - started
    result.peak_mb = _peak_mb()
    return result


def _peak_mb() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1 << 20 if sys.platform == "darwin" else 1 << 10)


def read_book(query: Query, path: Path) -> tuple[Witness, list[tuple[int, int]] | None]:
    """A book as a tagged witness (read and segmented as a manifest's witness is), and for a
    plain text the lines of each of its blocks."""
    spec = WitnessSpec(book_siglum(query), path, book_format(path))
    imported = READERS[spec.format](path, spec.siglum)
    tokens: dict = {}
    witness = witness_from(spec, imported, tokens)
    tag_witness(witness, query.authority, query.matcher, tokens)
    lines = None
    if imported.lines is not None:
        lines = [
            ln for raw, ln in zip(imported.blocks, imported.lines, strict=True) if yields_block(raw)
        ]
    return witness, lines


def _scan(query: Query, path: Path) -> tuple[int, list[Hit]]:
    book, lines = read_book(query, path)
    passages = book.work_passages
    words = sum(len(p.text.split()) for p in book.passages)
    if not passages:
        return words, []
    space = FeatureSpace([*query.witnesses, book])
    right = space.by_witness.get(book.siglum, [])
    tables = []  # each query witness: its grouped passages, scored pairs, chance
    for w in query.witnesses:
        whole = space.by_witness.get(w.siglum, [])
        left = [pf for pf in whole if pf.id in query.group_of]
        if left and right:
            tables.append((whole, *score_pair(space, left, right, query.params)))
    links: dict[int, dict[str, tuple]] = {}  # book index -> group -> (z, query id, names)
    for _whole, scored, _null in tables:
        for sc in scored.values():
            if sc.z < LINK_Z or sc.score < query.params.min_score:
                continue
            names = _named(sc)
            if not names and len(space.shared_content(sc.a, sc.b)) < ALONE_WORDS:
                continue  # numbers alone, or a word or two: chance as often as not
            best = links.setdefault(sc.b.index, {})
            group = query.group_of[sc.a.id]
            if sc.z > best.get(group, (0.0,))[0]:
                best[group] = (sc.z, sc.a.id, names)
    if not links:
        return words, []
    loci = _loci(book, passages, lines)
    hits = []
    for stretch in _stretches(sorted(links), passages):
        hit = _hit(space, book, passages, loci, links, stretch, path)
        if hit is not None:
            hits.append(hit)
    return words, sorted(hits, key=lambda h: -h.score)


def _named(sc) -> frozenset:
    """The names, places and dates (not numbers) two passages share."""
    shared = sc.a.raw["entities"].keys() & sc.b.raw["entities"].keys()
    return frozenset(f for f in shared if not f.startswith("num:"))


def _stretches(linked: list[int], passages: list[Passage]) -> list[list[int]]:
    """Linked passages (indexes, in order) cut where GAP_WORDS words lie between two."""
    offsets, at = [], 0
    for p in passages:
        offsets.append(at)
        at += len(p.text.split())
    out: list[list[int]] = [[linked[0]]]
    for i in linked[1:]:
        if offsets[i] - offsets[out[-1][-1] + 1] <= GAP_WORDS:  # the words between the two
            out[-1].append(i)
        else:
            out.append([i])
    return out


def _loci(book: Witness, passages: list[Passage], lines) -> list[tuple]:
    """For each work passage, where it starts and ends in the manifest's vocabulary: page
    marker (or milestone, in a file with no pages), or lines of a plain text."""
    if lines is not None:
        block_of = {p.id: k for k, b in enumerate(book.blocks) for p in b.passages}
        return [(lines[block_of[p.id]][0], lines[block_of[p.id]][1]) for p in passages]
    spans = dict(zip([p.id for p in book.passages], passage_spans(book.blocks), strict=True))
    units = Counter(
        named.unit
        for b in book.blocks
        for m in (*b.markers_before, *(m for p in b.passages for m in p.markers))
        if (named := marker_name(m))
    )
    unit = "page" if units["page"] else "milestone"
    return [(spans[p.id][0].get(unit), spans[p.id][1].get(unit)) for p in passages]


def _hit(space, book, passages, loci, links, stretch, path) -> Hit | None:
    """A stretch as a hit: each episode counts by its best link, each passage of the book
    for one episode only (a passage naming everyone is not several episodes); a stretch
    sharing fewer than MIN_NAMES names, places and dates with the episodes is none."""
    cells = sorted(
        ((z, group, i, qid, names) for i in stretch for group, (z, qid, names) in links[i].items()),
        reverse=True,
    )
    best: dict[str, float] = {}
    used: set[int] = set()
    names: set[str] = set()
    pairs = []
    for z, group, i, qid, shared in cells:
        if group in best or i in used:
            continue
        best[group] = z
        used.add(i)
        names |= shared
        pairs.append((z, qid, i))
    if len(names) < MIN_NAMES:
        return None
    first, last = min(used), max(used)
    return Hit(
        file=str(path),
        start=loci[first][0],
        end=loci[last][1],
        score=round(sum(min(z, EPISODE_CAP) for z in best.values()), 2),
        episodes=sorted(best, key=lambda g: -best[g]),
        words=_why(space, passages, pairs),
        passages=(passages[first].id, passages[last].id),
        length=sum(len(p.text.split()) for p in passages[first : last + 1]),
        format=book.format,
        title=book.title,
        author=book.author,
    )


def _why(space: FeatureSpace, passages, pairs) -> list[str]:
    """What the stretch's strongest links share, as the book writes it: names, places,
    dates and numbers first, then rare words."""
    named: dict[str, None] = {}
    rare: dict[str, None] = {}
    for _z, qid, i in pairs:
        b = space.passages[passages[i].id]
        a = space.passages[qid]
        shared = set(a.raw["entities"]) & set(b.raw["entities"])
        for e in passages[i].entities:
            if e.text and set(entity_features(Passage("", "", entities=[e]))) & shared:
                named.setdefault(e.text)
        wanted = set(space.shared_content(a, b))
        for t in tokenize(passages[i].text):
            if t.is_word and stem(t.norm) in wanted:
                rare.setdefault(t.text)
    return [*named, *rare][:WHY]
