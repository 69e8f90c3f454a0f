"""Attendance: present members, proxies, absents, not voting, secretary, rapporteur, counts.

Works on the session header (the text before the first deliberation of a file, or the
whole text of a single deliberation). Sections are found by their headings; a section
runs to the next heading. Proxies are found by their verbs anywhere in the zone
("donne pouvoir à", "a donné procuration à", "représentée par", dotted leaders...).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extractors.common import Evidence, find_near, fold, key_spans, lower, lower_rx, squash
from extractors.names import (
    CIVILITY_RE,
    PersonIndex,
    guess_order,
    parse_person,
    person_key,
    split_glued,
)
from schemas.records import Attendance, Person, Proxy

_N = r"(?:\s*\(\s*(?P<count>\d+)\s*\))?"
# Section headings, each with its role. Order matters only for overlapping matches.
HEADINGS: list[tuple[str, re.Pattern[str]]] = [
    (
        "proxies",
        re.compile(
            r"(?<![\w])(?:Absents?\s+(?:excus[ée]s?\s+)?(?:ayant|avant|avec)\s+donn[ée]\s+(?:pouvoirs?|procurations?)"
            r"|ABSENTS?\s+AYANT\s+DONNE\s+PROCURATION"
            r"|(?P<pre>\d+)\s+(?:puis\s+\d+\s+)?(?:conseillers|d[ée]l[ée]gu[ée]s|membres|[ée]lus)(?:\s+\w+)?\s+avaient\s+donn[ée]\s+pouvoir"
            r"|(?P<pre2>\d+)\s+POUVOIRS?"
            r"|Pouvoirs?\s+donn[ée]s|Pouvoirs?|Procurations?)" + _N + r"\s*:+",
            re.IGNORECASE,
        ),
    ),
    (
        "not_voting",
        re.compile(r"N'ont\s+pas\s+(?:particip[ée]|pris\s+part)\s+au\s+vote" + _N + r"\s*:", re.I),
    ),
    (
        "absent",
        re.compile(
            r"(?<![\w])(?:(?P<pre>\d+)\s+(?:conseillers|d[ée]l[ée]gu[ée]s|membres|[ée]lus)(?:\s+\w+)?\s+[ée]taient\s+absents(?:/excus[ée]s)?"
            r"|[ÉE]TAIENT\s+(?:ABSENTS|EXCUS[ÉE]S)(?:\s+(?:ET\s+)?EXCUS[ÉE]S)?"
            r"|Absente?s?(?:\s+(?:non\s+)?excus[ée]e?s?)?(?:\s+sans\s+pouvoirs?)?"
            r"|Excus[ée]e?s?)" + _N + r"\s*:",
            re.I,
        ),
    ),
    (
        "present",
        re.compile(
            r"(?<![\w])(?:(?:(?P<pre>\d+)\s+(?:puis\s+\d+\s+)?(?:[ée]lus|conseillers|d[ée]l[ée]gu[ée]s|membres)(?:\s+\w+)?\s+(?:[ée]taient\s+)?pr[ée]sents"
            r"|[ÉE]taient\s+pr[ée]sents(?:\s+Mesdames\s+et\s+Messieurs[^:]{0,60})?"
            r"|Pr[ée]sents?(?:\s+titulaires)?"
            r"|Mesdames\s+et\s+Messieurs\s+les\s+Conseillers(?:\s+Municipaux|\s+communautaires)?)"
            + _N
            + r"\s*:(?![\s:;]*\d)"
            r"|[ÉE]taient\s+pr[ée]sents\b(?![\s:;]*\d))",
            re.I,
        ),
    ),
]
# Where a section stops even without another heading (flattened texts).
STOP_RE = re.compile(
    r"Secr[ée]taire|Le\s+quorum|Lesquels|Les\s+membres\s+pr[ée]sents|Conform[ée]ment|\bN°|\bOBJET\b|\bObjet\s*:"
    r"|Date\s+de\s+(?:la\s+)?convocation|M\.\s+le\s+Maire|Madame\s+le\s+Maire|Monsieur\s+le\s+Maire|Le\s+Conseil"
    r"|D[ée]but\s+de\s+s[ée]ance|Participai(?:t|ent)|RAPPEL|Envoy[ée]\s+en\s+pr[ée]fecture|D[ée]lib[ée]ration\s+n"
    r"|Rapporteur|#|Ordre\s+du\s+jour|Pr[ée]ambule|D[ée]part\s+d|Arriv[ée]e\s+d|\n\s*\d{1,2}\s*[./)]\s|\bVu\b|En\s+exercice|Nombre\s+de|Approbation|\bLa\s+s[ée]ance|\bDECIDE\b|\*\*\s*\n"
    r"|(?:Monsieur|Madame|M\.|Mme)\s+[A-ZÉ][\w'-]+(?:\s+[A-Z][\w'.-]*){0,2}\s+(?:a\s+été|est)\s+(?:d[ée]sign|[ée]lue?|nomm)"
    r"|\n\s*\n(?!\s*(?:Mesdames|Messieurs|MM\.)\s+[A-Z])|(?<=[a-zéèêàçë]{2})\.\s+(?=[A-ZÉ])(?!Mesdames|Messieurs|MM\.)|(?<=[A-Z]{2})\.\s+(?=[A-ZÉ])(?!Mesdames|Messieurs|MM\.)",
    re.IGNORECASE,
)
SEPARATORS = re.compile(
    r"\s*(?:[,;]|\s[-–—]\s|\s[-–—](?=\s*[A-Z])|\.\s+(?=(?:M\.|Mme|Monsieur|Madame)\s)|\n)\s*"
)
GROUP_CIV = re.compile(
    r"^(Mesdames|Messieurs|Madame|Monsieur|MM\.|Mmes)\s*:?\s*$|^(Mesdames|Messieurs|MM\.|Mmes)\s+(?=\S)"
)

PROXY_VERB = re.compile(
    r"\b(?:(?:donne|a\s+donn[ée]|avait\s+donn[ée]|donnant|ayant\s+donn[ée])\s+(?:pouvoir|procuration|d[ée]l[ée]gation)\s+(?:de\s+vote\s+)?[àa]\b"
    r"|pouvoir\s+donn[ée](?:\s+[àa])?\b|procuration\s+[àa]\b|pouvoir\s+[àa]\b"
    r"|repr[ée]sent[ée]e?\s+par\b)|\.{3,}\s*[àa]\b",
    re.IGNORECASE,
)
USES_PROXY = re.compile(r"\buse\s+du\s+pouvoir\s+de\b", re.I)
SUBSTITUTE = re.compile(r"suppl[ée]ante?", re.I)

COUNT_BOX: list[tuple[str, re.Pattern[str]]] = [
    ("members_in_office", re.compile(r"(?:conseillers\s+)?en\s+exercice\s*[:;]?\s*(\d+)\b", re.I)),
    ("present_count", re.compile(r"(?:conseillers\s+)?Pr[ée]sents\s*[:;]\s*(\d+)\b", re.I)),
    (
        "voters_count",
        re.compile(
            r"(?:Votants|Total\s+des\s+votes|pr[ée]sents\s+et\s+repr[ée]sent[ée]s)\s*[:;]\s*(\d+)\b",
            re.I,
        ),
    ),
    (
        "proxy_count",
        re.compile(r"(?:Pouvoirs|(?<!et\s)Repr[ée]sent[ée]s|pouvoir\(s\))\s*[:;]\s*(\d+)\b", re.I),
    ),
    ("absent_count", re.compile(r"Absents(?:\s+excus[ée]s)?\s*[:;]\s*(\d+)\b", re.I)),
]
HEADINGS_LOW = [(role, lower_rx(rx)) for role, rx in HEADINGS]
COUNT_BOX_LOW = [(role, lower_rx(rx)) for role, rx in COUNT_BOX]
PROXY_VERB_LOW = lower_rx(PROXY_VERB)
# every heading has one of these words, followed by its colon (or is "étaient présents")
HEADING_KEY = re.compile(
    r"(?:pr[ée]sent|pouvoir|procuration|absent|excus|particip|pris\s+part|conseillers\s+(?:municipaux|communautaires))(?=[^:\n]{0,80}[:;])"
    r"|[ée]taient\s+pr[ée]sents"
)
COUNT_KEY = re.compile(r"exercice|pr[ée]sents|votants|total\s+des|pouvoir|repr[ée]sent|absents")
PROXY_KEY = re.compile(r"donn|procuration|pouvoir|repr[ée]sent|\.\.\.")
SECRETARY_RES = [
    re.compile(
        r"Secr[ée]taire(?:\s+auxiliaire)?(?:\s+de\s+s[ée]ance)?\s*:\s*(?P<name>[^\n,;]{3,60}?)(?=\s*(?:[,;\n]|Participai|Date|N°|Approbation|Objet|$)|\s{2})",
        re.I,
    ),
    re.compile(
        r"(?P<name>(?:Monsieur|Madame|M\.|Mme)\s+[^\n,;]{2,50}?)\s+(?:a\s+été|est)\s+(?:d[ée]sign[ée]e?|[ée]lue?|nomm[ée]e?)\s+(?:comme\s+)?secr[ée]taire",
        re.I,
    ),
    re.compile(
        r"propose\s+comme\s+secr[ée]taire\s+de\s+s[ée]ance\s+(?P<name>(?:Monsieur|Madame|M\.|Mme)\s+[^\n,;:]{2,50}?)\s*[:,;\n]",
        re.I,
    ),
]
RAPPORTEUR_RES = [
    re.compile(r"Rapporteur(?:e)?\s*:\s*(?P<name>[^\n,;]{3,60}?)(?=\s*[\n,;]|\s{2}|$)", re.I),
    re.compile(
        r"(?:La|Le)\s+rapporteure?\s+est\s+(?P<name>(?:Monsieur|Madame|M\.|Mme)\s+[A-ZÉ][\w-]+)",
        re.I,
    ),
]
CHAIR_RE = re.compile(
    r"(?:sous\s+la\s+pr[ée]sidence\s+de|Sous\s+la\s+pr[ée]sidence\s+de)\s+(?P<name>(?:(?:Monsieur|Madame|M\.|Mme)\s+)?[^,\n;]{3,50}?)"
    r"(?=\s*,|\s+(?:Pr[ée]sident|Maire|la\s+Commission|le\s+Conseil|dans|s'est)|\s*\n|\.)",
    re.I,
)


@dataclass
class _Section:
    role: str
    count: int | None
    start: int  # content start
    end: int
    heading_start: int


def _sections(text: str) -> list[_Section]:
    found: list[tuple[int, int, str, int | None]] = []
    low = lower(text)
    keys = key_spans(HEADING_KEY, low)
    for role, rx in HEADINGS_LOW:
        for m in find_near(rx, low, keys):
            gd = m.groupdict()
            raw = gd.get("count") or gd.get("pre") or gd.get("pre2")
            found.append((m.start(), m.end(), role, int(raw) if raw else None))
    found.sort(key=lambda h: (h[0], h[0] - h[1]))
    hits: list[tuple[int, int, str, int | None]] = []
    for h in found:
        if not hits or h[0] >= hits[-1][1]:
            hits.append(h)
    sections: list[_Section] = []
    for i, (hs, he, role, count) in enumerate(hits):
        nxt = hits[i + 1][0] if i + 1 < len(hits) else len(text)
        content = he + len(text[he:nxt]) - len(text[he:nxt].lstrip())
        stop = STOP_RE.search(text, content, nxt)
        end = stop.start() if stop and stop.start() > content else nxt
        end = min(end, he + 4000)
        sections.append(_Section(role, count, he, end, hs))
    return sections


_NOT_NAME_WORD = re.compile(
    r"\s(?:(?!(?:de|du|des|d'|la|le|van|von|dit|da|di|et)\b)[a-zàâçéèêëîïôöùûü][\w'-]*)(?:\s|$)|\s*\("
)


# capitalised words that end a name in flattened text ("Mme Youssouf Adopté à ...")
_STOP_TOKEN = re.compile(
    r"\s(?:Adopt[ée]e?s?|Approuv[ée]e?s?|Vote|Pour|Contre|Abstentions?|Date|Le|La|Les|Après|Vu|Considérant|D[ée]lib[ée]ration|D[ée]cide|Secr[ée]taire|Absente?s?|Excus[ée]e?s?)\b"
)


_TRAILING_MARKS = re.compile(r"\s[-–.+•]+\s*$")
_FINAL_INITIAL_DOT = re.compile(r"(?:^|[\s.-])[A-Z]{1,2}\.$")
_PIECES = re.compile(r"[^,;\n]+")
_DASHES = re.compile(r"\s[-–—]\s|\s[-–—](?=\s*[A-Z])|\s\.\s")
_TWO_LETTERS = re.compile(r"[A-Za-zÀ-ÿ]{2}")


def _clean_name(s: str) -> str:
    """Trim a listed name: surrounding punctuation, a trailing clause ("a été élue ...")."""
    s = s.lstrip(" .") if s.lstrip().startswith(". ") else s
    stop = _STOP_TOKEN.search(s)
    if stop and stop.start() > 0:
        s = s[: stop.start()]
    s = s.strip(" :-–.+•") if _TRAILING_MARKS.search(s) else s.strip(" :-–+•")
    m = _NOT_NAME_WORD.search(s)
    if m and m.start() > 0:
        s = s[: m.start()]
    s = s.rstrip(" ,;:-–")
    if s.endswith(".") and not _FINAL_INITIAL_DOT.search(s):
        s = s[:-1]
    return s.strip()


NOT_NAMES = {
    "PROCURATION",
    "ABSENT",
    "ABSENTE",
    "ABSENTS",
    "EXCUSE",
    "EXCUSEE",
    "POUVOIR",
    "PRESENT",
    "PRESENTE",
    "OBJET",
    "NEANT",
}


def _valid(p: Person) -> bool:

    return (
        bool(p.last_name)
        and p.last_name[0].isupper()
        and len(p.last_name) <= 40
        and fold(p.last_name).strip(" -") not in NOT_NAMES
    )


def _one_name(seg: str) -> bool:
    """A segment starting with one civility and holding no other one is one name."""
    civs = re.findall(r"(?:^|\s)(?:Monsieur|Madame|Mademoiselle|Mme|M\.|M)(?=\s)", seg)
    return len(civs) == 1 and bool(CIVILITY_RE.match(seg.strip()))


_STATUS_ONLY = re.compile(r"^\s*(?:absente?s?|excus[ée]e?s?|emp[êe]ch[ée]e?s?)\s*$", re.I)
_SUBSTITUTE_BY = re.compile(r"^.*?\srepr[ée]sent[ée]e?\s+par\s+", re.I)


# An attendance table flattened to text (realdoc 14): "Ambillou Bruno CHEUVREUX - PROCURATION
# Couesmes Ambillou Lucette CARRE-ABSENTE CourcellesdeTouraine Philippe ADET ...": commune,
# first name, SURNAME and a status glued together. A first name directly precedes the SURNAME
# (sometimes without a space); the status, when there is one, follows it.
STATUS_TABLE_REACH = 4000
_STATUS = re.compile(r"-\s*(?:ABSENTE?|PROCURATION)\b")
STATUS_ROW = re.compile(
    r"(?P<first>[A-ZÉÈ][a-zàâçéèêëîïôöùûü]+(?:-[A-ZÉÈ][a-zàâçéèêëîïôöùûü]+)?)\s?"
    r"(?P<last>[A-ZÉÈÇ]{2,}(?:[-'](?!ABSENT|PROCURATION)[A-ZÉÈÇ]{2,})*(?:\s(?!ABSENT|PROCURATION)[A-ZÉÈÇ]{2,}(?![a-z]))*)"
    r"(?:\s*-\s*(?P<status>ABSENTE?|PROCURATION)\b)?"
)
_TABLE_END = re.compile(r"Lesquels|Absents?\s+excus|Le\s+quorum|Secr[ée]taire", re.I)


def _status_table(text: str, start: int, end: int) -> list[tuple[Person, str, int, int]] | None:
    """The rows of a flattened attendance table, or None when the section is not one."""
    stop = _TABLE_END.search(text, start, end)
    end = stop.start() if stop else min(end, len(text))
    if len(_STATUS.findall(text, start, end)) < 3:
        return None
    rows = []
    for m in STATUS_ROW.finditer(text, start, end):
        raw = f"{m.group('first')} {m.group('last')}"
        rows.append((parse_person(raw), m.group("status") or "", m.start(), m.end()))
    return rows


_SOFT_NEWLINE = re.compile(
    r"(?<![\n,;.])\n(?![\n]|\s*[+•*-]|\s*(?:Mesdames|Messieurs|MM\.|Mmes|Madame|Monsieur)\b)"
)


def _dedupe(sections: list[_Section], text: str) -> list[_Section]:
    """Drop a section repeated word for word (a page header printed again on each page)."""
    seen: set[tuple[str, str]] = set()
    out = []
    for s in sections:
        key = (s.role, squash(text[s.start : s.end])[:300])
        if key in seen and len(key[1]) > 40:
            continue
        seen.add(key)
        out.append(s)
    return out


_HEADING_ANY = re.compile(
    "|".join(f"(?:{rx.pattern})" for _, rx in HEADINGS)
    .replace("(?P<count>", "(?:")
    .replace("(?P<pre>", "(?:")
    .replace("(?P<pre2>", "(?:"),
    re.I,
)


def _names_in(text: str, start: int, end: int, order: str) -> list[tuple[Person, int, int]]:
    """Split a section's content into persons, with their offsets."""
    out: list[tuple[Person, int, int]] = []
    group_civ: str | None = None
    # a single line break inside a list is a wrap (PDF text), not a separator
    body = _SOFT_NEWLINE.sub(" ", text[start:end])
    for piece_m in _PIECES.finditer(body):
        piece = piece_m.group(0)
        p_start = start + piece_m.start()
        for sub in _DASHES.split(piece):
            if not sub.strip():
                continue
            s_off = p_start + piece.find(sub)
            rep = _SUBSTITUTE_BY.search(sub)
            if rep:  # "M. X représenté par Mme Y" in a list of present members: Y sits for X
                s_off += rep.end()
                sub = sub[rep.end() :]
            sub_clean = _clean_name(sub)
            gm = GROUP_CIV.match(sub_clean)
            if gm:  # "Mesdames POURCHEL I. ; ..." gives the civility of the names that follow
                word = (gm.group(1) or gm.group(2)).lower()
                group_civ = "Mme" if word.startswith(("mesd", "mad", "mmes")) else "M."
                sub_clean = sub_clean[gm.end() :].strip()
                if not sub_clean:
                    continue
            if not _TWO_LETTERS.search(sub_clean) or "?" in sub_clean or sub_clean.startswith("("):
                continue
            spans = split_glued(sub_clean, order)
            if (len(spans) > 1 and not CIVILITY_RE.match(sub_clean)) or (
                len(spans) > 1
                and len(re.findall(r"\b(?:M\.|Mme|Monsieur|Madame)\s", sub_clean)) > 1
            ):
                for a, b in spans:
                    out.append(
                        (parse_person(sub_clean[a:b], civility=group_civ), s_off + a, s_off + b)
                    )
            else:
                raw = sub_clean
                if len(raw) > 80:
                    continue
                out.append((parse_person(raw, civility=group_civ), s_off, s_off + len(sub)))
    return [o for o in out if _valid(o[0])]


