"""Facts of one mini-deliberation (who, where, when) and how a person's name is printed."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from typing import Any

from . import names
from .frtext import strip_accents

Block = dict[str, Any]


@dataclass(frozen=True)
class Variant:
    """One rendering of a deliberation: its text, the facts judged, how it was laid out."""

    family: str  # "attendance" | "vote" | "preamble" | "beneficiaries"
    id: str  # readable and stable: "attendance-07-flat-last_first"
    text: str  # a complete short deliberation document
    expected: dict[str, Any]  # record fields of tests/expectations/README.md, this family only
    layout: str  # "lines" | "wrapped" | "flat" | "table" | "markdown" | "tsv" | "margin" ...
    pdf_blocks: list[Block] | None = None  # paragraphs and tables for render_pdf()


@dataclass(frozen=True)
class Person:
    """A council member (or a staff member attending)."""

    first: str
    last: str  # mixed case as stored: "Le Gall", "de La Tour"
    female: bool
    commune: str = ""

    def agree(self, masculine: str, feminine: str) -> str:
        """Pick the word agreeing with the person's gender ("représenté" / "représentée")."""
        return feminine if self.female else masculine

    @property
    def civ(self) -> str:
        return "Mme" if self.female else "M."

    @property
    def civ_long(self) -> str:
        return "Madame" if self.female else "Monsieur"

    @property
    def initials(self) -> str:
        """'Jean-Pierre' -> 'J.-P.', 'Claire' -> 'C.'."""
        return "-".join(part[0] + "." for part in self.first.split("-"))


# How a name is printed: key -> description (see format_name)
NAME_FORMATS: dict[str, str] = {
    "first_LAST": "Jean-Pierre LE GALL",
    "LAST_first": "LE GALL Jean-Pierre",
    "civ_LAST": "M. LE GALL",
    "civ_first_LAST": "M. Jean-Pierre LE GALL",
    "civlong_first_LAST": "Monsieur Jean-Pierre LE GALL",
    "civ_LAST_first": "M. LE GALL Jean-Pierre",
    "LAST_init": "LE GALL J.-P.",
    "civ_LAST_init": "M. LE GALL J.-P.",
    "init_LAST": "J.-P. LE GALL",
    "LAST": "LE GALL",
    "first_Last": "Jean-Pierre Le Gall",
    "civ_Last": "M. Le Gall",
    "Last_first": "Le Gall Jean-Pierre",
    "Last": "Le Gall",
    "first": "Jean-Pierre",
    "M_LAST": "M LE GALL (no dot after M)",
    "first_LAST_commune": "Jean-Pierre LE GALL (Plougonven)",
}


def format_name(p: Person, fmt: str, *, noaccent: bool = False) -> tuple[str, str]:
    """Print ``p`` in format ``fmt``; return (printed text, surname as printed)."""
    up = p.last.upper()
    last = p.last
    match fmt:
        case "first_LAST":
            printed, sur = f"{p.first} {up}", up
        case "LAST_first":
            printed, sur = f"{up} {p.first}", up
        case "civ_LAST":
            printed, sur = f"{p.civ} {up}", up
        case "civ_first_LAST":
            printed, sur = f"{p.civ} {p.first} {up}", up
        case "civlong_first_LAST":
            printed, sur = f"{p.civ_long} {p.first} {up}", up
        case "civ_LAST_first":
            printed, sur = f"{p.civ} {up} {p.first}", up
        case "LAST_init":
            printed, sur = f"{up} {p.initials}", up
        case "civ_LAST_init":
            printed, sur = f"{p.civ} {up} {p.initials}", up
        case "init_LAST":
            printed, sur = f"{p.initials} {up}", up
        case "LAST":
            printed, sur = up, up
        case "first_Last":
            printed, sur = f"{p.first} {last}", last
        case "civ_Last":
            printed, sur = f"{p.civ} {last}", last
        case "Last_first":
            printed, sur = f"{last} {p.first}", last
        case "Last":
            printed, sur = last, last
        case "first":
            printed, sur = p.first, p.first
        case "M_LAST":
            printed, sur = f"{p.civ.rstrip('.')} {up}", up
        case "first_LAST_commune":
            printed, sur = f"{p.first} {up} ({p.commune})", up
        case _:
            raise ValueError(fmt)
    if noaccent:
        printed, sur = strip_accents(printed), strip_accents(sur)
    return printed, sur


