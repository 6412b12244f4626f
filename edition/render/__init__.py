"""The HTML edition: one self-contained page rendered with jinja2 (autoescaped)."""

from __future__ import annotations

import base64
from importlib import resources

from jinja2 import Environment, PackageLoader, select_autoescape

from edition.annotate.store import DEFAULT_CATEGORIES
from edition.arabic.normalize import _DIACRITICS, _ORTHO
from edition.render.spans import passage_spans
from edition.render.views import (
    agreement_matrix,
    alignment_map,
    annotation_list,
    apparatus_views,
    build_rows,
    type_legend,
)

_env = Environment(
    loader=PackageLoader("edition", "templates"),
    autoescape=select_autoescape(["html", "xml"]),
    trim_blocks=True,
    lstrip_blocks=True,
)


def _static(name: str) -> str:
    return resources.files("edition.static").joinpath(name).read_text("utf-8")


def _font(name: str) -> str:
    data = resources.files("edition.static.fonts").joinpath(name).read_bytes()
    return base64.b64encode(data).decode("ascii")


def _norm_rules() -> dict:
    """The orthographic tier for the page's search box (same rules as the library)."""
    return {"drop": _DIACRITICS + _ORTHO["tatweel"], "map": _ORTHO["map"]}


def render_html(edition, api: str = "") -> str:
    """The page; with `api` (served by `edition serve`), the annotation panel is active."""
    labels = {e.id: e.label for e in edition.authority.entries}
    has_apparatus = edition.alignment is not None and edition.apparatus is not None
    bars, ribbons, map_width = alignment_map(edition) if has_apparatus else ([], [], 0)
    rows = build_rows(edition) if has_apparatus else []
    return _env.get_template("index.html").render(
        title=edition.manifest.title or "Critical edition",
        witnesses=edition.witnesses,
        sigla=[w.siglum for w in edition.witnesses],
        rows=rows,
        legend=type_legend(),
        bars=bars,
        ribbons=ribbons,
        map_width=map_width,
        map_height=560,
        matrix=agreement_matrix(edition) if has_apparatus else [],
        bases=apparatus_views(edition) if has_apparatus else [],
        full_texts={
            w.siglum: [[(p.id, passage_spans(p, labels)) for p in b.passages] for b in w.blocks]
            for w in edition.witnesses
        },
        css=_static("edition.css"),
        js=_static("edition.js"),
        font_regular=_font("amiri-arabic-400-normal.woff2"),
        font_bold=_font("amiri-arabic-700-normal.woff2"),
        norm_rules=_norm_rules(),
        api=api,
        annotations=annotation_list(edition, rows),
        categories=edition.annotation_categories or DEFAULT_CATEGORIES,
    )
