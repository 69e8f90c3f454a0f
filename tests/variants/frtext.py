"""French text helpers: numbers, dates and hours in words or digits, case and accents.

Everything here is pure and deterministic; the generators call these to print a fact in
one of the ways a French council secretary would type it.
"""

from __future__ import annotations

import datetime as dt
import unicodedata

MONTHS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)
WEEKDAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")

_UNITS = (
    "zéro",
    "un",
    "deux",
    "trois",
    "quatre",
    "cinq",
    "six",
    "sept",
    "huit",
    "neuf",
    "dix",
    "onze",
    "douze",
    "treize",
    "quatorze",
    "quinze",
    "seize",
    "dix-sept",
    "dix-huit",
    "dix-neuf",
)
_TENS = {2: "vingt", 3: "trente", 4: "quarante", 5: "cinquante", 6: "soixante"}


def _below100(n: int) -> str:
    if n < 20:
        return _UNITS[n]
    tens, unit = divmod(n, 10)
    if tens == 7:
        return "soixante et onze" if unit == 1 else f"soixante-{_UNITS[10 + unit]}"
    if tens == 8:
        return "quatre-vingts" if unit == 0 else f"quatre-vingt-{_UNITS[unit]}"
    if tens == 9:
        return f"quatre-vingt-{_UNITS[10 + unit]}"
    base = _TENS[tens]
    if unit == 0:
        return base
    if unit == 1:
        return f"{base} et un"
    return f"{base}-{_UNITS[unit]}"


def _below1000(n: int) -> str:
    hundreds, rest = divmod(n, 100)
    parts: list[str] = []
    if hundreds == 1:
        parts.append("cent")
    elif hundreds > 1:
        parts.append(f"{_UNITS[hundreds]} cent{'s' if rest == 0 else ''}")
    if rest or not parts:
        parts.append(_below100(rest))
    return " ".join(parts)


def number_words(
    n: int, *, feminine: bool = False, hyphens: bool = False, mil: bool = False
) -> str:
    """``n`` (0..999 999) in French words; ``hyphens`` = 1990 spelling, ``mil`` for years."""
    if not 0 <= n < 1_000_000:
        raise ValueError(n)
    thousands, rest = divmod(n, 1000)
    parts: list[str] = []
    if thousands:
        thousand_word = "mil" if mil else "mille"
        if thousands == 1:
            parts.append(thousand_word)
        else:
            head = _below1000(thousands)
            if head.endswith(("cents", "vingts")):
                head = head[:-1]
            parts.append(f"{head} {thousand_word}")
    if rest or not parts:
        parts.append(_below1000(rest))
    text = " ".join(parts)
    if feminine and (text == "un" or text.endswith((" un", "-un"))):
        text += "e"
    if hyphens:
        text = text.replace(" ", "-")
    return text


def year_words(year: int, style: str = "mille") -> str:
    """2023 -> 'deux mille vingt-trois' ('mil': 'deux mil …', 'hyphens': 'deux-mille-…')."""
    if style == "mil":
        return number_words(year, mil=True)
    return number_words(year, hyphens=(style == "hyphens"))


def day_words(day: int) -> str:
    """1 -> 'premier', 15 -> 'quinze'."""
    return "premier" if day == 1 else number_words(day)


def day_digits(day: int, *, zero: bool = False) -> str:
    """1 -> '1er', 5 -> '5' (or '05' with ``zero``)."""
    if day == 1 and not zero:
        return "1er"
    return f"{day:02d}" if zero else str(day)


def format_date(d: dt.date, style: str, *, year_style: str = "mille") -> str:
    """One date in one of the printed styles (see DATE_STYLES)."""
    month = MONTHS[d.month - 1]
    weekday = WEEKDAYS[d.weekday()]
    match style:
        case "long":
            return f"{day_digits(d.day)} {month} {d.year}"
        case "long_zero":
            return f"{day_digits(d.day, zero=True)} {month} {d.year}"
        case "long_Month":
            return f"{day_digits(d.day)} {month.capitalize()} {d.year}"
        case "long_weekday":
            return f"{weekday} {day_digits(d.day)} {month} {d.year}"
        case "Long_weekday":
            return f"{weekday.capitalize()} {day_digits(d.day)} {month} {d.year}"
        case "upper":
            return f"{day_digits(d.day)} {month} {d.year}".upper()
        case "upper_weekday":
            return f"{weekday} {day_digits(d.day)} {month} {d.year}".upper()
        case "slash":
            return f"{d.day:02d}/{d.month:02d}/{d.year}"
        case "slash_short":
            return f"{d.day:02d}/{d.month:02d}/{d.year % 100:02d}"
        case "dot":
            return f"{d.day:02d}.{d.month:02d}.{d.year}"
        case "dash":
            return f"{d.day:02d}-{d.month:02d}-{d.year}"
        case "words":
            return f"{day_words(d.day)} {month} {year_words(d.year, year_style)}"
        case "words_weekday":
            return f"{weekday} {day_words(d.day)} {month} {year_words(d.year, year_style)}"
        case "words_upper":
            return f"{day_words(d.day)} {month} {year_words(d.year, year_style)}".upper()
        case _:
            raise ValueError(style)


