"""The budget block: year, function, imputations with AE/AP and payment phasing,
programme codes cited in the text, and the totals stated in the decision.

An imputation code reads chapter/function/nature/programme: `935/56/65734/56000010`.
Where the table's header says which column is which ("Autorisation d'engagement",
"Autorisation de programme") the column decides AE or AP; otherwise the chapter does
(93x operating section -> AE, 90x investment section -> AP), as in the M71 nomenclature.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extractors.amounts import AMOUNT_RE, amount_from_match, parse_plain_amount
from extractors.common import Evidence, find_near, lower
from schemas.records import Budget, Imputation, Phasing

YEAR_RE = re.compile(r"Exercice\s+budg[ée]taire\s*:?\s*(?P<y>(?:19|20)\d\d)", re.I)
# the label may continue on the next line (in capitals, as the function labels are printed)
FUNCTION_RE = re.compile(
    r"(?i:Fonction)\s*:\s*(?P<code>\d{1,3})\s+(?P<label>[^\n]+(?:\n[ \t]*[A-ZÉÈÀÂÎÔÛÇ' -]{3,}[ \t]*(?=\n|$))*)",
)
IMPUTATION_RE = re.compile(r"(?<![\d/])(?P<code>\d{3}/\d{2,3}/\d{3,7}/\d{5,9})(?![\d/])")
PHASE_RE = re.compile(
    r"(?<![\d,])(?P<year>20\d\d)\s+(?P<amount>\d{1,3}(?:[ \u00a0\u202f]\d{3})*(?:,\d{1,2})?)\s*€"
)
PROGRAM_RE = re.compile(
    r"code\s+programme(?:\s+budg[ée]taire)?\s*:?\s*(?:[A-Z]{2,4}\s*)?(?P<code>\d[\d ]{3,12}\d)"
    r"|programme\s+[A-Z]{2}\s+\d{3}-\d{3}\s*\((?P<code2>\d{4,9})\)",
    re.I,
)
IMPUTATION_KEY = re.compile(r"/\d{2,3}/\d{3,7}/")
TOTAL_RE = re.compile(
    r"(?:montant\s+(?:global|total)|affecter\s+un\s+montant|somme)[^.\n]{0,160}", re.I
)


@dataclass(frozen=True)
class StatedTotal:
    """A total stated in the decision text, with the section it refers to when said."""

    amount: float
    section: str | None  # "AE" (fonctionnement), "AP" (investissement) or None
    start: int
    end: int


def extract_budget(text: str, ev: Evidence) -> Budget:
    budget = Budget()
    low = lower(text)
    m = YEAR_RE.search(text) if "exercice" in low else None
    if m:
        budget.year = int(m.group("y"))
        ev.add_match("budget.year", m, "y")
    f = FUNCTION_RE.search(text) if "fonction" in low else None
    if f:
        budget.function_code = f.group("code")
        budget.function_label = re.sub(r"\s+", " ", f.group("label")).strip()
        ev.add_match("budget.function_code", f, "code")
        ev.add_match("budget.function_label", f, "label")
    codes: list[str] = []
    for p in PROGRAM_RE.finditer(text) if "programme" in low else ():
        code = re.sub(r"\D", "", p.group("code") or p.group("code2"))
        if code not in codes:
            codes.append(code)
            ev.add_match(f"budget.program_codes[{len(codes) - 1}]", p)
    budget.program_codes = codes
    return budget


def _columns(text: str) -> dict[str, int]:
    """Column order of the imputation table header, when there is one."""
    head = re.search(r"Imputation[^\n]*Autorisation[^\n]*", text)
    if not head:
        return {}
    cols = [c.strip().lower() for c in head.group(0).split("\t")]
    order: dict[str, int] = {}
    for i, c in enumerate(cols):
        if "engagement" in c:
            order["AE"] = i
        elif "programme" in c:
            order["AP"] = i
    return order


def extract_imputations(text: str, ev: Evidence) -> list[Imputation]:
    out: list[Imputation] = []
    order = _columns(text)
    matches = find_near(IMPUTATION_RE, text, IMPUTATION_KEY, reach=12)
    for i, m in enumerate(matches):
        code = m.group("code")
        chapter, function, nature, program = code.split("/")
        line_end = text.find("\n", m.end())
        line_end = len(text) if line_end < 0 else line_end
        cells = text[m.start() : line_end].split("\t")
        kind, amount = None, None
        for k, idx in order.items():
            if idx < len(cells):
                val = parse_plain_amount(cells[idx]) if cells[idx].strip() else None
                if val is not None:
                    kind, amount = k, val
        block_end = matches[i + 1].start() if i + 1 < len(matches) else len(text)
        blank = re.search(r"\n\s*\n", text[m.end() : block_end])
        if blank:
            block_end = m.end() + blank.start()
        block = text[m.end() : block_end]
        phasing_from = 0
        if amount is None:
            first = AMOUNT_RE.search(block)
            if first and not re.match(
                r"20\d\d\s", block[max(0, first.start() - 5) : first.start()]
            ):
                amount = amount_from_match(first)
                phasing_from = first.end()
        elif order:
            # skip the AE/AP cell itself
            cell = cells[order[kind]] if kind else ""
            phasing_from = block.find(cell.strip()) + len(cell.strip()) if cell.strip() else 0
        if kind is None:
            kind = (
                "AE" if chapter.startswith("93") else "AP" if chapter.startswith("90") else "other"
            )
        phasing = [
            Phasing(year=int(p.group("year")), amount=parse_plain_amount(p.group("amount")) or 0.0)
            for p in PHASE_RE.finditer(block, phasing_from)
        ]
        idx = len(out)
        out.append(
            Imputation(
                code=code,
                chapter=chapter,
                function=function,
                nature=nature,
                program=program,
                kind=kind,
                amount=amount,
                phasing=phasing,
            )
        )
        ev.add(f"imputations[{idx}]", m.start(), block_end)
    if out and not order:
        _regroup_phasing(text, matches, out)
    return out


_PHASING_ONLY_LINE = re.compile(
    r"^[ \t]*(?:(?:19|20)\d\d\s+\d{1,3}(?:[ \u00a0\u202f]\d{3})*(?:,\d{1,2})?\s*€[ \t]*)+$"
)


def _regroup_phasing(text: str, matches: list[re.Match[str]], out: list[Imputation]) -> None:
    """Payment phasing of a budget table read without its columns (an unruled table in a
    PDF): a cell of several lines interleaves with the rows around it, so the years of one
    imputation may stand before its code. Each imputation's years ascend: the runs of
    ascending years, in order, are the imputations' phasings, when there is one run per code."""
    lines_before = text[: matches[0].start()].split("\n")
    start = matches[0].start() - len(lines_before[-1])
    for line in reversed(lines_before[:-1]):
        if not _PHASING_ONLY_LINE.match(line):
            break
        start -= len(line) + 1
    end = text.find("\n", matches[-1].end())
    end = len(text) if end < 0 else end
    while end < len(text):
        nxt = text.find("\n", end + 1)
        nxt = len(text) if nxt < 0 else nxt
        if not _PHASING_ONLY_LINE.match(text[end + 1 : nxt]):
            break
        end = nxt
    runs: list[list[Phasing]] = []
    for p in PHASE_RE.finditer(text, start, end):
        entry = Phasing(
            year=int(p.group("year")), amount=parse_plain_amount(p.group("amount")) or 0.0
        )
        if not runs or entry.year <= runs[-1][-1].year:
            runs.append([entry])
        else:
            runs[-1].append(entry)
    if len(runs) == len(out):
        for imp, run in zip(out, runs, strict=True):
            imp.phasing = run


def stated_totals(text: str) -> list[StatedTotal]:
    """Totals stated in the decision: 'Le montant global est de 270 000 € en fonctionnement'."""
    found: list[StatedTotal] = []
    low = lower(text)
    if "montant" not in low and "somme" not in low:
        return found
    for sentence in TOTAL_RE.finditer(text):
        s = sentence.group(0)
        for a in AMOUNT_RE.finditer(s):
            after = s[a.end() : a.end() + 40].lower()
            section = (
                "AE" if "fonctionnement" in after else "AP" if "investissement" in after else None
            )
            found.append(
                StatedTotal(
                    amount_from_match(a),
                    section,
                    sentence.start() + a.start(),
                    sentence.start() + a.end(),
                )
            )
    return found