def _left_name(text: str, end: int, order: str, floor: int) -> tuple[Person, int, int] | None:
    while end > 0 and text[end - 1] in " ,(\n\t":
        end -= 1
    lo = max(floor, end - 90)
    ctx = text[lo:end]
    cut = max(ctx.rfind(c) for c in ",;:\n()/•")
    ctx_start = lo + cut + 1 if cut >= 0 else lo
    # "Mme Sophie PANTEL : absente, représentée par ...": step back over a status word
    while cut >= 0 and _STATUS_ONLY.match(text[ctx_start:end]):
        end = lo + cut
        ctx = text[lo:end]
        cut = max(ctx.rfind(c) for c in ",;:\n()/•")
        ctx_start = lo + cut + 1 if cut >= 0 else lo
    seg = text[ctx_start:end]
    civ = list(re.finditer(r"(?:^|\s)(?:Monsieur|Madame|Mademoiselle|Mme|M\.)(?=\s)", seg))
    if civ and _one_name(seg[civ[-1].start() :]):
        a0 = civ[-1].start()
        name = _clean_name(seg[a0:].strip())
        return parse_person(name), ctx_start + a0, end
    spans = split_glued(seg, order)
    if not spans:
        seg2 = seg.strip()
        if not seg2:
            return None
        return parse_person(seg2), end - len(seg2), end
    a, b = spans[-1]
    return parse_person(seg[a:b]), ctx_start + a, ctx_start + b