DATE_STYLES = (
    "long",
    "long_zero",
    "long_Month",
    "long_weekday",
    "Long_weekday",
    "upper",
    "upper_weekday",
    "slash",
    "slash_short",
    "dot",
    "dash",
    "words",
    "words_weekday",
    "words_upper",
)


def format_time(t: dt.time, style: str) -> str:
    """One hour in one of the printed styles (see TIME_STYLES)."""
    h, m = t.hour, t.minute
    match style:
        case "h":  # 20h30, 18h00
            return f"{h}h{m:02d}"
        case "h_short":  # 20h30, 18h
            return f"{h}h{m:02d}" if m else f"{h}h"
        case "h_spaced":  # 20 h 30, 18 h
            return f"{h} h {m:02d}" if m else f"{h} h"
        case "H":  # 20H30
            return f"{h}H{m:02d}"
        case "colon":  # 20:30
            return f"{h:02d}:{m:02d}"
        case "heures":  # 20 heures 30, 18 heures
            return f"{h} heures {m:02d}" if m else f"{h} heures"
        case "words":  # vingt heures trente
            hours = f"{number_words(h, feminine=True)} heure{'s' if h > 1 else ''}"
            return f"{hours} {number_words(m)}" if m else hours
        case "words_upper":
            return format_time(t, "words").upper()
        case _:
            raise ValueError(style)


TIME_STYLES = ("h", "h_short", "h_spaced", "H", "colon", "heures", "words", "words_upper")


def strip_accents(text: str) -> str:
    """'Étaient présents' -> 'Etaient presents' (keeps œ, æ and the apostrophes)."""
    decomposed = unicodedata.normalize("NFD", text)
    kept = "".join(c for c in decomposed if unicodedata.category(c) != "Mn")
    return unicodedata.normalize("NFC", kept)


def apply_case(text: str, case: str) -> str:
    """Print a heading in one case: as_is, upper, upper_noaccent, lower, title, noaccent."""
    match case:
        case "as_is":
            return text
        case "upper":
            return text.upper()
        case "upper_noaccent":
            return strip_accents(text).upper()
        case "lower":
            return text.lower()
        case "title":
            return " ".join(w[:1].upper() + w[1:] for w in text.split(" "))
        case "noaccent":
            return strip_accents(text)
        case _:
            raise ValueError(case)


def format_amount(value: float, style: str) -> str:
    """An amount of money as printed (see AMOUNT_STYLES); the value is exact."""
    cents = round(value * 100)
    units, frac = divmod(cents, 100)

    def grouped(sep: str) -> str:
        digits = str(units)
        groups: list[str] = []
        while digits:
            groups.insert(0, digits[-3:])
            digits = digits[:-3]
        return sep.join(groups)

    decimals = f",{frac:02d}"
    match style:
        case "space_eur":  # 1 500 €   (1 500,50 € when cents)
            return f"{grouped(' ')}{decimals if frac else ''} €"
        case "nbsp_eur":  # 1\u00a0500\u00a0€
            return f"{grouped(chr(0xA0))}{decimals if frac else ''}\u00a0€"
        case "narrow_eur":  # 1\u202f500 €
            return f"{grouped(chr(0x202F))}{decimals if frac else ''} €"
        case "cents_eur":  # 1 500,00 €
            return f"{grouped(' ')}{decimals} €"
        case "dot_euros":  # 1.500,00 euros
            return f"{grouped('.')}{decimals} euros"
        case "space_euros":  # 15 000 euros
            return f"{grouped(' ')}{decimals if frac else ''} euros"
        case "plain_eur":  # 1500 €
            return f"{units}{decimals if frac else ''} €"
        case "plain_euros_upper":  # 1500 EUROS
            return f"{grouped(' ')}{decimals if frac else ''} EUROS"
        case "EUR":  # 1 500,00 EUR
            return f"{grouped(' ')}{decimals} EUR"
        case "words":  # mille cinq cents euros (1 500 €)
            spoken = number_words(units) + " euros"
            if frac:
                spoken += f" et {number_words(frac)} centimes"
            return f"{spoken} ({format_amount(value, 'space_eur')})"
        case _:
            raise ValueError(style)


AMOUNT_STYLES = (
    "space_eur",
    "nbsp_eur",
    "narrow_eur",
    "cents_eur",
    "dot_euros",
    "space_euros",
    "plain_eur",
    "plain_euros_upper",
    "EUR",
    "words",
)
