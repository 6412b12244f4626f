"""Correcting the alignment one action at a time: pin, forbid, confirm, split, join, undo.

Every action is written to `tei/overrides.toml` (the file the command line reads) before it
is answered, atomically, with who made it (`resp`) and when; the groups are then made again
from what the action can change. Pins and forbids change no score, only the choice of links
between the two witnesses concerned and the grouping: the scored table of every witness
pair is kept. Splits and joins change passages: the witnesses are encoded and scored again.
An undo restores the file as it was before the last action (refused when the file was
changed by other hands since).
"""

from __future__ import annotations

import heapq
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

from edition.align.choose import with_pins
from edition.align.features import CONCEPT
from edition.align.groups import joined_pieces
from edition.align.labels import date_word
from edition.align.model import Group
from edition.align.overrides import (
    UNNAMED,
    Overrides,
    appended,
    entry_text,
    load_overrides,
    split_at,
    without_entries,
)
from edition.align.pairwise import PairResult, Params, Scored
from edition.align.run import (
    AlignRun,
    Scoring,
    choose_all,
    choose_pair,
    group_pairs,
    pair_overrides,
    prepare,
    score_all,
    usable_overrides,
)
from edition.arabic.tokens import cuts_between_words
from edition.errors import EditionError, InputError
from edition.io import atomic_write_text, bad_name
from edition.model import Witness
from edition.tag.authority import Authority

TOP = 5  # candidates shown per other witness
WHY_SHOWN = 3  # features named per kind of evidence in a candidate's reason
OFF_ORDER = 2.0  # a candidate's score loses this for each passage it lies off the order
OFF_MOST = 3  # passages off the order counted at most (a transposed episode may come back)
NEAR_SHARE = 1.0  # share of a neighbouring pair's evidence (the two passages' episodes)
VIA_SHARE = 1.0  # share of the evidence through the witnesses not of the pair
VIA_TOP = 3  # a passage's best counterparts in a third witness that evidence goes through
VIA_Z = 1.0  # the least score of each of the two steps of that evidence
REACH = 1  # passages either side of where the order of events puts a passage
NEAR = 3  # ordered links either side that say where that is
CHANCE_Z = -3.0  # the score of a pair never scored (it shares no rare word)
ORDERED = {"backbone", "in-order", "enclosed", "pinned"}  # kinds of link in the order
NAMED_KINDS = {"person": "names", "place": "places", "num": "numbers"}


class EditError(EditionError):
    """An action that cannot be carried out; `status` is the HTTP status that says why."""

    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.status = status


@dataclass
class Done:
    """An action carried out: the file before and after it, for undoing it."""

    kind: str
    before: str | None  # None: there was no file
    after: str


@dataclass
class Ranked:
    """A candidate counterpart of a passage, and what ranks it."""

    passage: str
    value: float  # the score it is ranked by
    scored: Scored | None  # the pair's own score (None: never scored)
    off: int  # passages from where the order of events puts it
    near: float  # how far the neighbouring pairs stand above chance, in all
    via: list[str]  # passages of third witnesses like both


Encoder = Callable[[], list[Witness]]  # the witnesses encoded anew (after a split or join)


