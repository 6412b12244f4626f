"""Numbers and dates in tokens.

Dates: `615ه/1218م`, `617هـ`, `617-618ه/1220-1221م`, `4 ذي الحجة عام 616ه/10 شباط 1220م`,
`سنة تسع عشرة وستمائة`, `في صفر عام 617ه/نيسان 1220م`. A year after `سنة`/`عام` with no
calendar mark is Hijri; a year under 100 (`سنة تسع عشرة`) takes its century from the last
full Hijri year of the same witness, with `cert="medium"`.
Numbers: digits, or number words (`أربعمائة وخمسين`, `مائة وعشرة آلاف`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from edition.arabic.calendar import hijri_month_range, hijri_to_gregorian_iso, hijri_year_range
from edition.arabic.normalize import normalize_orthographic as _n
from edition.arabic.numbers import (
    MULTIPLIERS,
    NUMBER_WORDS,
    PROCLITICS,
    digits_value,
    number_word,
    parse_number,
)
from edition.arabic.tokens import Token
from edition.data import load_json
from edition.model import Entity

_CAL = load_json("calendar.json")
YEAR_WORDS = frozenset(_n(w) for w in _CAL["year_words"])
HIJRI_SUFFIXES = frozenset(_n(w) for w in _CAL["hijri_suffixes"])
CE_SUFFIXES = frozenset(_n(w) for w in _CAL["ce_suffixes"])
HIJRI_MONTHS = [(tuple(_n(name).split()), n) for name, n in _CAL["hijri_months"]]
CE_MONTHS = [(tuple(_n(name).split()), n) for name, n in _CAL["ce_months"]]
HIJRI_MONTHS.sort(key=lambda m: -len(m[0]))
CE_MONTHS.sort(key=lambda m: -len(m[0]))


def _by_first(months: list[tuple[tuple[str, ...], int]]) -> dict[str, list]:
    index: dict[str, list] = {}
    for words, n in months:
        index.setdefault(words[0], []).append((words, n))
    return index


_MONTH_INDEX = {id(HIJRI_MONTHS): _by_first(HIJRI_MONTHS), id(CE_MONTHS): _by_first(CE_MONTHS)}
# words a date can start with (besides digits): month names and year words
_DATE_STARTS = frozenset(w for w, _ in HIJRI_MONTHS + CE_MONTHS for w in w[:1]) | YEAR_WORDS
_JOINERS = frozenset("/-")


@dataclass
class DateContext:
    """What a witness has said so far that later dates lean on (the century)."""

    last_hijri_year: int | None = None
    notes: list[str] = field(default_factory=list)


@dataclass
class _Year:
    start: int
    to: int | None
    calendar: str  # "hijri" | "ce" | ""
    end: int  # token index after the year expression


def _strip_proclitic(norm: str) -> str:
    return norm[1:] if len(norm) > 2 and norm[0] in "وفب" else norm


def _month(tokens: list[Token], i: int, months) -> tuple[int, int] | None:
    if i >= len(tokens):
        return None
    index = _MONTH_INDEX[id(months)]
    first = tokens[i].norm
    candidates = index.get(first) or index.get(_strip_proclitic(first)) or ()
    for words, n in candidates:
        k = len(words)
        if i + k <= len(tokens) and all(tokens[i + m].norm == words[m] for m in range(1, k)):
            return n, i + k
    return None


def _suffix_calendar(norm: str) -> tuple[int | None, str]:
    """A digits token's value and the calendar its attached suffix names (`615ه`)."""
    value = digits_value(norm)
    if value is None:
        return None, ""
    rest = norm[len(str(value)) :] if norm.startswith(str(value)) else norm.lstrip("0123456789")
    if rest in HIJRI_SUFFIXES:
        return value, "hijri"
    if rest in CE_SUFFIXES:
        return value, "ce"
    if rest == "":
        return value, ""
    return None, ""


