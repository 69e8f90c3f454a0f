"""How a grant is paid, as the deliberation states it (SCDL Subventions).

`payment_terms(text)` reads the item's text with `lexicon/payment.toml`: the payment in one
go or in instalments (`conditions`: "unique" / "échelonné"), the date or the year it is
paid in (`period`: "2024-04-15", or "2024-01-01/2024-12-31" for "versée en 2024"), and
whether it is a de minimis aid notified to the Commission (`minimis`: True / False). What
the text does not say stays None: nothing is inferred from the budget year or the kind of
beneficiary.

>>> payment_terms("La subvention sera versée en une seule fois en 2024.").conditions
'unique'
>>> payment_terms("La subvention sera versée en une seule fois en 2024.").period
'2024-01-01/2024-12-31'
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extractors.common import folded
from extractors.dates import find_dates
from extractors.lexicon import Lexicon


@dataclass(frozen=True)
class PaymentTerms:
    conditions: str | None = None
    period: str | None = None
    minimis: bool | None = None


_YEAR = re.compile(r"\s*(?:l'annee\s+)?((?:19|20)\d\d)\b")
#: after "versée en une seule fois": the year it is paid in, with its preposition
_THEN = re.compile(r"\s*,?\s*(?:en|courant|au cours de l'annee)\s+((?:19|20)\d\d)\b")


def payment_terms(text: str) -> PaymentTerms:
    low = folded(text)
    found = Lexicon.of("payment").find(low)
    roles = {m.role for m in found}
    conditions = None
    if ("unique" in roles) != ("staggered" in roles):  # both said: not for certain
        conditions = "unique" if "unique" in roles else "échelonné"
    minimis = None
    if ("minimis_yes" in roles) != ("minimis_no" in roles):
        minimis = "minimis_yes" in roles
    period = None
    for m in (m for m in found if m.role in ("paid_in", "unique", "staggered")):
        if m.role == "paid_in":
            dates = find_dates(text[m.end : m.end + 40])
            if dates and dates[0].start <= 2:
                period = dates[0].iso
                break
        year = (_YEAR if m.role == "paid_in" else _THEN).match(low, m.end)
        if year:
            period = f"{year.group(1)}-01-01/{year.group(1)}-12-31"
            break
    return PaymentTerms(conditions, period, minimis)
