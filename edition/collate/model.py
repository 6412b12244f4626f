"""What collation produces: per group, a sequence of shared text and variation units."""

from __future__ import annotations

from dataclasses import dataclass, field

# the variant typology (declared in the TEI header as a taxonomy)
TYPES = {
    "orthographic": "Same word after normalisation: hamza, alef, ya, ta marbuta, diacritics, "
    "spacing, punctuation, another spelling of the word (ابن / بن, هذا / هاذا), an editor's "
    "note reference such as (12).",
    "name-variant": "The same person or place spelt differently (authority file or skeleton).",
    "numeric": "Different numbers (by value, not by spelling).",
    "date": "Different dates (Hijri or CE years, by value).",
    "addition": "Words present in this reading and absent from the base (or the first witness).",
    "omission": "Words of the base (or the first witness) absent from this reading.",
    "substitution": "Different words in the same place.",
    "transposition": "The same words in another place (a moved block).",
}


@dataclass
class Reading:
    witnesses: list[str]  # sigla sharing this reading
    text: str  # exact characters, trailing spaces and punctuation included


@dataclass
class App:
    id: str
    type: str
    readings: list[Reading]
    subtype: str = ""
    corresp: str = ""  # a transposition's counterpart
    lemma: str = ""  # the base siglum when a base text is chosen

    def reading_of(self, siglum: str) -> str:
        for r in self.readings:
            if siglum in r.witnesses:
                return r.text
        return ""


@dataclass(frozen=True)
class Skip:
    """Where a witness's reading in a group skips text: its passages in the group are not
    adjacent, and `passages` (told elsewhere in the edition) stand between them. The skip
    sits in part `part` of the group (shared text, or the witness's own reading of a
    unit), `offset` characters into the witness's text of that part."""

    witness: str
    part: int
    offset: int
    passages: tuple[str, ...]


@dataclass
class GroupCollation:
    group: str  # alignment group id
    witnesses: list[str]
    parts: list[str | App]  # shared text (str) and variation units, in order
    facts: list[dict] = field(default_factory=list)
    skips: list[Skip] = field(default_factory=list)  # in order of part and offset

    def text_of(self, siglum: str) -> str:
        """A witness's text read back through the apparatus (its skips closed up)."""
        return "".join(self.part_text(p, siglum) for p in self.parts)

    @staticmethod
    def part_text(part: str | App, siglum: str) -> str:
        return part if isinstance(part, str) else part.reading_of(siglum)

    def skips_in(self, part: int, siglum: str | None = None) -> list[Skip]:
        return [s for s in self.skips if s.part == part and (siglum is None or s.witness == siglum)]

    def skips_by_part(self, siglum: str) -> dict[int, list[Skip]]:
        """A witness's skips, by the part they fall in (in order of offset)."""
        out: dict[int, list[Skip]] = {}
        for skip in self.skips:
            if skip.witness == siglum:
                out.setdefault(skip.part, []).append(skip)
        return out

    def segments_of(self, siglum: str) -> list[str]:
        """A witness's text through the group, cut where it skips: one piece for each run
        of its adjacent passages, in the witness's order."""
        pieces = [""]
        skips = self.skips_by_part(siglum)
        for k, part in enumerate(self.parts):
            text, at = self.part_text(part, siglum), 0
            for skip in skips.get(k, ()):
                pieces[-1] += text[at : skip.offset]
                pieces.append("")
                at = skip.offset
            pieces[-1] += text[at:]
        return pieces

    @property
    def apps(self) -> list[App]:
        return [p for p in self.parts if isinstance(p, App)]


@dataclass
class Apparatus:
    groups: list[GroupCollation]
    base: str = ""
