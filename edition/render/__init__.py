"""The HTML edition: one self-contained page rendered with jinja2 (autoescaped)."""

from __future__ import annotations

import base64
from dataclasses import dataclass
from importlib import resources

from jinja2 import Environment, FileSystemBytecodeCache, PackageLoader, select_autoescape

from edition.annotate.store import DEFAULT_CATEGORIES, DEFAULT_CATEGORY
from edition.arabic.normalize import orthographic_rules
from edition.arabic.tokens import first_words
from edition.batch import few_collections
from edition.parallel import fork_map
from edition.render.views import (
    agreement_matrix,
    alignment_map,
    annotation_list,
    apparatus_views,
    build_rows,
    collation_of_passages,
    default_base,
    difference_counts,
    full_texts,
    name_index,
    skeleton_rules,
    stretches,
    type_legend,
)


class _CompiledTemplates(FileSystemBytecodeCache):
    """The templates compiled by an earlier run (in jinja2's folder for this user under the
    system's temporary folder; jinja2 compiles a template again when its source changed).
    Compiling them is a good part of a short edition's build."""

    def dump_bytecode(self, bucket) -> None:
        try:
            super().dump_bytecode(bucket)
        except OSError:  # nowhere to keep them: the next run compiles them again
            return


def _compiled_templates() -> FileSystemBytecodeCache | None:
    try:
        return _CompiledTemplates()
    except (OSError, RuntimeError):  # no folder of its own for jinja2: compile every time
        return None


_env = Environment(
    loader=PackageLoader("edition", "templates"),
    autoescape=select_autoescape(["html", "xml"]),
    trim_blocks=True,
    lstrip_blocks=True,
    bytecode_cache=_compiled_templates(),
)


def _static(name: str) -> str:
    return resources.files("edition.static").joinpath(name).read_text("utf-8")


def _font(name: str) -> str:
    data = resources.files("edition.static.fonts").joinpath(name).read_bytes()
    return base64.b64encode(data).decode("ascii")


PAGE_ROWS = 300  # past this many rows, the edition is split into pages of this many
TITLE_WORDS = 5  # opening words that name a row told by one witness in the contents
PAGE_BYTES = 2_000_000  # and into pages no larger than this, whatever the rows hold
PAGE_BUDGET = 1_100_000  # what a page's rows may weigh (`row_weight`): room for the rest
ASSETS = "assets/"  # where split pages find the shared style sheet (with the fonts) and script


@dataclass
class Part:
    """One page of a split edition: a run of consecutive rows."""

    name: str
    rows: list
    first: str  # label of its first row
    last: str

    @property
    def groups(self) -> int:
        return sum(r.kind == "group" for r in self.rows)


def edition_rows(edition) -> list:
    """The rows of the parallel view (none before collation)."""
    return build_rows(edition) if _collated(edition) else []


@few_collections()
def render_pages(
    edition,
    api: str = "",
    page_rows: int | None = None,
    touched: set[str] | None = None,
    previous: dict[str, str] | None = None,
    rows: list | None = None,
    version: int | None = None,
) -> dict[str, str]:
    """The edition as files (name -> content): one self-contained `index.html`, or, for a
    long edition, an index (contents, alignment map, witnesses) and pages of at most
    `page_rows` rows and PAGE_BYTES bytes, sharing `assets/edition.css` and
    `assets/edition.js`, so that the browser never has to lay out the whole edition at once.

    After annotations changed: `touched` names their targets and `previous` holds the pages
    rendered before; only the index and the pages showing those targets are rendered again
    (all of them if a target is shown on no page). `rows`: the edition's `edition_rows`,
    when the caller has them already. `version`: the number of the server's writes the
    pages show (served pages, for a tab to tell what it has not shown yet)."""
    page_rows = page_rows or PAGE_ROWS
    rows = edition_rows(edition) if rows is None else rows
    budget = PAGE_BUDGET
    while True:  # the weights are estimates: a page found too large is made again smaller
        chunks = paginate(rows, page_rows, budget)
        if len(chunks) == 1:
            pages = {"index.html": _render(edition, rows, api=api, version=version, full=True)}
        else:
            again = budget < PAGE_BUDGET  # pages made before were paginated otherwise
            pages = _render_parts(
                edition,
                chunks,
                api,
                None if again else touched,
                None if again else previous,
                rows,
                version,
            )
        if budget < PAGE_BUDGET // 8 or all(len(p.encode()) <= PAGE_BYTES for p in pages.values()):
            return pages
        budget //= 2


