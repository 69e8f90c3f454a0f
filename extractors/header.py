"""Header fields: authority and level, body, reference, session, theme, subject, type."""

from __future__ import annotations

import re
from dataclasses import dataclass

from extractors.attendance import CHAIR_RE
from extractors.common import Evidence, find_near, key_spans, lower, lower_rx, squash
from extractors.dates import find_dates, parse_time, parse_words_date
from extractors.names import parse_person
from schemas.records import Authority, LegalReference, Person, Session

REFERENCE_RES = [
    re.compile(r"\b(?:DAP|DCP|CP)\s*N°\s*(?P<ref>\d{2}\.\d{2}\.\d{2})"),
    re.compile(
        r"(?<!la )(?<!La )(?<!LA )(?<!des )D[ée]lib[ée]ration\s+n°\s*(?P<ref>[\w.\-/]*\d[\w.\-/]*)",
        re.I,
    ),
    re.compile(r"\bN°\s*(?P<ref>DEL\d{4}_\d{2}_\d{2,3})"),
    re.compile(r"\b(?P<ref>DCC\d{4}_\d{2,4})\b"),
    re.compile(r"\bN°\s*(?P<ref>\d{2,4}[-_ ]\d{2}[-_]\d{2,3})\b"),
    re.compile(r"(?:^|\n)\s*N°\s*(?P<ref>[\w.\-]*\d[\w.\-]*)"),
    re.compile(r"\bN°\s*(?P<ref>\d{4}-\d{3})\b"),
    re.compile(r"\bCP\s+(?P<ref>\d{4}-\d{3})\b"),
]
REFERENCE_KEY = re.compile(r"n°|N°|DCC|CP\s")
BODY_RES: list[tuple[str, re.Pattern[str]]] = [
    ("commission_permanente", re.compile(r"commission\s+permanente", re.I)),
    (
        "assemblee_pleniere",
        re.compile(r"assembl[ée]e\s+pl[ée]ni[èe]re|s[ée]ance\s+pl[ée]ni[èe]re", re.I),
    ),
    (
        "conseil_communautaire",
        re.compile(
            r"conseil\s+(?:communautaire|de\s+communaut[ée]|de\s+la\s+communaut[ée]|m[ée]tropolitain|de\s+territoire|territorial)",
            re.I,
        ),
    ),
    ("conseil_municipal", re.compile(r"conseil\s+municipal", re.I)),
    ("conseil_departemental", re.compile(r"conseil\s+d[ée]partemental", re.I)),
    ("bureau", re.compile(r"\bbureau\s+(?:communautaire|syndical|m[ée]tropolitain)", re.I)),
]
AUTHORITY_RES: list[tuple[str, re.Pattern[str]]] = [
    (
        "region",
        re.compile(
            r"(?:conseil\s+r[ée]gional|R[ée]gion)\s+(?:du\s+|de\s+l'|d'|des\s+)?(?P<name>(?:Hauts-de-France|Centre-Val\s+de\s+Loire|[ÎI]le-de-France|Grand\s+Est|Normandie|Bretagne|Occitanie|Nouvelle-Aquitaine|Auvergne-Rh[ôo]ne-Alpes|Bourgogne-Franche-Comt[ée]|Pays\s+de\s+la\s+Loire|Provence-Alpes-C[ôo]te\s+d'Azur|Corse|Nord\s*-\s*Pas-de-Calais))",
            re.I,
        ),
    ),
    (
        "departement",
        re.compile(
            r"(?:conseil\s+d[ée]partemental|D[ée]partement)\s+(?:de\s+la\s+|de\s+l'|du\s+|des\s+|de\s+)(?P<name>[A-ZÉ][\w'-]+(?:-[\w'-]+)*)",
            re.I,
        ),
    ),
    (
        "epci",
        re.compile(
            r"(?P<full>(?:Communaut[ée]\s+(?:de\s+communes|d'agglom[ée]ration|urbaine)|Eurom[ée]tropole|M[ée]tropole|[ÉE]tablissement\s+public\s+territorial)\s+(?:de\s+la\s+|du\s+|des\s+|de\s+l'|de\s+|d')?[A-ZÉ][^,.;:\n()]{2,70}?)(?=\s*(?:[,.;:\n(]|se\s|s'est|sont|réuni|du\s+\d|\d|Dat|Mercredi|Jeudi|Lundi|Mardi|Vendredi|Samedi|$))"
        ),
    ),
    (
        "commune",
        re.compile(
            r"(?:[Cc]ommune|COMMUNE|Ville|VILLE|Mairie|MAIRIE)\s+(?:de\s+|DE\s+|d')(?P<name>(?!(?:Lundi|Mardi|Mercredi|Jeudi|Vendredi|Samedi|Dimanche|LUNDI|MARDI|MERCREDI|JEUDI|VENDREDI|SAMEDI|DIMANCHE)\b)[A-ZÉ][\w'-]+(?:[\s-](?:de|DE|du|DU|la|LA|sur|SUR|en|EN|le|LE|(?!(?:Lundi|Mardi|Mercredi|Jeudi|Vendredi|Samedi|Dimanche|LUNDI|MARDI|MERCREDI|JEUDI|VENDREDI|SAMEDI|DIMANCHE|JANVIER|LE|DU)\b)[A-ZÉ][\w'-]+))*)"
        ),
    ),
]
BODY_LOW = [(name, lower_rx(rx)) for name, rx in BODY_RES]
BODY_LEVEL = {
    "conseil_communautaire": "epci",
    "conseil_municipal": "commune",
    "conseil_departemental": "departement",
}
_PREFIX = {"region": "Région ", "departement": "Département ", "commune": "Commune de "}
THEME_RE = re.compile(r"Th[èe]me\s*:\s*(?P<v>[^\n]+)")
SUBJECT_RE = re.compile(r"\bOBJET\s*:\s*", re.I)
SUBJECT_END_RE = re.compile(
    r"\s*(?:\n\s*\n|Rapporteur|Vu\s+l[ea]\b|La\s+commission|Le\s+Conseil|Madame\s+le\s+Maire|Monsieur\s+le\s+Maire"
    r"|M\.\s+le\s+Maire|Madame\s+la\s+Pr|Monsieur\s+le\s+Pr|La\s+Pr[ée]sidente|Le\s+Pr[ée]sident|Échanges"
    # a new section at the start of a line (PDF text has no blank line between paragraphs)
    r"|\n\s*(?-i:D[EÉ]CIDE|CONSID[EÉ]RANT|AUTORISE|APPROUVE|Consid[ée]rant|Apr[èe]s\s+en\s+avoir))",
    re.I,
)
CONVENED_RE = re.compile(r"convo(?:qu[ée]e?s?|cation)[^.]{0,80}", re.I)
SESSION_RES = [
    re.compile(
        r"(?:r[ée]uni(?:e|s)?|s'est\s+r[ée]uni(?:e|s)?|s[ée]ance\s+du|assembl[ée]e\s+le|r[ée]unions?\s+du|plénière\s+le)[^.\n]{0,40}",
        re.I,
    ),
    re.compile(
        r"(?:PROC[ÈE]S[\s–-]*VERBAL|COMPTE[\s-]*RENDU|Extrait\s+des\s+d[ée]lib[ée]rations|CONSEIL\s+(?:MUNICIPAL|COMMUNAUTAIRE)\s+du)[^\n]{0,120}",
        re.I,
    ),
]
PLACE_RE = re.compile(
    r"(?:,|\bà\s+l[ae']\s*|\bau\s+)\s*(?P<place>(?:salle|Salle|Hôtel|H[ôo]tel|Mairie|si[èe]ge|nouveau\s+si[èe]ge)[^,;]{0,90}?)(?=\s*(?:,|;|\n\s*\n|sous\s+la|en\s+s[ée]ance|\.\s))",
)
LEGAL_RE = re.compile(r"\bVu\s+(?:la|le|les|l')\s")
LEGAL_END_RE = re.compile(r"\s*(?:[;\n]|,\s*Vu\b|\s+Vu\s)")
# a visa is a legal reference when it cites a text: code, law, decree, deliberation...
LEGAL_TEXT_RE = re.compile(
    r"\b(?:code|loi|d[ée]cret|d[ée]lib[ée]rations?|arr[êe]t[ée]|r[èe]glement|ordonnance|article|circulaire|directive|convention|label|strat[ée]gie)\b",
    re.I,
)


