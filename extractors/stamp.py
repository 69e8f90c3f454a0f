"""The prefecture stamp (ACTES) and publication notes: `transmission` (contract v2).

A stamp is a cue of `lexicon/dates.toml` whose role is a transmission field ("Envoyé en
préfecture le" -> sent, "Reçu en préfecture le", "Date de réception préfecture",
"Accusé de réception" -> received, "Publié le", "Mis en ligne le" -> published, "Affiché le"
-> posted, "Rendu exécutoire le" -> executory) followed by its date, and the ACTES
identifier `DDD-SIRENxxxxx-YYYYMMDD-NUMBER-NA` (département, the authority's SIREN, the act
date, the act number, the nature code). A stamp printed on every page is read once: the
first date of each field wins, and a later one that disagrees is a note.

OCR damages stamps ("2 7 FEV. 2073", "21/1212022", "13 Fi. 2079"). A damaged date is
repaired only when the repair is certain: the act date and the other stamp dates bound it
(a stamp follows the act by days, not years); otherwise the field stays null and a note
quotes the text.

>>> t = read_stamp("ID : 022-200067981-20230207-DELBU2023_02_12-DE Envoyé en préfecture le 16/02/2023")
>>> (t.transmission.siren, t.transmission.act_date, t.transmission.nature, t.transmission.sent)
('200067981', '2023-02-07', 'DE', '2023-02-16')
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from extractors.common import folded
from extractors.dates import STAMP_ROLES, find_dates
from extractors.lexicon import Lexicon
from schemas.records import Transmission

#: DDD-SIREN-YYYYMMDD-NUMBER-NA; the number may hold spaces, dots, slashes and hyphens
ACTES_ID = re.compile(
    r"(?<![\w-])(?P<dep>\d{2}[\dAB]|\d[AB]|\d{2})\s?-\s?(?P<siren>\d{9})\s?-\s?(?P<date>\d{8})\s?-\s?"
    r"(?P<num>[\w./ -]{1,40}?)\s?-\s?(?P<nature>DE|AR|AI|CC|BF|AU)\b",
    re.IGNORECASE,
)
#: the transmission fields, and the cue roles that fill two of them
FIELDS = ("sent", "received", "published", "posted", "executory")
_FIELDS = {"posted_published": ("posted", "published")}
#: how far after its cue a stamp's date may stand ("Reçu en préfecture le : 16/02/2023")
REACH = 40
#: a stamp follows the act it stamps: a date more than this many days away is damaged
MAX_DAYS_AFTER_ACT = 400
#: the years a stamp can carry (ACTES began in the 2000s; a year past these is OCR damage,
#: a fixed bound so that the same input always gives the same output)
STAMP_YEARS = range(2000, 2036)


def luhn_ok(digits: str) -> bool:
    """The Luhn checksum of a SIREN or SIRET ("200067981": valid)."""
    if not digits.isdigit():
        return False
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 1:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


@dataclass
class Stamp:
    transmission: Transmission
    #: where each field was read, for the evidence spans
    spans: dict[str, tuple[int, int]] = field(default_factory=dict)
    #: what could not be read for certain, quoting the text
    notes: list[str] = field(default_factory=list)


def read_stamp(text: str, low: str | None = None) -> Stamp:
    """The stamp fields printed in `text` (a document, a part or an item)."""
    low = folded(text) if low is None else low
    t = Transmission()
    spans: dict[str, tuple[int, int]] = {}
    notes: list[str] = []
    ids = list(ACTES_ID.finditer(text))
    act: dt.date | None = None
    if ids:
        m = ids[0]
        t.actes_id = re.sub(r"\s*-\s*", "-", m.group(0).strip())
        siren = m.group("siren")
        t.siren = siren if luhn_ok(siren) else None
        if t.siren is None:
            notes.append(f"ACTES identifier {m.group(0)!r}: SIREN {siren} fails its checksum")
        act = _yyyymmdd(m.group("date"))
        t.act_date = act.isoformat() if act else None
        t.act_number = m.group("num").strip()
        t.nature = m.group("nature").upper()  # type: ignore[assignment]
        spans["transmission.actes_id"] = (m.start(), m.end())
        others = {re.sub(r"\W", "", x.group(0)).upper() for x in ids[1:]}
        if others - {re.sub(r"\W", "", m.group(0)).upper()}:
            notes.append(f"several ACTES identifiers; the first, {t.actes_id}, is kept")
    found: dict[str, list[tuple[str | None, int, int, str]]] = {}
    for cue in Lexicon.of("dates").find(low):
        if cue.role not in STAMP_ROLES:
            continue
        got = _date_after(text, low, cue.end, act)
        if got is None:
            continue
        for role in _FIELDS.get(cue.role, (cue.role,)):
            found.setdefault(role, []).append(got)
    for role in FIELDS:
        values = found.get(role, [])
        certain = [(iso, a, b) for iso, a, b, _ in values if iso is not None]
        if certain:
            kept, a, b = certain[0]
            iso = str(kept)
            setattr(t, role, iso)
            spans[f"transmission.{role}"] = (a, b)
            raw = next(r for i, _a, _b, r in values if i == iso)
            if not _reads_as(raw, iso):
                notes.append(f"{role}: {raw!r} read as {iso} (damaged; the act date bounds it)")
            if len({v[0] for v in certain}) > 1:
                notes.append(
                    f"{role}: the stamp gives {', '.join(sorted({v[0] for v in certain}))}; {iso} kept"
                )
        for maybe, _a, _b, raw in values:
            if maybe is None and not certain:
                notes.append(f"{role}: {raw!r} is not a date that can be read for certain")
    return Stamp(t, spans, notes)


def _yyyymmdd(raw: str) -> dt.date | None:
    try:
        return dt.date(int(raw[:4]), int(raw[4:6]), int(raw[6:8]))
    except ValueError:
        return None


# "21/1212022": a separator lost; "2 7/02/2023": a space inside the day
_SQUEEZED = re.compile(
    r"(?<!\d)(\d{1,2})\s?[/.-]\s?(\d{1,2})\s?(?:[/.-]|[1l|](?=(?:19|20)\d\d(?!\d)))?\s?((?:19|20)\d\d)(?!\d)"
)
_SPACED_DAY = re.compile(r"(?<!\d)(\d)\s(\d)(?=\s?[/.\s]\s?\d{1,2}|\s+[a-zéû]{3})", re.I)


def _date_after(
    text: str, low: str, pos: int, act: dt.date | None
) -> tuple[str | None, int, int, str] | None:
    """The date right after a stamp cue: (iso or None when damaged, start, end, raw)."""
    window = text[pos : pos + REACH]
    lead = re.match(r"[\s:,.]*(?:le|du|en date du)?[\s:,.]*", window)
    at = lead.end() if lead else 0
    if at < len(window) and not window[at].isdigit():
        return None  # "Accusé de réception – Ministère ...": no date right after
    dates = find_dates(window)
    if dates and dates[0].start <= at + 2:
        d = dates[0]
        day = dt.date.fromisoformat(d.iso)
        if day.year in STAMP_YEARS and (act is None or _plausible(day, act)):
            return d.iso, pos + d.start, pos + d.end, d.text
        raw = window[at : d.end]  # "2 7 FEV. 2073": the date as printed, from the cue on
        return _repair(raw, act), pos + at, pos + d.end, raw
    bare = re.match(r"[\w./ ]{6,16}", window[at:])
    if bare is None:
        return None
    return (
        _repair(bare.group(0).strip(), act),
        pos + at,
        pos + at + len(bare.group(0)),
        bare.group(0).strip(),
    )


def _reads_as(raw: str, iso: str) -> bool:
    """Whether the printed date reads as `iso` without repair."""
    found = find_dates(raw)
    return bool(found) and found[0].iso == iso


def _plausible(day: dt.date, act: dt.date) -> bool:
    return 0 <= (day - act).days <= MAX_DAYS_AFTER_ACT


def _repair(raw: str, act: dt.date | None) -> str | None:
    """A damaged stamp date, when one reading only fits after the act date; else None."""
    if act is None:
        return None
    text = _SPACED_DAY.sub(r"\1\2", raw)
    candidates: set[dt.date] = set()
    m = _SQUEEZED.search(text)
    if m:
        day, month, year = int(m.group(1)), int(m.group(2)), int(m.group(3))
        for y in {year, act.year, act.year + 1}:
            try:
                candidates.add(dt.date(y, month, day))
            except ValueError:
                continue
    for d in find_dates(text):
        found = dt.date.fromisoformat(d.iso)
        for y in {found.year, act.year, act.year + 1}:
            try:
                candidates.add(found.replace(year=y))
            except ValueError:
                continue
    fits = sorted(c for c in candidates if _plausible(c, act) and (c - act).days <= 120)
    return fits[0].isoformat() if len(fits) == 1 else None


def printed_siren(text: str) -> tuple[str, int, int] | None:
    """A SIREN or SIRET printed on the document ("Siret : 21850014800075"): its SIREN, when
    the checksum holds."""
    for m in _PRINTED_ID.finditer(text):
        digits = re.sub(r"\D", "", m.group("id"))
        if len(digits) == 14 and luhn_ok(digits) and luhn_ok(digits[:9]):
            return digits[:9], m.start("id"), m.end("id")
        if len(digits) == 9 and luhn_ok(digits):
            return digits, m.start("id"), m.end("id")
    return None


_PRINTED_ID = re.compile(
    r"\b(?:SIRET|SIREN|N°\s*SIRET|N°\s*SIREN)\s*(?:n°)?\s*:?\s*(?P<id>\d{3}\s?\d{3}\s?\d{3}(?:\s?\d{5})?)\b",
    re.IGNORECASE,
)
