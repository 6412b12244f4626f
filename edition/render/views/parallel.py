"""The parallel view: one row per aligned group (word by word, or, for witnesses that tell
an episode in their own words, what they share), and rows for passages no other witness
tells."""

from __future__ import annotations

import re

from edition.align.groups import confirmed
from edition.arabic.normalize import normalize_orthographic
from edition.collate.model import App, GroupCollation
from edition.model import run_text, separator
from edition.render.spans import Span, passage_spans
from edition.render.views.cells import Cell, Piece, Row
from edition.render.views.common import PARAPHRASE, TYPE_LABELS, agreement
from edition.render.views.order import in_reading_order
from edition.render.views.paraphrase import paraphrase_cells


def _app_title(app: App) -> str:
    readings = "; ".join(f"{r.text.strip() or '—'} ({' '.join(r.witnesses)})" for r in app.readings)
    kind = TYPE_LABELS.get(app.type, app.type) + (f" ({app.subtype})" if app.subtype else "")
    return f"{kind}: {readings}"


def _group_cell(gc: GroupCollation, siglum: str, passage_ids: list[str], titles: dict) -> Cell:
    """A witness's cell of a row collated word by word (`titles`: each unit's tooltip, made
    by the first cell that needs it)."""
    skips = gc.skips_by_part(siglum)
    pieces, texts = [], []
    for k, part in enumerate(gc.parts):
        text = gc.part_text(part, siglum)
        texts.append(text)
        if k in skips:
            pieces += _cut(part, text, skips[k], titles)
        else:
            pieces.append(_piece(part, text, titles))
    text = "".join(texts)
    return Cell(siglum, True, pieces, norm=normalize_orthographic(text), passage_ids=passage_ids)


def _piece(part: str | App, text: str, titles: dict) -> Piece:
    if isinstance(part, str):
        return Piece(text)
    if part.id not in titles:
        titles[part.id] = _app_title(part)
    return Piece(text, part.id, part.type, titles[part.id])


def _cut(part: str | App, text: str, skips: list, titles: dict) -> list[Piece]:
    """A part of a witness's text cut where it skips passages, with a mark at each cut."""
    pieces, at = [], 0
    for skip in skips:
        if at < skip.offset:
            pieces.append(_piece(part, text[at : skip.offset], titles))
        pieces.append(Piece("", skipped=skip.passages))
        at = skip.offset
    if at < len(text) or at == 0:  # (a unit the witness has nothing of, skips at its start)
        pieces.append(_piece(part, text[at:], titles))
    return pieces


def _annotations_by_target(edition) -> dict[str, list]:
    out: dict[str, list] = {}
    for a in getattr(edition, "annotations", []):
        if a.status == "ok":
            out.setdefault(a.target, []).append(a)
    return out


class _Context:
    """What building the rows looks up: each passage's witness and place in it, the
    passages, the annotations by target, the authority's labels."""

    def __init__(self, edition):
        self.sigla = [w.siglum for w in edition.witnesses]
        self.index: dict[str, tuple[str, int, int]] = {}  # id -> (siglum, position, count)
        self.order: dict[str, tuple[list[str], dict[str, int]]] = {}
        position: dict[str, int] = {}
        self.passages = {}
        for w in edition.witnesses:
            ps = w.passages  # (a list built on each access: once per witness)
            for k, p in enumerate(ps):
                self.index[p.id] = (w.siglum, k, len(ps))
                self.passages[p.id] = p
                position[p.id] = k
            self.order[w.siglum] = ([p.id for p in ps], position)
        self.notes = _annotations_by_target(edition)
        self.labels = {e.id: e.label for e in edition.authority.entries}

    def position(self, pids: list[str]) -> float:
        per: dict[str, float] = {}
        for pid in pids:
            s, k, n = self.index[pid]
            per[s] = min(per.get(s, 1.0), k / max(n, 1))
        return sum(per.values()) / len(per)


def build_rows(edition) -> list[Row]:
    ctx = _Context(edition)
    alignment = edition.alignment
    collations = {gc.group: gc for gc in edition.apparatus.groups} if edition.apparatus else {}
    groups = alignment.groups if alignment else []
    rows = [_group_row(g, collations.get(g.id), ctx) for g in groups]
    aligned = {pid for g in groups for pid in g.passages}
    for w in edition.witnesses:
        rows += _single_rows(w, aligned, ctx)
    rows = in_reading_order(rows, ctx.index)
    _link_skips(rows)
    _measure(rows, ctx)
    return rows


def _measure(rows: list[Row], ctx: _Context) -> None:
    """Each cell's passages' sizes (letters, white space aside)."""
    for row in rows:
        for cell in row.cells:
            cell.sizes = [_letters(ctx.passages[pid].text) for pid in cell.passage_ids]


