"""Beneficiaries: who receives an aid, of what kind, and how much when the text says.

Forms read (wordings in `lexicon/beneficiaries.toml`):

- requests: "Vu la demande de l'association X en date du ...", "X a fait une demande de
  subvention de 500 €" (the amount asked is not the amount granted: a grant wins);
- grants in prose: "d'attribuer une subvention de 450 € au Comité des fêtes", "Une
  subvention d'un montant de douze mille euros (12 000 €) est attribuée à X";
- lists after a grant: "- X : 1 500 €", "X .......... 600,00 €", "1. X – 800 euros",
  "- 500 € à l'Association X", "X (350 euros), Y (750 euros)";
- tables whose header names the columns (Bénéficiaire | Objet | Montant): Markdown,
  tab-separated, PDF rows, or aligned columns; a TOTAL row is no beneficiary.

>>> [(b.name, b.amount) for b in extract_beneficiaries("DÉCIDE d'attribuer : - Comité des fêtes : 1 500 €", Evidence())]
[('Comité des fêtes', 1500.0)]
"""

from __future__ import annotations

import re
from functools import cache

from extractors.amounts import AMOUNT_RE, amount_from_match, parse_amount, parse_plain_amount
from extractors.common import Evidence, folded, squash
from extractors.dates import words_to_int
from extractors.lexicon import Lexicon
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
        re.compile(
            r"^(?:l')?(?:association|comit[ée]|club|amicale|union\s+sportive|harmonie|soci[ée]t[ée]\s+de\s+chasse|"
            r"coop[ée]rative\s+scolaire|ADMR|judo|tennis|gymnastique|secours|restos|croix-rouge|biblioth[èe]que)\b",
            re.I,
        ),
    ),
    ("company", re.compile(r"^(?:la\s+)?(?:soci[ée]t[ée]|entreprise|SA|SAS|SARL|SEM|SPL)\b", re.I)),
    (
        "public_body",
        re.compile(
            r"^(?:le\s+|l')?(?:syndicat|[ée]tablissement\s+public|office|agence|centre\s+communal|CCAS|EPCC|GIP|universit[ée]|mission\s+locale)\b",
            re.I,
        ),
    ),
    # last: the names EPCIs give themselves ("Lannion-Trégor Communauté", "Rennes
    # Métropole", "Guingamp-Paimpol Agglomération", "Grand Paris Sud Agglo"), once no
    # other kind's word opens the name
    (
        "epci",
        re.compile(
            r"^[A-ZÀ-Ý][\w'’ -]*[\s-](?:Communaut[ée]|Agglom[ée]ration|Agglo|M[ée]tropole)$"
        ),
    ),
]

_LEADERS = r"(?:[ \t]*[.…_]{3,}[ \t]*|[ \t]*[:–—-][ \t]+|[ \t]*\t+[ \t]*|[ \t]*\|[ \t]*|[ \t]{2,})"
_BULLET = r"^[ \t]*(?:[-–•*+·]|\d{1,2}[.)/]|[a-z][.)])?[ \t]*"


@cache
def _lex() -> Lexicon:
    return Lexicon.of("beneficiaries")


@cache
def _not_names() -> frozenset[str]:
    return frozenset(folded(w) for w in _lex().words("not_beneficiary"))


def kind_of(name: str) -> str:
    for kind, rx in KINDS:
        if rx.search(name.strip()):
            return kind
    return "other"


_ARTICLE = re.compile(
    r"^(?:à\s+l'|à\s+la\s+|à\s+|au\s+|aux\s+|l'|la\s+|le\s+|de\s+l'|de\s+la\s+|du\s+|des\s+|de\s+)",
    re.I,
)


def clean_name(name: str) -> str:
    name = squash(name).strip(" :;,.-–—|•*\t")
    name = _ARTICLE.sub("", name).strip()
    name = re.sub(r"\s*[.…_]{3,}.*$", "", name)
    return name[:1].upper() + name[1:] if name else name


def _plausible(name: str) -> bool:
    if len(name) < 3 or len(name) > 160 or not re.search(r"[A-Za-zÀ-ÿ]{2}", name):
        return False
    if not name[:1].isupper() and not name[:1].isdigit():
        return False
    first = folded(name).split()[0].strip(":.,") if name.split() else ""
    if first in _not_names():
        return False
    return not re.fullmatch(r"[\d\s.,€%-]+", name)


