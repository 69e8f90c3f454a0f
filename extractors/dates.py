"""Dates as French deliberations print them, each with its role in the document.

Forms read: numeric ("27/03/2024", "27.03.2024", "27-03-24"), spelled months ("26 novembre
2019", "1er avril 2019", "3 févr. 2020", OCR'd "1% JUILLET 2020" or "ler juillet"), dates in
words ("L'an deux mil quinze, le jeudi 10 septembre", "LE DIX-SEPT DECEMBRE DEUX-MILLE
DIX-NEUF", "du onze décembre deux mille dix-neuf"), checked against the calendar.

A date's role comes from the words before it (`lexicon/dates.toml`): session, convocation,
transmission, publication, executory, signature, other (laws, texts cited, periods), and
previous (a clause about an earlier session, such as the approval of its minutes). The
session date is the session candidate that independent statements support best
(`choose_session`): the document's title, the date in words, the weekday printed beside it,
the same date stated again, the ACTES act date; a date stated as an earlier session's counts
against it. Statements that disagree are kept for the `date_consistency` check.

>>> [d.iso for d in find_dates("réunie le 26 novembre 2019, à 09:00")]
['2019-11-26']
>>> parse_words_date("L'an deux mil quinze, le jeudi 10 septembre").iso
'2015-09-10'
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from text_to_num import text2num

from extractors.common import folded
from extractors.lexicon import Lexicon

MONTHS = {
    "janvier": 1,
    "janv": 1,
    "jan": 1,
    "fevrier": 2,
    "fevr": 2,
    "fev": 2,
    "mars": 3,
    "avril": 4,
    "avr": 4,
    "mai": 5,
    "juin": 6,
    "juillet": 7,
    "juil": 7,
    "aout": 8,
    "septembre": 9,
    "sept": 9,
    "octobre": 10,
    "oct": 10,
    "novembre": 11,
    "nov": 11,
    "decembre": 12,
    "dec": 12,
}
WEEKDAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
# on folded text (lower case, no accents)
MONTH_RE = (
    r"(?:janvier|fevrier|mars|avril|mai|juin|juillet|aout|septembre|octobre|novembre|decembre"
    r"|janv\.?|fevr?\.?|avr\.?|juil\.?|sept\.?|oct\.?|nov\.?|dec\.?)"
)
WEEKDAY_RE = r"(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)"
_WORD = (
    r"(?:premier|un|une|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|onze|douze|treize|"
    r"quatorze|quinze|seize|vingt|vingts|trente|quarante|cinquante|soixante|cent|cents|mille|mil|et)"
)
WORDS_RE = rf"{_WORD}(?:[\s-]+{_WORD})*"

# "26 novembre 2019", "1er avril", "1 er", OCR "1%" / "ler" / "l er", "3 févr. 2020"
SPELLED_RE = re.compile(
    rf"""
    (?<![a-z0-9/])
    (?P<day>[0-3]?[0-9]|ler|l|i)\s?(?P<suffix>er|%|°)?
    (?:\s+et\s+[0-3]?[0-9])?          # "des 13 et 14 décembre 2018": the first day
    \s+(?P<month>{MONTH_RE})
    \s*(?P<year>(?:1[89]|20)\d\d)(?!\d)
    """,
    re.VERBOSE,
)
NUMERIC_RE = re.compile(
    r"(?<![\d/.\-])(?P<day>[0-3]?\d)\s?(?P<sep>[/.\-])\s?(?P<month>[01]?\d)\s?(?P=sep)\s?"
    r"(?P<year>(?:19|20)\d\d|\d\d)(?![\d/])"
)
# "L'an deux mil quinze, le jeudi 10 septembre" / "L'an deux mille trois et le quatre du mois d'avril"
LAN_RE = re.compile(
    rf"""
    l'an\s+(?P<year>{WORDS_RE}|\d{{4}})\s*(?:,|et)?\s*
    (?:le\s+)?(?:{WEEKDAY_RE}\s+)?
    (?P<day>{WORDS_RE}|\d{{1,2}})(?:er)?\s+
    (?:du\s+mois\s+(?:de\s+|d')?)?
    (?P<month>{MONTH_RE})
    """,
    re.VERBOSE,
)
# "LE DIX-SEPT DECEMBRE DEUX-MILLE DIX-NEUF", "du onze décembre deux mille dix-neuf"
WORDS_FULL_RE = re.compile(
    rf"""
    (?<=\b(?:le|du|au)\s)(?:{WEEKDAY_RE}\s+)?(?P<day>{WORDS_RE})\s+(?:du\s+mois\s+(?:de\s+|d')?)?
    (?P<month>{MONTH_RE})\s+(?:de\s+l'an\s+)?
    (?P<year>deux[\s-]+mil(?:le)?(?:[\s-]+{_WORD})*)
    """,
    re.VERBOSE,
)

#: years a session date can have: a date outside is a citation or damage, never the session
SESSION_YEARS = range(1900, 2100)


def plausible_session(iso: str) -> bool:
    """Whether an ISO date can be a session's date (1900-2099)."""
    return int(iso[:4]) in SESSION_YEARS


@dataclass(frozen=True)
class FoundDate:
    iso: str
    start: int
    end: int
    text: str
    #: written (partly) in words
    words: bool = False
    #: the weekday printed with it, and whether the calendar agrees
    weekday: str | None = None
    weekday_ok: bool | None = None


def _calendar(day: int, month: int, year: int) -> str | None:
    """ISO date, or None for an impossible one (31 February)."""
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def words_to_int(words: str) -> int | None:
    """'deux mil quinze' -> 2015; 'DIX-SEPT' -> 17; digits pass through."""
    w = words.strip().lower()
    if w.isdigit():
        return int(w)
    if w in ("premier", "1er"):
        return 1
    w = re.sub(r"\bmil\b", "mille", w.replace("-", " "))
    w = re.sub(r"\s+", " ", w).strip()
    w = re.sub(r"(?:\s+et)+$", "", w)
    try:
        return int(text2num(w, "fr"))
    except ValueError:
        return None


def _day(raw: str) -> int | None:
    if raw in {"l", "i", "ler", "1%"}:
        return 1
    return int(raw) if raw.isdigit() else words_to_int(raw)


def _month(raw: str) -> int:
    return MONTHS[raw.rstrip(".")]


def _year(raw: str) -> int | None:
    if raw.isdigit():
        y = int(raw)
        return y + 2000 if y < 100 and len(raw) == 2 else y
    return words_to_int(raw)


_WEEKDAY_BEFORE = re.compile(rf"{WEEKDAY_RE}\s*,?\s*(?:le\s+)?$")


def find_dates(text: str, low: str | None = None) -> list[FoundDate]:
    """Every date in `text`, in order of appearance, overlaps dropped."""
    low = folded(text) if low is None else low
    found: list[FoundDate] = []
    for m in SPELLED_RE.finditer(low):
        day, year = _day(m.group("day")), _year(m.group("year"))
        if day is None or year is None:
            continue
        iso = _calendar(day, _month(m.group("month")), year)
        if iso:
            found.append(
                _with_weekday(low, FoundDate(iso, m.start(), m.end(), text[m.start() : m.end()]))
            )
    if "/" in low or "." in low or "-" in low:
        for m in NUMERIC_RE.finditer(low):
            year = _year(m.group("year"))
            if year is None or (len(m.group("year")) == 2 and m.group("sep") != "/"):
                continue  # "17.02.10", "20-06-15": references more often than dates
            if re.search(r"n°\s*$|n\s?o\.?\s*$", low[max(0, m.start() - 5) : m.start()]):
                continue  # "DAP n°17.02.10": a number

            iso = _calendar(int(m.group("day")), int(m.group("month")), year)
            if iso:
                found.append(
                    _with_weekday(
                        low, FoundDate(iso, m.start(), m.end(), text[m.start() : m.end()])
                    )
                )
    for rx in (LAN_RE, WORDS_FULL_RE):
        for m in rx.finditer(low):
            day, year = _day(m.group("day")), words_to_int(m.group("year"))
            if day is None or year is None or not 1800 < year < 2100:
                continue
            iso = _calendar(day, _month(m.group("month")), year)
            if iso:
                d = FoundDate(iso, m.start(), m.end(), text[m.start() : m.end()], words=True)
                found.append(_with_weekday(low, d, inside=True))
    found.sort(key=lambda d: (d.start, -d.end))
    result: list[FoundDate] = []
    for d in found:
        if not result or d.start >= result[-1].end:
            result.append(d)
    return result


def _with_weekday(low: str, d: FoundDate, inside: bool = False) -> FoundDate:
    """The weekday printed just before the date (or inside a date in words)."""
    span = low[d.start : d.end] if inside else low[max(0, d.start - 14) : d.start]
    m = re.search(WEEKDAY_RE, span) if inside else _WEEKDAY_BEFORE.search(span)
    if not m:
        return d
    name = m.group(0).split()[0].strip(",")
    ok = WEEKDAYS[dt.date.fromisoformat(d.iso).weekday()] == name
    return FoundDate(d.iso, d.start, d.end, d.text, d.words, name, ok)


def parse_words_date(text: str) -> FoundDate | None:
    """The first date written (partly) in words in `text`, if any."""
    return next((d for d in find_dates(text) if d.words), None)


# --- roles -------------------------------------------------------------------------------

#: the roles of the prefecture stamp and publication notes (the `transmission` fields)
STAMP_ROLES = ("sent", "received", "published", "posted", "posted_published", "executory")
ROLES = ("session", "convocation", *STAMP_ROLES, "signature", "other", "previous")
_CLAUSE_END = re.compile(r"\.\s+(?=\S)|\n\s*\n|;")


@dataclass(frozen=True)
class DateCandidate:
    """A date found in the document, with the role its context gives it."""

    date: FoundDate
    role: str
    cue: str = ""  # the words that gave the role, as printed (folded)
    #: where it stands: in the document's title lines
    in_title: bool = False

    @property
    def iso(self) -> str:
        return self.date.iso


_PREPOSITION_END = re.compile(r"(?:\s|^)(?:du|le|la|les|de|des|au|aux|en|a|date)$")
_ADJACENT = re.compile(
    r"[\s:,(]{0,4}(?:(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)\s+)?"
)


def _reaches(cue: Any, low: str, date_start: int) -> bool:
    """A cue that ends with a preposition ("commission permanente du") names the date that
    follows it at once, not one further in its clause ("La commission permanente du conseil
    régional dûment convoquée le 7 novembre"), unless its words without the preposition are
    a cue of the same role ("convocation")."""
    prep = _PREPOSITION_END.search(cue.wording)
    if not prep:
        return True
    m = _ADJACENT.match(low, cue.end)
    if m is not None and m.end() >= date_start:
        return True
    # "convocation du conseil ... faite le 10 juin": "convocation" alone is a cue of its role
    return cue.wording[: prep.start()] in Lexicon.of("dates").words(cue.role)


def candidates(text: str, low: str | None = None, title_end: int = 400) -> list[DateCandidate]:
    """Every date of `text` with its role (see the module's docstring)."""
    low = folded(text) if low is None else low
    cues = Lexicon.of("dates").find(low)
    dates = find_dates(text, low)
    out = []
    ci = 0
    for i, d in enumerate(dates):
        floor = max(dates[i - 1].end if i else 0, d.start - 160)
        boundary = None
        for b in _CLAUSE_END.finditer(low, floor, d.start):
            boundary = b.end()
        clause_start = boundary if boundary is not None else floor
        while ci < len(cues) and cues[ci].end <= clause_start:
            ci += 1
        before = [
            c
            for c in cues[ci:]
            if c.start >= clause_start and c.end <= d.start and _reaches(c, low, d.start)
        ]
        role, cue = "other", ""
        if any(c.role == "previous" for c in before):
            role, cue = "previous", next(c.wording for c in before if c.role == "previous")
        elif before:
            near = before[-1]
            if near.role == "session_after":
                role, cue = "other", ""
            else:
                role, cue = near.role, near.wording
        if role == "other" and not before:
            limit = min(d.end + 90, dates[i + 1].start if i + 1 < len(dates) else len(low))
            after = [
                c
                for c in cues
                if d.end <= c.start <= limit
                and c.role in ("session_after", "session")
                and c.wording.startswith(("s'", "se ", "reuni", "assemble"))
            ]
            if after and not _CLAUSE_END.search(low, d.end, after[0].start):
                role, cue = "session", after[0].wording
        if d.words and low.startswith("l'an", d.start) and role not in ("previous",):
            role, cue = "session", "l'an"
        in_title = d.start < title_end
        if in_title and role == "other" and (not cue or cue.startswith("deliberation")):
            # a date in the title lines names the session ("LUNDI 16 JANVIER 2023",
            # "DÉLIBÉRATION N°CP 2023-017 DU 25 JANVIER 2023")
            role, cue = "session", cue or "(title)"
        out.append(DateCandidate(d, role, cue, in_title))
    return out


@dataclass
class SessionChoice:
    """The session date chosen, and the statements of the session date that disagree."""

    chosen: DateCandidate | None = None
    score: float = 0.0
    statements: list[DateCandidate] = field(default_factory=list)
    disagreeing: list[DateCandidate] = field(default_factory=list)


def choose_session(cands: list[DateCandidate], act_date: str | None = None) -> SessionChoice:
    """The session date the statements support best (see the module's docstring)."""
    sessions = [c for c in cands if c.role == "session" and plausible_session(c.iso)]
    if not sessions:
        return SessionChoice()
    earlier = {c.iso for c in cands if c.role == "previous"}
    by_date: dict[str, list[DateCandidate]] = {}
    for c in sessions:
        by_date.setdefault(c.iso, []).append(c)
    scores: dict[str, float] = {}
    for iso, stated in by_date.items():
        s = 2.0
        if any(c.in_title for c in stated):
            s += 2
        if any(c.date.words for c in stated):
            s += 1
        if any(c.date.weekday_ok for c in stated):
            s += 1
        if any(c.date.weekday_ok is False for c in stated):
            s -= 2
        s += min(2, len(stated) - 1)
        if act_date and iso == act_date:
            s += 1
        if iso in earlier:
            s -= 3
        scores[iso] = s
    best = max(scores, key=lambda iso: (scores[iso], -by_date[iso][0].date.start))
    chosen = by_date[best][0]
    disagreeing = [c for iso, cs in by_date.items() if iso != best for c in cs[:1]]
    return SessionChoice(chosen, scores[best], sessions, disagreeing)


# --- times -------------------------------------------------------------------------------

TIME_RE = re.compile(
    r"(?<![\d/,.])(?P<h>[0-2]?\d)\s?(?:(?:heures?|h)\s?(?P<m>[0-5]\d)?|:(?P<m2>[0-5]\d))(?![\d/])",
    re.IGNORECASE,
)
TIME_WORDS_RE = re.compile(
    rf"\b(?:a\s+|à\s+)?(?P<h>{WORDS_RE})\s+heures?(?:\s+(?P<m>{WORDS_RE}|quart|demie?))?",
    re.IGNORECASE,
)


def parse_time(text: str) -> tuple[str, int, int] | None:
    """'à 09:00' / '19h30' / '18 heures 30' / 'dix-sept heures trente' -> ('19:30', start, end)."""
    m = TIME_RE.search(text)
    w = TIME_WORDS_RE.search(folded(text))
    if m and (w is None or m.start() <= w.start()):
        h, mi = int(m.group("h")), int(m.group("m") or m.group("m2") or 0)
        if h < 24:
            return f"{h:02d}:{mi:02d}", m.start(), m.end()
    if w:
        h2 = words_to_int(w.group("h"))
        raw = w.group("m")
        mi2 = (
            15
            if raw == "quart"
            else 30
            if raw and raw.startswith("demi")
            else (words_to_int(raw) if raw else 0)
        )
        if h2 is not None and mi2 is not None and h2 < 24 and mi2 < 60:
            return f"{h2:02d}:{mi2:02d}", w.start(), w.end()
    return None
