"""Arrivals and departures during a session, and the attendance in force for each deliberation.

Minutes record them in several ways: inline events ("Arrivée en séance de M. Philippe
KOCHER – abrogation du pouvoir donné à M. Bruno TAILLANDIER", "M. Jean-François CLO quitte la
séance", "Départ de Mario Volanti en cours de séance"), a member listed as present with a note
("M. Philippe KOCHER (arrivé en séance à 17h55 ...; en son absence, avait donné pouvoir à
...)"), counts that change ("27 puis 28 conseillers ... présents", "5 puis 4 ... avaient
donné pouvoir"), or counts per range of items ("Questions 1 à 10 : 32 présents").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from extractors.names import PersonIndex, parse_person
from schemas.records import Attendance, Person, Proxy

_CIV = r"(?:Monsieur|Madame|M\.|Mme)"
_NAME = rf"{_CIV}\s+[A-ZÉÈ][\w'-]*(?:\s+[A-ZÉÈ][\w'-]*){{0,3}}"
ARRIVAL_RES = [
    re.compile(rf"Arriv[ée]e\s+(?:en\s+s[ée]ance\s+)?de\s+(?P<name>{_NAME})"),
    re.compile(
        rf"(?P<name>{_NAME})\s+(?:arrive|rejoint)\s+(?:en\s+s[ée]ance|la\s+s[ée]ance|l'assembl[ée]e)"
    ),
]
DEPARTURE_RES = [
    re.compile(
        rf"D[ée]part\s+de\s+(?P<name>(?:{_CIV}\s+)?[A-ZÉÈ][\w'-]*(?:\s+[A-ZÉÈ][\w'-]*){{0,3}})"
    ),
    re.compile(
        rf"(?P<name>{_NAME})\s+(?:quitte|se\s+retire\s+de)\s+(?:la\s+s[ée]ance|la\s+salle)"
        rf"(?:[^.]{{0,80}}?pouvoir\s+à\s+(?P<holder>{_NAME}))?"
    ),
]
LATE_NOTE = re.compile(rf"(?P<name>{_NAME})\s*\(\s*arriv[ée]e?\b")
THEN_COUNTS = re.compile(
    r"(?P<a>\d+)\s+puis\s+(?P<b>\d+)\s+(?:conseillers|d[ée]l[ée]gu[ée]s|membres|[ée]lus)[^:]{0,60}?"
    r"(?P<what>pr[ée]sents|donn[ée]\s+pouvoir)",
    re.I,
)
RANGE_COUNTS = re.compile(
    r"(?:Questions?|Points?|Dossiers?|D[ée]lib[ée]rations?|Affaires?)\s+(?:n°\s*)?(?P<lo>\d+)\s+[àa]\s+(?:n°\s*)?(?P<hi>\d+)"
    r"\s*:\s*(?P<n>\d+)\s+pr[ée]sents",
    re.I,
)


@dataclass(frozen=True)
class Movement:
    kind: Literal["arrival", "departure"]
    person: Person
    position: int
    holder: Person | None = None


@dataclass(frozen=True)
class Movements:
    events: tuple[Movement, ...]
    late: tuple[Person, ...]  # listed as present, but arrived after the start
    present_counts: tuple[int, int] | None  # "27 puis 28"
    proxy_counts: tuple[int, int] | None  # "5 puis 4"
    ranges: tuple[tuple[int, int, int], ...]  # (first item, last item, present)

    def __bool__(self) -> bool:
        return bool(
            self.events or self.late or self.present_counts or self.proxy_counts or self.ranges
        )


def extract_movements(text: str, preamble_end: int) -> Movements:
    events: list[Movement] = []
    kinds: tuple[tuple[Literal["arrival", "departure"], list[re.Pattern[str]]], ...] = (
        ("arrival", ARRIVAL_RES),
        ("departure", DEPARTURE_RES),
    )
    for kind, regexes in kinds:
        for rx in regexes:
            for m in rx.finditer(text, preamble_end):
                holder = m.groupdict().get("holder")
                events.append(
                    Movement(
                        kind,
                        parse_person(m.group("name")),
                        m.start(),
                        parse_person(holder) if holder else None,
                    )
                )
    events.sort(key=lambda e: e.position)
    late = tuple(parse_person(m.group("name")) for m in LATE_NOTE.finditer(text, 0, preamble_end))
    present_counts = proxy_counts = None
    for m in THEN_COUNTS.finditer(text, 0, preamble_end):
        pair = (int(m.group("a")), int(m.group("b")))
        if m.group("what").lower().startswith("pr"):
            present_counts = present_counts or pair
        else:
            proxy_counts = proxy_counts or pair
    ranges = tuple((int(m["lo"]), int(m["hi"]), int(m["n"])) for m in RANGE_COUNTS.finditer(text))
    return Movements(tuple(events), late, present_counts, proxy_counts, ranges)


def attendance_at(
    session: Attendance, moves: Movements, position: int, item: int | None
) -> Attendance:
    """The attendance in force for the deliberation starting at `position` (item number
    `item` when known): the session's, with the arrivals and departures before it applied."""
    if not moves:
        return session
    before = [e for e in moves.events if e.position < position]
    arrived = PersonIndex([e.person for e in before if e.kind == "arrival"])
    departed = [e for e in before if e.kind == "departure"]
    gone = PersonIndex([e.person for e in departed])
    not_yet = [p for p in moves.late if p not in arrived]
    waiting = PersonIndex(not_yet)
    present = [p for p in session.present if p not in waiting and p not in gone]
    listed = PersonIndex(present)
    present += [
        e.person
        for e in before
        if e.kind == "arrival" and e.person not in listed and e.person not in gone
    ]
    proxies = [pr for pr in session.proxies if pr.giver not in arrived or pr.giver in waiting]
    proxies += [Proxy(giver=e.person, holder=e.holder) for e in departed if e.holder is not None]
    holders = PersonIndex([pr.giver for pr in proxies])
    absent = list(session.absent) + [e.person for e in departed if e.person not in holders]
    update: dict[str, object] = {"present": present, "proxies": proxies, "absent": absent}
    changed = bool(before)
    if moves.present_counts:
        update["present_count"] = moves.present_counts[1 if changed else 0]
    if moves.proxy_counts:
        update["proxy_count"] = moves.proxy_counts[1 if changed else 0]
    for lo, hi, n in moves.ranges:
        if item is not None and lo <= item <= hi:
            update["present_count"] = n
    return session.model_copy(update=update)