def row_weight(row) -> int:
    """About how many bytes a row adds to its page: its text is shown four times (the
    parallel column, its search key, the apparatus, the witness's text), two bytes a
    letter, and each piece and fact brings its markup. (Annotations are left out: adding
    one must not move rows to other pages, see `_unchanged`.)"""
    letters = marks = 0
    for c in row.cells:
        for piece in c.pieces or c.spans:
            letters += len(piece.text)
            marks += 1
    return 400 + 8 * letters + 250 * marks + 600 * len(row.facts)


def paginate(rows: list, page_rows: int, budget: int) -> list[list]:
    """Consecutive rows in pages of at most `page_rows` rows weighing at most `budget`
    (a row heavier than that alone on its page)."""
    pages: list[list] = [[]]
    weight = 0
    for row in rows:
        w = row_weight(row)
        if pages[-1] and (len(pages[-1]) >= page_rows or weight + w > budget):
            pages.append([])
            weight = 0
        pages[-1].append(row)
        weight += w
    return pages


def _render_parts(
    edition, chunks: list[list], api: str, touched, previous, rows: list, version=None
):
    """The pages of a split edition: its index, assets and one page per chunk of rows
    (rendered in worker processes, for a long edition)."""
    parts = [
        Part(f"part-{k + 1:04d}.html", chunk, _row_title(chunk[0]), _row_title(chunk[-1]))
        for k, chunk in enumerate(chunks)
    ]
    page_of = {r.id: part.name for part in parts for r in part.rows}

    def href(row_id: str) -> str:
        return f"{page_of.get(row_id, '')}#row-{row_id}"

    kept = _unchanged(parts, touched, previous)
    pages = {}
    for name, make in _ASSET_FILES.items():  # nothing in them depends on annotations
        pages[name] = previous[name] if previous and name in previous else make()
    shared = {
        "api": api,
        "version": version,
        "parts": parts,
        "href": href,
        "group_of": collation_of_passages(edition),
        "names": name_index(edition),
        "base": default_base(edition),  # (it counts every aligned word: once, not once a page)
        "told": {r.id: r.label for r in rows if r.paraphrase},  # as `told_in_other_words`
    }
    groups = [r for r in rows if r.kind == "group"]
    contents = {  # the index: every annotation, and every episode when they are not too many
        **{key: shared[key] for key in ("api", "version", "parts", "href")},
        "annotated": rows,
        "episodes": groups if len(groups) <= EPISODES_ON_CONTENTS else [],
        "all_groups": len(groups),
    }
    blocks = _blocks_by_part(edition, parts)

    def page(k: int | None) -> str:
        """The index (None) or the k-th page."""
        if k is None:
            return _render(edition, [], **contents)
        return _render(edition, parts[k].rows, part=k, blocks=blocks[k], **shared)

    todo = [None, *(k for k, part in enumerate(parts) if part.name not in kept)]
    size = sum(len(parts[k].rows) for k in todo[1:])
    for k, html in zip(todo, fork_map(page, todo, size >= PARALLEL_ROWS), strict=True):
        pages["index.html" if k is None else parts[k].name] = html
    for name in kept:
        pages[name] = previous[name]
    return {name: pages[name] for name in _page_order(parts)}


PARALLEL_ROWS = 1000  # pages of this many rows (together) are rendered on all cores
# the contents page of a split edition lists every episode, up to this many (a list of
# ten thousand would weigh more than a page may)
EPISODES_ON_CONTENTS = 2000


def _page_order(parts: list[Part]) -> list[str]:
    """The files of a split edition, in the order they are listed (and written)."""
    return ["index.html", *_ASSET_FILES, *(part.name for part in parts)]


_ASSET_FILES = {
    ASSETS + "edition.css": lambda: _env.get_template("edition.css.j2").render(_assets()),
    ASSETS + "edition.js": lambda: _static("edition.js"),
}


def _unchanged(parts: list[Part], touched: set[str] | None, previous) -> set[str]:
    """The pages that show none of the touched targets (none of them, if a target is shown
    nowhere: a witness, or an id of another build)."""
    if touched is None or previous is None:
        return set()
    shown: dict[str, set[str]] = {}
    for part in parts:
        ids = shown[part.name] = set()
        for r in part.rows:
            ids.add(r.id)
            for c in r.cells:
                ids.update(c.passage_ids)
                ids.update(piece.app for piece in c.pieces if piece.app)
    if any(all(t not in ids for ids in shown.values()) for t in touched):
        return set()
    return {name for name, ids in shown.items() if not ids & touched and name in previous}


