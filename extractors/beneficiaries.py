"""Beneficiaries: who receives the aid, of what kind, and how much when the text says."""

from __future__ import annotations

import re

from extractors.amounts import AMOUNT_RE, amount_from_match
from extractors.common import Evidence, lower, squash
from schemas.records import Beneficiary

KINDS: list[tuple[str, re.Pattern[str]]] = [
    (
        "epci",
        re.compile(
            r"^(?:la\s+)?(?:Communaut[ée]\s+(?:de\s+communes|d'agglom[ée]ration|urbaine)|M[ée]tropole|[ÉE]tablissement\s+public\s+territorial|EPT|CC|CA)\b",
            re.I,
        ),
    ),
    ("commune", re.compile(r"^(?:la\s+)?(?:Commune|Ville|Mairie)\s+(?:de|d')", re.I)),
    (
        "departement",
        re.compile(r"^(?:le\s+)?(?:D[ée]partement|Conseil\s+d[ée]partemental)\b", re.I),
    ),
    ("region", re.compile(r"^(?:la\s+)?(?:R[ée]gion|Conseil\s+r[ée]gional)\b", re.I)),
    (
        "association",
        re.compile(r"^(?:l')?(?:association|comit[ée]|club|amicale|union\s+sportive)\b", re.I),
    ),
    ("company", re.compile(r"^(?:la\s+)?(?:soci[ée]t[ée]|entreprise|SA|SAS|SARL|SEM|SPL)\b", re.I)),
    (
        "public_body",
        re.compile(
            r"^(?:le\s+|l')?(?:syndicat|[ée]tablissement\s+public|office|agence|centre\s+communal|CCAS|EPCC|GIP|universit[ée])\b",
            re.I,
        ),
    ),
]
_NAME_END = r"(?=\s*(?:,|\.|;|\n|reçue?|en\s+date|pour\s|du\s+\d|d'un\s+montant|\(|$))"
DEMANDE_RE = re.compile(
    rf"Vu\s+la\s+demande\s+(?:de\s+|du\s+|d')(?P<name>(?:la\s+|le\s+|l')?[A-ZÉ][^,;\n]{{3,120}}?){_NAME_END}",
)
GRANT_RE = re.compile(
    rf"(?:subvention|aide|participation)[^.;\n]{{0,60}}?(?:de|d'un\s+montant\s+de)\s+(?P<amount>[\d  .]+(?:,\d{{1,2}})?\s*(?:k€|M€|€|euros?))"
    rf"\s+(?:à|au\s+profit\s+de|en\s+faveur\s+de)\s+(?P<name>(?:la\s+|le\s+|l')?[A-Za-zÉ'][^,;\n]{{3,120}}?){_NAME_END}",
    re.I,
)


_ORG = (
    r"(?:Communaut[ée]\s+(?:de\s+communes|d'agglom[ée]ration|urbaine)|M[ée]tropole|[ÉE]tablissement\s+public|EPT|"
    r"Commune|Ville|D[ée]partement|R[ée]gion|Association|Comit[ée]|Club|Amicale|Syndicat|Soci[ée]t[ée]|SARL|SAS|"
    r"Centre\s+communal|CCAS|Office|Agence)"
)
# one beneficiary per row of a decision list or table: "Commune de Lannion | 12 500 €",
# "Association X\t1 500,00 €", "- Comité des fêtes : 300 €"
ROW_RE = re.compile(
    rf"^[ \t|•*-]*(?P<name>(?:[Ll]a\s+|[Ll]e\s+|[Ll]')?{_ORG}\b[^\t|\n:€]{{2,120}}?)\s*(?:\t+|\|\s*|:\s*|\s{{2,}})"
    r"(?P<amount>\d{1,3}(?:[ .]\d{3})*(?:,\d{1,2})?\s*(?:k€|M€|€|euros?))\s*\|?\s*$",
    re.M | re.I,
)


def kind_of(name: str) -> str:
    for kind, rx in KINDS:
        if rx.search(name.strip()):
            return kind
    return "other"


def _clean(name: str) -> str:
    name = squash(name)
    name = re.sub(r"^(?:la|le|l')\s*(?=\w)", "", name, flags=re.I).strip()
    return name[0].upper() + name[1:] if name else name


def extract_beneficiaries(text: str, ev: Evidence) -> list[Beneficiary]:
    out: list[Beneficiary] = []
    seen: dict[str, int] = {}

    def add(name: str, amount: float | None, start: int, end: int) -> None:
        clean = _clean(name)
        key = clean.lower()
        if key in seen:
            b = out[seen[key]]
            if b.amount is None and amount is not None:
                b.amount = amount
            return
        seen[key] = len(out)
        out.append(Beneficiary(name=clean, kind=kind_of(clean), amount=amount))
        ev.add(f"beneficiaries[{len(out) - 1}]", start, end)

    low = lower(text)
    for m in DEMANDE_RE.finditer(text) if "vu la demande" in low else ():
        add(m.group("name"), None, m.start("name"), m.end("name"))
    for m in ROW_RE.finditer(text):
        a = AMOUNT_RE.search(m.group("amount"))
        add(m.group("name"), amount_from_match(a) if a else None, m.start("name"), m.end("amount"))
    has_grant = any(w in low for w in ("subvention", "aide", "participation"))
    for m in GRANT_RE.finditer(text) if has_grant else ():
        a = AMOUNT_RE.search(m.group("amount"))
        add(m.group("name"), amount_from_match(a) if a else None, m.start(), m.end())
    return out
