"""View models of the HTML edition: rows of the parallel view, the alignment map, the
agreement matrix, the apparatus of each base, witness pages. Templates only lay them out."""

from __future__ import annotations

from dataclasses import dataclass, field

from edition.arabic.normalize import normalize_orthographic
from edition.collate.model import TYPES, App, GroupCollation
from edition.render.spans import Span, passage_spans

TYPE_LABELS = {
    "orthographic": "orthographic",
    "name-variant": "name variant",
    "numeric": "number",
    "date": "date",
    "addition": "addition",
    "omission": "omission",
    "substitution": "substitution",
    "transposition": "transposition",
}


@dataclass
class Piece:
    """A stretch of a witness's text in a row: shared, a variant reading, or a gap."""

    text: str
    app: str = ""  # variation unit id ("" for shared text)
    type: str = ""
    title: str = ""
    notes: int = 0  # annotations on this variation unit
    skipped: tuple[str, ...] = ()  # a skip: the witness's passages told elsewhere
    skip_row: str = ""  # the row showing the first of them


@dataclass
class Cell:
    siglum: str
    present: bool
    pieces: list[Piece] = field(default_factory=list)
    spans: list[Span] = field(default_factory=list)  # rows of unaligned passages
    norm: str = ""  # normalised text, for search
    passage_ids: list[str] = field(default_factory=list)


@dataclass
class Row:
    id: str
    kind: str  # "group" | "single"
    label: str
    cells: list[Cell]
    score: float = 1.0  # share of the text the witnesses agree on
    types: list[str] = field(default_factory=list)
    facts: list[dict] = field(default_factory=list)
    conflict: bool = False
    position: float = 0.0
    notes: list = field(default_factory=list)  # annotations on the row's targets
    paraphrase: bool = False  # shown by shared facts rather than a word-by-word diff


def _app_title(app: App) -> str:
    readings = "; ".join(f"{r.text.strip() or '—'} ({' '.join(r.witnesses)})" for r in app.readings)
    kind = TYPE_LABELS.get(app.type, app.type) + (f" ({app.subtype})" if app.subtype else "")
    return f"{kind}: {readings}"


def _group_cell(gc: GroupCollation, siglum: str, passage_ids: list[str]) -> Cell:
    pieces = []
    for k, part in enumerate(gc.parts):
        text, at = gc.part_text(part, siglum), 0
        for skip in [*gc.skips_in(k, siglum), None]:
            end = skip.offset if skip is not None else len(text)
            if at < end or (skip is None and at == 0):
                if isinstance(part, str):
                    pieces.append(Piece(text[at:end]))
                else:
                    pieces.append(Piece(text[at:end], part.id, part.type, _app_title(part)))
            if skip is not None:
                pieces.append(Piece("", skipped=skip.passages))
                at = end
    text = gc.text_of(siglum)
    return Cell(siglum, True, pieces, norm=normalize_orthographic(text), passage_ids=passage_ids)


PARAPHRASE = 0.25  # below this agreement a row shows shared facts, not a word-by-word diff


def _between(a: str, b: str, order: tuple[list[str], dict[str, int]]) -> tuple[str, ...]:
    """The passages of a witness between two of its passages (`order`: its passage ids, and
    the position of each)."""
    ids, position = order
    return tuple(ids[position[a] + 1 : position[b]])


def _paraphrase_cells(sigla, by_w, passages, labels, order) -> list[Cell]:
    """Witnesses that tell an episode in their own words: each cell shows its text with
    names, places, numbers and dates marked, those in another column too as shared."""
    keys: dict[str, set[str]] = {}
    spans_of: dict[str, list[Span]] = {}
    for s in sigla:
        if s not in by_w:
            continue
        spans: list[Span] = []
        for k, pid in enumerate(by_w[s]):
            if k:
                spans.append(Span(" "))
                skipped = _between(by_w[s][k - 1], pid, order[s])
                if skipped:
                    spans.extend([Span("", "skip", skipped=skipped), Span(" ")])
            spans.extend(passage_spans(passages[pid], labels))
        spans_of[s] = spans
        keys[s] = {f"{sp.kind}:{sp.key}" for sp in spans if sp.kind and sp.key}
    cells = []
    for s in sigla:
        if s not in spans_of:
            cells.append(Cell(s, False))
            continue
        others = set().union(*(keys[o] for o in keys if o != s))
        for sp in spans_of[s]:
            sp.shared = bool(sp.kind and f"{sp.kind}:{sp.key}" in others)
        text = " ".join(passages[pid].text for pid in by_w[s])
        cells.append(
            Cell(
                s,
                True,
                spans=spans_of[s],
                norm=normalize_orthographic(text),
                passage_ids=list(by_w[s]),
            )
        )
    return cells


