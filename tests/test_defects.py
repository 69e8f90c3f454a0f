"""Documents written for the tests, each with one defect an auditor must see."""

from __future__ import annotations

import pytest

from pipeline.extract import extract_document
from pipeline.settings import Settings
from pipeline.sources import decode_document
from tests.conftest import SEEDS

HEAD = """PROCES-VERBAL DU CONSEIL MUNICIPAL DU {date_words}
L'an deux mille vingt, le conseil municipal de la commune de Saint-Exemple s'est réuni le {date_words}.
En exercice : 15 Présents : {n_present} Votants : {voters}
Présents : {present}.
Pouvoirs : {proxies}
"""
MEMBERS = [
    "M. Jean DUPONT",
    "Mme Anne MARTIN",
    "M. Paul DURAND",
    "Mme Léa PETIT",
    "M. Marc ROUX",
    "Mme Eve BLANC",
    "M. Luc NOIR",
    "Mme Ida GRIS",
    "M. Noé VERT",
    "Mme Zoé ROSE",
]


def minutes(date_words: str, present: list[str], proxies: list[tuple[str, str]], vote: str) -> str:
    return (
        HEAD.format(
            date_words=date_words,
            n_present=len(present),
            voters=len(present) + len(proxies),
            present=", ".join(present),
            proxies=", ".join(f"{g} donne pouvoir à {h}" for g, h in proxies),
        )
        + "\n"
        + vote
        + "\n"
    )


TWO_PROXIES = [("Mme Alice BRUN", "M. Jean DUPONT"), ("M. Hugo VIOLET", "M. Jean DUPONT")]
CEILING = (
    (SEEDS / "000_fe87c6e5f2330ba2.txt")
    .read_text(encoding="utf-8")
    .replace("270 000,00 €", "330 000,00 €")
    .replace("2023 45 000,00 €", "2023 105 000,00 €")
    .replace("Le montant global est de 270 000 €", "Le montant global est de 330 000 €")
)

DEFECTS = {
    # common law (2020-11-14): one proxy per member (CGCT L2121-20)
    "double_proxy_before_derogation": (
        minutes("14 novembre 2020", MEMBERS, TWO_PROXIES, "Pour : 12 Contre : 0 Abstention : 0"),
        "proxy_limit",
        "fail",
    ),
    # the next day the COVID-19 derogation allows two
    "double_proxy_during_derogation": (
        minutes("15 novembre 2020", MEMBERS, TWO_PROXIES, "Pour : 12 Contre : 0 Abstention : 0"),
        "proxy_limit",
        "pass",
    ),
    "holder_absent": (
        minutes(
            "3 mars 2023",
            MEMBERS,
            [("Mme Alice BRUN", "M. Hugo VIOLET")],
            "Pour : 11 Contre : 0 Abstention : 0",
        ),
        "proxy_holder_present",
        "fail",
    ),
    "giver_present": (
        minutes(
            "3 mars 2023",
            MEMBERS,
            [("Mme Anne MARTIN", "M. Jean DUPONT")],
            "Pour : 11 Contre : 0 Abstention : 0",
        ),
        "proxy_giver_absent",
        "fail",
    ),
    "quorum_missed": (
        minutes("3 mars 2023", MEMBERS[:6], [], "Pour : 6 Contre : 0 Abstention : 0"),
        "quorum",
        "fail",
    ),
    "unanimity_with_votes_against": (
        minutes(
            "3 mars 2023", MEMBERS, [], "Pour : 8 Contre : 2 Abstention : 0\nAdopté à l'unanimité."
        ),
        "unanimity",
        "fail",
    ),
    "ceiling_exceeded": (CEILING, "scheme_ceiling", "fail"),
}


@pytest.mark.parametrize("name", sorted(DEFECTS), ids=sorted(DEFECTS))
def test_defect_is_found(name: str) -> None:
    text, check, status = DEFECTS[name]
    doc = decode_document(f"{name}.txt", text.encode(), ".txt", Settings())
    (x,) = extract_document(doc)
    found = [f for f in x.record.findings if f.check == check]
    assert found and found[0].status == status, [(f.status, f.message) for f in found]
    others = [f for f in x.record.findings if f.status == "fail" and f.check != check]
    assert others == [], [(f.check, f.message) for f in others]
