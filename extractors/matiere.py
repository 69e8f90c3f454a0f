"""The ACTES subject (matière) of a deliberation: printed, else inferred.

A code the document prints ("Nomenclature : 7.5", "Matière : 7.5 - Subventions", "Code
matière 5.3", or a code in brackets after the item's title, "(5.2)") wins, with
`source = printed`. Otherwise the code is inferred from the words of the item's subject,
then of its decision (`lexicon/matieres.toml`): the most specific wording found (the
longest) decides, with `source = inferred` and the words in `spans["matiere"]`; two codes
named as specifically, or none, give no code (null): a wrong code is worse than none.
Labels are the nomenclature's (`schemas/data/actes_matieres.csv`) in SCDL's form: level 1
and level 2 in lower case, no comma nor bracket, joined by a slash.

>>> infer("Attribution d'une subvention à l'association X", "").code
'7.5'
>>> infer("Décision modificative n°2 - budget assainissement", "").label
'finances locales/décisions budgétaires'
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

from extractors.common import folded
from extractors.lexicon import Lexicon
from schemas.records import Matiere

#: how much of the decision is read when the subject names no matter
DECISION_REACH = 600


@cache
def nomenclature() -> dict[str, tuple[str, str]]:
    """code -> (level 1, level 2) of the ACTES nomenclature."""
    text = files("schemas").joinpath("data/actes_matieres.csv").read_text(encoding="utf-8")
    return {r["code"]: (r["level1"], r["level2"]) for r in csv.DictReader(text.splitlines())}


def label_of(code: str) -> str:
    """SCDL's DELIB_MATIERE_NOM: "finances locales/subventions"."""
    l1, l2 = nomenclature()[code]
    return "/".join(re.sub(r"[,()]", "", x).strip().lower() for x in (l1, l2))


_PRINTED = re.compile(
    r"(?:nomenclature|mati[eè]re|code\s+mati[eè]re|classification(?:\s+actes)?)\s*(?:actes)?\s*:?\s*(?P<code>\d\.\d{1,2})(?!\d)",
    re.IGNORECASE,
)
_BRACKETED = re.compile(r"\((?P<code>\d\.\d{1,2})\)\s*$")


@dataclass(frozen=True)
class Found:
    code: str
    source: str  # "printed" or "inferred"
    start: int
    end: int


def printed(text: str, subject: str | None = None) -> Found | None:
    """A code printed on the document, when the nomenclature has it."""
    for m in _PRINTED.finditer(text):
        if m.group("code") in nomenclature():
            return Found(m.group("code"), "printed", m.start("code"), m.end("code"))
    if subject:
        b = _BRACKETED.search(subject.strip())
        if b and b.group("code") in nomenclature():
            return Found(b.group("code"), "printed", -1, -1)
    return None


def _best(low: str, start: int, end: int) -> tuple[str, int, int] | None:
    """The code of the longest wording in low[start:end]; None when two codes tie."""
    found = Lexicon.of("matieres:codes").find(low, start, end)
    acts = [m for m in found if m.role[0] in "1234567"]
    found = acts or found  # the act's nature before the domain it concerns
    if not found:
        return None
    longest = max(len(m.wording) for m in found)
    top = [m for m in found if len(m.wording) == longest]
    if len({m.role for m in top}) > 1:
        return None
    return top[0].role, top[0].start, top[0].end


def infer(subject: str | None, decision: str) -> Matiere | None:
    """The inferred code from a subject and a decision's text (no evidence spans)."""
    got = infer_where(subject or "", decision)
    if got is None:
        return None
    return Matiere(code=got[0], label=label_of(got[0]), source="inferred")


def infer_where(subject: str, decision: str) -> tuple[str, str, int, int] | None:
    """(code, where: "subject" or "decision", start, end)."""
    if subject:
        got = _best(folded(subject), 0, len(subject))
        if got is not None:
            return got[0], "subject", got[1], got[2]
    if decision:
        low = folded(decision[:DECISION_REACH])
        got = _best(low, 0, len(low))
        if got is not None:
            return got[0], "decision", got[1], got[2]
    return None


def decision_start(text: str, low: str | None = None) -> int | None:
    """Where an item's decision begins: its first "décide" (`decisions.toml: decides`,
    the wordings that begin with a "d"), else its first "approuve", "autorise"...; None
    when it states none."""
    low = folded(text) if low is None else low
    found = Lexicon.of("decisions").finditer("decides", low)
    # "DÉCIDE" first: "adopté" or "approuve" also occur in the reasons before it
    first = next((m for m in found if m.wording.startswith("d")), found[0] if found else None)
    return first.start if first else None


def decision_text(text: str, low: str | None = None) -> str:
    """What an item decides, from `decision_start` on; the whole item when it states no
    decision."""
    at = decision_start(text, low)
    return text[at:] if at is not None else text
