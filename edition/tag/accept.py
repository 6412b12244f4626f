"""Accepting proposals: unlisted names the user names become authority entries."""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from edition.arabic.normalize import normalize_orthographic, skeleton
from edition.errors import EditionError, NotProposedError
from edition.tag.authority import Authority, AuthorityEntry, accept_entries
from edition.tag.names import PROCLITICS


class _Proposal(Protocol):
    kind: str
    key: str
    spellings: list[str]


def accept_proposals(
    path: str | Path,
    authority: Authority,
    proposals: list[_Proposal],
    names: list[str],
    kind: str | None = None,
) -> list[AuthorityEntry]:
    """Add the proposals `names` call for (each with its kind and spellings) to the
    authority file at `path`. Nothing is written if one name is not among the proposals."""
    chosen: list[_Proposal] = []
    for name in names:
        p = select(proposals, name, kind)
        if p not in chosen:
            chosen.append(p)
    return accept_entries(path, authority, [(p.kind, spellings(p)) for p in chosen])


def select(proposals: list[_Proposal], name: str, kind: str | None = None) -> _Proposal:
    """The proposal a name given by the user stands for: one of its spellings, or a
    spelling with the same skeleton."""
    norm = normalize_orthographic(name.strip())
    key = skeleton(norm) if norm else ""
    found = [
        p
        for p in proposals
        if (kind is None or p.kind == kind)
        and (p.key == key or norm in {normalize_orthographic(s) for s in p.spellings})
    ]
    kinds = {p.kind for p in found}
    if not found:
        raise NotProposedError(name)
    if len(kinds) > 1:
        raise EditionError(f"{name} is proposed as a person and as a place: give --kind")
    return found[0]


def spellings(p: _Proposal) -> list[str]:
    """The proposal's spellings without those that only add a proclitic (`وكشلو خان`)."""
    forms = set(p.spellings)
    return [
        s
        for s in p.spellings
        if not any(s.startswith(c) and s[len(c) :] in forms for c in PROCLITICS[1:])
    ]
