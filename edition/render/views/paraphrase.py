"""Rows told in other words: no word-by-word diff, but what the tellings share is marked
in every column, under one key, so that it lights up together: names, places, numbers and
dates (through the authority file and skeleton keys), content words (by stem) and things
of narrative named with other words (by concept: `رسل` and `سفارة`). Numbers and dates that
another column contradicts are marked as differences, like the word-by-word ones."""

from __future__ import annotations

from dataclasses import dataclass, field

from edition.arabic.concepts import concept_of
from edition.arabic.normalize import normalize_orthographic
from edition.arabic.stems import CONJOINED_FUNCTION_STEMS, stem
from edition.arabic.tokens import tokenize, word_norms
from edition.collate.facts import Claim, claim
from edition.model import separator
from edition.render.spans import Span, passage_spans
from edition.render.views.cells import Cell

DIFFERS = {"number": "numeric", "date": "date"}  # kind of fact -> class of difference


@dataclass
class Telling:
    """One witness's text in a row told in other words."""

    siglum: str
    spans: list[Span]
    text: str
    passage_ids: list[str]
    claims: list[tuple[Span, Claim]] = field(default_factory=list)
    words: dict[str, str] = field(default_factory=dict)  # key -> the first word written so


def paraphrase_cells(sigla, by_w, passages, labels, order, facts) -> list[Cell]:
    """The cells of a row told in other words (`by_w`: siglum -> its passage ids; `order`:
    siglum -> its passage ids and their positions; `facts`: the group's facts)."""
    tellings = {s: _telling(s, by_w[s], passages, labels, order[s]) for s in sigla if s in by_w}
    _mark_shared_entities(tellings)
    _mark_differences(tellings, {(f["kind"], f["key"]) for f in facts if f["conflict"]})
    _mark_shared_words(tellings)
    cells = []
    for s in sigla:
        t = tellings.get(s)
        if t is None:
            cells.append(Cell(s, False))
        else:
            norm = normalize_orthographic(t.text)
            cells.append(Cell(s, True, spans=t.spans, norm=norm, passage_ids=t.passage_ids))
    return cells


def _telling(siglum: str, pids: list[str], passages, labels, order) -> Telling:
    spans: list[Span] = []
    claims: list[tuple[Span, Claim]] = []
    text = ""
    for k, pid in enumerate(pids):
        if k:
            skipped = _between(pids[k - 1], pid, order)
            gap = separator(passages[pid], not skipped)
            if gap:
                spans.append(Span(gap))
            if skipped:
                spans.extend([Span("", "skip", skipped=skipped), Span(" ")])
            text += gap
        text += passages[pid].text
        here = passage_spans(passages[pid], labels)
        for sp in here:
            if sp.entity is not None and (c := claim(passages[pid].text, sp.entity)):
                claims.append((sp, c))
        spans.extend(here)
    return Telling(siglum, spans, text, list(pids), claims)


def _between(a: str, b: str, order: tuple[list[str], dict[str, int]]) -> tuple[str, ...]:
    """The passages of a witness between two of its passages (`order`: its passage ids, and
    the position of each)."""
    ids, position = order
    return tuple(ids[position[a] + 1 : position[b]])


def _mark_shared_entities(tellings: dict[str, Telling]) -> None:
    keys = {
        s: {_entity_key(sp) for sp in t.spans if sp.kind and sp.key} for s, t in tellings.items()
    }
    for s, t in tellings.items():
        others = set().union(*(k for o, k in keys.items() if o != s))
        for sp in t.spans:
            sp.shared = bool(sp.kind and sp.key and _entity_key(sp) in others)


def _entity_key(sp: Span) -> str:
    return f"{sp.kind}:{sp.key}"


def _mark_differences(tellings: dict[str, Telling], conflicts: set[tuple[str, str]]) -> None:
    """Numbers and dates of a conflicting fact whose value no other column gives."""
    values: dict[tuple[str, str], dict[str, set[str]]] = {}
    for s, t in tellings.items():
        for _sp, c in t.claims:
            values.setdefault((c.kind, c.key), {}).setdefault(s, set()).update(c.comparable)
    for s, t in tellings.items():
        for sp, c in t.claims:
            fact = (c.kind, c.key)
            if fact not in conflicts or c.kind not in DIFFERS:
                continue
            others = {v for o, vs in values[fact].items() if o != s for v in vs}
            if not c.comparable & others:
                sp.differs = DIFFERS[c.kind]
                given = "; ".join(f"{o}: {', '.join(sorted(vs))}" for o, vs in values[fact].items())
                sp.title += f" — contradicted in another column ({given})"


# --- shared words ---------------------------------------------------------------------------


def _mark_shared_words(tellings: dict[str, Telling]) -> None:
    """Split each telling's plain text into words, and mark the words whose stem (or, else,
    whose concept) another column has too."""
    named = {
        stem(n)
        for t in tellings.values()
        for sp in t.spans
        if sp.entity
        for n in word_norms(sp.text)
    }
    for t in tellings.values():
        t.spans = [w for sp in t.spans for w in _words(sp, named)]
        for sp in t.spans:
            for key in sp.key.split():
                t.words.setdefault(key, sp.text)
    for s, t in tellings.items():
        others = {o: u.words for o, u in tellings.items() if o != s}
        for sp in t.spans:
            if sp.kind == "word":
                _settle_word(sp, others)
        t.spans = _merged(t.spans)


def _words(sp: Span, named: set[str]) -> list[Span]:
    """A plain span as its words (kind "word", key: its stem and concept features) and what
    lies between them; other spans as they are."""
    if sp.kind or not sp.text:
        return [sp]
    out, pos = [], 0
    for tok in tokenize(sp.text):
        keys = _features(tok.norm, named) if tok.is_word else []
        if not keys:
            continue
        if tok.start > pos:
            out.append(Span(sp.text[pos : tok.start]))
        out.append(Span(tok.text, "word", key=" ".join(keys)))
        pos = tok.end
    if pos < len(sp.text):
        out.append(Span(sp.text[pos:]))
    return out


def _features(norm: str, named: set[str]) -> list[str]:
    """A word's keys: `stem:…` for a content word, `concept:…` for a thing of narrative."""
    keys = []
    st = stem(norm)
    if st and st not in CONJOINED_FUNCTION_STEMS and st not in named:
        keys.append("stem:" + st)
    if c := concept_of(norm):
        keys.append("concept:" + c)
    return keys


def _settle_word(sp: Span, others: dict[str, dict[str, str]]) -> None:
    """Keep the word's keys another column shares too (its stem, its concept), with a
    tooltip naming how the others write them; a word no other column shares is plain."""
    keys, said = [], []
    for key in sp.key.split():
        found = {o: words[key] for o, words in others.items() if key in words}
        if found:
            keys.append(key)
            what = "the same word" if key.startswith("stem:") else f"the same thing ({key[8:]})"
            said.append(f"{what} in " + "; ".join(f"{o}: {w}" for o, w in found.items()))
    if keys:
        sp.key, sp.shared, sp.title = " ".join(keys), True, " — ".join(said)
    else:
        sp.kind, sp.key = "", ""


def _merged(spans: list[Span]) -> list[Span]:
    """Consecutive plain spans as one."""
    out: list[Span] = []
    for sp in spans:
        if out and not sp.kind and not out[-1].kind and not sp.skipped and not out[-1].skipped:
            out[-1] = Span(out[-1].text + sp.text)
        else:
            out.append(sp)
    return out