def agreement(gc: GroupCollation) -> float:
    total = sum(len(gc.text_of(s)) for s in gc.witnesses)
    shared = sum(len(p) for p in gc.parts if isinstance(p, str)) * len(gc.witnesses)
    return shared / total if total else 1.0


def _annotations_by_target(edition) -> dict[str, list]:
    out: dict[str, list] = {}
    for a in getattr(edition, "annotations", []):
        if a.status == "ok":
            out.setdefault(a.target, []).append(a)
    return out


def build_rows(edition) -> list[Row]:
    witnesses = edition.witnesses
    sigla = [w.siglum for w in witnesses]
    alignment = edition.alignment
    collations = {gc.group: gc for gc in edition.apparatus.groups} if edition.apparatus else {}
    labels = {e.id: e.label for e in edition.authority.entries}
    index: dict[str, tuple[str, int, int]] = {}  # passage id -> (siglum, position, count)
    for w in witnesses:
        ps = w.passages  # (a list built on each access: once per witness)
        for k, p in enumerate(ps):
            index[p.id] = (w.siglum, k, len(ps))
    notes = _annotations_by_target(edition)
    passages = {p.id: p for w in witnesses for p in w.passages}
    position = {pid: k for pid, (_s, k, _n) in index.items()}
    order = {w.siglum: ([p.id for p in w.passages], position) for w in witnesses}
    rows: list[Row] = []
    for g in alignment.groups if alignment else []:
        gc = collations.get(g.id)
        by_w: dict[str, list[str]] = {}
        for pid in g.passages:
            by_w.setdefault(index[pid][0], []).append(pid)
        if gc is not None and agreement(gc) < PARAPHRASE:
            cells = _paraphrase_cells(sigla, by_w, passages, labels, order)
        else:
            cells = [
                _group_cell(gc, s, by_w[s]) if s in by_w and gc else Cell(s, False) for s in sigla
            ]
        for cell in cells:
            for piece in cell.pieces:
                piece.notes = len(notes.get(piece.app, [])) if piece.app else 0
        targets = [g.id, f"{g.id}-ab", *g.passages, *(a.id for a in (gc.apps if gc else []))]
        row_notes = [a for t in targets for a in notes.get(t, [])]
        types = sorted({a.type for a in gc.apps}) if gc else []
        facts = gc.facts if gc else []
        rows.append(
            Row(
                g.id,
                "group",
                g.label,
                cells,
                agreement(gc) if gc else 0.0,
                types,
                facts,
                any(f["conflict"] for f in facts),
                _position(g.passages, index),
                row_notes,
                gc is not None and agreement(gc) < PARAPHRASE,
            )
        )
    aligned = {pid for g in (alignment.groups if alignment else []) for pid in g.passages}
    for w in witnesses:
        run: list = []
        for p in [*w.passages, None]:
            if p is not None and p.id not in aligned:
                run.append(p)
                continue
            if run:
                cells = []
                for s in sigla:
                    if s != w.siglum:
                        cells.append(Cell(s, False))
                        continue
                    spans = []
                    for k, q in enumerate(run):
                        spans.extend(passage_spans(q, labels))
                        if k < len(run) - 1:
                            spans.append(Span(" "))
                    text = " ".join(q.text for q in run)
                    cells.append(
                        Cell(
                            s,
                            True,
                            spans=spans,
                            norm=normalize_orthographic(text),
                            passage_ids=[q.id for q in run],
                        )
                    )
                rows.append(
                    Row(
                        f"u-{run[0].id}",
                        "single",
                        "",
                        cells,
                        position=_position([q.id for q in run], index),
                        notes=[a for q in run for a in notes.get(q.id, [])],
                    )
                )
                run = []
    rows.sort(key=lambda r: r.position)
    _link_skips(rows)
    return rows


