"""The query of a corpus search: the edition of a manifest, its episodes and their passages.
Built once (encoded and aligned as `edition build` does, from its cache), then shipped to
the workers that read the books."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from edition.align.pairwise import Params
from edition.model import Witness
from edition.tag import Authority
from edition.tag.names import NameMatcher


@dataclass
class Query:
    witnesses: list[Witness]  # tagged
    authority: Authority
    group_of: dict[str, str]  # passage id -> episode (group id)
    labels: dict[str, str]  # group id -> label
    names: dict[str, str]  # authority id -> its first name (for what a hit shares)
    params: Params = field(default_factory=Params)
    _matcher: NameMatcher | None = field(default=None, repr=False)

    @property
    def matcher(self) -> NameMatcher:
        """The authority's name matcher, made where it is used (a worker) and kept there."""
        if self._matcher is None:
            self._matcher = NameMatcher(self.authority)
        return self._matcher

    def __getstate__(self) -> dict:
        state = dict(self.__dict__)
        state["_matcher"] = None  # made again on the worker, never shipped
        return state

    @property
    def sigla(self) -> set[str]:
        return {w.siglum for w in self.witnesses}


def build_query(manifest: str | Path, tei_dir: str | Path, progress=None) -> Query:
    """The query of a manifest's edition: its witnesses, read and tagged, and its aligned
    groups (episodes), from `tei_dir/.cache` what has not changed."""
    from edition.cache import CACHE_DIR
    from edition.pipeline import align, encode

    cache = Path(tei_dir) / CACHE_DIR
    edition = align(encode(manifest, tei_dir, progress, cache), progress, cache)
    groups = edition.alignment.groups
    return Query(
        witnesses=edition.witnesses,
        authority=edition.authority,
        group_of={pid: g.id for g in groups for pid in g.passages},
        labels={g.id: g.label for g in groups},
        names={e.id: e.names[0] for e in edition.authority.entries if e.names},
    )
