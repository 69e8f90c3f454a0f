"""The authority named in the heading: its name ends where the name ends."""

from __future__ import annotations

import pytest

from extractors.common import Evidence
from extractors.header import extract_authority


@pytest.mark.parametrize(
    ("head", "name"),
    [
        # a weekday or a month follows the place's name, it never ends it
        (
            "PROCES-VERBAL DU CONSEIL MUNICIPAL DE LA COMMUNE DE SAINT-AY LUNDI 16 JANVIER 2023",
            "Commune de Saint-Ay",
        ),
        ("COMMUNE DE SAINT-AY\nLundi 16 janvier 2023", "Commune de Saint-Ay"),
        ("Commune de Mars-la-Tour - Séance du 3 mars 2023", "Commune de Mars-la-Tour"),
        # a spaced dash inside a name, as printed, flattened, or glued to the next word
        (
            "la Communauté de Communes Ecueillé – Valençay se sont réunis",
            "Communauté de Communes Ecueillé-Valençay",
        ),
        (
            "la Communauté de Communes Ecueillé - Valençay se sont réunis",
            "Communauté de Communes Ecueillé-Valençay",
        ),
        (
            "COMMUNAUTÉ DE COMMUNES ECUEILLÉ-VALENÇAY\nConseil communautaire",
            "COMMUNAUTÉ DE COMMUNES ECUEILLÉ-VALENÇAY",
        ),
    ],
)
def test_authority_name_ends_where_the_name_ends(head: str, name: str) -> None:
    assert extract_authority(head, Evidence()).name == name


def test_a_beneficiary_in_a_table_is_not_the_author() -> None:
    head = (
        "DELIBERATION DE LA COMMISSION PERMANENTE du 3 mars 2023\n"
        "Objet : aide aux communes\n| Commune de Lannion | 12 500 € |\n"
    )
    assert extract_authority(head, Evidence()).name is None
    # the same words in the heading, outside any table, name the author
    assert extract_authority("Commune de Lannion\n" + head, Evidence()).name == (
        "Commune de Lannion"
    )


@pytest.mark.parametrize(
    ("head", "name"),
    [
        ("DÉPARTEMENT DES CÔTES-D'ARMOR\nCONSEIL DÉPARTEMENTAL", "Département des Côtes-d'Armor"),
        ("COMMUNE DE L'HAŸ-LES-ROSES\nSéance du 3 mars", "Commune de L'Haÿ-les-Roses"),
        ("DÉPARTEMENT DU VAL-D'OISE\nCommission permanente", "Département du Val-d'Oise"),
    ],
)
def test_names_in_capitals_keep_their_elided_articles(head: str, name: str) -> None:
    assert extract_authority(head, Evidence()).name == name


@pytest.mark.parametrize(
    ("item", "subject"),
    [
        ("Objet : Monsieur\nLe conseil municipal approuve.", None),
        ("Objet : Madame VACQUIE S\nLe conseil municipal approuve.", None),
        ("Objet : Par ailleurs\nLe conseil municipal approuve.", None),
        (
            "Objet : ==================== Tarifs de la cantine\nLe conseil approuve.",
            "Tarifs de la cantine",
        ),
        # "Monsieur le Maire présente ..." opens the body: no title printed, null (it was
        # "Monsieur")
        ("Objet : Monsieur le Maire présente le budget primitif\nLe conseil approuve.", None),
    ],
)
def test_what_is_not_a_title(item: str, subject: str | None) -> None:
    from extractors.header import extract_subject

    assert extract_subject(item, Evidence()) == subject