def _link_skips(rows: list[Row]) -> None:
    """Each skip mark links to the row showing the first passage it skips."""
    row_of = {pid: row.id for row in rows for cell in row.cells for pid in cell.passage_ids}
    for row in rows:
        for cell in row.cells:
            for mark in [*cell.pieces, *cell.spans]:
                if mark.skipped:
                    mark.skip_row = row_of.get(mark.skipped[0], "")


def _position(pids: list[str], index) -> float:
    per: dict[str, float] = {}
    for pid in pids:
        s, k, n = index[pid]
        per[s] = min(per.get(s, 1.0), k / max(n, 1))
    return sum(per.values()) / len(per)


# --- the alignment map -------------------------------------------------------------------

MAP_HEIGHT = 560
BAR_WIDTH = 18
COLUMN_GAP = 150


@dataclass
class MapBar:
    siglum: str
    x: float
    rects: list[tuple[float, float, str, bool]]  # y, height, passage id, aligned


@dataclass
class Ribbon:
    group: str
    label: str
    path: str


def alignment_map(edition) -> tuple[list[MapBar], list[Ribbon], float]:
    """Bars of passages per witness (right to left, like the columns) and ribbons."""
    witnesses = edition.witnesses
    n = len(witnesses)
    width = 40 + (n - 1) * COLUMN_GAP + BAR_WIDTH + 40
    aligned = {pid for g in edition.alignment.groups for pid in g.passages}
    spans: dict[str, tuple[float, float]] = {}
    bars = []
    for k, w in enumerate(witnesses):
        x = width - 40 - BAR_WIDTH - k * COLUMN_GAP
        total = sum(len(p.text.split()) for p in w.passages) or 1
        y = 0.0
        rects = []
        for p in w.passages:
            h = len(p.text.split()) / total * MAP_HEIGHT
            rects.append((round(y, 2), round(max(h, 0.5), 2), p.id, p.id in aligned))
            spans[p.id] = (y, y + h)
            y += h
        bars.append(MapBar(w.siglum, x, rects))
    x_of = {b.siglum: b.x for b in bars}
    ribbons = []
    wo = edition.alignment.witness_of
    order = [w.siglum for w in witnesses]
    for g in edition.alignment.groups:
        present = [s for s in order if any(wo[p] == s for p in g.passages)]
        for a, b in zip(present, present[1:], strict=False):
            ya = [spans[p] for p in g.passages if wo[p] == a]
            yb = [spans[p] for p in g.passages if wo[p] == b]
            a0, a1 = min(y[0] for y in ya), max(y[1] for y in ya)
            b0, b1 = min(y[0] for y in yb), max(y[1] for y in yb)
            xa, xb = x_of[a], x_of[b] + BAR_WIDTH
            mid = (xa + xb) / 2
            path = (
                f"M{xa:.1f},{a0:.1f} C{mid:.1f},{a0:.1f} {mid:.1f},{b0:.1f} {xb:.1f},{b0:.1f} "
                f"L{xb:.1f},{b1:.1f} C{mid:.1f},{b1:.1f} {mid:.1f},{a1:.1f} {xa:.1f},{a1:.1f} Z"
            )
            ribbons.append(Ribbon(g.id, g.label, path))
    return bars, ribbons, width


