"""Scoring an alignment against a gold file of quotes (see tests/gold/*.toml)."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path

from edition.align.groups import joined_pieces


@dataclass
class GoldScore:
    precision: float
    recall: float
    predicted: int
    sure: int
    false_friends_linked: list[str]
    wrong: list[tuple[str, str]]
    missed: list[tuple[str, str]]


def _locate(quote: str, siglum: str, texts: dict[str, dict[str, str]]) -> str:
    hits = [pid for pid, t in texts[siglum].items() if quote in t]
    if len(hits) != 1:
        raise AssertionError(f"gold quote {quote!r} in {siglum}: {len(hits)} passages")
    return hits[0]


def read_gold(paths: Path | list[Path]) -> dict:
    """One gold from one file or several: episodes of the same `name` in several files are
    one episode (each file may give the quotes of its own witnesses)."""
    episodes: dict[str, dict] = {}
    friends: list[dict] = []
    for path in [paths] if isinstance(paths, Path) else paths:
        data = tomllib.loads(path.read_text("utf-8"))
        for ep in data.get("episode", []):
            merged = episodes.setdefault(ep["name"], {})
            for key, value in ep.items():
                if isinstance(value, dict):
                    spec = merged.setdefault(key, {})
                    for kind, quotes in value.items():
                        spec[kind] = spec.get(kind, []) + list(quotes)
                else:
                    merged[key] = value
        friends += data.get("false_friend", [])
    return {"episode": list(episodes.values()), "false_friend": friends}


def episode_members(data: dict, texts: dict[str, dict[str, str]]) -> list[list[tuple]]:
    """For each episode of a gold (`read_gold`), its passages: (siglum, id, sure or not);
    only the witnesses in `texts` are read."""
    out = []
    for ep in data["episode"]:
        members: list[tuple] = []
        for siglum in texts:
            spec = ep.get(siglum, {})
            for q in spec.get("sure", []):
                members.append((siglum, _locate(q, siglum, texts), True))
            for q in spec.get("possible", []):
                members.append((siglum, _locate(q, siglum, texts), False))
        out.append(members)
    return out


def not_a_partition(sure: set[frozenset], possible: set[frozenset]) -> list[frozenset]:
    """Pairs of two witnesses the gold does not have, each in one piece of passages that its
    sure links join (a terse witness tells two episodes in one sentence): no grouping equals
    the gold, for one that holds the piece holds such a pair, and one that cuts it loses a
    sure link. Empty when some grouping equals the gold."""
    pieces: dict[str, list[str]] = {}
    for x, piece in joined_pieces(map(tuple, sure)).items():
        pieces.setdefault(piece, []).append(x)
    return [
        frozenset((a, b))
        for piece in pieces.values()
        for a, b in combinations(sorted(piece), 2)
        if a.split("-")[0] != b.split("-")[0] and frozenset((a, b)) not in sure | possible
    ]


def load_gold(path: Path | list[Path], texts: dict[str, dict[str, str]]):
    """(sure pairs, possible pairs, false-friend pairs) as frozensets of passage ids; only
    the witnesses in `texts` are read from the gold."""
    data = read_gold(path)
    sure, possible, friends = set(), set(), {}
    for members in episode_members(data, texts):
        for (sa, pa, xa), (sb, pb, xb) in combinations(members, 2):
            if sa != sb:
                (sure if xa and xb else possible).add(frozenset((pa, pb)))
    for ff in data["false_friend"]:
        sigla = [s for s in texts if s in ff]
        if len(sigla) != 2:
            continue
        pair = frozenset(_locate(ff[s], s, texts) for s in sigla)
        friends[pair] = ff["why"]
    return sure, possible - sure, friends


def score_links(predicted: set[frozenset], sure, possible, friends) -> GoldScore:
    ok = predicted & (sure | possible)
    precision = len(ok) / len(predicted) if predicted else 0.0
    recall = len(predicted & sure) / len(sure) if sure else 1.0
    return GoldScore(
        precision,
        recall,
        len(predicted),
        len(sure),
        [why for pair, why in friends.items() if pair in predicted],
        sorted(tuple(sorted(p)) for p in predicted - sure - possible),
        sorted(tuple(sorted(p)) for p in sure - predicted),
    )


def group_pairs(alignment) -> set[frozenset]:
    """Every cross-witness pair of passages that share a group."""
    out = set()
    wo = alignment.witness_of
    for g in alignment.groups:
        for a, b in combinations(g.passages, 2):
            if wo[a] != wo[b]:
                out.add(frozenset((a, b)))
    return out
