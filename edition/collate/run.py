"""Collating the aligned groups of an edition."""

from __future__ import annotations

from edition.align.model import Alignment
from edition.arabic.tokens import tokenize
from edition.cache import Cache, content_key
from edition.collate.classify import classify
from edition.collate.facts import group_facts
from edition.collate.model import App, Apparatus, GroupCollation, Reading, Skip
from edition.collate.multi import align_tokens
from edition.collate.tokens import CToken, collation_tokens
from edition.model import Entity, Witness, separator
from edition.parallel import fork_map

SkipAt = tuple[int, tuple[str, ...]]  # tokens of the joined text before a skip, passages skipped


def _group_text(
    passages, order: list[str], position: dict[str, int]
) -> tuple[str, list[Entity], list[SkipAt]]:
    """A witness's passages in a group, joined as the witness writes them (by a space, or
    nothing where the text runs on), with entities re-based, and where the joined text
    skips passages of the witness (`order`: all its passage ids, `position`: where each
    stands in it)."""
    if len(passages) == 1:
        return passages[0].text, list(passages[0].entities), []
    text = ""
    entities: list[Entity] = []
    skips: list[SkipAt] = []
    prev = None
    tokens = 0  # of the passages before this one (counted only once a skip needs it)
    counted = 0  # passages counted so far
    for k, p in enumerate(passages):
        here = position[p.id]
        text += separator(p, here == prev + 1) if prev is not None else ""
        offset = len(text)
        text += p.text
        if prev is not None and here != prev + 1:
            tokens += sum(len(tokenize(q.text)) for q in passages[counted:k])
            counted = k
            skips.append((tokens, tuple(order[prev + 1 : here])))
        prev = here
        for e in p.entities:
            entities.append(
                Entity(**{**e.__dict__, "start": e.start + offset, "end": e.end + offset})
            )
    return text, entities, skips


def collate_group(
    group_id: str,
    texts: dict[str, str],
    entities: dict[str, list[Entity]] | None = None,
    base: str | None = None,
    labels: dict[str, str] | None = None,
    split_proclitics: bool = False,
    skips: dict[str, list[SkipAt]] | None = None,
) -> GroupCollation:
    """Collate the texts of one group (siglum -> text), the base first. With
    `split_proclitics`, words are matched without their conjunction and article
    (`وقتلهم` meets `قتلهم`); the apparatus still shows whole words. `skips` says where a
    witness's text joins passages that are not adjacent in it."""
    entities = entities or {}
    sigla = list(texts)
    base = base if base in texts else sigla[0]
    facts = [f.as_dict() for f in group_facts(texts, entities, labels or {})]
    if len(set(texts.values())) == 1:  # the same text in every witness: nothing to align
        parts: list[str | App] = [texts[base]] if texts[base] else []
        return GroupCollation(group_id, sigla, parts, facts, place_skips(parts, skips or {}))
    seqs = {s: collation_tokens(t) for s, t in texts.items()}
    key = "core" if split_proclitics else "norm"
    table = align_tokens(base, seqs, key=key)
    moved_cells: dict[int, int] = {}
    for _siglum, a, b in table.moves:
        moved_cells[a] = b
        moved_cells[b] = a
    parts: list[str | App] = []
    run: list[int] = []

    def close_run() -> None:
        if not run:
            return
        readings: dict[str, list[CToken]] = {s: [] for s in sigla}
        for cell in run:
            for s in sigla:
                readings[s].extend(table.tokens[s][cell])
        by_text: dict[str, list[str]] = {}
        for s in sigla:
            by_text.setdefault("".join(table.texts[s][c] for c in run), []).append(s)
        moved = any(c in moved_cells for c in run)
        kind, subtype = classify(readings, entities, base, moved)
        app = App(
            f"{group_id}-a{sum(isinstance(p, App) for p in parts) + 1}",
            kind,
            [Reading(ws, text) for text, ws in by_text.items()],
            subtype,
        )
        app.cells = list(run)  # type: ignore[attr-defined]
        parts.append(app)
        run.clear()

    def share(text: str) -> None:
        close_run()
        if parts and isinstance(parts[-1], str):
            parts[-1] += text
        else:
            parts.append(text)

    for cell in range(table.n_cells):
        cell_texts = {table.texts[s][cell] for s in sigla}
        if len(cell_texts) == 1:
            (shared,) = cell_texts
            if shared:  # (nobody has anything here: neither breaks nor joins a unit)
                share(shared)
        elif _space_only(table, sigla, cell):
            # the same word, white space aside: no variant (the text with the most white
            # space is shared, so that no witness reads two words as one)
            share(max(sorted(cell_texts), key=len))
        elif _spelling_only(table, sigla, cell, key):
            close_run()  # a difference of spelling is a unit of its own
            run.append(cell)
            close_run()
        else:
            run.append(cell)
    close_run()
    _link_moves(parts, moved_cells)
    for p in parts:
        if isinstance(p, App):
            del p.cells  # type: ignore[attr-defined]
    return GroupCollation(group_id, sigla, parts, facts, place_skips(parts, skips or {}))


def place_skips(parts: list[str | App], skips: dict[str, list[SkipAt]]) -> list[Skip]:
    """Each skip at its place in the parts: in shared text where the witness's text there
    is shared (at the end of shared text rather than the start of a unit), otherwise in the
    witness's own reading of the unit, split from the others' if they share it."""
    if skips and not parts:
        parts.append("")  # nobody has any text: the skips stand in an empty shared part
    placed: list[Skip] = []
    for siglum, where in skips.items():
        for (k, at), (_n, passages) in zip(
            _places(parts, siglum, [n for n, _p in where]), where, strict=True
        ):
            if isinstance(parts[k], App):
                _own_reading(parts[k], siglum)  # type: ignore[arg-type]
            placed.append(Skip(siglum, k, at, passages))
    return sorted(placed, key=lambda s: (s.part, s.offset, s.witness))