def _right_name(text: str, start: int, order: str) -> tuple[Person, int, int] | None:
    while start < len(text) and text[start] in " \t\n":  # "pouvoir donné à\nAgnes Michelot"
        start += 1
    ctx = _SOFT_NEWLINE.sub(" ", text[start : start + 90])  # "à Monsieur Xavier\nBERTRAND."
    hd = _HEADING_ANY.search(ctx)
    if hd and hd.start() > 3:
        ctx = ctx[: hd.start()]
    m = re.search(
        r"[,;\n()]|\s[-–—]\s|(?<![A-Z])(?<!\bM)\.(?:\s|$)|\s(?:à\s+compter|jusqu|pour\s+la)", ctx
    )
    seg = ctx[: m.start()] if m else ctx
    if _one_name(seg) and len(seg.strip()) < 50:
        s2 = _clean_name(seg)
        off = seg.find(s2)
        return parse_person(s2), start + off, start + off + len(s2)
    spans = split_glued(seg, order)
    if not spans:
        s2 = seg.strip()
        if not s2 or len(s2) > 60:
            return None
        off = seg.find(s2)
        return parse_person(s2), start + off, start + off + len(s2)
    a, b = spans[0]
    return parse_person(seg[a:b]), start + a, start + b


def extract_attendance(text: str, ev: Evidence) -> Attendance:
    """Attendance stated in `text` (a session header or a whole deliberation)."""
    att = Attendance()
    original = text
    text = re.sub(r"\((?=[^()]*[a-zA-Z])[^()]{4,300}\)", lambda m: " " * len(m.group(0)), text)
    sections = _dedupe(_sections(text), text)
    present_secs = [s for s in sections if s.role == "present"]
    sample = []
    for s in present_secs:
        sample += re.split(r"[,;]", text[s.start : s.end])[:12]
    order = guess_order(sample)

    low = lower(text)
    count_keys = key_spans(COUNT_KEY, low)
    for role, rx in COUNT_BOX_LOW:
        ms = find_near(rx, low, count_keys, reach=80)
        if ms:
            m = ms[0]
            setattr(att, role, int(m.group(1)))
            ev.add_match(f"attendance.{role}", m, 1)

    proxy_ranges: list[tuple[int, int]] = []
    for sec in sections:
        if sec.role == "present":
            if sec.count is not None and att.present_count is None:
                att.present_count = sec.count
                ev.add("attendance.present_count", sec.heading_start, sec.start)
            table = _status_table(text, sec.start, sec.heading_start + STATUS_TABLE_REACH)
            if table is not None:
                for person, status, a, b in table:
                    target = att.absent if status.startswith("ABSENT") else att.present
                    target.append(person)
                    role = "absent" if target is att.absent else "present"
                    ev.add(f"attendance.{role}[{len(target) - 1}]", a, b)
                ev.add("attendance.present", sec.heading_start, sec.end)
                continue
            for person, a, b in _names_in(text, sec.start, sec.end, order):
                rep = re.search(r"\s+repr[ée]sent[ée]e?\s+par\s+", person.raw)
                if rep:  # a substitute sits for the member: the substitute is the one present
                    person = parse_person(person.raw[rep.end() :])
                if PROXY_VERB.search(person.raw):
                    continue
                att.present.append(person)
                ev.add(f"attendance.present[{len(att.present) - 1}]", a, b)
            ev.add("attendance.present", sec.heading_start, sec.end)
        elif sec.role == "proxies":
            if sec.count is not None and att.proxy_count is None:
                att.proxy_count = sec.count
                ev.add("attendance.proxy_count", sec.heading_start, sec.start)
            proxy_ranges.append((sec.start, sec.end))
        elif sec.role in ("absent", "not_voting"):
            target = att.absent if sec.role == "absent" else att.not_voting
            if sec.role == "absent" and sec.count is not None and att.absent_count is None:
                att.absent_count = sec.count
            for person, a, b in _names_in(text, sec.start, sec.end, order):
                if PROXY_VERB.search(person.raw) or re.search(r"\bà\s+[A-Z]", person.raw):
                    continue
                target.append(person)
                ev.add(f"attendance.{sec.role}[{len(target) - 1}]", a, b)

    present_ranges = [(s.start, s.end) for s in sections if s.role == "present"]
    _proxies(original, att, ev, order, proxy_ranges, present_ranges)
    _marked_proxies(original, sections, att, ev)
    # a proxy giver listed under "Absents" is a giver, not an absent without proxy
    involved = {_k(p.giver) for p in att.proxies} | {_k(p.holder) for p in att.proxies}
    att.absent = [p for p in att.absent if _k(p) not in involved]

    for rx in SECRETARY_RES:
        sm = _secretary_search(rx, text)
        if sm and re.search(r"[A-Za-z]{2}", CIVILITY_RE.sub("", sm.group("name").strip())):
            name = re.split(r"\s(?=(?:Monsieur|Madame|M\.|Mme)\s)", sm.group("name"))[-1]
            att.secretary = parse_person(_clean_name(name))
            ev.add_match("attendance.secretary", sm, "name")
            break
    for rx in RAPPORTEUR_RES:
        rm = rx.search(text)
        if rm:
            att.rapporteur = parse_person(rm.group("name"))
            ev.add_match("attendance.rapporteur", rm, "name")
            break
    return att


