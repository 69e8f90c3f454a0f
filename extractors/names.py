"""Person names as deliberations list them.

Styles met: "Monsieur Xavier BERTRAND", "M. Jean AUFRERE", "Mme GUIRAUD I.",
"POURCHEL I." under a "Mesdames" heading, "PILLET Gérard" (SURNAME first name),
"Frédéric CUILLERIER", "M. Troussel", surnames only ("MAROTTE").

>>> p = parse_person("Monsieur Xavier BERTRAND")
>>> (p.civility, p.first_name, p.last_name)
('M.', 'Xavier', 'BERTRAND')
>>> p = parse_person("POURCHEL I.", civility="Mme")
>>> (p.civility, p.last_name, p.initials)
('Mme', 'POURCHEL', 'I.')
>>> parse_person("LE FUR Michel").first_name
'Michel'
"""

from __future__ import annotations

import re
from functools import lru_cache

from extractors.common import fold, squash
from schemas.records import Person

CIVILITY_RE = re.compile(
    r"^(?P<civ>Monsieur|Madame|Mademoiselle|Mlle|Mme|MME|Mr|M\.|M(?=\s)|MM\.|Mmes)\s*",
)
_CIVILITY = {
    "monsieur": "M.",
    "m.": "M.",
    "m": "M.",
    "mr": "M.",
    "mm.": "M.",
    "madame": "Mme",
    "mme": "Mme",
    "mmes": "Mme",
    "mademoiselle": "Mme",
    "mlle": "Mme",
}
UP = "A-ZÀÂÄÇÉÈÊËÎÏÔÖÙÛÜŸÆŒ"
LOW = "a-zàâäçéèêëîïôöùûüÿæœß"
# "BERTRAND", "HANSEN-CATTA", "D'HALLUIN", "LE"
UPPER_TOKEN = re.compile(rf"^[{UP}](?:[{UP}'-]*[{UP}])?\.?$")
# "I.", "M.P.", "J.M.", "ML.", "P-Y", "S", "JF"
INITIALS_TOKEN = re.compile(rf"^[{UP}]{{1,2}}(?:[.-][{UP}]{{1,2}})*\.?$")
# "Xavier", "Jean-Pierre", "Marie-Christine", "Troussel", "d'Estaing"
CAP_TOKEN = re.compile(rf"^(?:[{LOW}]+')?[{UP}][{LOW}]+(?:[-'][{UP}]?[{LOW}]+)*\.?$")
PARTICLES = {"de", "du", "des", "d'", "van", "von", "le", "la", "di", "da"}


_FINAL_INITIAL = re.compile(r"\b[A-Z]{1,2}$")
_GLUED_UPPER_FIRST = re.compile(rf"([{UP}]{{2,}})(?=[{UP}][{LOW}]{{2,}})")
_GLUED_FIRST_UPPER = re.compile(rf"([{LOW}]{{2,}})(?=[{UP}]{{2,}})")
_SEPARATORS = re.compile(r"[\s'-]")
SURNAME_PARTICLES = {"DA", "DE", "DI", "DU", "LE", "LA", "EL"}


def _is_initials(tok: str, after_surname: bool, last: bool) -> bool:
    """'I.', 'M.P.', 'J.F', 'P-Y', 'S' always; 'ML' only as the last token after a SURNAME."""
    if not INITIALS_TOKEN.match(tok):
        return False
    letters = tok.replace(".", "").replace("-", "")
    if "." in tok or "-" in tok or len(letters) == 1:
        return after_surname or "-" in tok or "." in tok or last
    return after_surname and last and len(letters) == 2 and tok not in SURNAME_PARTICLES


def civility_of(word: str) -> str | None:
    return _CIVILITY.get(word.strip().lower())


def parse_person(raw: str, civility: str | None = None) -> Person:
    """Split a name as printed into civility, first name, SURNAME and initials."""
    text = squash(raw).strip(" ,;:.-–")
    if raw.strip().endswith(".") and _FINAL_INITIAL.search(text):
        text += "."  # keep the dot of a final initial ("POURCHEL I.")
    m = CIVILITY_RE.match(text)
    if m:
        civility = civility_of(m.group("civ")) or civility
        text = text[m.end() :]
    # "PARÉSylvain" (a lost space in the source): SURNAME glued to a first name
    text = _GLUED_UPPER_FIRST.sub(r"\1 ", text)
    # "RoberteHABERT", "Jean-ClaudeGAUTHIER": a first name glued to a SURNAME
    text = _GLUED_FIRST_UPPER.sub(r"\1 ", text)
    tokens = [t.rstrip(",;") for t in text.split()]
    upper: list[str] = []
    first: list[str] = []
    initials: list[str] = []
    for i, tok in enumerate(tokens):
        if _is_initials(tok, after_surname=bool(upper), last=i == len(tokens) - 1):
            initials.append(tok)
        elif UPPER_TOKEN.match(tok) and len(tok.rstrip(".")) > 1 and not initials:
            upper.append(tok.rstrip("."))
        else:
            first.append(tok)
    if upper:
        last = " ".join(upper)
        first_name = " ".join(first) or None
    elif len(first) >= 2 and not initials:
        last, first_name = first[-1], " ".join(first[:-1])
    else:
        last, first_name = (" ".join(first) if first else text), None
    return Person(
        raw=squash(raw).strip(" ,;:"),
        civility=civility,
        first_name=first_name,
        last_name=last.rstrip("."),
        initials=" ".join(initials) or None,
    )


