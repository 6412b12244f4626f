"""The tabular Islamic (Hijri) calendar, converted through Julian Day Numbers.

Conversions are arithmetic (the civil tabular calendar, epoch 16 July 622 Julian): real
month starts depended on sighting the moon, so a computed day can be one or two days off.
ISO dates (for TEI `@notBefore`/`@notAfter`) are proleptic Gregorian as XML Schema requires;
`julian_date` gives the Julian-calendar date historians quote for medieval events.
"""

from __future__ import annotations

ISLAMIC_EPOCH_JDN = 1948440  # 1 Muharram 1 AH = JDN 1948440 (civil epoch)


def hijri_to_jdn(year: int, month: int = 1, day: int = 1) -> int:
    return (
        day
        + -(-59 * (month - 1) // 2)  # ceil(29.5 * (month - 1))
        + (year - 1) * 354
        + (3 + 11 * year) // 30
        + ISLAMIC_EPOCH_JDN
        - 1
    )


def jdn_to_gregorian(jdn: int) -> tuple[int, int, int]:
    a = jdn + 32044
    b = (4 * a + 3) // 146097
    c = a - 146097 * b // 4
    d = (4 * c + 3) // 1461
    e = c - 1461 * d // 4
    m = (5 * e + 2) // 153
    return 100 * b + d - 4800 + m // 10, m + 3 - 12 * (m // 10), e - (153 * m + 2) // 5 + 1


def jdn_to_julian(jdn: int) -> tuple[int, int, int]:
    c = jdn + 32082
    d = (4 * c + 3) // 1461
    e = c - 1461 * d // 4
    m = (5 * e + 2) // 153
    return d - 4800 + m // 10, m + 3 - 12 * (m // 10), e - (153 * m + 2) // 5 + 1


def _iso(ymd: tuple[int, int, int]) -> str:
    return f"{ymd[0]:04d}-{ymd[1]:02d}-{ymd[2]:02d}"


def hijri_year_range(year: int) -> tuple[str, str]:
    """First and last day of a Hijri year as proleptic Gregorian ISO dates."""
    return (
        _iso(jdn_to_gregorian(hijri_to_jdn(year))),
        _iso(jdn_to_gregorian(hijri_to_jdn(year + 1) - 1)),
    )


def hijri_month_range(year: int, month: int) -> tuple[str, str]:
    nxt = hijri_to_jdn(year + 1, 1, 1) if month == 12 else hijri_to_jdn(year, month + 1, 1)
    return _iso(jdn_to_gregorian(hijri_to_jdn(year, month))), _iso(jdn_to_gregorian(nxt - 1))


def hijri_to_gregorian_iso(year: int, month: int, day: int) -> str:
    return _iso(jdn_to_gregorian(hijri_to_jdn(year, month, day)))


def julian_date(year: int, month: int, day: int) -> tuple[int, int, int]:
    """The Julian-calendar date of a Hijri date."""
    return jdn_to_julian(hijri_to_jdn(year, month, day))
