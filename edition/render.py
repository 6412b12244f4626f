"""The HTML edition, rendered with jinja2 templates (autoescaped) from view models."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources

from jinja2 import Environment, PackageLoader, select_autoescape

from edition.arabic.normalize import normalize_orthographic
from edition.model import Passage

_env = Environment(
    loader=PackageLoader("edition", "templates"),
    autoescape=select_autoescape(["html", "xml"]),
    trim_blocks=True,
    lstrip_blocks=True,
)


@dataclass
class Span:
    text: str
    kind: str = ""  # "" for plain text, else person/place/number/date
    title: str = ""
    key: str = ""


def passage_spans(passage: Passage, labels: dict[str, str]) -> list[Span]:
    """The passage as plain and tagged spans, in order (for the template)."""
    out: list[Span] = []
    pos = 0
    for e in passage.entities:
        if e.start < pos:
            continue
        if e.start > pos:
            out.append(Span(passage.text[pos : e.start]))
        if e.kind in ("person", "place"):
            title = labels.get(e.ref, "") or "not in the authority file"
            key = e.ref or e.key
        elif e.kind == "number":
            title, key = f"= {e.value}", str(e.value)
        else:
            parts = []
            if e.hijri:
                parts.append(f"{e.hijri}{'–' + e.hijri_to if e.hijri_to else ''} AH")
            if e.ce:
                parts.append(f"{e.ce}{'–' + e.ce_to if e.ce_to else ''} CE")
            elif e.not_before:
                parts.append(f"≈ {e.not_before} – {e.not_after} CE (computed)")
            if e.cert:
                parts.append("century inferred")
            title, key = "; ".join(parts), e.hijri or e.ce
        out.append(Span(passage.text[e.start : e.end], e.kind, title, key))
        pos = e.end
    if pos < len(passage.text):
        out.append(Span(passage.text[pos:]))
    return out


def _css() -> str:
    return resources.files("edition.static").joinpath("edition.css").read_text("utf-8")


def render_html(edition) -> str:
    labels = {e.id: e.label for e in edition.authority.entries}
    witnesses = [
        {
            "w": w,
            "blocks": [
                {
                    "block": b,
                    "passages": [
                        {
                            "p": p,
                            "spans": passage_spans(p, labels),
                            "norm": normalize_orthographic(p.text),
                        }
                        for p in b.passages
                    ],
                }
                for b in w.blocks
            ],
        }
        for w in edition.witnesses
    ]
    return _env.get_template("index.html").render(
        title=edition.manifest.title or "Critical edition",
        witnesses=witnesses,
        css=_css(),
    )