def _places(parts: list[str | App], siglum: str, counts: list[int]) -> list[tuple[int, int]]:
    """For each count of a witness's tokens (in order), the part where its text has read
    that many, and the character offset of the next token in its text of that part (white
    space differs between the witness's own text and the shared text, tokens do not). At
    a part's edge the skip stands at the end of shared text before it, if there is one."""
    out: list[tuple[int, int]] = []
    start, k = 0, 0
    toks = tokenize(GroupCollation.part_text(parts[0], siglum))
    for n in counts:
        while k < len(parts) - 1 and n >= start + len(toks):
            start += len(toks)
            k += 1
            toks = tokenize(GroupCollation.part_text(parts[k], siglum))
        if n == start and k and isinstance(parts[k - 1], str):
            out.append((k - 1, len(parts[k - 1])))  # type: ignore[arg-type]
        elif n - start < len(toks):
            out.append((k, toks[n - start].start))
        else:
            out.append((k, len(GroupCollation.part_text(parts[k], siglum))))
    return out


def _own_reading(app: App, siglum: str) -> None:
    """A reading of the witness's own in a unit (it is about to hold its skip)."""
    for k, r in enumerate(app.readings):
        if siglum in r.witnesses and len(r.witnesses) > 1:
            others = [w for w in r.witnesses if w != siglum]
            app.readings[k : k + 1] = [Reading(others, r.text), Reading([siglum], r.text)]
            return


def _space_only(table, sigla, cell: int) -> bool:
    return len({table.texts[s][cell].strip() for s in sigla}) == 1


def _spelling_only(table, sigla, cell: int, key: str = "norm") -> bool:
    """All witnesses have this cell, with one word that matches: a unit of its own."""
    keys = set()
    for s in sigla:
        toks = table.tokens[s][cell]
        if len(toks) != 1:
            return False
        keys.add(getattr(toks[0], key))
    return len(keys) == 1


def _link_moves(parts, moved_cells: dict[int, int]) -> None:
    app_of = {c: p for p in parts if isinstance(p, App) for c in p.cells}
    for a, b in moved_cells.items():
        pa, pb = app_of.get(a), app_of.get(b)
        if pa is not None and pb is not None and pa is not pb:
            pa.type, pa.subtype, pa.corresp = "transposition", "", pb.id


def collate_alignment(
    witnesses: list[Witness],
    alignment: Alignment,
    base: str | None = None,
    labels=None,
    split_proclitics: bool = False,
    progress=None,
    cache: Cache | None = None,
) -> Apparatus:
    """Collate every aligned group (witnesses in manifest order, or the base first).
    `progress(label, done, total)` hears how far it got. With a `cache`, a group whose
    texts, entities and options are unchanged since the last build is not collated again."""
    options = repr((base, split_proclitics, sorted((labels or {}).items())))
    passages = {p.id: p for w in witnesses for p in w.passages}
    order = [w.siglum for w in witnesses]
    if base:
        order = [base] + [s for s in order if s != base]
    ids = {w.siglum: [p.id for p in w.passages] for w in witnesses}
    position = {pid: k for w_ids in ids.values() for k, pid in enumerate(w_ids)}
    found: list[GroupCollation | None] = []
    todo = []  # (position, cache key, texts, entities, skips) of the groups to collate
    for g in alignment.groups:
        by_w: dict[str, list] = {}
        for pid in sorted(g.passages, key=position.__getitem__):
            by_w.setdefault(alignment.witness_of[pid], []).append(passages[pid])
        texts, ents, skips = {}, {}, {}
        for s in order:
            if s in by_w:
                texts[s], ents[s], skips[s] = _group_text(by_w[s], ids[s], position)
        skips = {s: where for s, where in skips.items() if where}
        key = content_key(options, repr((texts, ents, skips))) if cache is not None else ""
        found.append(cache.get(key) if cache is not None else None)
        if found[-1] is None:
            todo.append((len(found) - 1, key, texts, ents, skips))

    def one(item) -> GroupCollation:
        _k, _key, texts, ents, skips = item
        return collate_group(_ANY_GROUP, texts, ents, base, labels, split_proclitics, skips)

    size = sum(len(t) for _k, _key, texts, _e, _s in todo for t in texts.values())
    done = len(found) - len(todo)
    for (k, key, *_), gc in zip(todo, fork_map(one, todo, size >= PARALLEL_CHARS), strict=True):
        found[k] = gc
        if cache is not None:
            cache.put(key, gc)
        done += 1
        if progress is not None:
            progress("collating", done, len(found))
    groups = [_renamed(gc, g.id) for gc, g in zip(found, alignment.groups, strict=True)]
    return Apparatus(groups, base or "")


PARALLEL_CHARS = 500_000  # groups this long (together) are collated in parallel
_ANY_GROUP = "g"  # groups are collated under this id, then given their own


def _renamed(gc: GroupCollation, group_id: str) -> GroupCollation:
    """A group's collation under its id in this alignment (ids of units follow)."""
    prefix = f"{_ANY_GROUP}-"

    def rename(app_id: str) -> str:
        return f"{group_id}-{app_id.removeprefix(prefix)}" if app_id else app_id

    for app in gc.apps:
        app.id, app.corresp = rename(app.id), rename(app.corresp)
    gc.group = group_id
    return gc