# "Présents : Agnès (Pr**), ...  Absents excusés : Marielle (Pr**)": matching marks pair the
# absent member who gave a proxy with the present member who holds it (realdoc 01).
MARK_RE = re.compile(
    # (the extractors see masked text, where each star is a space: the mark is their number)
    r"(?P<name>[A-ZÉÈ][\w'-]*(?:\s+[A-ZÉÈ][\w'-]*){0,2})\s*\(Pr(?P<mark>[ *]+)\)"
)


def _marked_proxies(text: str, sections: list[_Section], att: Attendance, ev: Evidence) -> None:
    if "(Pr" not in text:
        return
    holders: dict[str, tuple[Person, int, int]] = {}
    givers: list[tuple[str, Person, int, int]] = []
    for sec in sections:
        if sec.role not in ("present", "absent"):
            continue
        for m in MARK_RE.finditer(text, sec.start, sec.end):
            person = parse_person(m.group("name"))
            if sec.role == "present":
                holders[str(len(m.group("mark")))] = (person, m.start(), m.end())
            else:
                givers.append((str(len(m.group("mark"))), person, m.start(), m.end()))
    known = {(person_key(p.giver), person_key(p.holder)) for p in att.proxies}
    for mark, giver, g_start, g_end in givers:
        if mark in holders and (person_key(giver), person_key(holders[mark][0])) not in known:
            holder, h_start, _ = holders[mark]
            att.proxies.append(Proxy(giver=giver, holder=holder))
            ev.add(
                f"attendance.proxies[{len(att.proxies) - 1}]",
                min(h_start, g_start),
                max(g_end, h_start),
            )
    if givers:
        gave = PersonIndex([p.giver for p in att.proxies])
        att.absent = [p for p in att.absent if p not in gave]