class _Found:
    def __init__(self) -> None:
        self.items: list[Beneficiary] = []
        self.index: dict[str, int] = {}

    def add(
        self, ev: Evidence, name: str, amount: float | None, start: int, end: int, strong: bool
    ) -> None:
        """Add a beneficiary; a granted amount (strong) replaces a requested one."""
        clean = clean_name(name)
        if not _plausible(clean):
            return
        key = re.sub(r"[^a-z0-9]", "", folded(clean))
        if key in self.index:
            b = self.items[self.index[key]]
            if amount is not None and (b.amount is None or strong):
                b.amount = amount
            return
        for k, i in self.index.items():  # "ADMR de Thônes" granted, "l'ADMR de Thônes" asked
            if k.endswith(key) or key.endswith(k) or k.startswith(key) or key.startswith(k):
                b = self.items[i]
                if amount is not None and (b.amount is None or strong):
                    b.amount = amount
                return
        self.index[key] = len(self.items)
        self.items.append(Beneficiary(name=clean, kind=kind_of(clean), amount=amount))
        ev.add(f"beneficiaries[{len(self.items) - 1}]", start, end)


def extract_beneficiaries(text: str, ev: Evidence, low: str | None = None) -> list[Beneficiary]:
    low = folded(text) if low is None else low
    lex = _lex()
    if not re.search(
        r"subvention|aide|demande|attribu|accord|vers|particip|allou|fonds|montant", low
    ):
        return []
    found = _Found()
    cues = lex.find(low)
    for table in _tables(text, low):
        for name, amount, start, end in table:
            found.add(ev, name, amount, start, end, True)
    for m in cues:
        if m.role == "grant":
            _grant(text, low, m.end, found, ev)
    if any(m.role in ("list_intro", "grant") for m in cues):
        for name, amount, start, end in _list_rows(text, low, cues):
            found.add(ev, name, amount, start, end, True)
    elif "|" in text or "\t" in text:
        # table rows with no words announcing grants: kept when each names an organisation
        # ("| Commune de Lannion | 12 500 € |"), not a budget line ("Chapitre 65 | 300 €")
        rows = [r for r in _list_rows(text, low, cues) if r[1] is not None]
        if rows and all(kind_of(clean_name(r[0])) != "other" for r in rows):
            for name, amount, start, end in rows:
                found.add(ev, name, amount, start, end, True)
    for m in cues:
        if m.role == "request":
            _request(text, low, m.start, m.end, found, ev)
    return found.items


# --- prose -----------------------------------------------------------------------------

_TO = re.compile(
    r"\s*\)?\s*(?:\([^()]{0,40}\)\s*)?(?:est\s+|sont\s+)?(?:attribu[ée]e?s?|accord[ée]e?s?|vers[ée]e?s?|allou[ée]e?s?)?\s*"
    r"(?P<to>à\s+l'|à\s+la\s+|à\s+|au\s+|aux\s+|en\s+faveur\s+d[eu]s?\s+|en\s+faveur\s+de\s+l'|au\s+profit\s+d[eu]s?\s+|au\s+profit\s+de\s+l')"
)
_NAME_END = re.compile(
    r"\s*(?:[,;.](?:\s|$)|\s(?:et\s+une|et\s+d'|pour\s|afin\s|dans\s|en\s+vue|sur\s+le|au\s+titre|(?:DIT|DIT QUE|AUTORISE|PRÉCISE|PRECISE)\b)|\(objet|\n|$)"
)
_WORDS_AMOUNT = re.compile(
    r"(?P<words>[a-zéèêàâîôûç\- ]{3,60}?)\s+euros?\s*\((?P<fig>[^()]{2,30})\)", re.I
)


