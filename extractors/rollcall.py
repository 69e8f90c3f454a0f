"""Roll-call tables: one row per member, with the member's presence, proxy holder and vote.

A table is found by its header line: cells whose wordings name column roles
(`lexicon/rollcall.toml: columns`), among them a name column and a presence, proxy or vote
column. Rows follow it, laid out as Markdown ("| BENALI | Jean-Pierre | X | | |"),
tab-separated, or aligned with spaces under the header (a PDF table's text); a table
flattened to one line is read token by token in the header's column order. Cell values are
read with `rollcall.toml: cells` ("X", "oui", "Présente", "Absente excusée", "Pour", "–").

>>> t = read_tables("NOM\\tPrénom\\tPrésent\\tPouvoir à\\nMARTIN\\tAnne\\toui\\t\\nROUX\\tLéa\\tnon\\tAnne MARTIN\\n")
>>> [(r.person.last_name, r.status, r.holder and r.holder.last_name) for r in t[0].rows]
[('MARTIN', 'present', None), ('ROUX', 'represented', 'MARTIN')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from extractors.common import folded
from extractors.lexicon import Lexicon
from extractors.people import CAPITAL, CIV, NAME_KINDS, SURNAME, person_of, split_names, tokens
from schemas.records import Person

STATUS_COLUMNS = ("present", "absent", "represented")


@dataclass
class Row:
    person: Person
    status: str  # "present", "absent", "represented", or "" when the row does not say
    holder: Person | None
    vote: str | None  # "for", "against", "abstention", "not_voting"
    start: int
    end: int


@dataclass
class Table:
    start: int
    end: int
    columns: list[str]
    rows: list[Row] = field(default_factory=list)


@cache
def _columns() -> Lexicon:
    return Lexicon.of("rollcall:columns")


@cache
def _flat_columns() -> Lexicon:
    """The column wordings of three letters or more: a flattened header is found by them
    ("NOM Prénom Présent ..."); a lone "P" or "A" is a column only in a laid-out header."""
    lex = _columns()
    return Lexicon(
        "rollcall:columns:flat", {r: [w for w in ws if len(w) >= 3] for r, ws in lex.roles.items()}
    )


@cache
def _cells() -> dict[str, list[str]]:
    import tomllib

    from extractors.lexicon import LEXICONS

    return tomllib.loads((LEXICONS / "rollcall.toml").read_text(encoding="utf-8"))["cells"]


def _role(cell: str, lex: Lexicon) -> str | None:
    cell = cell.strip(" :*_`")
    if not cell or len(cell) > 40:
        return None
    return lex.role_of(cell)


@dataclass(frozen=True)
class _Cell:
    text: str
    start: int  # offset in the document


_PIPE = re.compile(r"[^|]+|(?<=\|)(?=\|)")
_SPACED = re.compile(r"\S+(?: \S+)*")


def _split(text: str, a: int, b: int, how: str) -> list[_Cell]:
    line = text[a:b]
    if how == "pipe":
        inner = line.strip()
        off = a + line.index(inner) if inner else a
        inner = inner.strip("|")
        off += 1 if line.strip().startswith("|") else 0
        out, pos = [], 0
        for part in inner.split("|"):
            out.append(_Cell(part.strip(), off + pos + (len(part) - len(part.lstrip()))))
            pos += len(part) + 1
        return out
    if how == "tab":
        out, pos = [], 0
        for part in line.split("\t"):
            out.append(_Cell(part.strip(), a + pos + (len(part) - len(part.lstrip()))))
            pos += len(part) + 1
        return out
    return [_Cell(m.group(), a + m.start()) for m in _SPACED.finditer(line.replace("\t", "  "))]


def _how(line: str) -> str | None:
    if line.count("|") >= 2:
        return "pipe"
    if "\t" in line:
        return "tab"
    if re.search(r"\S {2,}\S", line):
        return "space"
    return None


def read_tables(text: str) -> list[Table]:
    """Every roll-call table of `text`, laid out or flattened."""
    low = folded(text)
    if not any(
        w in low for w in ("present", "pouvoir", "vote", "absent", "procuration", "presence")
    ):
        return []
    tables = _laid_out(text)
    if not tables:
        tables = _flattened(text, low)
    return tables


# --- laid-out tables ----------------------------------------------------------------------


def _lines(text: str) -> list[tuple[int, int]]:
    out, pos = [], 0
    for line in text.split("\n"):
        out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


def _header(cells: list[_Cell]) -> list[str | None] | None:
    lex = _columns()
    roles = [_role(c.text, lex) for c in cells]
    named = [r for r in roles if r]
    if len(named) < 2 or ("name" not in named and "first_name" not in named):
        return None
    if not any(r in (*STATUS_COLUMNS, "status", "holder", "vote") for r in named):
        return None
    if len(named) < 0.6 * len([c for c in cells if c.text]):
        return None
    return roles


def _laid_out(text: str) -> list[Table]:
    tables: list[Table] = []
    lines = _lines(text)
    i = 0
    while i < len(lines):
        a, b = lines[i]
        how = _how(text[a:b])
        roles = _header(_split(text, a, b, how)) if how else None
        if roles is None:
            i += 1
            continue
        header = _split(text, a, b, how)  # type: ignore[arg-type]
        table = Table(a, b, [r or "" for r in roles])
        j = i + 1
        while j < len(lines):
            la, lb = lines[j]
            line = text[la:lb]
            if not line.strip():
                if table.rows:
                    break
                j += 1
                continue
            if re.fullmatch(r"[\s|:\-+=]+", line):
                j += 1  # "|---|---|"
                continue
            if (how == "pipe" and line.count("|") < 2) or (how == "tab" and "\t" not in line):
                break
            cells = _assign(text, la, lb, how, header)  # type: ignore[arg-type]
            row = _row(cells, table.columns, text, la, lb)
            if row is None:
                if table.rows:
                    break
            else:
                table.rows.append(row)
                table.end = lb
            j += 1
        if len(table.rows) >= 2:
            tables.append(table)
        i = max(j, i + 1)
    return tables


def _assign(text: str, a: int, b: int, how: str, header: list[_Cell]) -> list[str]:
    """The row's cells under the header's columns: by index (pipes, tabs) or by position
    under the header's column starts (aligned with spaces)."""
    cells = _split(text, a, b, how)
    if how != "space":
        values = [c.text for c in cells] + [""] * len(header)
        return values[: len(header)]
    out = [""] * len(header)
    starts = [h.start - _line_start(text, h.start) for h in header]
    for c in cells:
        col = c.start - a
        k = max((n for n, s in enumerate(starts) if s <= col + 2), default=0)
        out[k] = (out[k] + " " + c.text).strip()
    return out


