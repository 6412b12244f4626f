"""Finding persons and places in tokens through the authority file.

Spellings are compared in orthographic normal form; a name may carry a proclitic on its
first word (`بأوترار`, `وسمرقند`, `للسلطان`), and a two-word spelling also matches written
as one word (`خوارزم شاه` / `خوارزمشاه`). The longest match wins.
Names not in the authority file are found after trigger words (`مدينة`, `قلعة`, `السلطان`)
or before name suffixes (`خان`, `خاتون`) and keyed by their skeleton, so the same unknown
name in two witnesses meets.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from edition.arabic.normalize import normalize_orthographic, skeleton
from edition.arabic.stems import stem
from edition.arabic.tokens import Token
from edition.model import Entity
from edition.tag.authority import Authority

PROCLITICS = ("", "و", "ف", "ب", "ل", "ك", "وب", "ول", "فب", "فل", "وك")
_PROCLITIC_LETTERS = frozenset("وفبلك")


@dataclass(frozen=True)
class _Variant:
    words: tuple[str, ...]
    kind: str
    ref: str


@lru_cache(maxsize=1 << 18)
def _strips(word: str) -> tuple[str, ...]:
    """The forms of `word` with each possible proclitic removed (the word itself first)."""
    if word[0] not in _PROCLITIC_LETTERS:
        return (word,)
    forms = [word]
    for p in PROCLITICS[1:]:
        if len(word) > len(p) + 1 and word.startswith(p):
            forms.append(word[len(p) :])
    if word.startswith("لل") and len(word) > 3:
        forms.append("ال" + word[2:])
    return tuple(forms)


class NameMatcher:
    def __init__(self, authority: Authority):
        self.by_first: dict[str, list[_Variant]] = {}
        self._seen: set[_Variant] = set()
        for entry in authority.entries:
            for name in entry.names:
                words = tuple(normalize_orthographic(name).split())
                if not words:
                    continue
                self._add(_Variant(words, entry.kind, entry.id))
                if len(words) == 2:
                    self._add(_Variant(("".join(words),), entry.kind, entry.id))
        for variants in self.by_first.values():
            variants.sort(key=lambda v: -len(v.words))
        self.person_triggers = {normalize_orthographic(w) for w in authority.person_triggers}
        self.place_triggers = {normalize_orthographic(w) for w in authority.place_triggers}
        self.person_suffixes = {normalize_orthographic(w) for w in authority.person_suffixes}
        self.known_words = {w for vs in self.by_first.values() for v in vs for w in v.words}
        self._triggers: dict[str, str] = {}  # word -> the kind of name it announces, or ""
        self._candidates: dict[str, tuple[_Variant, ...]] = {}  # word -> names it may start

    def trigger(self, norm: str) -> str:
        """The kind of name (place, person) the word announces behind any proclitic, or ""."""
        kind = self._triggers.get(norm)
        if kind is None:
            forms = _strips(norm)
            if not self.place_triggers.isdisjoint(forms):
                kind = "place"
            elif not self.person_triggers.isdisjoint(forms):
                kind = "person"
            else:
                kind = ""
            self._triggers[norm] = kind
        return kind

    def _add(self, v: _Variant) -> None:
        if v not in self._seen:
            self._seen.add(v)
            self.by_first.setdefault(v.words[0], []).append(v)

    def candidates(self, norm: str) -> tuple[_Variant, ...]:
        """The authority names that may start with this word (behind any proclitic),
        longest first for each form of the word."""
        found = self._candidates.get(norm)
        if found is None:
            found = self._candidates[norm] = tuple(
                v for form in _strips(norm) for v in self.by_first.get(form, ())
            )
        return found

    def match_at(self, tokens: list[Token], i: int) -> tuple[_Variant, int] | None:
        """The longest authority name starting at tokens[i]: (variant, end index)."""
        for v in self.candidates(tokens[i].norm):
            n = len(v.words)
            if i + n > len(tokens):
                continue
            if all(tokens[i + k].norm == v.words[k] for k in range(1, n)):
                return v, i + n
        return None

    def find(self, tokens: list[Token]) -> list[Entity]:
        """Authority names, then trigger-found unknown names, as entities."""
        out: list[Entity] = []
        taken: set[int] = set()
        known = self._candidates
        i = 0
        while i < len(tokens):
            t = tokens[i]
            if not t.is_word:
                i += 1
                continue
            names = known.get(t.norm)
            if names is None:
                names = self.candidates(t.norm)
            hit = self.match_at(tokens, i) if names else None
            if hit:
                v, j = hit
                out.append(_entity(tokens, i, j, v.kind, v.ref))
                taken.update(range(i, j))
                i = j
                continue
            i += 1
        out.extend(self._unknown(tokens, taken))
        return out

    def _unknown(self, tokens: list[Token], taken: set[int]) -> list[Entity]:
        """Names after trigger words or before name suffixes, not in the authority file."""
        out = []
        triggers, suffixes, n = self._triggers, self.person_suffixes, len(tokens)
        for i, t in enumerate(tokens):
            if not t.is_word or i in taken:
                continue
            kind = ""
            end = i + 1
            if i and (prev := tokens[i - 1]).is_word and (i - 1) not in taken:
                kind = triggers.get(prev.norm)
                if kind is None:
                    kind = self.trigger(prev.norm)
            if not kind and i + 1 < n and tokens[i + 1].norm in suffixes and (i + 1) not in taken:
                kind, end = "person", i + 2
            if not kind or not _plausible_name(t.norm) or t.norm in self.known_words:
                continue
            if kind == "person" and end == i + 1 and not _plausible_person(t.norm):
                continue
            if t.norm in _NAME_PARTICLES:  # `أبي` of `أبي زكريا`: not a name by itself
                j = i + 1  # the name goes on past each particle (`أبو عبد الله`)
                while (
                    j < n
                    and tokens[j - 1].norm in _NAME_PARTICLES
                    and tokens[j].is_word
                    and j not in taken
                    and _plausible_name(tokens[j].norm)
                ):
                    j += 1
                if tokens[j - 1].norm in _NAME_PARTICLES:
                    continue
                end = max(end, j)
            elif kind == "person" and end == i + 1 and _is_laqab(tokens, i + 1, taken):
                end = i + 2  # `صلاح الدين`: the name goes on
            if _ordinary_word(tokens, i, end, kind, self.known_words):
                continue
            key = skeleton(" ".join(x.norm for x in tokens[i:end]))
            out.append(_entity(tokens, i, end, kind, "", key))
            taken.update(range(i, end))
        return out


# words that follow trigger words but are not names
_NOT_NAMES = frozenset(
    normalize_orthographic(w)
    for w in (
        "التي الذي الذين هذه هذا ذلك تلك الى إلى على في من عن مع بعد قبل كل بعض احدى أحد "
        "كان كانت وهو وهي هو هي لم لا ما ان أن إن او أو ثم حتى عند الكبير العظيم الكبرى "
        "المدينة القلعة النهر نفسه نفسها الأعظم بها به فيها فيه منها منه أخرى آخر كبيرة "
        "عظيمة واحدة جديدة مسلمة إسلامية الإسلامية الشرقية الغربية الشمالية الجنوبية "
        "الشمال الجنوب الشرق الغرب فلان فلانة"
    ).split()
)


# the first words of compound names (kunya, nasab, `عبد`-names): a name goes on after them
_NAME_PARTICLES = frozenset(
    normalize_orthographic(w) for w in "أبو أبي أبا ابن بن بنت أم عبد ذو ذي".split()
)


# a name's second part: `صلاح الدين`, `عضد الدولة`
_LAQAB = frozenset(normalize_orthographic(w) for w in "الدين الدولة".split())
# after a name: its nasab (`مانع بن جديثة`)
_NASAB = frozenset(normalize_orthographic(w) for w in "بن ابن بنت".split())
_OBJECT_PRONOUNS = ("ها", "هم", "هما", "هن")  # attached to a verb: `هاجمها`
_IMPERFECT = frozenset("يتن")  # the prefixes of an imperfect verb: `يعد`, `تشرف`
_ARTICLE_AFTER_PROCLITIC = ("لل", "بال", "كال", "فال", "وال")
_TANWIN_FATH = "\u064b"
# A stem in at least this many passages of the background book is an ordinary word.
COMMON_STEM = 10


def _is_laqab(tokens: list[Token], j: int, taken: set[int]) -> bool:
    return j < len(tokens) and j not in taken and tokens[j].norm in _LAQAB


def _ordinary_word(
    tokens: list[Token], i: int, end: int, kind: str, known: frozenset[str] | set[str]
) -> bool:
    """Whether the candidate at tokens[i] is an ordinary word after its trigger or before a
    name suffix: a verb or an adjective, or, for a one-word candidate, a common word, a
    word shaped like a verb or adjective, or (after a title) a word of the background
    book, that nothing (a nasab, a laqab, its recurring in the passage) shows is a name."""
    t = tokens[i]
    if t.norm in _NAME_PARTICLES:
        return False
    if _not_a_name(t, known):
        return True
    if end > i + 1:
        return False
    norm = t.norm
    adjective = _adjective_form(norm)
    if adjective and _background(norm) >= COMMON_STEM:  # `كبير`, `عظيم`
        return True
    weak = adjective or _imperfect_form(norm)
    if kind == "person" and _background(norm) > 0:  # after a title, a verb is usual
        weak = True
    return weak and not _name_evidence(tokens, i)


def _not_a_name(t: Token, known: frozenset[str] | set[str]) -> bool:
    """A function word, a verb, an accusative, a word with a preposition and the article,
    a conjunction before a common word, or an adjective made from a known name."""
    norm = t.norm
    if not stem(norm):  # `هناك`
        return True
    if _verb_form(norm) or t.text.rstrip("اى").endswith(_TANWIN_FATH):  # `هارباً`
        return True
    if norm.startswith(_ARTICLE_AFTER_PROCLITIC) and len(norm) >= 5:  # `للروم`
        return True
    if norm[0] in "وف" and len(norm) >= 4 and _background(norm[1:]) >= 5:  # `وحبس`
        return True
    return _nisba(norm, known)  # `أذربيجانية`


def _verb_form(norm: str) -> bool:
    """A perfect or imperfect verb with an object pronoun, or a plural perfect."""
    if len(norm) >= 5 and norm.endswith(_OBJECT_PRONOUNS):  # `هاجمها`
        return True
    if len(norm) >= 5 and norm[0] in _IMPERFECT and norm.endswith("ه"):  # `يتولاه`
        return True
    return len(norm) >= 4 and norm.endswith("وا")  # `تقدموا`


def _imperfect_form(norm: str) -> bool:
    """Three or four letters behind an imperfect prefix: `يعد`, `تشرف` (or `ينبع`)."""
    return norm[0] in _IMPERFECT and len(norm) in (3, 4)


def _adjective_form(norm: str) -> bool:
    """The patterns فاعل and فعيل without the article: `شاسع`, `كبير`."""
    return len(norm) == 4 and (norm[1] == "ا" or norm[2] == "ي")


def _nisba(norm: str, known: frozenset[str] | set[str]) -> bool:
    for ending in ("يه", "ي"):
        if norm.endswith(ending):
            base = norm[: -len(ending)]
            if base in known or "ال" + base in known:
                return True
    return False


def _name_evidence(tokens: list[Token], i: int) -> bool:
    """A nasab or laqab follows, or the word recurs in the passage."""
    nxt = tokens[i + 1].norm if i + 1 < len(tokens) else ""
    if nxt in _NASAB or nxt in _LAQAB:
        return True
    return sum(t.norm == tokens[i].norm for t in tokens) > 1


def _background(norm: str) -> int:
    """In how many passages of the background book the word's stem occurs."""
    from edition.align.features import background

    return background()[0].get(stem(norm), 0)


def _plausible_person(norm: str) -> bool:
    """After a title, a name has no article, conjunction, preposition or pronoun suffix."""
    return not norm.startswith(("ال", "و", "ف", "ل", "ب")) and not norm.endswith(("هم", "ها"))


def _plausible_name(norm: str) -> bool:
    return len(norm) >= 3 and norm.isalpha() and norm not in _NOT_NAMES


def _entity(tokens: list[Token], i: int, j: int, kind: str, ref: str, key: str = "") -> Entity:
    # spans keep whole written words (a proclitic stays inside): the TEI never splits a word
    start, end = tokens[i].start, tokens[j - 1].end
    return Entity(start=start, end=end, kind=kind, ref=ref, key=key)