@dataclass(frozen=True)
class Authority:
    """The local authority whose register the deliberation comes from."""

    level: str  # commune | epci | departement | region
    name: str  # "Commune de Saint-Martin-des-Champs"
    short: str  # "Saint-Martin-des-Champs"
    of_short: str  # "de Saint-Martin-des-Champs", "du Faouët"
    body: str  # "Conseil municipal"
    chair_title: str  # "Maire", "Président"
    town: str  # where the act is signed
    dept: str
    dept_of: str  # "du Finistère"
    dept_code: str  # "029"
    siren: str
    member_communes: tuple[str, ...]
    place: str  # where the council sits

    @property
    def of_body(self) -> str:
        """'du Conseil municipal', 'de la Commission permanente'."""
        return ("de la " if self.body.startswith("Commission") else "du ") + self.body

    @property
    def at_town(self) -> str:
        """'à Saint-Ay', 'au Haillan', 'aux Herbiers'."""
        if self.town.startswith("Le "):
            return "au " + self.town[3:]
        if self.town.startswith("Les "):
            return "aux " + self.town[4:]
        return "à " + self.town

    @property
    def body_article(self) -> str:
        """'le Conseil municipal', 'la Commission permanente'."""
        return ("la " if self.body.startswith("Commission") else "le ") + self.body


def of_place(name: str) -> str:
    """'Le Faouët' -> 'du Faouët', 'Les Herbiers' -> 'des Herbiers', 'Épernon' -> "d'Épernon"."""
    if name.startswith("Le "):
        return "du " + name[3:]
    if name.startswith("Les "):
        return "des " + name[4:]
    if strip_accents(name[0]) in "AEIOUY":
        return "d'" + name
    return "de " + name


def _digits(rng: random.Random, n: int) -> str:
    return "".join(str(rng.randrange(10)) for _ in range(n))


def make_authority(rng: random.Random, level: str = "commune") -> Authority:
    """Draw a realistic authority of one level."""
    if level == "commune":
        commune, di = rng.choice(names.COMMUNES)
        dept, dept_of, code, _seat = names.DEPARTEMENTS[di]
        place = rng.choice(
            ("à la mairie", "en mairie", "salle du conseil municipal", "à la salle des fêtes")
        )
        return Authority(
            level, f"Commune {of_place(commune)}", commune, of_place(commune), "Conseil municipal",
            "Maire", commune, dept, dept_of, code, "21" + code[1:] + _digits(rng, 5),
            (commune,), place,
        )  # fmt: skip
    if level == "epci":
        epci, seat, di, members = rng.choice(names.EPCIS)
        dept, dept_of, code, _seat = names.DEPARTEMENTS[di]
        place = rng.choice(("au siège communautaire", f"à la salle polyvalente de {seat}"))
        return Authority(
            "epci", epci, seat, "de la " + epci, "Conseil communautaire", "Président", seat,
            dept, dept_of, code, "200" + _digits(rng, 6), members, place,
        )  # fmt: skip
    if level == "departement":
        dept, dept_of, code, seat = rng.choice(names.DEPARTEMENTS)
        communes = tuple(c for c, i in names.COMMUNES if names.DEPARTEMENTS[i][0] == dept)
        return Authority(
            "departement", f"Département {dept_of}", dept, "du Conseil départemental " + dept_of, "Commission permanente",
            "Président", seat, dept, dept_of, code, "22" + code[1:] + "00014",
            communes, "à l'Hôtel du Département",
        )  # fmt: skip
    region, town, code = rng.choice(names.REGIONS)
    short = region.removeprefix("Région ")
    return Authority(
        "region", region, short, "du Conseil régional " + short, "Commission permanente", "Président",
        town, short, "de la région " + short, code, "23" + _digits(rng, 7), (town,),
        "à l'Hôtel de Région",
    )  # fmt: skip


@dataclass
class Meeting:
    """The facts of one session and one act: members, attendance, dates, references."""

    authority: Authority
    members: list[Person]  # printed order; the chair first
    present: list[Person]
    absent: list[Person]  # absent without proxy
    proxies: list[tuple[Person, Person]]  # (giver, holder)
    secretary: Person
    date: dt.date
    time: dt.time
    convened: dt.date
    signed: dt.date
    sent: dt.date
    published: dt.date
    number: int
    staff: Person
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def chair(self) -> Person:
        return self.members[0]

    @property
    def chair_title(self) -> str:
        """'Maire', 'Président' or 'Présidente'."""
        title = self.authority.chair_title
        return "Présidente" if title == "Président" and self.chair.female else title

    @property
    def voters(self) -> int:
        return len(self.present) + len(self.proxies)

    @property
    def givers(self) -> list[Person]:
        return [g for g, _ in self.proxies]

    def holders_set(self) -> set[Person]:
        """Members holding a proxy."""
        return {h for _, h in self.proxies}

    @property
    def reference(self) -> str:
        return f"{self.date.year}-{self.number:03d}"

    @property
    def actes_id(self) -> str:
        a = self.authority
        return (
            f"{a.dept_code}-{a.siren}-{self.date:%Y%m%d}-DEL{self.date.year}_{self.number:03d}-DE"
        )