def person_key(p: Person) -> str:
    """Identity key within a document: folded surname plus the first name (or initials) as
    written, so that "Marc SAUGET" and "Marielle SAUGET" stay two people."""
    given = p.first_name or p.initials or ""
    return f"{fold(p.last_name)}|{fold(given).replace('.', '').replace(' ', '')}"


@lru_cache(maxsize=65536)
def _surname_key(last_name: str) -> str:
    return _SEPARATORS.sub("", fold(last_name))


def _surname(p: Person) -> str:
    return _surname_key(p.last_name)


def _initial(p: Person) -> str:
    return fold(p.first_name or p.initials or "")[:1]


def same_person(a: Person, b: Person) -> bool:
    """Same surname (accents, case, hyphens folded) and compatible first name or initial."""
    if _surname(a) != _surname(b):
        return False
    fa, fb = _initial(a), _initial(b)
    return not fa or not fb or fa == fb


class PersonIndex:
    """Fast `same_person` membership over a list of persons."""

    def __init__(self, people: list[Person]) -> None:
        self._by_surname: dict[str, set[str]] = {}
        self._first_names: dict[str, int] = {}
        for p in people:
            self._by_surname.setdefault(_surname(p), set()).add(_initial(p))
            if p.first_name:
                key = fold(p.first_name)
                self._first_names[key] = self._first_names.get(key, 0) + 1

    def __contains__(self, p: Person) -> bool:
        return self.match(p) is not None

    def match(self, p: Person) -> str | None:
        """'exact' (same surname and initial), 'ambiguous' (a first name or initial is
        missing on one side, so the surname alone matches), or None."""
        initials = self._by_surname.get(_surname(p))
        if initials is None:
            # named by a first name only ("pouvoir donné à Nelly"), listed in full elsewhere
            if p.first_name is None and not p.last_name.isupper():
                n = self._first_names.get(fold(p.last_name), 0)
                return "exact" if n == 1 else "ambiguous" if n > 1 else None
            return None
        mine = _initial(p)
        if mine and mine in initials:
            return "exact"
        if not mine or "" in initials:
            return "ambiguous"
        return None


# A name inside running text, for splitting glued lists ("Jean Luc DUCERF Frédéric ROBIN").
_CIV = r"(?:Monsieur|Madame|Mademoiselle|Mme|Mlle|M\.|M(?=\s))"
_CAP = rf"(?:[{LOW}]+')?[{UP}][{LOW}]+(?:[-'][{UP}]?[{LOW}]+)*"
_UPW = rf"[{UP}](?:[{UP}'-]*[{UP}])"
_INI = rf"[{UP}]{{1,2}}\.(?:[-]?[{UP}]\.?)*|[{UP}](?:-[{UP}])?(?![{LOW}{UP}])"
FIRST_LAST_RE = re.compile(
    rf"(?:{_CIV}\s*)?(?:{_CAP}(?:[\s-]+|(?=[{UP}]{{2}}))){{0,3}}(?:(?:de|du|des|d'|van|le|la)\s+)?{_UPW}(?:[\s-]+{_UPW})*(?:\s+(?:{_INI}))?"
    rf"|{_CIV}\s*{_CAP}(?:-{_CAP})?(?:\s+(?:{_INI}))?"
)
LAST_FIRST_RE = re.compile(rf"(?:{_CIV}\s*)?{_UPW}(?:[\s-]+{_UPW})*(?:\s+{_CAP}(?:[\s-]{_CAP})?)?")


def guess_order(chunks: list[str]) -> str:
    """'last_first' when most listed names read SURNAME Prénom, else 'first_last'."""
    lf = fl = 0
    for c in chunks:
        toks = CIVILITY_RE.sub("", squash(c)).split()
        if len(toks) < 2:
            continue
        if UPPER_TOKEN.match(toks[0]) and CAP_TOKEN.match(toks[-1]):
            lf += 1
        elif CAP_TOKEN.match(toks[0]) and UPPER_TOKEN.match(toks[-1]):
            fl += 1
    return "last_first" if lf > fl else "first_last"


def split_glued(chunk: str, order: str = "first_last") -> list[tuple[int, int]]:
    """Spans of the names in a chunk with no separators between them."""
    rx = LAST_FIRST_RE if order == "last_first" else FIRST_LAST_RE
    return [(m.start(), m.end()) for m in rx.finditer(chunk)]