def extract_header(text: str, ev: Evidence) -> dict[str, object]:
    """Reference, body, authority, session, theme and subject of one deliberation."""
    out: dict[str, object] = {}
    head = text[:6000]
    ref = None
    ref_keys = key_spans(REFERENCE_KEY, head)
    for rx in REFERENCE_RES:
        found = find_near(rx, head, ref_keys, reach=40)
        m = found[0] if found else None
        if m:
            ref = m.group("ref").strip(" .-")
            ev.add_match("reference", m, "ref")
            break
    out["reference"] = ref

    body = None
    head_low = lower(head[:3000])
    for name, rx in BODY_LOW:
        m = rx.search(head_low)
        if m:
            body = name
            ev.add_match("body", m)
            break
    out["body"] = body
    authority = extract_authority(head, ev)
    if authority.level is None and body in BODY_LEVEL:
        # "le Conseil de Communauté s'est réuni": the body says the level, not the name
        authority = Authority(name=None, level=BODY_LEVEL[body])
    out["authority"] = authority

    th = THEME_RE.search(head)
    out["theme"] = squash(th.group("v")) if th else None
    if th:
        ev.add_match("theme", th, "v")
    sub = SUBJECT_RE.search(text[:8000])
    out["subject"] = None
    if sub:
        window = text[sub.end() : sub.end() + 600]
        end = SUBJECT_END_RE.search(window)
        value = window[: end.start()] if end else window
        if value.strip():
            out["subject"] = squash(value)[:500]
            ev.add("subject", sub.end(), sub.end() + len(value.rstrip()))
    out["session"] = extract_session(head, ev)
    return out