SIZES = {"commune": (11, 15, 19, 23, 27), "epci": (24, 28, 32), "departement": (18, 22, 26)}
SIZES["region"] = SIZES["departement"]


HOLIDAYS = ((1, 1), (5, 1), (5, 8), (7, 14), (8, 15), (11, 1), (11, 11), (12, 25))


def working_day(d: dt.date) -> bool:
    """Monday to Friday, not a fixed public holiday."""
    return d.weekday() < 5 and (d.month, d.day) not in HOLIDAYS


def _session_date(rng: random.Random, *, day1: bool) -> dt.date:
    while True:
        d = dt.date(rng.randint(2019, 2025), rng.randint(1, 12), 1 if day1 else rng.randint(1, 28))
        if working_day(d) and (day1 or d.day > 1):
            return d


def _session_time(rng: random.Random, level: str) -> dt.time:
    if level in ("departement", "region"):
        return rng.choice((dt.time(9, 0), dt.time(9, 30), dt.time(10, 0), dt.time(14, 30)))
    if level == "epci":
        return rng.choice((dt.time(17, 30), dt.time(18, 0), dt.time(18, 30), dt.time(19, 0)))
    return rng.choice(
        (dt.time(18, 0), dt.time(18, 30), dt.time(19, 0), dt.time(19, 30), dt.time(20, 0),
         dt.time(20, 15), dt.time(20, 30), dt.time(18, 45))
    )  # fmt: skip


def make_meeting(
    rng: random.Random,
    *,
    level: str = "commune",
    n_members: int | None = None,
    n_proxies: int | None = None,
    n_absent: int | None = None,
    day1: bool = False,
    homonym: bool = False,
) -> Meeting:
    """Draw a consistent meeting: members, who is present, absent, represented, the dates."""
    authority = make_authority(rng, level)
    n = n_members or rng.choice(SIZES[level])
    surnames = rng.sample(names.SURNAMES, n + 1)
    females = rng.sample(names.FEMALE_FIRST, len(names.FEMALE_FIRST))
    males = rng.sample(names.MALE_FIRST, len(names.MALE_FIRST))
    people: list[Person] = []
    for last in surnames:
        female = rng.random() < 0.5
        first = (females if female else males).pop()
        people.append(Person(first, last, female, rng.choice(authority.member_communes)))
    staff = people.pop()
    staff = Person(staff.first, staff.last, staff.female, authority.short)
    if homonym:  # two members sharing a surname (different first names)
        twin = people[-1]
        people[-2] = Person(people[-2].first, twin.last, people[-2].female, people[-2].commune)
    members = people
    chair = members[0]
    others = members[1:]
    n_prox = rng.randint(0, 3) if n_proxies is None else n_proxies
    n_abs = rng.randint(0, 2) if n_absent is None else n_absent
    off = rng.sample(others, n_prox + n_abs)
    givers, absent = off[:n_prox], off[n_prox:]
    present = [p for p in members if p not in off]
    holders = rng.sample(present, n_prox)
    proxies = list(zip(givers, holders, strict=True))
    secretary = rng.choice([p for p in present if p is not chair] or present)
    date = _session_date(rng, day1=day1)
    convened = date - dt.timedelta(days=rng.randint(3, 10))
    signed = date + dt.timedelta(days=rng.choice((0, 0, 1, 2, 3)))
    sent = signed + dt.timedelta(days=rng.randint(0, 5))
    while not working_day(sent):
        sent += dt.timedelta(days=1)
    published = sent + dt.timedelta(days=rng.choice((0, 0, 1, 2)))
    # printed order of the lists is the members' order
    absent.sort(key=members.index)
    proxies.sort(key=lambda gh: members.index(gh[0]))
    return Meeting(
        authority, members, present, absent, proxies, secretary, date,
        _session_time(rng, level), convened, signed, sent, published, rng.randint(1, 98), staff,
    )  # fmt: skip