def agreement_matrix(edition) -> list[list[float | None]]:
    """Pairwise agreement: the share of their text two witnesses read alike, over the
    groups they share (None where they share none)."""
    sigla = [w.siglum for w in edition.witnesses]
    out: list[list[float | None]] = []
    for a in sigla:
        row: list[float | None] = []
        for b in sigla:
            same = total = 0.0
            for gc in edition.apparatus.groups:
                if a not in gc.witnesses or b not in gc.witnesses:
                    continue
                for p in gc.parts:
                    if isinstance(p, str):
                        same += len(p)
                    elif p.reading_of(a) == p.reading_of(b):
                        same += len(p.reading_of(a))
                total += (len(gc.text_of(a)) + len(gc.text_of(b))) / 2
            row.append(round(same / total, 3) if total else None)
        out.append(row)
    return out


# --- the apparatus view -----------------------------------------------------------------


@dataclass
class Note:
    n: int
    lemma: str
    readings: list[tuple[str, str]]  # (reading, sigla)
    type: str


@dataclass
class BaseText:
    siglum: str
    pieces: list[tuple[str, int]]  # (text, note number or 0)
    notes: list[Note]


def collation_of_passages(edition) -> dict[str, GroupCollation]:
    """Passage id -> the collation of its group."""
    groups = {g.id: g for g in edition.alignment.groups}
    return {pid: gc for gc in edition.apparatus.groups for pid in groups[gc.group].passages}


def apparatus_views(edition, passages_of=None, group_of=None) -> list[BaseText]:
    """For each witness as base: its running text with numbered notes (lemma ] readings);
    only the passages in `passages_of` (siglum -> passages in order), if given (one page of
    a split edition). `group_of`: `collation_of_passages(edition)`, if already made."""
    out = []
    groups = {g.id: g for g in edition.alignment.groups}
    if group_of is None:
        group_of = collation_of_passages(edition)
    for w in edition.witnesses:
        pieces: list[tuple[str, int]] = []
        notes: list[Note] = []
        done: set[str] = set()
        for p in passages_of[w.siglum] if passages_of is not None else w.passages:
            gc = group_of.get(p.id)
            if gc is None or w.siglum not in gc.witnesses:
                pieces.append((p.text + " ", 0))
                continue
            if gc.group in done:
                continue
            done.add(gc.group)
            if agreement(gc) < PARAPHRASE:  # told in other words: one note, not a diff
                own = gc.text_of(w.siglum)
                others = [o for o in gc.witnesses if o != w.siglum]
                label = groups[gc.group].label
                notes.append(
                    Note(
                        len(notes) + 1,
                        " ".join(own.split()[:4]) + " …",
                        [(f"told in other words ({label})", " ".join(others))],
                        "substitution",
                    )
                )
                pieces.append((own, len(notes)))
                pieces.append((" ", 0))
                continue
            for part in gc.parts:
                if isinstance(part, str):
                    pieces.append((part, 0))
                    continue
                lemma = part.reading_of(w.siglum)
                others = [
                    (r.text.strip() or "om.", " ".join(r.witnesses))
                    for r in part.readings
                    if w.siglum not in r.witnesses
                ]
                notes.append(Note(len(notes) + 1, lemma.strip() or "—", others, part.type))
                pieces.append((lemma, len(notes)))
            pieces.append((" ", 0))
        out.append(BaseText(w.siglum, pieces, notes))
    return out


def default_base(edition) -> str:
    """The witness the apparatus opens on: the base chosen for the collation (`--base`), or
    else the one with the most words in aligned passages (a base that shares nothing with
    the others has no notes to show); the first listed in the manifest among equals."""
    if edition.apparatus is not None and edition.apparatus.base:
        return edition.apparatus.base
    aligned = {pid for g in edition.alignment.groups for pid in g.passages}

    def words(w) -> int:
        return sum(len(p.text.split()) for p in w.passages if p.id in aligned)

    return max(edition.witnesses, key=words).siglum if edition.witnesses else ""


def annotation_list(edition, rows: list[Row]) -> list[tuple]:
    """Every annotation in force, with the row it belongs to: (annotation, row id)."""
    row_of = {}
    for r in rows:
        for a in r.notes:
            row_of[a.id] = r.id
    return [(a, row_of.get(a.id, "")) for a in edition.annotations if a.status == "ok"]


def type_legend() -> list[tuple[str, str, str]]:
    return [(t, TYPE_LABELS[t], TYPES[t]) for t in TYPES]