class AlignmentEditor:
    """The alignment of an edition's witnesses, and the scholar's corrections to it."""

    def __init__(
        self,
        witnesses: list[Witness],
        authority: Authority | None,
        path: str | Path,
        encoder: Encoder | None = None,
        params: Params | None = None,
    ):
        self.path, self.authority, self.encoder = Path(path), authority, encoder
        self.params = params or Params()
        self.lock = threading.RLock()
        self.history: list[Done] = []
        self.overrides = load_overrides(self.path)
        self._rescore(witnesses)

    # --- state ------------------------------------------------------------------------
    def _rescore(self, witnesses: list[Witness]) -> None:
        """Score every witness pair (the witnesses or their passages changed)."""
        self.witnesses = witnesses
        self.scoring: Scoring = score_all(prepare(witnesses), self.params)
        self.texts = {p.id: p.text for w in witnesses for p in w.passages}
        self.blocks = {p.id: b for w in witnesses for b in w.blocks for p in b.passages}
        self.zs = _scores(self.scoring)
        self.like = _likeness(self.zs)
        self._choose(None)

    def _choose(self, keys: set[tuple[str, str]] | None) -> None:
        """Choose the links between the witness pairs in `keys` (None: all) and group. The
        aligner's own choice is made again only where the forbids changed; the pins are
        added to it (they change nothing else in it)."""
        sc = self.scoring
        usable, self.stale = usable_overrides(self.overrides, sc.witness_of, sc.space.passages)
        bare = replace(usable, pins=set())
        if keys is None:
            self.unpinned: dict[tuple[str, str], PairResult] = choose_all(sc, bare, self.params)
            self.chosen_with = {k: frozenset(pair_overrides(sc, bare, k)[1]) for k in sc.tables}
            self.pairs: dict[tuple[str, str], PairResult] = {}
            keys = set(sc.tables)
        for key in keys:
            pins, forbids = pair_overrides(sc, usable, key)
            if self.chosen_with[key] != forbids:
                self.unpinned[key] = choose_pair(sc, key, bare, self.params)
                self.chosen_with[key] = frozenset(forbids)
            self.pairs[key] = with_pins(self.unpinned[key], pins)
        self.run: AlignRun = group_pairs(sc, self.pairs, usable, self.authority, self.params)
        self.run.stale = self.stale
        self.cells = _ordered_cells(sc, self.pairs)
        self.group_of = {pid: g for g in self.run.alignment.groups for pid in g.passages}

    def groups(self) -> list[dict]:
        return [group_dict(g) for g in self.run.alignment.groups]

    # --- reading ----------------------------------------------------------------------
    def passage(self, pid: str) -> dict:
        self._known(pid)
        g = self.group_of.get(pid)
        return {
            "passage": pid,
            "witness": self.scoring.witness_of[pid],
            "text": self.texts[pid],
            "group": g.id if g else None,
        }

    def candidates(self, pid: str) -> list[dict]:
        """For every other witness, its passages most likely to tell the episode this one
        tells (at most TOP, none it is kept apart from), best first, each with its score, a
        reason, whether it is in the passage's group already, the group it is in, and its
        text. The score: how far
        the pair stands above chance; plus NEAR_SHARE of how far each neighbouring pair
        stands above it (this passage's neighbours against the candidate, this passage
        against the candidate's: an episode is told in consecutive passages); plus
        VIA_SHARE of the evidence through the other witnesses (`_via`); less OFF_ORDER for
        each passage the candidate lies outside where the links chosen in the order of
        events put this one (OFF_MOST at most)."""
        self._known(pid)
        space = self.scoring.space
        siglum = space.passages[pid].siglum
        group = self.group_of.get(pid)
        members = set(group.passages) if group else set()
        via = self._via(pid)
        apart = {b for a, b in self.overrides.forbids if a == pid}
        apart |= {a for a, b in self.overrides.forbids if b == pid}
        out = []
        for other in space.by_witness:
            if other == siglum:
                continue
            offered = [r for r in self._ranked(pid, other, via) if r.passage not in apart]
            for r in offered[:TOP]:
                held = self.group_of.get(r.passage)
                out.append(
                    {
                        "passage": r.passage,
                        "witness": other,
                        "score": round(r.value, 2),
                        "why": self.why(pid, r),
                        "in_group": r.passage in members,
                        "group": held.id if held else None,
                        "text": self.texts[r.passage],
                    }
                )
        out.sort(key=lambda c: -c["score"])
        return out

    def _ranked(
        self, pid: str, siglum: str, via: dict[str, tuple[float, list[str]]]
    ) -> list[Ranked]:
        """Every passage of witness `siglum` as a counterpart of `pid`, best first."""
        space = self.scoring.space
        pf = space.passages[pid]
        own, others = space.by_witness[pf.siglum], space.by_witness[siglum]
        beside = [q.id for q in _around(own, pf.index)]
        lo, hi = self._where(pf.siglum, pf.index, siglum)
        ranked = []
        for q in others:
            sc = self.zs.get((pid, q.id))
            off = max(0, lo - q.index, q.index - hi)
            near = sum(self._above(x, q.id) for x in beside)
            near += sum(self._above(pid, n.id) for n in _around(others, q.index))
            through, by = via.get(q.id, (0.0, []))
            value = (
                (sc.z if sc is not None else CHANCE_Z)
                + NEAR_SHARE * near
                + VIA_SHARE * through
                - OFF_ORDER * min(off, OFF_MOST)
            )
            ranked.append(Ranked(q.id, value, sc, off, near, by))
        ranked.sort(key=lambda r: (-r.value, r.passage))
        return ranked

    def _above(self, a: str, b: str) -> float:
        """How far the pair stands above chance, 0 if not above it or never scored."""
        return max(self.like.get(a, {}).get(b, 0.0), 0.0)

    def _via(self, pid: str) -> dict[str, tuple[float, list[str]]]:
        """Evidence that `pid` and a passage q of another witness tell one episode, through
        each third witness: a passage c of it that is one of pid's VIA_TOP best there and
        like q, both steps above VIA_Z, counts the smaller of the two; the best c of each
        third witness counts, summed over them. For each q: that sum, and the c's."""
        wo, row = self.scoring.witness_of, self.like.get(pid, {})
        out: dict[str, tuple[float, list[str]]] = {}
        for siglum, third in self.scoring.space.by_witness.items():
            if siglum == wo[pid]:
                continue
            best = heapq.nlargest(VIA_TOP, ((row.get(c.id, CHANCE_Z), c.id) for c in third))
            step: dict[str, tuple[float, str]] = {}
            for zc, c in best:
                if zc <= VIA_Z:
                    continue
                for q, zq in self.like[c].items():
                    if zq > VIA_Z and wo[q] not in (siglum, wo[pid]):
                        step[q] = max(step.get(q, (0.0, "")), (min(zc, zq), c))
            for q, (v, c) in step.items():
                total, cs = out.get(q, (0.0, []))
                out[q] = (total + v, [*cs, c])
        return out

    def _where(self, siglum: str, index: int, other: str) -> tuple[int, int]:
        """The stretch of `other`'s passages where the links chosen in the order of events
        between the two witnesses put passage `index` of `siglum` (REACH more either side)."""
        cells = self.cells.get((siglum, other), [])
        n = len(self.scoring.space.by_witness[other])
        at = [j for i, j in cells if i == index]
        if at:
            return min(at) - REACH, max(at) + REACH
        before = [j for i, j in cells if i < index][-NEAR:]
        after = [j for i, j in cells if i > index][:NEAR]
        lo, hi = (max(before) if before else 0), (min(after) if after else n - 1)
        return min(lo, hi) - REACH, max(lo, hi) + REACH

    def why(self, pid: str, r: Ranked) -> str:
        """One line: what the two passages share, what backs them beside it (neighbours,
        passages of other witnesses like both), and where the order of events puts them."""
        space = self.scoring.space
        fa, fb = space.passages[pid], space.passages[r.passage]
        ents = fa.raw["entities"].keys() & fb.raw["entities"].keys()
        ents = sorted(ents, key=lambda f: (-space.surprise["entities"].get(f, 0), f))
        stems = fa.raw["stems"].keys() & fb.raw["stems"].keys()
        stems = sorted(stems, key=lambda f: (-space.surprise["stems"].get(f, 0), f))
        shared = [
            (label, [_entity_word(f) for f in ents if f.startswith(kind + ":")])
            for kind, label in NAMED_KINDS.items()
        ]
        shared += [
            ("dates", [_entity_word(f) for f in ents if f.startswith(("hijri:", "ce:"))]),
            ("words", [f for f in stems if not f.startswith(CONCEPT)]),
            ("concepts", [f.removeprefix(CONCEPT) for f in stems if f.startswith(CONCEPT)]),
        ]
        parts = _listed(shared)
        if r.near:
            parts.append(f"neighbours alike: {r.near:.1f} sd above chance in all")
        parts += _listed([("both like", r.via)])
        if r.off:
            away = "1 passage" if r.off == 1 else f"{r.off} passages"
            parts.append(f"order: {away} from where the order of events puts it")
        else:
            parts.append("order: where the order of events puts it")
        sc = r.scored
        z = f"{sc.z:.1f} sd above chance" if sc is not None else "not scored (no shared rare word)"
        return f"{z}; {'; '.join(parts)}"

    def _known(self, pid: str) -> None:
        if not isinstance(pid, str) or pid not in self.scoring.witness_of:
            raise EditError(f"no passage {pid!r} (passage ids look like B-p5-s6)")
        if pid not in self.scoring.space.passages:
            raise EditError(f"passage {pid!r} is in an editor's section, which is not aligned")

    # --- actions ----------------------------------------------------------------------
    def pin(self, ids, resp: str | None = None) -> list[dict]:
        """Link two passages of two witnesses (a pin); a forbid of the pair is dropped."""
        with self.lock:
            a, b = self._pair(ids, "pin")
            pair = {a, b}
            if any(set(p) == pair for p in self.overrides.pins):
                raise EditError(f"{a} and {b} are pinned already", 409)
            return self._act(
                "pin",
                [entry_text("pin", self._stamped({"a": a, "b": b}, resp))],
                [("forbid", lambda e: {e.get("a"), e.get("b")} == pair)],
            )

    def confirm(self, pid, shown=None, resp: str | None = None) -> list[dict]:
        """Confirm the group of a passage as it stands: pins join its passages into one (those
        it needs beside the pins there already), so that every later alignment keeps them in
        one group. `shown`: the group's passages as the scholar saw them (refused if the
        group is no longer that)."""
        with self.lock:
            if not isinstance(pid, str):
                raise EditError("`passage` must be the id of the passage whose group to confirm")
            self._known(pid)
            g = self.group_of.get(pid)
            if g is None:
                raise EditError(f"{pid} is in no group", 409)
            if shown is not None and (
                not isinstance(shown, list) or sorted(map(str, shown)) != sorted(g.passages)
            ):
                raise EditError(
                    f"the group of {pid} is no longer as shown: it holds {', '.join(g.passages)}",
                    409,
                )
            pairs = joining_pins(g.passages, self.scoring.witness_of, self._pins_within(g.passages))
            if not pairs:
                raise EditError(f"the group of {pid} ({g.id}) is confirmed already", 409)
            entries = [entry_text("pin", self._stamped({"a": a, "b": b}, resp)) for a, b in pairs]
            return self._act("confirm", entries, [])

    def forbid(self, ids, resp: str | None = None) -> list[dict]:
        """Keep two passages apart; or, given one, take it out of its group (apart from
        each passage of another witness in it), the passages its pins held together still
        pinned together. Pins of the pairs kept apart are dropped."""
        with self.lock:
            repins: list[tuple[str, str]] = []
            if isinstance(ids, list) and len(ids) == 1:
                pairs = self._out_of_group(ids[0])
                repins = self._held_without(ids[0])
            else:
                pairs = [self._pair(ids, "forbid")]
            known = {frozenset(p) for p in self.overrides.forbids}
            pairs = [p for p in pairs if frozenset(p) not in known]
            if not pairs:
                raise EditError("those passages are kept apart already", 409)
            gone = {frozenset(p) for p in pairs}
            entries = [
                entry_text(kind, self._stamped({"a": a, "b": b}, resp))
                for kind, found in (("forbid", pairs), ("pin", repins))
                for a, b in found
            ]
            return self._act(
                "forbid",
                entries,
                [("pin", lambda e: frozenset((e.get("a"), e.get("b"))) in gone)],
            )

    def _pins_within(self, passages: list[str]) -> list[tuple[str, str]]:
        inside = set(passages)
        return [(a, b) for a, b in self.overrides.pins if a in inside and b in inside]

    def _held_without(self, pid: str) -> list[tuple[str, str]]:
        """Pins that keep together, without `pid`, the passages of its group that pins
        through it held together."""
        g = self.group_of[pid]
        pins = self._pins_within(g.passages)
        kept = [(a, b) for a, b in pins if pid not in (a, b)]
        pieces: dict[str, list[str]] = {}
        for p, piece in joined_pieces(pins).items():
            if p != pid:
                pieces.setdefault(piece, []).append(p)
        wo = self.scoring.witness_of
        return [pair for piece in pieces.values() for pair in joining_pins(piece, wo, kept)]

    def split(self, pid, word=None, before=None, resp: str | None = None) -> list[dict]:
        """Cut a passage before its `word`-th word (0-based), or before the words `before`."""
        with self.lock:
            self._editable(pid)
            text = self.texts[pid]
            before = _cut_words(pid, text, word, before)
            fields = self._stamped({"passage": pid, "before": before}, resp)
            return self._act("split", [entry_text("split", fields)], [], segmentation=True)

    def join(self, ids, resp: str | None = None) -> list[dict]:
        """Make one passage of consecutive passages of one paragraph."""
        with self.lock:
            if not isinstance(ids, list) or len(ids) < 2:
                raise EditError("`passages` must list two or more consecutive passages")
            for pid in ids:
                self._editable(pid)
            block = self.blocks[ids[0]]
            order = [p.id for p in block.passages]
            if any(self.blocks[p] is not block for p in ids) or (
                [order.index(p) for p in ids]
                != list(range(order.index(ids[0]), order.index(ids[0]) + len(ids)))
            ):
                raise EditError(f"{', '.join(ids)} are not consecutive passages of one paragraph")
            fields = self._stamped({"passages": list(ids)}, resp)
            return self._act("join", [entry_text("join", fields)], [], segmentation=True)

    def undo(self) -> list[dict]:
        """Undo the last action (409 when there is none, or the file changed since)."""
        with self.lock:
            if not self.history:
                raise EditError("nothing to undo", 409)
            last = self.history[-1]
            if self._read() != last.after:
                raise EditError(
                    f"{self.path.name} was changed by other hands since the last action:"
                    " correct it there",
                    409,
                )
            self._write(last.before, segmentation=last.kind in ("split", "join"))
            self.history.pop()
            return self.groups()

    # --- the file ---------------------------------------------------------------------
    def _act(self, kind: str, entries: list[str], drops, segmentation: bool = False):
        before = self._read() if self.path.exists() else None
        text = before or ""
        for dropped_kind, test in drops:
            text = without_entries(text, dropped_kind, test)
        text = appended(text, entries)
        self._write(text, segmentation)
        self.history.append(Done(kind, before, text))
        return self.groups()

    def _read(self) -> str:
        try:
            return self.path.read_text("utf-8") if self.path.exists() else ""
        except (OSError, UnicodeDecodeError) as e:
            raise EditError(f"{self.path}: cannot be read ({e})", 500) from None

    def _write(self, text: str | None, segmentation: bool) -> None:
        """Write the file (None: remove it) and align again; on an error, the file and
        alignment as before."""
        old_text = self._read() if self.path.exists() else None
        old_ov = self.overrides
        self._store(text)
        try:
            self.overrides = load_overrides(self.path)
            if segmentation or _segmentation(old_ov) != _segmentation(self.overrides):
                self._encode_again()
            else:
                self._choose(self._keys(old_ov, self.overrides))
        except InputError as e:
            self._store(old_text)
            self.overrides = old_ov
            if segmentation:
                self._encode_again()
            raise EditError(e.problem, 400) from None

    def _store(self, text: str | None) -> None:
        if text is not None:
            atomic_write_text(self.path, text)
        else:
            self.path.unlink(missing_ok=True)

    def _encode_again(self) -> None:
        if self.encoder is None:
            raise EditError("splitting and joining need the edition's manifest", 400)
        self._rescore(self.encoder())

    def _keys(self, old: Overrides, new: Overrides) -> set[tuple[str, str]]:
        """The witness pairs whose pins or forbids differ."""
        wo, keys = self.scoring.witness_of, set()
        for pairs in (old.pins ^ new.pins, old.forbids ^ new.forbids):
            for a, b in pairs:
                if a in wo and b in wo and wo[a] != wo[b]:
                    keys.add(tuple(sorted((wo[a], wo[b]))))
        return keys & set(self.scoring.tables)

    # --- checks -----------------------------------------------------------------------
    def _pair(self, ids, kind: str) -> tuple[str, str]:
        if not isinstance(ids, list) or len(ids) != 2:
            raise EditError(f"`passages` must list the two passage ids to {kind}")
        a, b = ids
        self._known(a)
        self._known(b)
        if a == b:
            raise EditError(f"{a} cannot be paired with itself")
        wo = self.scoring.witness_of
        if wo[a] == wo[b]:
            raise EditError(
                f"{a} and {b} are both in witness {wo[a]}: a {kind} pairs passages of two witnesses"
            )
        return a, b

    def _out_of_group(self, pid) -> list[tuple[str, str]]:
        self._known(pid)
        g = self.group_of.get(pid)
        if g is None:
            raise EditError(f"{pid} is in no group", 409)
        wo = self.scoring.witness_of
        return [(pid, other) for other in g.passages if wo[other] != wo[pid]]

    def _editable(self, pid) -> None:
        if not isinstance(pid, str) or pid not in self.texts:
            raise EditError(f"no passage {pid!r} (passage ids look like B-p5-s6)")

    def _stamped(self, fields: dict, resp) -> dict:
        if resp is not None and (wrong := bad_name(resp)):
            raise EditError(wrong)
        fields["resp"] = (resp or "").strip() or UNNAMED
        fields["when"] = datetime.now(UTC).isoformat(timespec="seconds")
        return fields


