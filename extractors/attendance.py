"""Attendance: present members, proxies, absents, not voting, secretary, chair, counts.

Reads the session's preamble (the text before the first decision of minutes, or a whole
single deliberation). Everything worded is data (`lexicon/attendance.toml`, `counts.toml`,
`proxies.toml`, `people.toml`); this module only arranges it:

1. headings of every role are found (`Lexicon.find`); a heading followed by a number is a
   count ("Présents : 27"), one followed by names opens a list, read by `people.read_list`
   up to the next heading or to where the names stop;
2. each entry is classified by its heading and by its own note: a proxy relation in the note
   ("(pouvoir à Y)", ", représentée par Y") makes it a proxy, a substitute ("représenté par
   sa suppléante") makes the substitute present, a status ("absente") decides a roll call;
3. proxy sentences anywhere in the zone ("X donne pouvoir à Y", "Y use du pouvoir de X");
4. roll calls "NOM : présent / absente, représentée par …";
5. the secretary (a heading or a sentence, never the staff "secrétaire auxiliaire") and the
   count boxes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extractors.common import Evidence, fold, folded
from extractors.lexicon import Lexicon, Match
from extractors.names import person_key
from extractors.people import (
    CIV,
    NAME_KINDS,
    OTHER,
    Entry,
    Token,
    person_of,
    read_list,
    split_names,
    tokens,
)
from extractors.rollcall import read_tables
from schemas.records import Attendance, Person, Proxy

ROLES = ("present", "proxies", "absent", "absent_only", "not_voting", "guests", "secretary")
COUNT_AFTER = re.compile(r"\s*(?:\(\s*)?[:;=]?\s*(\d{1,4})\b(?!\s*(?:[/.,]\d|h\b|heures?\b|%))")
COUNT_PAREN = re.compile(r"\s*\(\s*(\d{1,4})\s*\)")
LIST_START = re.compile(
    r"\s*(?:\(\s*\d{1,4}\s*\))?\s*"
    # "Étaient présents Mesdames et Messieurs les conseillers communautaires :"
    r"(?:(?:(?:mesdames|mmes)\s*(?:et|,)\s*(?:messieurs|mm)\.?\s*)?(?:les\s+)?"
    r"(?:conseill[\w-]*|membres|delegu[\w-]*|elu\w*|adjoint[\w-]*|vice[\s-]?president[\w-]*)"
    r"(?:\s+(?:municipaux|municipales|communautaires|departementaux|regionaux|titulaires|presents|suivants))*"
    r"[ \t]*(?=[:;\n]))?"
    r"\s*(?:[:;.\-–]+\s*)?"
)
SCOPED = re.compile(
    r"\b(?:a\s+compter|a\s+partir|jusqu|pour\s+la\s+derniere|pour\s+les?\s+points?|"
    r"en\s+debut\s+de\s+seance|pendant|des\s+le\s+point|apres\s+le\s+point|au\s+point|du\s+point)"
)


@dataclass
class _Section:
    role: str
    heading: Match
    start: int  # where its list begins
    end: int  # where the next heading begins


def _lex() -> tuple[Lexicon, Lexicon, Lexicon]:
    return Lexicon.of("attendance"), Lexicon.of("counts"), Lexicon.of("proxies")


def extract_attendance(text: str, ev: Evidence, low: str | None = None) -> Attendance:
    """Attendance stated in `text` (a session's preamble or a whole deliberation)."""
    low = folded(text) if low is None else low
    att = Attendance()
    lex, counts, proxies_lex = _lex()
    found = lex.find(low)
    relations = proxies_lex.find(low)
    _counts(text, low, counts, att, ev)
    listed: list[tuple[int, int]] = []  # spans already read as list entries
    for table in read_tables(text):
        # a roll-call table: one row per member, with presence, proxy holder and vote
        listed.append((table.start, table.end))
        for row in table.rows:
            if row.status == "present":
                _push(att.present, row.person, ev, "present", row.start, row.end)
            elif row.status == "absent":
                _push(att.absent, row.person, ev, "absent", row.start, row.end)
            elif row.status == "represented":
                _proxy(att, row.person, row.holder, ev, row.start, row.end)
    if listed:
        found = [m for m in found if not _within(m.start, listed)]
    roll = [r for r in _roll_call(text, low) if not _within(r[0].start, listed)]
    statuses = [(e.note_start, e.note_start + 14) for e, _, _ in roll]
    sections = _sections(text, low, [m for m in found if not _within(m.start, statuses)])
    for sec in sections:
        if sec.heading.n is not None and sec.role in ("present", "proxies", "absent"):
            _count_from_heading(sec, att, ev)
        if sec.role in ("secretary",):
            continue
        status_rows = _status_table(text, sec.start, sec.end) if sec.role == "present" else None
        if status_rows is not None:
            for person, status, a, b in status_rows:
                if status.startswith(("ABSENT", "EXCUS")):
                    _push(att.absent, person, ev, "absent", a, b)
                else:  # present, or present holding a proxy ("- PROCURATION")
                    _push(att.present, person, ev, "present", a, b)
            listed.append((sec.start, sec.end))
            continue
        # the heading's own words ("ABSENTS AYANT DONNÉ POUVOIR :") are no proxy sentence
        listed.append((sec.heading.start, sec.start))
        entries, stop = read_list(text, sec.start, sec.end)
        if not entries:
            continue
        listed.append((sec.start, stop))
        for e in entries:
            _classify(sec.role, e, att, ev, text, low)
    for e, status, holder in roll:
        _add_roll(e, status, holder, att, ev)
        listed.append((e.start, e.note_end or e.end))
    _proxy_sentences(text, low, relations, listed, att, ev)
    _marked_proxies(text, sections, att, ev)
    _secretary(text, low, found, att, ev)
    _tidy(att)
    return att


def _within(pos: int, spans: list[tuple[int, int]]) -> bool:
    return any(a <= pos < b for a, b in spans)


# --- headings and sections ---------------------------------------------------------------


def _sections(text: str, low: str, found: list[Match]) -> list[_Section]:
    """The list headings (those followed by a list, not by a number), each up to the next."""
    heads: list[tuple[Match, int]] = []
    for m in found:
        if m.role not in ROLES:
            continue
        after = LIST_START.match(low, m.end)
        start = after.end() if after else m.end
        rest = low[start : start + 3]
        if rest[:1].isdigit() and m.role != "secretary":
            continue  # "Présents : 27": a count, read by _counts
        if (
            _inside_sentence(low, m.start)
            or (m.role == "proxies" and _RELATION_AFTER.match(low, m.end))
            or (
                m.role in ("present", "proxies", "absent")
                and not _heading_like(text, low, m, start)
            )
        ):
            continue
        heads.append((m, start))
    out = []
    for i, (m, start) in enumerate(heads):
        nxt = heads[i + 1][0].start if i + 1 < len(heads) else len(text)
        out.append(_Section(m.role, m, start, max(start, nxt)))
    return out


#: words after which "pouvoir", "présents" or "absents" is part of a sentence, not a heading
_SENTENCE_WORDS = {
    "a", "donne", "donnee", "donner", "donnant", "ayant", "avait", "avaient", "ont", "de", "du",
    "le", "la", "les", "un", "une", "des", "son", "sa", "ses", "leur", "leurs", "avec", "sans",
    "par", "pour", "sont", "est", "etaient", "membres", "plus", "tous", "toutes", "deux",
    "dont", "et", "ou", "remis", "recu", "en", "au", "aux", "d",
    "que", "qui", "qu", "ce", "il", "elle", "ils", "elles", "on", "se", "ne", "y", "l",
}  # fmt: skip


#: a heading word followed by these is a relation ("procuration à", "pouvoir donné à")
_RELATION_AFTER = re.compile(r"\s*(?:a|par|de|du|au|aux|donnee?s?|remise?s?|ecrit)\b(?!\s*:)")


def _inside_sentence(low: str, start: int) -> bool:
    """Whether a heading word sits inside a sentence ("a donné pouvoir à", "les membres
    présents"): the word before it is a function word."""
    raw_before = low[max(0, start - 20) : start]
    if re.search(r"[a-z]\s?[-–]\s?$", raw_before):
        return True  # "CARRE-ABSENTE", "CHEUVREUX - PROCURATION": a status in a table
    before = raw_before.rstrip()
    if before.endswith("("):
        return True  # "(pouvoir donné à Y)": a note, not a heading
    if not before or before[-1] in ":;.,\n)-":
        return False
    word = re.split(r"[^a-z']+", before)[-1].split("'")[-1]
    return word in _SENTENCE_WORDS


def _heading_like(text: str, low: str, m: Match, start: int) -> bool:
    """A 'présents' in running text ("les membres présents et représentés") is no heading:
    a heading is followed by a colon, a count, a line break, or a name."""
    between = text[m.end : start]
    if ":" in between or "(" in between or "\n" in text[m.end : start + 1]:
        return True
    if m.n is not None:
        return True
    if re.match(r"[^.\n:()]{0,40}:", text[m.end : m.end + 42]):
        return True  # "absents-es et excusés-es :": a colon soon after
    nxt = text[start : start + 30]
    return bool(
        re.match(r"(?:M\.|Mme|Mmes|MM\.|Monsieur|Madame|Mesdames|Messieurs|[A-ZÉÈ][a-zé]*\b)", nxt)
    )


def _count_from_heading(sec: _Section, att: Attendance, ev: Evidence) -> None:
    field = {"present": "present_count", "proxies": "proxy_count", "absent": "absent_count"}[
        sec.role
    ]
    if getattr(att, field) is None:
        value = sec.heading.n
        if sec.heading.n2 is not None and sec.role in ("present", "proxies"):
            value = sec.heading.n  # "27 puis 28": the count at the start (movements do the rest)
        setattr(att, field, value)
        ev.add(f"attendance.{field}", sec.heading.start, sec.heading.end)


# --- entries -------------------------------------------------------------------------------


def _relation(note_low: str) -> tuple[str, int, int] | None:
    """('giver_first' | 'holder_first' | 'substitute' | 'none', start, end) of a proxy
    wording in an entry's note."""
    for m in Lexicon.of("proxies").find(note_low):
        if m.role in ("giver_first", "holder_first", "substituted_by", "substitute_for", "none"):
            return m.role, m.start, m.end
    return None


def _first_name_in(text: str, start: int, end: int) -> tuple[Person, int, int] | None:
    """The first person named in text[start:end]."""
    entries, _ = read_list(text, start, end)
    if entries:
        e = entries[0]
        return e.person, e.start, e.end
    return None


def _classify(role: str, e: Entry, att: Attendance, ev: Evidence, text: str, low: str) -> None:
    note_low = low[e.note_start : e.note_end] if e.note else ""
    rel = _relation(note_low) if note_low else None
    holder = None
    if rel and rel[0] in ("giver_first", "substituted_by", "substitute_for"):
        found = _first_name_in(text, e.note_start + rel[2], e.note_end + 1)
        holder = found[0] if found else None
    elif role == "proxies" and e.note:
        # "X à Y", "X par Y" under a proxies heading
        m = re.match(r"\s*[.…_\-]*\s*(?:a|par|->|=>|:)\s+", note_low)
        if m:
            found = _first_name_in(text, e.note_start + m.end(), e.note_end + 1)
            holder = found[0] if found else None
    if rel and rel[0] == "substituted_by":
        # the member's seat is filled by the substitute, who is the one present; listed
        # among the absents, the member is an absent
        if holder is not None:
            _push(att.present, holder, ev, "present", e.note_start, e.note_end)
        if role in ("absent", "absent_only"):
            _push(att.absent, e.person, ev, "absent", e.start, e.end)
        return
    if rel and rel[0] == "substitute_for":
        if role in ("present", "absent", "absent_only"):
            _push(att.present, e.person, ev, "present", e.start, e.end)
        return
    if rel and rel[0] == "none":
        _push(att.absent, e.person, ev, "absent", e.start, e.end)
        return
    scoped = bool(SCOPED.search(note_low))
    if role == "present":
        if rel and rel[0] == "giver_first" and holder is not None and not scoped:
            _proxy(att, e.person, holder, ev, e.start, e.note_end)
            return
        _push(att.present, e.person, ev, "present", e.start, e.end)
    elif role == "proxies":
        _proxy(att, e.person, holder, ev, e.start, e.note_end or e.end)
    elif role == "absent":
        if holder is not None or (rel and rel[0] == "giver_first"):
            _proxy(att, e.person, holder, ev, e.start, e.note_end or e.end)
        else:
            _push(att.absent, e.person, ev, "absent", e.start, e.end)
    elif role == "absent_only":
        _push(att.absent, e.person, ev, "absent", e.start, e.end)
    elif role == "not_voting":
        _push(att.not_voting, e.person, ev, "not_voting", e.start, e.end)


def _push(target: list[Person], p: Person, ev: Evidence, role: str, start: int, end: int) -> None:
    """Add a person to a list, once ("DROZDZ" and "Madame Catherine DROZDZ" are one)."""
    if any(_same_named(q, p) for q in target):
        return
    target.append(p)
    ev.add(f"attendance.{role}[{len(target) - 1}]", start, end)


#: the holder of a proxy whose holder the document does not name
UNNAMED = "(non désigné)"
_NOBODY = Person(raw="", last_name=UNNAMED)


def _same_named(a: Person, b: Person) -> bool:
    """The same surname, and the same first name (or initials) or one of them unnamed;
    "DELATTRE J." and "DELATTRE G." are two people."""
    if fold(a.last_name) != fold(b.last_name):
        return False
    fa, fb = _given(a), _given(b)
    if not fa or not fb:
        return True
    return fa == fb or fa.startswith(fb) or fb.startswith(fa)


def _given(p: Person) -> str:
    """The first name or initials, folded to letters ("Jean-Marie", "J.M." -> "JM")."""
    if p.first_name:
        parts = re.split(r"[\s\-]+", fold(p.first_name))
        if p.initials is None and len(parts) > 1 and all(len(x) <= 2 for x in parts):
            return "".join(x[0] for x in parts)
        return re.sub(r"[^A-Z]", "", fold(p.first_name))
    return re.sub(r"[^A-Z]", "", fold(p.initials or ""))


def _proxy(
    att: Attendance, giver: Person, holder: Person | None, ev: Evidence, start: int, end: int
) -> None:
    key = person_key(giver)
    for p in att.proxies:
        if person_key(p.giver) == key:
            return
    if holder is None:
        # a giver whose holder is not named: listed as absent with proxy
        att.proxies.append(Proxy(giver=giver, holder=_NOBODY.model_copy()))
    else:
        att.proxies.append(Proxy(giver=giver, holder=holder))
    ev.add(f"attendance.proxies[{len(att.proxies) - 1}]", start, end)


# --- flattened status tables ---------------------------------------------------------

# An attendance table flattened to text: "Ambillou Bruno CHEUVREUX - PROCURATION Couesmes
# Ambillou Lucette CARRE-ABSENTE CourcellesdeTouraine Philippe ADET ...": a commune, the
# first name, the SURNAME and a status glued together (the commune has no capitals word).
_STATUS_WORDS = r"ABSENTE?S?|PROCURATION|POUVOIR|EXCUS[ÉE]E?S?|PR[ÉE]SENTE?S?"
_STATUS = re.compile(rf"[-–]\s*(?:{_STATUS_WORDS})\b")
STATUS_ROW = re.compile(
    r"(?P<first>[A-ZÉÈ][a-zàâçéèêëîïôöùûü]+(?:-[A-ZÉÈ][a-zàâçéèêëîïôöùûü]+)?)\s?"
    rf"(?P<last>[A-ZÉÈÇ]{{2,}}(?:[-'](?!(?:{_STATUS_WORDS})\b)[A-ZÉÈÇ]{{2,}})*"
    rf"(?:\s(?!(?:{_STATUS_WORDS})\b)[A-ZÉÈÇ]{{2,}}(?![a-z]))*)"
    rf"(?:\s*[-–]\s*(?P<status>{_STATUS_WORDS})\b)?"
)


def _status_table(text: str, start: int, end: int) -> list[tuple[Person, str, int, int]] | None:
    """The rows of a flattened status table, or None when the section is not one."""
    if len(_STATUS.findall(text, start, end)) < 3:
        return None
    rows = []
    for m in STATUS_ROW.finditer(text, start, end):
        person = Person(
            raw=f"{m.group('first')} {m.group('last')}",
            first_name=m.group("first"),
            last_name=m.group("last"),
        )
        rows.append((person, (m.group("status") or "").upper(), m.start(), m.end()))
    return rows


# --- roll calls ------------------------------------------------------------------------

ROLL = re.compile(
    r"\s*[:\-–]\s*(?P<status>presente?s?|absente?s?|excusee?s?|procuration|pouvoir)\b"
    r"(?P<rest>[^:]{0,80}?)(?=\s+(?:m\.|mme\b|monsieur\b|madame\b)?\s*[a-z][\w'-]*\s+[a-z][\w'-]*\s*[:\-–]\s*(?:present|absent|excuse)|[.;]|$)"
)


def _roll_call(text: str, low: str) -> list[tuple[Entry, str, Person | None]]:
    """ "Robert AIGOIN : présent Françoise AMARGER : présente Patricia BREMOND : absente,
    représentée par Gilbert FONTUGNE": names followed by their status, three or more."""
    found = []
    for m in re.finditer(r"\s*:\s*(presente?s?|absente?s?|excusee?s?)\b", low):
        found.append(m)
    if len(found) < 3:
        # a single "Maryline : absente non excusée" on its own line counts too
        found = [m for m in found if _line_start_before(text, m.start())]
        if not found:
            return []
    out: list[tuple[Entry, str, Person | None]] = []
    prev_end = 0
    for i, m in enumerate(found):
        # the name: the name tokens right before the colon
        lo = max(prev_end, m.start() - 60)
        toks = [t for t in tokens(text, lo, m.start()) if t.kind != "sep"]
        j = len(toks)
        while j > 0 and (toks[j - 1].kind in NAME_KINDS or toks[j - 1].kind == CIV):
            j -= 1
        run = toks[j:]
        if not run:
            continue
        names = split_names(run, "first_last")
        person = person_of(names[-1], None, text)
        if person is None:
            continue
        status = m.group(1)
        nxt = found[i + 1].start() if i + 1 < len(found) else min(len(low), m.end() + 120)
        rest_end = nxt
        if i + 1 < len(found):
            # the next name belongs to the next status
            toks2 = [t for t in tokens(text, m.end(), nxt) if t.kind != "sep"]
            k = len(toks2)
            while k > 0 and (toks2[k - 1].kind in NAME_KINDS or toks2[k - 1].kind == CIV):
                k -= 1
            run2 = toks2[k:]
            # "représentée par Gilbert FONTUGNE Ève BRÉZET : présente": the holder, then
            # the next member of the roll call
            last = split_names(run2, "first_last")[-1] if run2 else []
            rest_end = last[0].start if last else nxt
        rest_low = low[m.end() : rest_end]
        holder = None
        rel = _relation(rest_low)
        if rel and rel[0] == "giver_first":
            got = _first_name_in(text, m.end() + rel[2], rest_end + 1)
            holder = got[0] if got else None
        entry = Entry(
            person,
            names[-1][0].start,
            names[-1][-1].end,
            text[m.start() : rest_end],
            m.start(),
            rest_end,
        )
        out.append((entry, status, holder))
        prev_end = rest_end
    return out


def _line_start_before(text: str, pos: int) -> bool:
    """Whether only a name (a few words) stands between the line start and `pos`."""
    line = text[max(0, text.rfind("\n", 0, pos) + 1) : pos].strip()
    return 0 < len(line.split()) <= 4 and line[:1].isupper()


def _add_roll(e: Entry, status: str, holder: Person | None, att: Attendance, ev: Evidence) -> None:
    if status.startswith("present"):
        _push(att.present, e.person, ev, "present", e.start, e.end)
    elif holder is not None:
        _proxy(att, e.person, holder, ev, e.start, e.note_end)
    else:
        _push(att.absent, e.person, ev, "absent", e.start, e.end)


# --- proxies shown by matching marks ---------------------------------------------------

# "Présents : Agnès (Pr**), ...  Absents excusés : Marielle (Pr**)": matching marks pair the
# absent member who gave a proxy with the present member who holds it.
MARK_RE = re.compile(
    # (the extractors see masked text, where each star is a space: the mark is their number)
    r"(?P<name>[A-ZÉÈ][\w'-]*(?:\s+[A-ZÉÈ][\w'-]*){0,2})\s*\((?:Pr|P|pouvoir)(?P<mark>[ *]+|\s?\d{1,2})\)"
)


def _marked_proxies(text: str, sections: list[_Section], att: Attendance, ev: Evidence) -> None:
    if "(P" not in text:
        return
    holders: dict[str, tuple[Person, int, int]] = {}
    givers: list[tuple[str, Person, int, int]] = []
    for sec in sections:
        if sec.role not in ("present", "absent"):
            continue
        for m in MARK_RE.finditer(text, sec.start, sec.end):
            got = _first_name_in(text, m.start("name"), m.end("name") + 1)
            if got is None:
                continue
            mark = m.group("mark").strip() or str(len(m.group("mark")))
            if sec.role == "present":
                holders[mark] = (got[0], m.start(), m.end())
            else:
                givers.append((mark, got[0], m.start(), m.end()))
    for mark, giver, g_start, g_end in givers:
        if mark in holders:
            holder, h_start, _ = holders[mark]
            before = len(att.proxies)
            _proxy(att, giver, holder, ev, min(h_start, g_start), max(g_end, h_start))
            if len(att.proxies) == before:  # known already, with an unnamed holder: name it
                for i, pr in enumerate(att.proxies):
                    if person_key(pr.giver) == person_key(giver) and pr.holder.last_name == UNNAMED:
                        att.proxies[i] = Proxy(giver=giver, holder=holder)


# --- proxy sentences -------------------------------------------------------------------


def _name_before(text: str, pos: int, floor: int) -> tuple[Person, int, int] | None:
    """The person named right before `pos` (a status word or a comma may stand between)."""
    toks = [t for t in tokens(text, max(floor, pos - 120), pos)]
    j = len(toks)
    # skip what stands between the name and the verb: ", absente," ", excusée", ":"
    while j > 0 and (
        toks[j - 1].kind == "sep"
        or (toks[j - 1].kind == OTHER and folded(toks[j - 1].text) in _BETWEEN)
    ):
        j -= 1
    k = j
    while k > 0 and (toks[k - 1].kind in NAME_KINDS or toks[k - 1].kind == CIV):
        k -= 1
    run = toks[k:j]
    if not run:
        return None
    names = split_names(run, _order(run))
    person = person_of(names[-1], None, text)
    if person is None:
        return None
    return person, names[-1][0].start, names[-1][-1].end


def _name_after(text: str, pos: int, ceiling: int) -> tuple[Person, int, int] | None:
    toks = [t for t in tokens(text, pos, min(ceiling, pos + 120))]
    i = 0
    while i < len(toks) and toks[i].kind == OTHER and folded(toks[i].text) in _BETWEEN:
        i += 1
    k = i
    while k < len(toks) and (toks[k].kind in NAME_KINDS or (toks[k].kind == CIV and k == i)):
        k += 1
    run = toks[i:k]
    if not run:
        return None
    names = split_names(run, _order(run))
    person = person_of(names[0], None, text)
    if person is None:
        return None
    return person, names[0][0].start, names[0][-1].end


_BETWEEN = {
    "absent",
    "absente",
    "absents",
    "excuse",
    "excusee",
    "excuses",
    ":",
    "-",
    "a",
    "sa",
    "son",
}


def _order(run: list[Token]) -> str:
    kinds = [t.kind for t in run if t.kind != CIV]
    if kinds and kinds[0] == "up" and "cap" in kinds:
        return "last_first"
    return "first_last"


def _proxy_sentences(
    text: str,
    low: str,
    relations: list[Match],
    listed: list[tuple[int, int]],
    att: Attendance,
    ev: Evidence,
) -> None:
    for m in relations:
        if m.role not in ("giver_first", "holder_first", "giver_between"):
            continue
        if any(a <= m.start < b for a, b in listed):
            continue
        if m.role == "giver_between":
            # "pouvoir de Mme CHEVALIER à M. DURAND"
            giver_at = _name_after(text, m.end, m.end + 80)
            if giver_at is None:
                continue
            to = re.match(
                r"\s*(?:à|a|au profit de|en faveur de)\s",
                text[giver_at[2] : giver_at[2] + 20],
                re.I,
            )
            holder_at = (
                _name_after(text, giver_at[2] + to.end(), giver_at[2] + to.end() + 80)
                if to
                else None
            )
            if holder_at is None:
                continue
            _proxy(att, giver_at[0], holder_at[0], ev, m.start, holder_at[2])
            continue
        left = _name_before(text, m.start, 0)
        right = _name_after(text, m.end, len(text))
        if left is None or right is None:
            continue
        giver, holder = (left, right) if m.role == "giver_first" else (right, left)
        if SCOPED.search(low[m.end : m.end + 80]):
            continue  # a proxy from a later item on: movements handle it
        _proxy(att, giver[0], holder[0], ev, left[1], right[2])


# --- secretary -------------------------------------------------------------------------


def extract_secretary(text: str, ev: Evidence, low: str | None = None) -> Person | None:
    """The session's secretary, stated as a heading or in a sentence anywhere in `text`."""
    low = folded(text) if low is None else low
    att = Attendance()
    _secretary(text, low, Lexicon.of("attendance").find(low), att, ev)
    return att.secretary


def _secretary(text: str, low: str, found: list[Match], att: Attendance, ev: Evidence) -> None:
    for m in found:
        if m.role == "secretary":
            after = LIST_START.match(low, m.end)
            start = after.end() if after else m.end
            got = _name_after(text, start, start + 80)
            if got:
                att.secretary = got[0]
                ev.add("attendance.secretary", got[1], got[2])
                return
        elif m.role == "secretary_after_name":
            got = _name_before(text, m.start, 0)
            if got:
                att.secretary = got[0]
                ev.add("attendance.secretary", got[1], got[2])
                return
        elif m.role == "secretary_before_name":
            got = _name_after(text, m.end, m.end + 80)
            if got:
                att.secretary = got[0]
                ev.add("attendance.secretary", got[1], got[2])
                return


# --- counts ------------------------------------------------------------------------------

COUNT_FIELDS = ("members_in_office", "present_count", "voters_count", "proxy_count", "absent_count")


def _counts(text: str, low: str, counts: Lexicon, att: Attendance, ev: Evidence) -> None:
    """Count boxes: a label followed by its number ("Présents : 27", "présents ; 27")."""
    for m in counts.find(low):
        if m.role not in COUNT_FIELDS or getattr(att, m.role) is not None:
            continue
        num = COUNT_AFTER.match(low, m.end)
        if not num:
            continue
        setattr(att, m.role, int(num.group(1)))
        ev.add(f"attendance.{m.role}", m.start, num.end())


# --- final tidying -----------------------------------------------------------------------


def _tidy(att: Attendance) -> None:
    """A proxy giver is not absent-without-proxy (when the names match exactly); one also
    listed as present stays there, for the audit to see (`proxy_giver_absent`); a holder named by a first name only ("pouvoir donné à Nelly") is the present
    member of that first name, when there is exactly one."""
    givers = {person_key(p.giver) for p in att.proxies}
    att.absent = [p for p in att.absent if person_key(p) not in givers]
    by_first: dict[str, list[Person]] = {}
    for p in att.present:
        if p.first_name:
            by_first.setdefault(folded(p.first_name), []).append(p)
    for i, pr in enumerate(att.proxies):
        h = pr.holder
        if h.first_name is None and not h.last_name.isupper() and h.last_name != UNNAMED:
            same = by_first.get(folded(h.last_name), [])
            if len(same) == 1:
                att.proxies[i] = Proxy(giver=pr.giver, holder=same[0])


# "M. Jean DUPONT ne prend pas part au vote", "Mme X, intéressée, ne participe pas au vote"
NOT_VOTING_WORDS = re.compile(
    r"(?:ne\s+(?:prend|prennent)\s+pas\s+part|ne\s+participe(?:nt)?\s+pas|n'a\s+pas\s+pris\s+part"
    r"|n'ont\s+pas\s+pris\s+part|s'abstien(?:t|nent)\s+de\s+participer|ne\s+votent?\s+pas)"
    r"\s+(?:au\s+vote|a\s+la\s+deliberation|au\s+debat|aux\s+debats|a\s+ce\s+vote)"
)


def extract_not_voting(text: str, ev: Evidence, low: str | None = None) -> list[Person]:
    """Members named as not taking part in this deliberation's vote."""
    low = folded(text) if low is None else low
    out: list[Person] = []
    if "part" not in low and "particip" not in low and "votent pas" not in low:
        return out
    for m in NOT_VOTING_WORDS.finditer(low):
        got = _name_before(text, m.start(), max(0, m.start() - 120))
        pos = m.start()
        for _ in range(2):  # a note between commas: "Mme X, intéressée à l'affaire, ne ..."
            if got is not None:
                break
            pos = text.rfind(",", max(0, pos - 80), pos - 1)
            if pos < 0:
                break
            got = _name_before(text, pos, max(0, pos - 120))
        if got is None:
            continue
        person, a, b = got
        if all(person_key(person) != person_key(p) for p in out):
            out.append(person)
            ev.add(f"attendance.not_voting[{len(out) - 1}]", a, b)
    return out


def extract_rapporteur(text: str, ev: Evidence, low: str | None = None) -> Person | None:
    """An item's rapporteur, named after `attendance.toml: rapporteur_before_name` in its
    first 1500 characters."""
    low = folded(text[:1500]) if low is None else low[:1500]
    if "rappor" not in low and "present" not in low and "expose" not in low:
        return None
    for m in Lexicon.of("attendance").finditer("rapporteur_before_name", low):
        after = LIST_START.match(low, m.end)
        start = after.end() if after else m.end
        got = _name_after(text, start, start + 80)
        if got:
            ev.add("attendance.rapporteur", got[1], got[2])
            return got[0]
    return None


def extract_chair(text: str, ev: Evidence, low: str | None = None) -> Person | None:
    """The chair: "sous la présidence de M. X", "présidé par Mme Y"."""
    low = folded(text) if low is None else low
    for m in Lexicon.of("attendance").finditer("chair_before_name", low):
        got = _name_after(text, m.end, m.end + 80)
        if got:
            ev.add("session.chair", got[1], got[2])
            return got[0]
    return None