def _blocks_by_part(edition, parts: list[Part]) -> list[dict[str, list[list]]]:
    """For each page, each witness's paragraphs (lists of passages) that it shows."""
    part_of = {
        pid: k
        for k, part in enumerate(parts)
        for r in part.rows
        for c in r.cells
        for pid in c.passage_ids
    }
    out: list[dict[str, list[list]]] = [{} for _ in parts]
    for w in edition.witnesses:
        for b in w.blocks:
            here: dict[int, list] = {}
            for p in b.passages:
                if p.id in part_of:
                    here.setdefault(part_of[p.id], []).append(p)
            for k, ps in here.items():
                out[k].setdefault(w.siglum, []).append(ps)
    return out


def _collated(edition) -> bool:
    return edition.alignment is not None and edition.apparatus is not None


def _row_title(row) -> str:
    """How the contents name a page's first or last row: a group by its label, a passage
    told by one witness alone by its siglum and opening words."""
    if row.kind == "group":
        return row.label
    cell = next(c for c in row.cells if c.present)
    text = "".join(sp.text for sp in cell.spans) or "".join(pc.text for pc in cell.pieces)
    return f"{cell.siglum}: {first_words(text, TITLE_WORDS)} …"


def _assets() -> dict:
    return {
        "css": _static("edition.css"),
        "font_regular": _font("amiri-400.woff2"),
        "font_bold": _font("amiri-700.woff2"),
    }


def _render(
    edition,
    rows,
    api="",
    version=None,
    full=False,
    parts=(),
    part=None,
    href=None,
    annotated=None,
    blocks=None,
    group_of=None,
    names=None,
    base=None,
    told=None,
    episodes: list | None = None,
    all_groups: int = 0,
):
    """One page. `full`: the whole edition in one self-contained file. Otherwise a page of
    a split edition: `part` is its index in `parts` (`blocks`: what it shows of each
    witness's paragraphs), or None for the index page."""
    labels = {e.id: e.label for e in edition.authority.entries}
    collated = _collated(edition)
    whole = full or part is None  # pages that show the whole edition's map and matrix
    bars, ribbons, map_width = alignment_map(edition) if collated and whole else ([], [], 0)
    if full:
        blocks = {w.siglum: [b.passages for b in w.blocks] for w in edition.witnesses}
    shown = None
    if not full and blocks is not None:
        shown = {s: [p for ps in bs for p in ps] for s, bs in blocks.items()}
        shown.update({w.siglum: [] for w in edition.witnesses if w.siglum not in shown})
    context = {
        "title": edition.manifest.title or "Critical edition",
        "witnesses": edition.witnesses,
        "sigla": [w.siglum for w in edition.witnesses],
        "rows": rows,
        "stretches": stretches(rows),
        "legend": type_legend(),
        # what each switch of a class of difference has to act on (nothing to count on the
        # contents page of a long edition, which shows no rows)
        "differences": difference_counts(rows) if rows else None,
        "paraphrases": sum(r.paraphrase for r in rows),
        "sharing": {s for r in rows if r.kind == "group" for s in r.present},
        "groups": sum(r.kind == "group" for r in rows),
        "bars": bars,
        "ribbons": ribbons,
        "map_width": map_width,
        "map_height": 560,
        "matrix": agreement_matrix(edition) if collated and whole else [],
        "bases": apparatus_views(edition, shown, group_of, told) if collated and blocks else [],
        "base": default_base(edition) if base is None else base,
        "full_texts": full_texts(blocks or {}, labels),
        "js": _static("edition.js"),
        "norm_rules": orthographic_rules(),  # the search box normalises as the library does
        "skeleton_rules": skeleton_rules(),  # ... and finds a name by its skeleton
        "names": (name_index(edition) if names is None else names) if rows else [],
        "api": api,
        "version": version,
        # every annotation on the index (or the one page), those of its own rows on a page
        "annotations": [
            (a, row)
            for a, row in annotation_list(edition, annotated if annotated is not None else rows)
            if whole or row
        ],
        "categories": edition.annotation_categories or DEFAULT_CATEGORIES,
        "default_category": DEFAULT_CATEGORY,
        "parts": parts,
        "part": part,
        # the episodes listed beside: the page's own, or on the contents page of a split
        # edition all of them (none when they are too many: `all_groups` says how many)
        "episodes": rows if episodes is None else episodes,
        "all_groups": all_groups,
        "assets": "" if full else ASSETS,
        "row_href": href or (lambda row_id: f"#row-{row_id}"),
    }
    if full:
        context.update(_assets())
    return _env.get_template("index.html").render(context)