# white space, as the page's script counts it too (edition.js, `editionCells`): Python's
# and JavaScript's white space together
_SPACE = re.compile(r"[\s\ufeff]")


def _letters(text: str) -> int:
    """A text's code points, white space aside."""
    return len(text) - len(_SPACE.findall(text))


def _group_row(g, gc: GroupCollation | None, ctx: _Context) -> Row:
    by_w: dict[str, list[str]] = {}
    for pid in g.passages:
        by_w.setdefault(ctx.index[pid][0], []).append(pid)
    facts = gc.facts if gc else []
    score = agreement(gc) if gc else 0.0
    paraphrase = gc is not None and score < PARAPHRASE
    if paraphrase:
        cells = paraphrase_cells(ctx.sigla, by_w, ctx.passages, ctx.labels, ctx.order, facts)
    else:
        titles: dict[str, str] = {}
        cells = [
            _group_cell(gc, s, by_w[s], titles) if s in by_w and gc else Cell(s, False)
            for s in ctx.sigla
        ]
    for cell in cells:
        for piece in cell.pieces:
            piece.notes = len(ctx.notes.get(piece.app, [])) if piece.app else 0
    targets = [g.id, f"{g.id}-ab", *g.passages, *(a.id for a in (gc.apps if gc else []))]
    row = Row(
        g.id,
        "group",
        g.label,
        cells,
        score,
        facts=facts,
        conflict=any(f["conflict"] for f in facts),
        position=ctx.position(g.passages),
        notes=[a for t in targets for a in ctx.notes.get(t, [])],
        paraphrase=paraphrase,
        confirmed=confirmed(g.passages, g.links),
    )
    row.types = sorted(row.differences())
    return row


RUN_CHARS = 40_000  # a longer run of passages told by one witness is cut into reading chunks


def _single_rows(w, aligned: set[str], ctx: _Context) -> list[Row]:
    """A row for each run of a witness's passages that no group holds; a run longer than
    RUN_CHARS is cut between passages into chunks, rows that say they continue each other."""
    rows: list[Row] = []
    run: list = []
    for p in [*w.passages, None]:
        if p is not None and p.id not in aligned:
            run.append(p)
        elif run:
            rows += _chunked(w.siglum, run, ctx)
            run = []
    return rows


def _chunked(siglum: str, run: list, ctx: _Context) -> list[Row]:
    chunks: list[list] = [[]]
    size = 0
    for p in run:
        if chunks[-1] and size + len(p.text) > RUN_CHARS:
            chunks.append([])
            size = 0
        chunks[-1].append(p)
        size += len(p.text) + 1
    rows = [_single_row(siglum, chunk, ctx) for chunk in chunks]
    for before, after in zip(rows, rows[1:], strict=False):
        before.continued, after.continues = after.id, before.id
    return rows


def _single_row(siglum: str, run: list, ctx: _Context) -> Row:
    spans: list[Span] = []
    for k, q in enumerate(run):
        if k and (gap := separator(q)):
            spans.append(Span(gap))
        spans.extend(passage_spans(q, ctx.labels))
    text = run_text(run)
    cell = Cell(siglum, True, spans=spans, norm=normalize_orthographic(text))
    cell.passage_ids = [q.id for q in run]
    return Row(
        f"u-{run[0].id}",
        "single",
        "",
        [cell if s == siglum else Cell(s, False) for s in ctx.sigla],
        position=ctx.position(cell.passage_ids),
        notes=[a for q in run for a in ctx.notes.get(q.id, [])],
    )


def _link_skips(rows: list[Row]) -> None:
    """Each skip mark links to the row showing the first passage it skips."""
    row_of = {pid: row.id for row in rows for cell in row.cells for pid in cell.passage_ids}
    for row in rows:
        for cell in row.cells:
            for mark in [*cell.pieces, *cell.spans]:
                if mark.skipped:
                    mark.skip_row = row_of.get(mark.skipped[0], "")


def annotation_list(edition, rows: list[Row]) -> list[tuple]:
    """Every annotation in force, with the row it belongs to: (annotation, row id)."""
    row_of = {}
    for r in rows:
        for a in r.notes:
            row_of[a.id] = r.id
    return [(a, row_of.get(a.id, "")) for a in edition.annotations if a.status == "ok"]


def difference_counts(rows: list[Row]) -> dict[str, int]:
    """How many differences of each class the rows mark."""
    out: dict[str, int] = {}
    for r in rows:
        for t, n in r.differences().items():
            out[t] = out.get(t, 0) + n
    return out