def extract_authority(head: str, ev: Evidence) -> Authority:
    best: tuple[int, str, re.Match[str]] | None = None
    for level, rx in AUTHORITY_RES:
        m = rx.search(head[:1200])
        if m and (best is None or m.start() < best[0]):
            best = (m.start(), level, m)
    if not best:
        return Authority()
    _, level, m = best
    if level == "epci":
        name = squash(m.group("full"))
    else:
        raw = squash(m.group("name"))
        raw = raw if not raw.isupper() else raw.title()
        name = _PREFIX[level] + raw
    ev.add_match("authority.name", m)
    return Authority(name=name, level=level)


def extract_session(head: str, ev: Evidence) -> Session:
    session = Session()
    chosen = None

    def not_convocation(start: int) -> bool:
        before = head[max(0, start - 45) : start].lower()
        for cut in (",", "réuni", " et "):
            before = before.rsplit(cut, 1)[-1]
        return "convo" not in before

    # a title naming the session ("PROCES-VERBAL DU CONSEIL MUNICIPAL DU 30 JANVIER 2020")
    # is preferred to a date in words that may have been copied from an earlier session
    words = parse_words_date(head[:3000])
    for rx in (SESSION_RES[1], None, SESSION_RES[0]):
        if rx is None:
            if words:
                chosen = (words.iso, words.start, words.end)
                break
            continue
        for m in rx.finditer(head[: 500 if rx is SESSION_RES[1] else 3000]):
            dates = [
                d
                for d in find_dates(head[m.start() : m.start() + 200])
                if not_convocation(m.start() + d.start)
            ]
            if dates:
                d = dates[0]
                chosen = (d.iso, m.start() + d.start, m.start() + d.end)
                break
        if chosen:
            break
    if not chosen:
        dates = [d for d in find_dates(head[:1500]) if not_convocation(d.start)]
        if dates:
            chosen = (dates[0].iso, dates[0].start, dates[0].end)
    if chosen:
        session.date = chosen[0]
        ev.add("session.date", chosen[1], chosen[2])
        t = parse_time(head[chosen[2] : chosen[2] + 150].split(". ")[0])
        if t is None and words:
            t = parse_time(head[words.end : words.end + 60])
            if t:
                t = (t[0], t[1] + words.end - chosen[2], t[2] + words.end - chosen[2])
        if t:
            session.time = t[0]
            ev.add("session.time", chosen[2] + t[1], chosen[2] + t[2])
    if session.time is None:
        # "s'est réuni ..., à la salle ..., à 20h45": the time stated in the meeting sentence
        met = re.search(r"r[ée]uni[^.]{0,250}?\bà\s+(\d{1,2}\s?h\s?\d{0,2})", head[:3000], re.I)
        if met:
            t2 = parse_time(met.group(1))
            if t2:
                session.time = t2[0]
                ev.add("session.time", met.start(1), met.end(1))
    for c in CONVENED_RE.finditer(head):
        # "convoquée par son Président et réunie le 4 février 2020": that date is the session's
        window = re.split(r"r[ée]uni|s'est|assembl", c.group(0), maxsplit=1, flags=re.I)[0]
        dates = find_dates(window)
        if dates:
            session.convened_on = dates[0].iso
            ev.add("session.convened_on", c.start() + dates[0].start, c.start() + dates[0].end)
            break
        w = parse_words_date(
            window + (head[c.end() : c.end() + 80] if window == c.group(0) else "")
        )
        if w:
            session.convened_on = w.iso
            ev.add("session.convened_on", c.start() + w.start, c.start() + w.end)
            break
    p = PLACE_RE.search(head[:3000])
    if p:
        session.place = squash(p.group("place"))
        ev.add_match("session.place", p, "place")
    ch = CHAIR_RE.search(head[:4000])
    if ch:
        session.chair = _chair(ch.group("name"))
        ev.add_match("session.chair", ch, "name")
    return session