_SECRETARY_WORD = re.compile(r"secr[ée]taire", re.I)


def _secretary_search(rx: re.Pattern[str], text: str) -> re.Match[str] | None:
    """Search `rx` only near the word 'secrétaire' (the patterns are costly over a whole text)."""
    for w in _SECRETARY_WORD.finditer(text):
        lo = max(0, w.start() - 120)
        m = rx.search(text, lo, w.end() + 80)
        if m:
            return m
    return None


def _k(p: Person) -> str:
    return person_key(p)


def _proxies(
    text: str,
    att: Attendance,
    ev: Evidence,
    order: str,
    ranges: list[tuple[int, int]],
    present_ranges: list[tuple[int, int]],
) -> None:
    seen: set[tuple[str, str]] = set()
    floor = 0

    def add(giver: Person, holder: Person, a: int, b: int) -> None:
        key = (_k(giver), _k(holder))
        if key in seen or not _valid(giver) or not _valid(holder):
            return
        seen.add(key)
        att.proxies.append(Proxy(giver=giver, holder=holder))
        ev.add(f"attendance.proxies[{len(att.proxies) - 1}]", a, b)

    for m in find_near(PROXY_VERB_LOW, lower(text), PROXY_KEY, reach=40):
        if m.group(0)[:1] in "rR":
            # a substitute ("représenté par sa suppléante") or a member listed as present
            # with his substitute is not a proxy
            after = text[m.end() : m.end() + 30]
            if SUBSTITUTE.search(after) or any(a <= m.start() < b for a, b in present_ranges):
                continue
        left = _left_name(text, m.start(), order, floor)
        right = _right_name(text, m.end(), order)
        if left and right:
            add(left[0], right[0], left[1], right[2])
            floor = right[2]
    for m in USES_PROXY.finditer(text):
        left = _left_name(text, m.start(), order, 0)
        right = _right_name(text, m.end(), order)
        if left and right:
            add(right[0], left[0], left[1], right[2])
    # "X à Y" listed under a Pouvoirs heading
    for start, end in ranges:
        for piece in re.finditer(r"[^,;\n]+", text[start:end]):
            chunk = piece.group(0)
            mm = re.search(r"\s(?:à|a)\s+(?=(?:M\.|Mme|Monsieur|Madame|M\s|[A-Z]))", chunk)
            if not mm or PROXY_VERB.search(chunk):
                continue
            giver_raw = chunk[: mm.start()].strip(" :().")
            holder_raw = re.split(r"\s*\(", chunk[mm.end() :])[0].strip(" .)")
            if giver_raw and holder_raw:
                s0 = start + piece.start()
                add(parse_person(giver_raw), parse_person(holder_raw), s0, s0 + len(chunk))