def _grant(text: str, low: str, pos: int, found: _Found, ev: Evidence) -> None:
    """ "une subvention de 450 € au Comité des fêtes", "... de douze mille euros (12 000 €)
    est attribuée à X"."""
    window = text[pos : pos + 260]
    m = AMOUNT_RE.match(window.lstrip()) or AMOUNT_RE.search(window[:60])
    amount = None
    after = pos
    if m:
        amount = amount_from_match(m)
        after = (
            pos
            + (len(window) - len(window.lstrip()) if AMOUNT_RE.match(window.lstrip()) else 0)
            + m.end()
        )
    else:
        w = _WORDS_AMOUNT.match(window.lstrip())
        if w:
            amount = parse_amount(w.group("fig"))
            after = pos + len(window) - len(window.lstrip()) + w.end()
    to = _TO.match(text, after, after + 80)
    if not to:
        return
    start = to.end()
    end_m = _NAME_END.search(text, start, start + 160)
    end = end_m.start() if end_m else min(len(text), start + 160)
    name = text[start:end]
    if to.group("to").lower().startswith("aux"):
        name = "Les " + name
    found.add(ev, name, amount, start, end, True)


def _request(text: str, low: str, start: int, end: int, found: _Found, ev: Evidence) -> None:
    """ "Vu la demande de l'association X en date du ...", "L'ASL a fait une demande de
    subvention de 500 €" (the name before the words)."""
    cue = low[start:end]
    if cue.startswith(("vu ", "consider", "demande de subvention en faveur")):
        m = _NAME_END.search(text, end, end + 160)
        stop = m.start() if m else min(len(text), end + 160)
        cut = re.search(
            r"\s(?:en\s+date|sollicitant|reçue?|du\s+\d|pour\s|afin|relative|concernant)",
            text[end:stop],
        )
        if cut:
            stop = end + cut.start()
        name = text[end:stop]
        amount = None
        ask = re.search(
            r"sollicitant\s+une\s+subvention\s+(?:de|d'un\s+montant\s+de)\s+", low[stop : stop + 80]
        )
        if ask:
            amount = parse_amount(text[stop + ask.end() : stop + ask.end() + 30])
        found.add(ev, name, amount, end, stop, False)
    else:
        # "X a fait une demande de subvention de 500 €": the name is the sentence's subject
        begin = max(text.rfind(". ", 0, start), text.rfind("\n", 0, start)) + 1
        name = text[begin:start]
        amount = parse_amount(text[end : end + 40])
        found.add(ev, name, amount, begin, start, False)


# --- lists and tables ------------------------------------------------------------------

# "- X : 1 500 €", "X .......... 600,00 €", "1. X – 800 euros", "X\t150 €", "| X | 300 € |"
ROW = re.compile(
    rf"(?m){_BULLET}\|?\s*(?P<name>[A-ZÉÈÀÂÎÔ«\"'][^\n|\t:€]{{2,140}}?){_LEADERS}(?:[^\n|\t€]{{0,60}}?{_LEADERS})?"
    r"(?P<amount>(?:(?:\d{1,3}(?:[ .\u00a0\u202f]\d{3})+|\d+)(?:,\d{1,2})?\s?(?:[kK]\s?€|€(?:uros)?|(?i:euros?)\b|EUR\b))"
    r"|(?i:à\s+déterminer|à\s+definir|néant|non\s+déterminé|pour\s+mémoire))\s*\|?\s*$"
)
# "- 500 € à l'Association X"
ROW_AMOUNT_FIRST = re.compile(
    rf"(?m){_BULLET}(?P<amount>(?:\d{{1,3}}(?:[ .\u00a0\u202f]\d{{3}})+|\d+)(?:,\d{{1,2}})?\s?(?:€|(?i:euros?)\b|EUR\b))\s+"
    r"(?P<to>à\s+l'|à\s+la\s+|à\s+|au\s+|aux\s+)(?P<name>[A-ZÉÈÀÂÎÔ][^\n;]{2,140}?)\s*[;.]?\s*$"
)
# "X (350 euros), Y (750 euros) et Z (150 euros)"
PAREN = re.compile(
    r"(?:^|[:,;]\s*|\bet\s+)(?P<name>[A-ZÉÈÀÂÎÔ][^():,;\n]{2,140}?)\s*\((?P<amount>\d{1,3}(?:[ .\u00a0\u202f]\d{3})*(?:,\d{1,2})?\s?(?:€|(?i:euros?)\b|EUR\b))\)"
)
# flattened "X : 400,00 euros Y : 1.500,00 euros": a name, a colon, an amount, again
FLAT = re.compile(
    r"(?P<name>[A-ZÉÈÀÂÎÔ][^:€\n]{2,120}?)\s*:\s*(?P<amount>\d{1,3}(?:[ .\u00a0\u202f]\d{3})*(?:,\d{1,2})?\s?(?:€|(?i:euros?)\b|EUR\b))"
)