def _line_start(text: str, pos: int) -> int:
    return text.rfind("\n", 0, pos) + 1


def _person(words: str) -> Person | None:
    toks = [t for t in tokens(words) if t.kind in NAME_KINDS or t.kind == CIV]
    if not toks or not any(t.kind in (SURNAME, CAPITAL) for t in toks):
        return None
    names = split_names(toks, "last_first" if toks[0].kind == SURNAME else "first_last")
    return person_of(names[0], None, words) if names else None


def _holder(cell: str) -> Person | None:
    """The proxy holder in a cell ("Mohamed LEGRAND", "pouvoir à M. FABRE")."""
    toks = tokens(cell)
    k = len(toks)
    while k > 0 and toks[k - 1].kind == "sep":
        k -= 1
    j = k
    while j > 0 and (toks[j - 1].kind in NAME_KINDS or toks[j - 1].kind == CIV):
        j -= 1
    run = toks[j:k]
    if not run or not any(t.kind in (SURNAME, CAPITAL) for t in run):
        return None
    # the holder's name as the table prints the members': "DENIS Karim" or "Anne MARTIN"
    first = next((t for t in run if t.kind != CIV), run[0])
    order = "last_first" if first.kind == SURNAME else "first_last"
    return person_of(split_names(run, order)[-1], None, cell)


