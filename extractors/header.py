"""Heading fields: the authority and its level, the body, the session (date, time,
convocation, place, chair), and each item's reference, subject and theme.

The authority and the body are read in the document's heading zone (its first lines) with
the words of `lexicon/authorities.toml`; the session from the dates and their roles
(`extractors.dates`); an item's subject from its title (the words after its marker or after
"Objet :", up to where the body text begins: `lexicon/headings.toml: subject_end`).
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from typing import Any

from extractors.attendance import extract_chair
from extractors.common import Evidence, folded, squash
from extractors.dates import (
    DateCandidate,
    SessionChoice,
    candidates,
    choose_session,
    find_dates,
    parse_time,
)
from extractors.lexicon import LEXICONS, Lexicon, Match, alternation
from extractors.people import civility_of, title_only_words
from schemas.records import Authority, LegalReference, Session

#: the heading zone: where the authority and the body are printed
HEADING = 1500

THEME_RE = re.compile(r"Th[èe]me\s*:\s*(?P<v>[^\n]+)")
SUBJECT_RE = re.compile(r"\bOBJET\s*:\s*", re.I)
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
BODY_LEVEL = {
    "conseil_communautaire": "epci",
    "conseil_municipal": "commune",
    "conseil_departemental": "departement",
}
_PREFIX = {"commune": "Commune de ", "departement": "Département ", "region": "Région "}
#: articles and prepositions: inside a name ("Val de Loire", "SAINT-MARTIN DES CHAMPS") or
#: before it ("du Grand Soissons", "LA ROCHELLE"), in capitals or not
_CONNECTORS = frozenset({
    "de", "du", "des", "la", "le", "les", "l'", "d'", "sur", "sous", "en", "lez", "aux",
    "au", "et", "a",
})  # fmt: skip
#: the article a name of its own starts with (La Rochelle, Le Havre, Les Abymes, L'Haÿ-les-
#: Roses), and what a contracted one stands for ("du Pouliguen": Le Pouliguen)
_OWN_ARTICLE = {"la": "La ", "le": "Le ", "les": "Les ", "l'": "L'"}
_UNCONTRACTED = {"du": "le", "des": "les"}
#: words that end a name: what the heading prints after it (a session, an extract, a
#: title, a body, another authority's words, its head)
_NOT_IN_NAME = frozenset({
    "seance", "conseil", "proces", "proces-verbal", "extrait", "registre", "reunion",
    "deliberation", "deliberations", "compte", "rendu", "compte-rendu", "session", "objet",
    "departement", "republique", "convocation", "date", "arrondissement", "canton",
    "arrete", "lieu", "habituel", "salle", "mairie", "siege", "presidence", "commune",
    "ville", "communaute", "maire", "president", "presidente", "commission", "bureau",
    "assemblee", "comite", "rapport",
})  # fmt: skip
#: words that link the name of another body to a commune's ("CCAS de la ville de X")
_COMMUNE_WORDS = frozenset({"commune", "ville", "mairie"})
# a name's pieces: a line break, a word (inner apostrophes and hyphens, "SAINT-AY",
# "CÔTES-D'ARMOR"; an elided article alone, "L' ISLE"), a dash, a quote; anything else
# (a digit, a comma, a bracket) ends it
_NAME_TOKEN = re.compile(
    r"(?P<br>\n)"
    r"|(?P<word>[^\W\d_](?:[^\W_]|['’](?=[^\W\d_])|[-–](?=[^\W\d_]))*['’]?)"
    r"|(?P<dash>[-–—])"
    r"|(?P<quote>[«»\"“”])"
    r"|(?P<end>\S)"
)
_ELIDED = re.compile(r"^([dDlL]['’])([^\W\d_].*)$")


# --- authority and body ------------------------------------------------------------------


_PLACE_BEFORE = re.compile(r"(?:\ben|\ba la|\bau|\bsalle de la|\bsalle du)\s+$")


@dataclass(frozen=True)
class _Printed:
    """A name as printed after the words that introduce it: the articles before it
    ("LA", "du", "L'"), its words (connectors and dashes inside), where it ends."""

    lead: tuple[str, ...]
    words: tuple[str, ...]
    end: int


def extract_authority(head: str, ev: Evidence, low: str | None = None) -> Authority:
    """The authority named first in the heading zone, with its level.

    The heading zone ends where the act's body begins (`headings.toml: body_start`: its
    visas, its reasons, its decision): a commune named there is a beneficiary, a partner,
    a funder, never the author. Before it, the words introducing another party ("à la
    commune de", "auprès du Département": `authorities.toml: not_the_author`) and a place
    ("réunis en Mairie de ...") are passed over; a département printed as the address of a
    commune or an EPCI ("DÉPARTEMENT DU FINISTÈRE / COMMUNE DU FAOUËT") is not the author.
    """
    low = folded(head) if low is None else low
    zone = min(len(head), HEADING)
    body = Lexicon.of("headings").search("body_start", low, 0, zone)
    zone = body.start if body is not None else zone
    found = [m for m in _introductions(low, zone) if not _another_party(low, m.start)]
    for i, m in enumerate(found):
        printed = _name_after(head, m.end, zone, m.role)
        authority = _authority(head[m.start : m.end], m.role, printed)
        if authority is None:
            continue
        if m.role == "departement" and _an_address(low, printed.end, found[i + 1 :]):
            continue
        ev.add("authority.name", m.start, printed.end)
        return authority
    return Authority()


def _introductions(low: str, end: int) -> list[Match]:
    """The wordings that introduce an authority in low[:end] (`lexicon/authorities.toml`),
    leftmost then longest."""
    return Lexicon.of("authorities").find(low, 0, end)


def _another_party(low: str, pos: int) -> bool:
    """Whether the authority introduced at `pos` is not the author: a place ("réunis en
    Mairie de ..."), a table's cell ("| Commune de Lannion | 12 500 € |"), or another party
    ("attribue une subvention à la commune de ...": `authorities.toml: not_the_author`)."""
    before = low[max(0, pos - 40) : pos]
    return bool(
        _PLACE_BEFORE.search(before) or _in_table_row(low, pos) or _party_before().search(before)
    )


@cache
def _party_before() -> re.Pattern[str]:
    words = Lexicon.of("authorities:not_the_author").words("before")
    return re.compile(rf"(?<![a-z0-9]){alternation(words)}\s+(?:(?:la|le|les)\s+|l')?$")


@cache
def _address_gap() -> re.Pattern[str]:
    """What may stand between a département and the commune or EPCI it is the address of:
    line breaks, punctuation, lines that locate or decorate (`authorities.toml: heading`)."""
    lines = alternation(Lexicon.of("authorities:heading").words("address_lines"))
    return re.compile(rf"(?:[^\w\n]|\n|(?<![a-z0-9]){lines}(?![a-z0-9])[^\n]*?(?=\n|$))*")


def _an_address(low: str, end: int, later: list[Match]) -> bool:
    """Whether the département whose name ends at `end` is the address of a commune or an
    EPCI introduced right after it."""
    if not later or later[0].role not in ("commune", "epci") or later[0].start - end > 200:
        return False
    return _address_gap().fullmatch(low, end, later[0].start) is not None


def _in_table_row(low: str, pos: int) -> bool:
    """Whether `pos` lies in a table cell: a pipe just before it and another after it on
    the same line ("| Commune de Lannion | 12 500 € |")."""
    before = low.rfind("|", max(0, pos - 40), pos)
    after = low.find("|", pos, pos + 100)
    if before < 0 or after < 0:
        return False
    return "\n" not in low[before:after]


def _article(words: str) -> str:
    low = folded(words)
    for a in ("de la ", "de l'", "du ", "des ", "d'", "de "):
        if low.endswith(a.strip()) or low.endswith(a):
            return a
    return ""


def _authority(intro: str, role: str, printed: _Printed) -> Authority | None:
    """The authority that the words `intro` introduce with the name `printed`, named as
    the project names each level, or None when the words after `intro` are not a name.

    - an EPCI, or another body (syndicate, CCAS), as printed: "Communauté
      d'agglomération du Grand Soissons", "COMMUNAUTÉ DE COMMUNES DU PAYS DE GEX";
    - a commune: "Commune de " and its official name, whose article is part of it
      (as `pipeline.territory` names a commune and `pipeline.extract` links it): "Commune
      de La Rochelle", "Commune du Pouliguen" -> "Commune de Le Pouliguen", "COMMUNE DES
      ABYMES" -> "Commune de Les Abymes", "Commune d'Angers" -> "Commune de Angers";
    - a département keeps its article, in lower case, as the reference names it
      ("Département de la Lozère", "Département du Val-d'Oise", "Département de l'Ain");
    - a région's name has none ("conseil régional du Centre-Val de Loire": "Région
      Centre-Val de Loire"); an article printed after "de" would be its own.
    """
    if not printed.words:
        return None
    intro = squash(intro)
    if role in ("epci", "other"):
        full = squash(intro + " " + _joined(printed.lead + printed.words))
        if role == "epci":
            full = full[0].upper() + full[1:]
        return Authority(name=_tidy_quotes(full).replace("’", "'"), level=role)
    said = folded(_article(intro)).split()
    lead = [folded(w).replace("’", "'") for w in printed.lead]
    if lead and said and said[-1] != "de":
        return None  # "COMMUNE DU LA ...": no name of a place
    article = [*said, *lead]
    preposition = article[0] if article and article[0] in ("de", "du", "des", "d'") else ""
    own = article[1:] if preposition else article
    if len(own) > 1 or (own and own[0] not in _OWN_ARTICLE):
        return None  # "COMMUNE DE ET ...", "COMMUNE DE LA LA ..."
    name = _title(_joined(printed.words)).replace("’", "'")
    if role == "departement":
        printed_article = " ".join(article).replace("' ", "'").lower()
        if printed_article and not printed_article.endswith("'"):
            printed_article += " "
        return Authority(name=_PREFIX[role] + printed_article + name, level=role)
    if role == "commune" and not own and preposition in _UNCONTRACTED:
        own = [_UNCONTRACTED[preposition]]
    return Authority(name=_PREFIX[role] + (_OWN_ARTICLE[own[0]] if own else "") + name, level=role)


def _joined(pieces: tuple[str, ...]) -> str:
    """Printed pieces of a name as one: "-" glues its neighbours ("Ecueillé – Valençay" ->
    "Ecueillé-Valençay"), an elided article the word after it."""
    out = ""
    for p in pieces:
        glued = not out or p == "-" or out.endswith(("-", "'", "’"))
        out += p if glued else " " + p
    return out


def _name_after(text: str, pos: int, end: int, role: str = "") -> _Printed:
    """The proper name printed at `pos`: the articles before it, then its capitalised words
    and their connectors, up to what ends it: a word of `_NOT_IN_NAME`, a weekday or a
    month ("COMMUNE DE SAINT-AY LUNDI 16 JANVIER 2023"), a word in lower case, a word in
    capitals after a name in title case or the other way round, a number, punctuation, or
    a line break after a complete name. Connectors and dashes at its end are dropped. The
    name of another body (`role` "other") may hold a commune's ("CCAS de la ville de X")."""
    links = _CONNECTORS | _COMMUNE_WORDS if role == "other" else _CONNECTORS
    lead: list[str] = []
    words: list[str] = []
    stop = pos
    capitals: bool | None = None
    for t in _NAME_TOKEN.finditer(text, pos, min(end, pos + 120)):
        kind, s = t.lastgroup, t.group()
        if kind == "quote":
            continue
        if kind == "br":
            if words and not _open(words[-1], links):
                break
            continue
        if kind == "dash":
            if not words or words[-1] == "-":
                break
            words.append("-")  # "Ecueillé – Valençay", "Ecueillé -Valençay"
            continue
        if kind != "word" or any(c.isdigit() for c in s):
            break
        if folded(s) in links:
            (words if words else lead).append(s)
            continue
        elided = _ELIDED.match(s)
        bare = elided.group(2) if elided else s
        if folded(bare) in _NOT_IN_NAME or folded(bare) in title_only_words():
            break
        if not bare[:1].isupper() or (words and len(bare) == 1):
            break  # "COMMUNE DE LONGUYON F EXTRAIT": a letter alone after a name is noise
        if not words and elided:  # "L'HAŸ-LES-ROSES", "D'ÎLE-DE-FRANCE": an article first
            lead.append(elided.group(1))
            s = bare
        if capitals is None:
            capitals = s.isupper()
        elif s.isupper() != capitals and len(bare) > 1:
            break  # "COMMUNE DE SAINT-AY Liberté Égalité Fraternité"
        words.append(s)
        stop = t.end()
    while words and _open(words[-1], links):
        words.pop()
    return _Printed(tuple(lead), tuple(words), stop)


def _open(piece: str, links: frozenset[str] = _CONNECTORS) -> bool:
    """A connector or a dash: a name does not end with it."""
    return piece == "-" or folded(piece) in links


def _title(name: str) -> str:
    """A name printed in capitals, in title case ("SAINT-AY" -> "Saint-Ay", "CÔTES-D'ARMOR"
    -> "Côtes-d'Armor": an elided article stays small, the word after it is capitalised)."""
    if not name.isupper():
        return name
    small = {"de", "du", "des", "la", "le", "les", "sur", "sous", "en", "et", "aux", "au"}
    words = re.split(r"([\s-])", name.lower())
    out = []
    for i, w in enumerate(words):
        elided = re.match(r"^([dl])(['’])(.+)$", w)
        if elided:
            article = elided.group(1).upper() if i == 0 else elided.group(1)
            out.append(article + elided.group(2) + elided.group(3).capitalize())
        else:
            out.append(w if w in small and i > 0 else w.capitalize())
    return "".join(out)


def _tidy_quotes(name: str) -> str:
    return re.sub(r"\s*[«»\"]\s*", " ", name).replace("  ", " ").strip()


def extract_body(head: str, ev: Evidence, low: str | None = None) -> str | None:
    """The deliberating body: the first named in the heading zone, in precedence order."""
    low = folded(head) if low is None else low
    zone = min(len(head), HEADING)
    lex = Lexicon.of("authorities:bodies")
    found = lex.find(low, 0, zone)
    if not found:
        return None
    order = list(lex.roles)
    best = min(found, key=lambda m: (order.index(m.role), m.start))
    ev.add("body", best.start, best.end)
    return best.role


# --- session -------------------------------------------------------------------------------


@dataclass
class SessionFacts:
    """The session as the document states it, and the statements behind the date."""

    session: Session
    choice: SessionChoice
    candidates: list[DateCandidate]


def extract_session(head: str, ev: Evidence, low: str | None = None) -> Session:
    return session_facts(head, ev, low).session


def session_facts(head: str, ev: Evidence, low: str | None = None) -> SessionFacts:
    """Date, time, convocation, place and chair of the session stated in `head`."""
    low = folded(head) if low is None else low
    session = Session()
    cands = candidates(head, low, title_end=_title_end(head))
    choice = choose_session(cands)
    chosen = choice.chosen
    if chosen is not None:
        d = chosen.date
        session.date = d.iso
        ev.add("session.date", d.start, d.end)
        t = _session_time(head, d.end)
        if t is None:
            for other in choice.statements:
                if other.iso == d.iso and other is not chosen:
                    t = _session_time(head, other.date.end)
                    if t is not None:
                        break
        if t is not None:
            session.time = t[0]
            ev.add("session.time", t[1], t[2])
    convened = [
        c
        for c in cands
        if c.role == "convocation" and (session.date is None or c.iso <= session.date)
    ]
    if convened:
        c = convened[0]
        session.convened_on = c.iso
        ev.add("session.convened_on", c.date.start, c.date.end)
    if session.time is None and session.date is not None:
        t2 = _opening_time(head)
        if t2 is not None:
            session.time = t2[0]
            ev.add("session.time", t2[1], t2[2])
    p = PLACE_RE.search(head[:3000])
    if p:
        session.place = squash(p.group("place"))
        ev.add_match("session.place", p, "place")
    session.chair = extract_chair(head[:6000], ev, low[:6000])
    return SessionFacts(session, choice, cands)


def _title_end(head: str) -> int:
    """Where the document's title lines end: the first sentence of prose, at most 400."""
    m = re.search(r"[a-zéèàù]{3,}[,.;] |\n\s*\n", head[:400])
    return min(400, m.end() if m else 400)


_OPENING = re.compile(
    r"(?:s[ée]ance\s+(?:est\s+)?ouverte|ouvre\s+la\s+s[ée]ance|d[ée]but\s+de\s+(?:la\s+)?s[ée]ance)"
    r"[^.\n]{0,30}?(?:[àa]|:)\s*",
    re.I,
)


def _session_time(head: str, after: int) -> tuple[str, int, int] | None:
    """The hour stated with the session's date: in the same sentence, just after it."""
    window = head[after : after + 90]
    stop = re.search(r"\.\s|\n\s*\n|[Cc]onvo|;", window)
    if stop:
        window = window[: stop.start()]
    t = parse_time(window)
    if t is None or t[1] > 45:
        return None
    return t[0], after + t[1], after + t[2]


def _opening_time(head: str) -> tuple[str, int, int] | None:
    """ "La séance est ouverte à 19h30", "Début de séance : 19h30"."""
    m = _OPENING.search(head[:6000])
    if not m:
        return None
    t = parse_time(head[m.end() : m.end() + 40])
    if t is None or t[1] > 3:
        return None
    return t[0], m.end() + t[1], m.end() + t[2]


# --- an item's reference, subject and theme -----------------------------------------------


#: the marker families that carry a deliberation's reference
REFERENCE_FAMILIES = ("reference", "titled", "numero", "commission")


def extract_reference(text: str, ev: Evidence, ref: str | None = None) -> str | None:
    """The deliberation's reference, as printed: the first one printed in the item's
    heading (`items.toml` families), before its body begins; of an item number and a
    reference printed together ("N°1 D.CCAS/2026/19"), the reference."""
    if ref is not None:
        return ref

    low = folded(text[:3000])
    found = _references(low)
    if not found:
        return None
    first = found[0]
    for m in found[1:]:
        if m.start > first.end + 40:
            break
        if m.family == "reference" and first.family != "reference":
            first = m
            break
    assert first.ref_at is not None
    a, b = first.ref_at
    ev.add("reference", a, b)
    return squash(text[a:b]).strip(" .-")


@cache
def _printed() -> dict[str, Any]:
    return tomllib.loads((LEXICONS / "headings.toml").read_text(encoding="utf-8"))["printed"]


@cache
def _opener_re() -> re.Pattern[str]:
    """A sentence opener (`headings.toml: printed.sentence_openers`), capitalised, after a
    word in lower case (or a closing bracket) and before one in lower case."""
    words = sorted(_printed()["sentence_openers"], key=lambda w: (-len(w), w))
    alt = "|".join(re.escape(w) for w in words)
    return re.compile(rf"(?<=[a-zà-ÿ0-9)»])\s+(?:{alt})\s+(?=[a-zà-ÿ])")


# enumerators and bullets that may open a title: "I. 1. :", "2) ", "a. ", "• ", "- "
_LEAD = re.compile(
    r"(?:\s*(?:[ivxIVX]{1,5}|\d{1,2}|[a-hA-H])\s*[.)/°]\s*|\s*[:\-–—•*+®]\s*|\s*e\s+(?=[A-ZÉÈÀ]))+"
)
# "du 25 janvier 2023", "du 26/01/2023" after a reference
_DATED = re.compile(
    r"\s*(?:du|en\s+date\s+du)\s+(?:\d{1,2}(?:er)?\s*[a-zéû]+\.?\s+\d{4}|\d{1,2}[/.\-]\d{1,2}[/.\-]\d{2,4})",
    re.I,
)
_SENTENCE = re.compile(r"(?<=[a-zà-ÿ0-9)»\]]{2})[.!?]\s+(?=[A-ZÀ-ÖØ-Ý«\"])")


def extract_subject(
    text: str, ev: Evidence, low: str | None = None, start: int | None = None
) -> str | None:
    """The item's subject (its title): after "Objet :" (`headings.toml: subject_label`);
    else after the marker that opened the item (`start`); else after the last reference
    printed in the item's heading ("DÉLIBÉRATION N°CP 2023-017 DU 25 JANVIER 2023") before
    its body begins; up to where the body begins (`_subject_end`)."""
    low = folded(text) if low is None else low
    head_end = min(len(text), 3000)
    body = _body_start(low, 0, head_end)
    # "OBJET :" labels the subject wherever the heading prints it; after an item's marker,
    # only before its body begins
    label = Lexicon.of("headings").search(
        "subject_label", low, 0, body if start is not None else head_end
    )
    if label is not None:
        at = label.end
    elif start is not None:
        at = start
    else:
        at = _after_references(text, low)
    lead = _LEAD.match(text, at)
    if lead and lead.end() < len(text):
        at = lead.end()
    end = _subject_end(text, low, at)
    deco = _DECORATION.match(text, at, end)
    if deco:  # "=========== Title": a separator line printed before the title
        at = deco.end()
    value = squash(text[at:end]).strip(" :-–—.;,")
    if len(value) < 4 or not re.search(r"[A-Za-zÀ-ÿ]{3}", value) or _not_a_title(value):
        return None
    ev.add("subject", at, end)
    return value[:400]


_DECORATION = re.compile(r"[\s=_*#~+-]*[=_*#~]{3,}[\s=_*#~+-]*")


def _not_a_title(value: str) -> bool:
    """A discourse opener alone ("Par ailleurs"), or a civility alone or before a name
    ("Monsieur", "Madame VACQUIE S"): picked up where an item prints no title."""
    if Lexicon.of("headings").role_of(value) == "not_a_title":
        return True
    words = value.split()
    return civility_of(words[0]) is not None and (
        len(words) == 1 or (len(words) <= 4 and all(w[:1].isupper() for w in words[1:]))
    )


def _body_start(low: str, start: int, end: int) -> int:
    """Where an item's body text begins (`headings.toml: subject_end`), else `end`."""
    found = Lexicon.of("headings").search("subject_end", low, start, end)
    return found.start if found else end


_REPEAT_GAP = re.compile(r"[\s\-–:.]*(?:deliberation|affaire|arrete|acte|decision)?\s*")


def _references(low: str) -> list[Any]:
    """The references printed in an item's heading (before `headings.toml: body_start`),
    without the item numbers of "Dossier n°2-1 :" markers."""
    from extractors.segment import markers

    end = Lexicon.of("headings").search("body_start", low, 0, min(len(low), 3000))
    zone = low[: end.start if end else 3000]
    marks = markers(zone)
    items = [m for m in marks if m.family == "dossier"]
    return [
        m
        for m in marks
        if m.family in REFERENCE_FAMILIES
        and m.ref_at
        and not any(d.start <= m.start < d.end for d in items)
    ]


def _after_references(text: str, low: str) -> int:
    """After the item's own reference, the first printed in its heading, with what repeats
    it or dates it right after ("DÉLIBÉRATION N°CP 2023-017 DÉLIBÉRATION N°CP 2023-017 DU
    25 JANVIER 2023"); 0 when there is none."""
    refs = _references(low)
    if not refs:
        return 0
    # a reference printed again further down the heading (a running header first, the
    # act's own heading after it): the title follows its last printing
    key = re.sub(r"[^a-z0-9]", "", refs[0].ref or "")
    again = [i for i, m in enumerate(refs) if re.sub(r"[^a-z0-9]", "", m.ref or "") == key]
    refs = refs[again[-1] :]
    at = refs[0].end
    dated = _DATED.match(text, at)
    if dated:
        at = dated.end()
    for m in refs[1:]:
        if not _REPEAT_GAP.fullmatch(low, at, m.start):
            break
        at = m.end
        dated = _DATED.match(text, at)
        if dated:
            at = dated.end()
    return at


@cache
def _open_end() -> re.Pattern[str]:
    """A title line that ends open (`headings.toml: title_open_ends`, or a dash, a comma)."""
    words = sorted({folded(w) for w in Lexicon.of("headings").words("title_open_ends")}, key=len)
    alternatives = "|".join(re.escape(w) for w in reversed(words))
    return re.compile(rf"(?:(?<![a-z0-9])(?:{alternatives})|[-–,'])\s*$")


def _continues(text: str, low: str, nl: int) -> bool:
    """Whether a title goes on after the line break at `nl`: its line ends open (a
    preposition, an article, a dash or a comma) or the next line starts in lower case; a
    blank line always ends it."""
    line_start = text.rfind("\n", 0, nl) + 1
    nxt = text[nl + 1 : nl + 2]
    if not nxt or nxt == "\n" or (nxt.isspace() and not text[nl + 1 : nl + 40].strip()):
        return False
    following = text[nl + 1 :].lstrip(" \t")[:1]
    if not following or following == "\n":
        return False
    if _open_end().search(low[line_start:nl]) or following.islower():
        return True
    # a title block closed by a blank line: its last line belongs to it unless the body
    # begins there ("Maison\nFrance Services\n\nVu le code ...")
    end = text.find("\n", nl + 1)
    if end < 0 or end - nl > 120 or text[end + 1 :].split("\n", 1)[0].strip():
        return False
    return _body_start(low, nl + 1, end) == end


def _subject_end(text: str, low: str, start: int) -> int:
    """Where a title ends: at a line break (in laid-out text), where the body begins
    (`headings.toml: subject_end`), at a decision's outcome, at the end of its first
    sentence, or where a sentence opens in flattened text; at most 400 characters on."""
    limit = min(len(text), start + 400)
    cut = limit
    nl = text.find("\n", start + 3, limit)
    while nl > 0 and _continues(text, low, nl):
        nl = text.find("\n", nl + 1, limit)  # "Soutien au fonctionnement du\nfablab": one title
    if nl > 0:
        cut = nl
    cut = _body_start(low, start + 3, cut)
    for m in Lexicon.of("counts").find(low, start + 3, cut):
        if re.match(r"\s*[:;]?\s*\d", low[m.end : m.end + 6]):  # "Nombre de conseillers : 64"
            cut = m.start
            break
    outcome = Lexicon.of("decisions").search("outcome", low, start + 3, cut)
    if outcome is not None:
        cut = outcome.start
    for rx in (_SENTENCE, _opener_re()):
        hit = rx.search(text, start + 8, cut)
        if hit:
            cut = hit.start() + (1 if rx is _SENTENCE else 0)
    return cut


def extract_theme(text: str, ev: Evidence) -> str | None:
    th = THEME_RE.search(text[:6000])
    if not th:
        return None
    ev.add_match("theme", th, "v")
    return squash(th.group("v"))


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
    (
        "minutes",
        re.compile(r"PROC[ÈE]S[\s–-]*VERBAL|COMPTE[\s-]*RENDU|\bC-?R\s+(?:du|sommaire)", re.I),
    ),
]


def doc_type_of(text: str, has_decision: bool, has_session: bool = True) -> str:
    """What the record is: minutes, a deliberation, a call for projects, an annex (no
    session of its own and no decision), other."""
    head = text[:600]
    for name, rx in DOC_TYPE_RES:
        if rx.search(head):
            if name == "call_for_projects" and re.search(r"\bDECIDE\b|d[ée]lib[ée]r", head):
                continue
            return name
    if has_decision:
        return "deliberation"
    if not has_session:
        return "annex"
    return "other"


def level_of_body(body: str | None) -> str | None:
    return BODY_LEVEL.get(body or "")


__all__ = [
    "SessionFacts",
    "doc_type_of",
    "extract_authority",
    "extract_body",
    "extract_legal_references",
    "extract_reference",
    "extract_session",
    "extract_subject",
    "extract_theme",
    "session_facts",
]
