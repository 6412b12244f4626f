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


@dataclass
class GroupCollation:
    group: str  # alignment group id
    witnesses: list[str]
    parts: list[str | App]  # shared text (str) and variation units, in order
    facts: list[dict] = field(default_factory=list)

    def text_of(self, siglum: str) -> str:
        """A witness's text read back through the apparatus."""
        return "".join(p if isinstance(p, str) else p.reading_of(siglum) for p in self.parts)

    @property
    def apps(self) -> list[App]:
        return [p for p in self.parts if isinstance(p, App)]


@dataclass
class Apparatus:
    groups: list[GroupCollation]
    base: str = ""