# "M. Jean DUPONT ne prend pas part au vote", "Mme X, intéressée, ne participe pas au vote"
NOT_VOTING_RE = re.compile(
    r"(?P<name>(?:Monsieur|Madame|M\.|Mme)\s+[^,;:\n()]{2,50}?)\s*(?:,[^,\n]{0,40},\s*)?"
    r"(?:ne\s+(?:prend|prennent)\s+pas\s+part|ne\s+participe\s+pas|n'a\s+pas\s+pris\s+part|s'abstient\s+de\s+participer)\s+(?:au\s+vote|[àa]\s+la\s+d[ée]lib[ée]ration|au\s+d[ée]bat)",
    re.I,
)


def extract_not_voting(text: str, ev: Evidence) -> list[Person]:
    """Members named as not taking part in this deliberation's vote."""
    out: list[Person] = []
    low = lower(text)
    if "part" not in low and "particip" not in low:
        return out
    for m in NOT_VOTING_RE.finditer(text):
        name = re.split(r"\s(?=(?:Monsieur|Madame|M\.|Mme)\s)", m.group("name"))[-1]
        person = parse_person(_clean_name(name))
        if _valid(person):
            out.append(person)
            ev.add(f"attendance.not_voting[{len(out) - 1}]", m.start("name"), m.end("name"))
    return out
