"""Amounts in euros and counts, as printed in deliberations.

>>> parse_amount("270 000,00 €")
270000.0
>>> parse_amount("45 k€")
45000.0
>>> parse_amount("1,2 M€")
1200000.0
>>> parse_amount("15 921 772,92 €")
15921772.92
"""

from __future__ import annotations

import re

# An amount followed by its unit, the unit in any case ("600 EUROS", "12 000,00 EUR").
# Groups of thousands may be separated by a space, a non-breaking space, a narrow one or
# a dot.
AMOUNT_RE = re.compile(
    r"""
    (?<![\d,.])
    (?P<number>
        \d{1,3}(?:[ .\u00a0\u202f]\d{3})+  # 270 000 / 15 921 772 / 1.200
      | \d+                          # 84340
    )
    (?:,(?P<decimals>\d{1,2}))?      # ,00
    (?!\d)
    \s?
    (?P<unit>
        [kK]\s?€ | M\s?€ | [kK]\s?euros? | M(?:illions?)?\s?(?:d')?\s?euros?
      | €(?:uros)? | (?i:euros?)\b | EUR\b
    )
    """,
    re.VERBOSE,
)

_SCALE = {"k": 1_000.0, "m": 1_000_000.0}


def parse_amount(text: str) -> float | None:
    """Parse one amount with its unit; None when `text` holds no amount."""
    m = AMOUNT_RE.search(text)
    return amount_from_match(m) if m else None


def amount_from_match(m: re.Match[str]) -> float:
    digits = re.sub(r"[ .\u00a0\u202f]", "", m.group("number"))
    value = float(digits)
    if m.group("decimals"):
        value += float("0." + m.group("decimals"))
    unit = m.group("unit").strip().lower()
    if unit[0] in _SCALE and not unit.startswith("eu"):
        value *= _SCALE[unit[0]]
    return round(value, 2)


def parse_plain_amount(text: str) -> float | None:
    """'270 000,00' (no unit, e.g. in a table cell) -> 270000.0."""
    m = re.fullmatch(r"\s*(\d{1,3}(?:[ .\u00a0\u202f]\d{3})+|\d+)(?:,(\d{1,2}))?\s*€?\s*", text)
    if not m:
        return None
    value = float(re.sub(r"[ .\u00a0\u202f]", "", m.group(1)))
    if m.group(2):
        value += float("0." + m.group(2))
    return round(value, 2)
