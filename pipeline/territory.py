"""Link beneficiaries to the official territorial reference (`data/reference/`, built by
`python -m pipeline.territory_build`): SIREN, département and région, with a match score.

Names as written ("Communauté de Communes du Pays Noyonnais", "Communauté d'Agglomération du
Grand Soissons") rarely equal the official ones ("CC du Pays Noyonnais", "CA GrandSoissons
Agglomération"): both are reduced to their distinctive words (kind words, articles and
case, accents, spaces dropped), compared exactly, then fuzzily (at least `THRESHOLD`, and
no other candidate within `MARGIN`). The EPCI map in force at the document's date is used
(2021, 2023 or 2026 vintage). An unmatched or ambiguous name stays unmatched: never guessed.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache
from pathlib import Path

from extractors.common import fold

REFERENCE = Path(__file__).resolve().parent.parent / "data" / "reference"
THRESHOLD = 0.9
MARGIN = 0.05
GENERIC = {
    "COMMUNAUTE",
    "COMMUNES",
    "COMMUNE",
    "AGGLOMERATION",
    "AGGLO",
    "URBAINE",
    "METROPOLE",
    "CC",
    "CA",
    "CU",
    "DE",
    "DU",
    "DES",
    "LA",
    "LE",
    "LES",
    "L",
    "D",
    "ET",
    "EN",
    "SUR",
    "VILLE",
    "MAIRIE",
}


@dataclass(frozen=True)
class Place:
    siren: str
    name: str
    departement: str
    region: str


@dataclass(frozen=True)
class Match:
    place: Place | None
    score: float
    status: str  # "matched", "unmatched", "ambiguous"
    note: str


_NOT_WORD = re.compile(r"[^A-Z0-9]+")


def core(name: str, drop: frozenset[str] = frozenset()) -> str:
    """Distinctive part of a name: 'Communauté de Communes du Pays Noyonnais' -> 'PAYSNOYONNAIS'."""
    words = _NOT_WORD.split(fold(name))
    return "".join(w for w in words if w and w not in GENERIC and w not in drop)


#: "Pays" is part of some official names and missing from others ("CC du Clermontois" is
#: written "Communauté de Communes du Pays Clermontois"): a second, looser key drops it
LOOSE = frozenset({"PAYS"})


@lru_cache(maxsize=8)
def _places(kind: str, vintage: str) -> dict[str, list[Place]]:
    path = REFERENCE / (f"epci_{vintage}.csv" if kind == "epci" else "communes.csv")
    by_core: dict[str, list[Place]] = {}
    with path.open(encoding="utf-8", newline="") as fh:
        rows = csv.reader(fh)
        header = next(rows)
        siren, nom, dep, reg = (header.index(c) for c in ("siren", "nom", "departement", "region"))
        for row in rows:
            place = Place(row[siren], row[nom], row[dep], row[reg])
            by_core.setdefault(core(row[nom]), []).append(place)
    return by_core


@lru_cache(maxsize=8)
def _loose(kind: str, vintage: str) -> dict[str, list[Place]]:
    by_core: dict[str, list[Place]] = {}
    for places in _places(kind, vintage).values():
        for place in places:
            by_core.setdefault(core(place.name, LOOSE), []).append(place)
    return by_core


def vintage_for(date: str | None) -> str:
    year = int(date[:4]) if date else 9999
    return "2021" if year <= 2022 else "2023" if year <= 2025 else "2026"


def link(name: str, kind: str, date: str | None) -> Match:
    """Link one name (the same name in many documents is matched once per map vintage)."""
    return _link(name, kind, vintage_for(date) if kind == "epci" else "")


@lru_cache(maxsize=65536)
def _link(name: str, kind: str, vintage: str) -> Match:
    if kind not in ("epci", "commune"):
        return Match(None, 0.0, "unmatched", f"no reference for kind {kind}")
    places = _places(kind, vintage)
    key = core(name)
    exact = places.get(key, [])
    if len(exact) == 1:
        return Match(exact[0], 1.0, "matched", "exact on the distinctive words")
    if len(exact) > 1:
        return Match(
            None,
            1.0,
            "ambiguous",
            f"{len(exact)} {kind}s named so: " + ", ".join(p.siren for p in exact[:5]),
        )
    if kind == "commune":
        return Match(None, 0.0, "unmatched", "no commune of that name")
    loose = _loose(kind, vintage).get(core(name, LOOSE), [])
    if len(loose) == 1:
        return Match(loose[0], 0.95, "matched", "exact once 'Pays' is set aside")
    scored = sorted(((SequenceMatcher(None, key, k).ratio(), k) for k in places), reverse=True)[:2]
    best, best_key = scored[0]
    if best < THRESHOLD:
        return Match(
            None,
            round(best, 3),
            "unmatched",
            f"best candidate {places[best_key][0].name} scores {best:.2f} < {THRESHOLD}",
        )
    if len(scored) > 1 and best - scored[1][0] < MARGIN:
        return Match(
            None,
            round(best, 3),
            "ambiguous",
            f"{places[best_key][0].name} and {places[scored[1][1]][0].name} score alike",
        )
    return Match(
        places[best_key][0],
        round(best, 3),
        "matched",
        f"fuzzy on the distinctive words ({best:.2f})",
    )


@dataclass(frozen=True)
class Identity:
    """Who a SIREN is, as the reference names it."""

    name: str
    level: str  # "commune", "epci"
    place: Place


@lru_cache(maxsize=4)
def _by_siren(vintage: str) -> dict[str, Identity]:
    out: dict[str, Identity] = {}
    # the communes as `_places` read them (each SIREN is one commune's): read once
    for places in _places("commune", "").values():
        for place in places:
            if place.siren:
                out[place.siren] = Identity(f"Commune de {place.name}", "commune", place)
    with (REFERENCE / f"epci_{vintage}.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            place = Place(row["siren"], row["nom"], row["departement"], row["region"])
            out[row["siren"]] = Identity(_epci_name(row["nom"], row["type"]), "epci", place)
    return out


_EPCI_KINDS = {
    "CC": "Communauté de communes",
    "CA": "Communauté d'agglomération",
    "CU": "Communauté urbaine",
    "METRO": "Métropole",
    "MET69": "Métropole",
    "EPT": "Établissement public territorial",
}


def _epci_name(name: str, kind: str) -> str:
    """ "CC du Pays Noyonnais" -> "Communauté de communes du Pays Noyonnais"."""
    short = re.match(r"^(CC|CA|CU)\s+", name)
    if short and kind in _EPCI_KINDS:
        return f"{_EPCI_KINDS[kind]} {name[short.end() :]}"
    return name


def by_siren(siren: str, date: str | None = None) -> Identity | None:
    """The commune or EPCI of a SIREN in the reference (the EPCI map of the date)."""
    return _by_siren(vintage_for(date)).get(siren)


_LIAISON = {"0": "de ", "1": "d'", "2": "du ", "3": "de la ", "4": "des ", "5": "de l'"}


@lru_cache(maxsize=1)
def _departements() -> dict[str, tuple[str, str, str]]:
    with (REFERENCE / "departements.csv").open(encoding="utf-8") as fh:
        return {
            r["code"]: (r["nom"], r["region"], r.get("liaison", "")) for r in csv.DictReader(fh)
        }


@lru_cache(maxsize=2)
def names(kind: str) -> dict[str, str]:
    """Official names by code: `kind` "region" or "departement" ("32" -> "Hauts-de-France")."""
    if kind == "departement":
        return {code: nom for code, (nom, _r, _l) in _departements().items()}
    with (REFERENCE / "regions.csv").open(encoding="utf-8") as fh:
        return {r["code"]: r["nom"] for r in csv.DictReader(fh)}


def departement_by_siren(siren: str, text: str) -> Identity | None:
    """A département council's SIREN ("22" and the département's code: 229300082 for the
    Seine-Saint-Denis), named only when the document names that département too: two
    independent statements, never the number alone."""
    if not siren.startswith("22"):
        return None
    deps = _departements()
    code = siren[2:5] if siren[2:4] == "97" else siren[2:4]
    if code not in deps:
        return None
    name, region, liaison = deps[code]
    words = [w for w in re.split(r"[^A-Z0-9]+", fold(name)) if w]
    said = re.compile(r"(?<![A-Z0-9])" + r"[^A-Z0-9]*".join(words) + r"(?![A-Z0-9])")
    if not said.search(fold(text)):
        return None  # "Seine-Saint-Denis", or "seinesaintdenis.fr" in its address
    full = f"Département {_LIAISON.get(liaison, 'de ')}{name}"
    return Identity(full, "departement", Place(siren, name, code, region))
