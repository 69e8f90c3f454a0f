"""Names as deliberations write them, linked to the official territorial reference."""

from __future__ import annotations

import pytest

from pipeline.territory import link

CASES = {
    # seed 000: the three intercommunalities of the tiers-lieux aid (2019: 2021 EPCI map)
    "seed000_noyonnais": (
        "Communauté de Communes du Pays Noyonnais",
        "epci",
        "2019-11-26",
        ("246000756", "60", "32", "matched", 1.0),
    ),
    "seed000_grand_soissons_glued": (
        "Communauté d'Agglomération du Grand Soissons",
        "epci",
        "2019-11-26",
        ("240200477", "02", "32", "matched", 1.0),
    ),
    # "Pays" written in the deliberation, not in the official "CC du Clermontois" (not "CC du Clermontais", 34)
    "seed000_clermontois_pays": (
        "Communauté de Communes du Pays Clermontois",
        "epci",
        "2019-11-26",
        ("246000376", "60", "32", "matched", 0.95),
    ),
    "realdoc23_pays_de_gex": (
        "Communauté d'agglomération du Pays de Gex",
        "epci",
        "2022-06-15",
        ("240100750", "01", "84", "matched", 1.0),
    ),
    "issue_commune_de": (
        "Commune de Saint-Dizier",
        "commune",
        None,
        ("215203233", "52", "44", "matched", 1.0),
    ),
    "issue_ville_de": (
        "Ville de Lannion",
        "commune",
        None,
        ("212201131", "22", "53", "matched", 1.0),
    ),
    # twelve communes are named Sainte-Colombe: ambiguous, never guessed
    "homonym_communes": (
        "Commune de Sainte-Colombe",
        "commune",
        None,
        (None, None, None, "ambiguous", 1.0),
    ),
    "unknown_commune": (
        "Commune de Saint-Exemple",
        "commune",
        None,
        (None, None, None, "unmatched", 0.0),
    ),
}


@pytest.mark.parametrize("name,kind,date,expected", CASES.values(), ids=CASES.keys())
def test_link(name: str, kind: str, date: str | None, expected: tuple[object, ...]) -> None:
    m = link(name, kind, date)
    got = (
        m.place.siren if m.place else None,
        m.place.departement if m.place else None,
        m.place.region if m.place else None,
        m.status,
        m.score,
    )
    assert got == expected, m.note


def test_the_reference_is_rebuilt_identically(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from pathlib import Path

    from pipeline.territory import REFERENCE
    from pipeline.territory_build import build

    src = Path(__file__).resolve().parents[2] / "shared" / "reference" / "territory"
    if not src.exists():
        pytest.skip(f"the published territorial files are not at {src}")
    build(src, tmp_path)
    for f in REFERENCE.glob("*.csv"):
        assert (tmp_path / f.name).read_bytes() == f.read_bytes(), f.name