def _year(tokens: list[Token], i: int, words_allowed: bool) -> _Year | None:
    """A year (or year range) at tokens[i], with its calendar mark if any."""
    if i >= len(tokens):
        return None
    value, cal = _suffix_calendar(tokens[i].norm)
    j = i + 1
    to = None
    if value is None:
        if not words_allowed:
            return None
        words = [t.norm for t in tokens[i:]]
        parsed = parse_number(words, 0)
        if parsed is None:
            return None
        value, used = parsed
        j = i + used
    elif not cal and j + 1 < len(tokens) and tokens[j].text == "-":
        to_value, to_cal = _suffix_calendar(tokens[j + 1].norm)
        if to_value is not None:
            to, cal, j = to_value, to_cal, j + 2
    if not cal and j < len(tokens) and tokens[j].norm in HIJRI_SUFFIXES | CE_SUFFIXES:
        cal = "hijri" if tokens[j].norm in HIJRI_SUFFIXES else "ce"
        j += 1
    return _Year(value, to, cal, j)


@dataclass
class _DatePart:
    day: int | None
    month: int | None
    year: _Year
    end: int


def _date_part(tokens: list[Token], i: int, months) -> _DatePart | None:
    """[day] [month] [سنة|عام] year, starting at i."""
    j = i
    day = None
    month = None
    if j < len(tokens):
        value, cal = _suffix_calendar(tokens[j].norm)
        if value is not None and not cal and 1 <= value <= 31:
            m = _month(tokens, j + 1, months)
            if m:
                day, (month, j) = value, m
    if month is None:
        m = _month(tokens, j, months)
        if m:
            month, j = m
    year_word = j < len(tokens) and _strip_proclitic(tokens[j].norm) in YEAR_WORDS
    if year_word:
        j += 1
    year = _year(tokens, j, words_allowed=year_word)
    if year is None:
        return None
    if not (year_word or year.calendar or month):
        return None
    if year_word and not year.calendar:
        year.calendar = "hijri" if months is HIJRI_MONTHS else "ce"
    return _DatePart(day, month, year, year.end)


def find_date(tokens: list[Token], i: int, ctx: DateContext) -> tuple[Entity, int] | None:
    """A date expression starting at tokens[i]: the entity and the index after it."""
    norm = tokens[i].norm
    if (
        not norm[0].isdecimal()
        and norm not in _DATE_STARTS
        and _strip_proclitic(norm) not in _DATE_STARTS
    ):
        return None
    first = _date_part(tokens, i, HIJRI_MONTHS) or _date_part(tokens, i, CE_MONTHS)
    if first is None:
        return None
    parts = [first]
    j = first.end
    if j + 1 < len(tokens) and tokens[j].text == "/" and first.year.calendar == "hijri":
        second = _date_part(tokens, j + 1, CE_MONTHS)
        if second and second.year.calendar != "hijri":
            second.year.calendar = "ce"
            parts.append(second)
            j = second.end
    ent = _date_entity(tokens, i, j, parts, ctx)
    return ent, j


def _date_entity(tokens, i, j, parts: list[_DatePart], ctx: DateContext) -> Entity:
    hijri = next((p for p in parts if p.year.calendar == "hijri"), None)
    ce = next((p for p in parts if p.year.calendar == "ce"), None)
    fields: dict = {"cert": ""}
    if hijri:
        year = hijri.year.start
        if year < 100 and ctx.last_hijri_year and ctx.last_hijri_year >= 100:
            year += ctx.last_hijri_year // 100 * 100
            fields["cert"] = "medium"
        elif year >= 100:
            ctx.last_hijri_year = year
        fields["hijri"] = _ymd(year, hijri.month, hijri.day)
        if hijri.year.to:
            fields["hijri_to"] = str(hijri.year.to)
        if not ce and year >= 1 and not hijri.year.to:
            if hijri.day and hijri.month:
                iso = hijri_to_gregorian_iso(year, hijri.month, hijri.day)
                fields["not_before"] = fields["not_after"] = iso
            elif hijri.month:
                fields["not_before"], fields["not_after"] = hijri_month_range(year, hijri.month)
            else:
                fields["not_before"], fields["not_after"] = hijri_year_range(year)
    if ce:
        fields["ce"] = str(ce.year.start)
        if ce.year.to:
            fields["ce_to"] = str(ce.year.to)
    return Entity(tokens[i].start, tokens[j - 1].end, "date", **fields)