def joining_pins(
    passages: list[str], witness_of: dict[str, str], pins: list[tuple[str, str]]
) -> list[tuple[str, str]]:
    """The pins to add to `pins` so that they join all the passages into one, each of two
    witnesses and each joining two pieces not joined yet: tried first the first passage
    with each passage of another witness, then the first passage of another witness with
    each other passage of the first one's. None when they are joined already, or when the
    passages are all of one witness (pins pair two witnesses)."""
    first = passages[0]
    mine = [p for p in passages[1:] if witness_of[p] == witness_of[first]]
    others = [p for p in passages if witness_of[p] != witness_of[first]]
    tried = [(first, p) for p in others] + [(others[0], p) for p in mine if others]
    out: list[tuple[str, str]] = []
    for a, b in tried:
        pieces = joined_pieces([*pins, *out, (a, a), (b, b)])
        if pieces[a] != pieces[b]:
            out.append((a, b))
    return out


def group_dict(g: Group) -> dict:
    return {"id": g.id, "label": g.label, "passages": list(g.passages)}


def _segmentation(ov: Overrides) -> tuple:
    return (list(ov.splits), [list(ids) for ids in ov.joins])


def _scores(scoring: Scoring) -> dict[tuple[str, str], Scored]:
    """Every scored pair of passages, both ways round."""
    out: dict[tuple[str, str], Scored] = {}
    for scored, _null in scoring.tables.values():
        for (a, b), sc in scored.items():
            out[(a, b)] = out[(b, a)] = sc
    return out