def _row(cells: list[str], columns: list[str], text: str, a: int, b: int) -> Row | None:
    name_parts = [
        c
        for c, r in zip(cells, columns, strict=False)
        if r in ("civility", "name", "first_name") and c
    ]
    if not name_parts:
        return None
    person = _person(" ".join(name_parts))
    if person is None:
        return None
    cells_lex = _cells()
    status, holder, vote = "", None, None
    for c, r in zip(cells, columns, strict=False):
        value = folded(c).strip(" .")
        if not value:
            continue
        if r in STATUS_COLUMNS and _is(value, "ticked"):
            status = status or r
        elif r in STATUS_COLUMNS or r == "status":
            # "Présente", "Absente excusée", "Représenté", "non" (in a "Présent" column)
            status = status or _status_of(value, cells_lex)
        elif r == "holder":
            holder = _holder(c)
            if holder is not None:
                status = "represented"
        elif r == "vote":
            vote = _vote_of(value, cells_lex)
    if holder is not None:
        status = "represented"
    return Row(person, status, holder, vote, a, b)


@cache
def _cell_rx(role: str) -> re.Pattern[str]:
    from extractors.lexicon import wording_pattern

    words = _cells().get(role, [])
    alts = [wording_pattern(w) if re.search(r"\w", w) else re.escape(w) for w in words]
    return re.compile("|".join(f"(?:{a})" for a in alts) or r"(?!x)x")


def _is(value: str, role: str) -> bool:
    return _cell_rx(role).fullmatch(value) is not None


def _status_of(value: str, lex: object = None) -> str:
    for role in ("represented", "absent", "present"):
        if _is(value, role):
            return role
    if value.startswith(("represent", "pouvoir", "procuration")):
        return "represented"
    if value.startswith(("absent", "excuse")):
        return "absent"
    if value.startswith("present"):
        return "present"
    return ""


def _vote_of(value: str, lex: object = None) -> str | None:
    for role in ("for", "against", "abstention", "not_voting"):
        if _is(value, role):
            return role
    return None


# --- flattened tables --------------------------------------------------------------------


def _flattened(text: str, low: str) -> list[Table]:
    """A table flattened to one line: the header's wordings one after the other, then rows
    read in the header's column order (name, status, holder when names come before a vote
    word, vote)."""
    lex = _flat_columns()
    found = lex.find(low)
    out: list[Table] = []
    i = 0
    while i < len(found):
        run = [found[i]]
        while i + len(run) < len(found) and re.fullmatch(
            r"[\s|:;]*", low[run[-1].end : found[i + len(run)].start]
        ):
            run.append(found[i + len(run)])
        roles = [m.role for m in run]
        if (
            len(run) >= 3
            and ("name" in roles or "first_name" in roles)
            and any(r in ("status", "present", "holder", "vote") for r in roles)
        ):
            table = _flat_rows(text, low, run[-1].end, roles)
            if len(table.rows) >= 2:
                table.start = run[0].start
                out.append(table)
        i += len(run)
    return out


def _flat_rows(text: str, low: str, start: int, roles: list[str]) -> Table:
    table = Table(start, start, roles)
    toks = tokens(text, start, min(len(text), start + 20000))
    cells_lex = _cells()
    has_vote = "vote" in roles
    status_col = next((r for r in roles if r in ("status", "present")), None)
    k = 0
    while k < len(toks):
        j = k
        while j < len(toks) and (toks[j].kind in NAME_KINDS or toks[j].kind == CIV):
            j += 1
        if j == k or j >= len(toks):
            break
        person = person_of(toks[k:j], None, text)
        if person is None:
            break
        status = ""
        if status_col is not None:
            status = _status_of(folded(toks[j].text).strip(" ."), cells_lex)
            if not status:
                break
            j += 1
        holder = None
        if "holder" in roles and j < len(toks):
            h = j
            while h < len(toks) and (toks[h].kind in NAME_KINDS or toks[h].kind == CIV):
                h += 1
            after_names = folded(toks[h].text).strip(" .") if h < len(toks) else ""
            if h > j and has_vote and _vote_of(after_names, cells_lex) is not None:
                holder = person_of(toks[j:h], None, text)
                j = h
        vote = None
        if has_vote and j < len(toks):
            vote = _vote_of(folded(toks[j].text).strip(" ."), cells_lex)
            if vote is not None:
                j += 1
        if holder is not None:
            status = "represented"
        table.rows.append(Row(person, status, holder, vote, toks[k].start, toks[j - 1].end))
        table.end = toks[j - 1].end
        k = j
    return table