def _ymd(year: int, month: int | None, day: int | None) -> str:
    if month and day:
        return f"{year}-{month:02d}-{day:02d}"
    if month:
        return f"{year}-{month:02d}"
    return str(year)


THOUSANDS_SEPARATORS = frozenset(",\u066c")  # `50,000`, `٥٠٬٠٠٠`


def _digit_groups(tokens: list[Token], i: int):
    """Digits written in groups of three (`50,000`, `١٬٢٠٠٬٠٠٠`) from token i, with nothing
    between them but a thousands separator: ((value, a token spanning them), index of the
    last group), or (None, i)."""
    t, k = tokens[i], i
    if not t.norm.isdecimal() or len(t.norm) > 3:
        return None, i
    digits = t.norm
    while (
        k + 2 < len(tokens)
        and tokens[k + 1].text in THOUSANDS_SEPARATORS
        and tokens[k + 1].start == tokens[k].end
        and tokens[k + 2].start == tokens[k + 1].end
        and len(tokens[k + 2].norm) == 3
        and tokens[k + 2].norm.isdecimal()
    ):
        digits += tokens[k + 2].norm
        k += 2
    if k == i:
        return None, i
    last = tokens[k]
    return (int(digits), t._replace(end=last.end)), k


def find_number(tokens: list[Token], i: int) -> tuple[Entity, int] | None:
    t = tokens[i]
    if not t.norm[0].isdecimal() and number_word(t.norm) is None:
        return None
    value, cal = _suffix_calendar(t.norm)
    if value is not None and not cal:
        end, i = _digit_groups(tokens, i)
        if end is not None:  # `50,000`, `٥٠٬٠٠٠`
            value, t = end
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        if nxt is not None and nxt.norm in MULTIPLIERS:  # `50 ألف`
            return Entity(t.start, nxt.end, "number", value=value * MULTIPLIERS[nxt.norm]), i + 2
        return Entity(t.start, t.end, "number", value=value), i + 1
    # number words: the run of word tokens from i
    k = i
    while k < len(tokens) and tokens[k].is_word:
        k += 1
    parsed = parse_number([x.norm for x in tokens[i:k]], 0)
    if parsed is None:
        return None
    value, used = parsed
    return Entity(t.start, tokens[i + used - 1].end, "number", value=value), i + used


# what a date or a number can start with (behind a proclitic or not): most words cannot,
# and are passed over without trying every pattern
_STARTS = _DATE_STARTS | NUMBER_WORDS
_START_PROCLITICS = frozenset("وفب") | frozenset(PROCLITICS)


@lru_cache(maxsize=1 << 16)  # asked of every word
def _may_start(norm: str) -> bool:
    return (
        norm[0].isdecimal()
        or norm in _STARTS
        or (len(norm) > 2 and norm[0] in _START_PROCLITICS and norm[1:] in _STARTS)
    )


def find_quantities(tokens: list[Token], ctx: DateContext, skip: set[int]) -> list[Entity]:
    """Dates first, then numbers, left to right, avoiding token indices in `skip`."""
    out = []
    i = 0
    while i < len(tokens):
        if i in skip or not tokens[i].is_word or not _may_start(tokens[i].norm):
            i += 1
            continue
        hit = find_date(tokens, i, ctx) or find_number(tokens, i)
        if hit and not skip.intersection(range(i, hit[1])):
            out.append(hit[0])
            i = hit[1]
        else:
            i += 1
    return out