def _likeness(zs: dict[tuple[str, str], Scored]) -> dict[str, dict[str, float]]:
    """For each passage, how far it stands above chance against each passage scored with it."""
    out: dict[str, dict[str, float]] = {}
    for (a, b), sc in zs.items():
        out.setdefault(a, {})[b] = sc.z
    return out


def _around(passages: list, index: int) -> list:
    """The passages just before and after the `index`-th."""
    return [passages[k] for k in (index - 1, index + 1) if 0 <= k < len(passages)]


def _ordered_cells(scoring: Scoring, pairs) -> dict[tuple[str, str], list[tuple[int, int]]]:
    """For each two witnesses (both ways round), the positions (i, j) of the links chosen
    in the order of events, sorted."""
    space, out = scoring.space, {}
    for (sa, sb), res in pairs.items():
        cells = [
            (space.passages[a].index, space.passages[b].index)
            for (a, b), kind in res.chosen.items()
            if kind in ORDERED
        ]
        out[(sa, sb)] = sorted(cells)
        out[(sb, sa)] = sorted((j, i) for i, j in cells)
    return out


def _listed(shared: list[tuple[str, list[str]]]) -> list[str]:
    """`label: a, b, c` for each kind of evidence found (its first WHY_SHOWN)."""
    return [f"{label}: {', '.join(items[:WHY_SHOWN])}" for label, items in shared if items]