def _list_rows(text: str, low: str, cues: list) -> list[tuple[str, float | None, int, int]]:
    """Rows of a list of grants (after a grant's words)."""
    first = min((m.start for m in cues if m.role in ("list_intro", "grant")), default=0)
    zone_start = max(0, first - 20)
    out: list[tuple[str, float | None, int, int]] = []
    for m in ROW.finditer(text, zone_start):
        out.append(
            (m.group("name"), parse_amount(m.group("amount")), m.start("name"), m.end("amount"))
        )
    for m in ROW_AMOUNT_FIRST.finditer(text, zone_start):
        name = m.group("name")
        if m.group("to").lower().startswith("aux"):
            name = "Les " + name
        out.append((name, parse_amount(m.group("amount")), m.start("name"), m.end("name")))
    for m in PAREN.finditer(text, zone_start):
        if re.search(r"(?i)subvention|montant|euros?\b|d'un\s", m.group("name")):
            continue  # "d'un montant de douze mille euros (12 000 €)": an amount twice
        out.append(
            (m.group("name"), parse_amount(m.group("amount")), m.start("name"), m.end("amount"))
        )
    if not out:
        # flattened to one line: "X : 400,00 euros Y : 1.500,00 euros"
        for m in FLAT.finditer(text, zone_start):
            name = re.split(r"\s(?:suivantes|ci-dessous|comme\s+suit)\s*:?\s*", m.group("name"))[-1]
            out.append(
                (name, parse_amount(m.group("amount")), m.end("name") - len(name), m.end("amount"))
            )
    return out


_HEADER_SPLIT = re.compile(r"\s*\|\s*|\t+|\s{2,}")


def _tables(text: str, low: str) -> list[list[tuple[str, float | None, int, int]]]:
    """Tables whose header row names the columns: the name and the amount of each row."""
    lex = _lex()
    out = []
    lines = list(re.finditer(r"[^\n]+", text))
    consumed = -1
    for i, line in enumerate(lines):
        if i <= consumed:
            continue
        cells = [c for c in _HEADER_SPLIT.split(line.group(0).strip().strip("|")) if c.strip()]
        if not 2 <= len(cells) <= 8:
            continue
        roles = [_column(lex, c) for c in cells]
        if "name" not in roles or "amount" not in roles:
            continue
        ni, ai = roles.index("name"), roles.index("amount")
        rows = []
        for k, row in enumerate(lines[i + 1 : i + 400], start=i + 1):
            raw = row.group(0)
            if re.fullmatch(r"[\s|:\-–—+=]*", raw):
                continue  # a Markdown rule row
            parts = [c for c in _HEADER_SPLIT.split(raw.strip().strip("|")) if c.strip()]
            if len(parts) < 2:
                break
            consumed = k
            if [_column(lex, c) for c in parts] == roles:
                continue  # the header printed again (the table goes on over a page)
            if len(parts) != len(cells):
                # an amount in the last cell, the name in the first: a row all the same
                if not AMOUNT_RE.search(parts[-1]):
                    break
                name_cell, amount_cell = parts[0], parts[-1]
            else:
                name_cell, amount_cell = parts[ni], parts[ai]
            amount = (
                parse_amount(amount_cell)
                if AMOUNT_RE.search(amount_cell)
                else parse_plain_amount(amount_cell)
            )
            start = row.start() + raw.find(name_cell)
            rows.append((name_cell, amount, start, start + len(name_cell)))
        if rows:
            out.append(rows)
    return out


def _column(lex: Lexicon, cell: str) -> str | None:
    low = folded(cell).strip(" :")
    if lex.role_of(low) == "column_name":
        return "name"
    if lex.role_of(low) == "column_amount":
        return "amount"
    return None


def words_amount(raw: str) -> float | None:
    """ "douze mille euros" -> 12000.0."""
    m = re.match(r"\s*(.+?)\s+euros?\b", raw, re.I)
    n = words_to_int(m.group(1)) if m else None
    return float(n) if n is not None else None


__all__ = ["AMOUNT_RE", "amount_from_match", "extract_beneficiaries", "kind_of"]
