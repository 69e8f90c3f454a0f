"""Dates as French deliberations print them.

Numeric ("27/03/2024"), spelled months ("26 novembre 2019", "1er avril 2019", OCR'd
"1% JUILLET 2020" or "ler juillet"), and dates in words ("L'an deux mil quinze, le jeudi
10 septembre", "LE DIX-SEPT DECEMBRE DEUX-MILLE DIX-NEUF"). Candidates are located by
the regular expressions below and checked against the calendar. Abbreviated months and
dotted or dashed numeric dates ("3 févr. 2020", "03.02.2020") are handed to dateparser,
French only, with a pinned relative base so that nothing depends on today's date (it is
~50x slower than the patterns, so it only sees what they located).

>>> [d.iso for d in find_dates("réunie le 26 novembre 2019, à 09:00")]
['2019-11-26']
>>> parse_words_date("L'an deux mil quinze, le jeudi 10 septembre").iso
'2015-09-10'
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

import dateparser
from text_to_num import text2num

MONTHS = {
    "janvier": 1,
    "fevrier": 2,
    "février": 2,
    "mars": 3,
    "avril": 4,
    "mai": 5,
    "juin": 6,
    "juillet": 7,
    "aout": 8,
    "août": 8,
    "septembre": 9,
    "octobre": 10,
    "novembre": 11,
    "decembre": 12,
    "décembre": 12,
}
MONTH_RE = r"(?:janvier|f[ée]vrier|mars|avril|mai|juin|juillet|ao[uû]t|septembre|octobre|novembre|d[ée]cembre)"
WEEKDAY_RE = r"(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)"
# Number words, as in "deux mille vingt-trois" or "DIX-SEPT".
_WORD = (
    r"(?:premier|un|une|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|onze|douze|treize|"
    r"quatorze|quinze|seize|vingt|vingts|trente|quarante|cinquante|soixante|cent|cents|mille|mil|et)"
)
WORDS_RE = rf"{_WORD}(?:[\s-]+{_WORD})*"

# "26 novembre 2019", "1er avril", "1 er", OCR "1%" / "ler" / "l er"
SPELLED_RE = re.compile(
    rf"""
    (?<![\d/])
    (?P<day>[0-3]?[0-9]|l|I)\s?(?P<suffix>er|ᵉʳ|%|°)?
    (?:\s+et\s+[0-3]?[0-9])?          # "des 13 et 14 décembre 2018": the first day
    \s+(?P<month>{MONTH_RE})
    \s+(?P<year>(?:1[89]|20)\d\d)\b
    """,
    re.VERBOSE | re.IGNORECASE,
)
OCR_FIRST_RE = re.compile(
    rf"\b(?P<day>ler|1%)\s+(?P<month>{MONTH_RE})\s+(?P<year>(?:19|20)\d\d)\b", re.I
)
NUMERIC_RE = re.compile(
    r"(?<![\d/])(?P<day>[0-3]?\d)/(?P<month>[01]?\d)/(?P<year>(?:19|20)\d\d)(?![\d/])"
)

# "L'an deux mil quinze, le jeudi 10 septembre" / "L'an deux mille trois et le quatre du mois d'avril"
LAN_RE = re.compile(
    rf"""
    L'an\s+(?P<year>{WORDS_RE}|\d{{4}})\s*(?:,|et)?\s*
    (?:le\s+)?(?:{WEEKDAY_RE}\s+)?
    (?P<day>{WORDS_RE}|\d{{1,2}})(?:er)?\s+
    (?:du\s+mois\s+(?:de\s+|d')?)?
    (?P<month>{MONTH_RE})
    """,
    re.VERBOSE | re.IGNORECASE,
)
# "LE DIX-SEPT DECEMBRE DEUX-MILLE DIX-NEUF", "Le vingt-deux Juin deux mille vingt-deux"
WORDS_FULL_RE = re.compile(
    rf"""
    \ble\s+(?:{WEEKDAY_RE}\s+)?(?P<day>{WORDS_RE})\s+(?P<month>{MONTH_RE})\s+
    (?P<year>deux[\s-]+mil(?:le)?(?:[\s-]+{_WORD})*)
    """,
    re.VERBOSE | re.IGNORECASE,
)

_SETTINGS = {
    "RELATIVE_BASE": dt.datetime(2000, 1, 1),
    "REQUIRE_PARTS": ["day", "month", "year"],
    "DATE_ORDER": "DMY",
    "PREFER_DATES_FROM": "past",
}


@dataclass(frozen=True)
class FoundDate:
    iso: str
    start: int
    end: int
    text: str


def _fold_month(month: str) -> int:
    return MONTHS[month.lower().replace("é", "e").replace("û", "u")]


def _calendar(day: int, month: int, year: int) -> str | None:
    """ISO date, or None for an impossible one (31 February)."""
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


# "3 févr. 2020", "3 fév 2020", "03.02.2020", "3-2-2020": located here, parsed by dateparser
OTHER_RE = re.compile(
    r"(?<![\d.\-/])(?:[0-3]?\d\s+(?:janv|f[ée]vr?|avr|juil|sept|oct|nov|d[ée]c)\.?\s+(?:19|20)\d\d"
    r"|[0-3]?\d[.\-][01]?\d[.\-](?:19|20)\d\d)(?![\d.\-/])",
    re.IGNORECASE,
)


@lru_cache(maxsize=4096)
def _dateparser(text: str) -> str | None:
    parsed = dateparser.parse(text, languages=["fr"], settings=_SETTINGS)
    return parsed.date().isoformat() if parsed else None


def words_to_int(words: str) -> int | None:
    """'deux mil quinze' -> 2015; 'DIX-SEPT' -> 17; digits pass through."""
    w = words.strip().lower()
    if w.isdigit():
        return int(w)
    if w == "premier":
        return 1
    w = re.sub(r"\bmil\b", "mille", w.replace("-", " "))
    w = re.sub(r"\s+", " ", w).strip()
    w = re.sub(r"(?:\s+et)+$", "", w)
    try:
        return int(text2num(w, "fr"))
    except ValueError:
        return None


def _day(raw: str) -> int | None:
    if raw.lower() in {"l", "i", "ler", "1%"}:
        return 1
    return int(raw) if raw.isdigit() else words_to_int(raw)


def find_dates(text: str) -> list[FoundDate]:
    """Every date in `text` with a numeric day, in order of appearance."""
    found: list[FoundDate] = []
    for rx in (SPELLED_RE, OCR_FIRST_RE, NUMERIC_RE):
        for m in rx.finditer(text):
            day = _day(m.group("day"))
            month_raw = m.group("month")
            month = int(month_raw) if month_raw.isdigit() else _fold_month(month_raw)
            if day is None:
                continue
            iso = _calendar(day, month, int(m.group("year")))
            if iso:
                found.append(FoundDate(iso, m.start(), m.end(), m.group(0)))
    for m in OTHER_RE.finditer(text):
        iso = _dateparser(m.group(0))
        if iso:
            found.append(FoundDate(iso, m.start(), m.end(), m.group(0)))
    found.sort(key=lambda d: d.start)
    # drop overlaps (the OCR pattern and the spelled one can both hit)
    result: list[FoundDate] = []
    for d in found:
        if not result or d.start >= result[-1].end:
            result.append(d)
    return result


def parse_words_date(text: str) -> FoundDate | None:
    """The first date written (partly) in words in `text`, if any."""
    for rx in (LAN_RE, WORDS_FULL_RE):
        m = rx.search(text)
        if not m:
            continue
        day, year = _day(m.group("day")), words_to_int(m.group("year"))
        if day is None or year is None or not 1800 < year < 2100:
            continue
        iso = _calendar(day, _fold_month(m.group("month")), year)
        if iso:
            return FoundDate(iso, m.start(), m.end(), m.group(0))
    return None


TIME_RE = re.compile(
    r"(?<![\d/,.])(?P<h>[0-2]?\d)\s?(?:(?:heures?|h)\s?(?P<m>[0-5]\d)?|:(?P<m2>[0-5]\d))(?![\d/])",
    re.IGNORECASE,
)
TIME_WORDS_RE = re.compile(
    rf"\b(?:à\s+)?(?P<h>{WORDS_RE})\s+heures?(?:\s+(?P<m>{WORDS_RE}))?", re.IGNORECASE
)


def parse_time(text: str) -> tuple[str, int, int] | None:
    """'à 09:00' / '19h30' / '18 heures 30' / 'dix-sept heures trente' -> ('19:30', start, end)."""
    m = TIME_RE.search(text)
    if m:
        h, mi = int(m.group("h")), int(m.group("m") or m.group("m2") or 0)
        if h < 24:
            return f"{h:02d}:{mi:02d}", m.start(), m.end()
    w = TIME_WORDS_RE.search(text)
    if w:
        h2 = words_to_int(w.group("h"))
        mi2 = words_to_int(w.group("m")) if w.group("m") else 0
        if h2 is not None and mi2 is not None and h2 < 24 and mi2 < 60:
            return f"{h2:02d}:{mi2:02d}", w.start(), w.end()
    return None