def _entity_word(feature: str) -> str:
    """An entity feature as a reader knows it: `place:otrar` → `otrar`, `hijri:617` →
    `617 هـ`, written as the groups' labels write it."""
    kind, _, value = feature.partition(":")
    return date_word(kind, value) or value.lstrip("~")


def _cut_words(pid: str, text: str, word, before) -> str:
    """The words to cut before: given, or the shortest run of words from the `word`-th
    (at least three, or to the end) that is found first there."""
    if before is not None:
        at = split_at(text, before) if isinstance(before, str) else -1
        if at <= 0:
            raise EditError(f"{before!r} is not inside passage {pid} (after its first word)")
        if not cuts_between_words(text, at):
            raise EditError(f"{before!r} begins inside a word of passage {pid}")
        return before
    spans = [m.span() for m in re.finditer(r"\S+", text)]
    if isinstance(word, bool) or not isinstance(word, int) or not 0 < word < len(spans):
        raise EditError(
            f"`word` must be the number of a word of {pid} after its first (1 to {len(spans) - 1})"
        )
    at = spans[word][0]
    for end in range(word + min(3, len(spans) - word) - 1, len(spans)):
        snippet = text[at : spans[end][1]]
        if text.find(snippet) == at:
            return snippet
    raise EditError(f"the words from word {word} of {pid} are found earlier in it")