def _chair(raw: str) -> Person:
    raw = re.sub(r"^(?:MADAME|MONSIEUR)\s", lambda m: m.group(0).title(), raw.strip())
    return parse_person(raw)


@dataclass(frozen=True)
class _Span:
    start: int
    end: int
    text: str


def extract_legal_references(text: str, ev: Evidence) -> list[LegalReference]:
    refs: list[LegalReference] = []
    for start in LEGAL_RE.finditer(text[:20000]):
        window = text[start.start() : start.start() + 405]
        end = LEGAL_END_RE.search(window, start.end() - start.start() + 5)
        if end is None and len(window) == 405:
            continue  # longer than a visa: not one
        stop = end.start() if end else len(window)
        m = _Span(start.start(), start.start() + stop, window[:stop])
        sentence = squash(m.text)
        if not LEGAL_TEXT_RE.search(sentence[:60]):
            continue
        num = re.search(r"n°\s*([\w.\-/]*\d[\w.\-/]*)", sentence, re.I)
        dates = find_dates(sentence)
        refs.append(
            LegalReference(
                text=sentence,
                number=num.group(1).rstrip(".,") if num else None,
                date=dates[0].iso if dates else None,
            )
        )
        ev.add(f"legal_references[{len(refs) - 1}]", m.start, m.end)
    return refs


DOC_TYPE_RES = [
    ("call_for_projects", re.compile(r"APPEL\s+[ÀA]\s+PROJETS?|appel\s+[àa]\s+candidatures", re.I)),
    ("minutes", re.compile(r"PROC[ÈE]S[\s–-]*VERBAL|COMPTE[\s-]*RENDU|CR\s+sommaire", re.I)),
]


def doc_type_of(text: str, has_decision: bool) -> str:
    head = text[:600]
    for name, rx in DOC_TYPE_RES:
        if rx.search(head):
            if name == "call_for_projects" and re.search(r"\bDECIDE\b|d[ée]lib[ée]r", head):
                continue
            return name
    if has_decision:
        return "deliberation"
    return "other"
