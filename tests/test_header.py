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


# --- the authority's name, in every surface form a heading prints it in -------------------

#: (the name as the project gives it, the words after "Commune" / "Ville" / "Mairie" as a
#: heading prints them): an article, a contracted article, an elided one, a plain name, a
#: compound, a saint
COMMUNES = [
    ("La Rochelle", "de La Rochelle"),
    ("Le Havre", "du Havre"),
    ("Le Havre", "de Le Havre"),
    ("Le Pouliguen", "du Pouliguen"),
    ("Les Abymes", "des Abymes"),
    ("Les Abymes", "de Les Abymes"),
    ("L'Haÿ-les-Roses", "de L'Haÿ-les-Roses"),
    ("Angers", "d'Angers"),
    ("Évreux", "d'Évreux"),
    ("Pluvigner", "de Pluvigner"),
    ("Mars-la-Tour", "de Mars-la-Tour"),
    ("Saint-Jean-de-Védas", "de Saint-Jean-de-Védas"),
    ("Saint-Ay", "de Saint-Ay"),
]
#: an EPCI is named as printed
EPCIS = [
    "Communauté d'agglomération du Grand Soissons",
    "Communauté de communes du Pays de Gex",
    "Communauté de communes du Pays d'Exemple",
    "Communauté de communes des Portes Euréliennes d'Île-de-France",
    "Communauté de communes de la Vallée de l'Hérault",
    "Communauté de communes Cœur de Brenne",
    "Communauté d'agglomération d'Agen",
    "Eurométropole de Strasbourg",
    "Métropole du Grand Paris",
]
#: (article, name): a département keeps its article, in lower case
DEPARTEMENTS = [
    ("de la ", "Lozère"),
    ("de la ", "Seine-Saint-Denis"),
    ("du ", "Val-d'Oise"),
    ("des ", "Côtes-d'Armor"),
    ("de l'", "Ain"),
    ("d'", "Indre-et-Loire"),
]
#: (name, the words after "Conseil régional" as printed): a région's name has no article
#: (La Réunion, whose name is also a heading's word, "Réunion du ...", is not read)
REGIONS = [
    ("Île-de-France", "d'Île-de-France"),
    ("Hauts-de-France", "des Hauts-de-France"),
    ("Centre-Val de Loire", "du Centre-Val de Loire"),
    ("Pays de la Loire", "des Pays de la Loire"),
    ("Normandie", "de Normandie"),
    ("Auvergne-Rhône-Alpes", "d'Auvergne-Rhône-Alpes"),
]
#: what a heading prints after the name: nothing, another heading line, a date
FOLLOWERS = [
    "",
    "\nEXTRAIT DU REGISTRE DES DÉLIBÉRATIONS",
    "\nSéance du 12 mars 2024",
    " LUNDI 16 JANVIER 2023",
    " – Séance du 3 mars 2023",
    " DU 12 MARS 2024",
    "\nLe conseil, dûment convoqué, s'est réuni le 3 mars 2023",
    " SÉANCE DU 12 MARS 2024",
    "\n12 mars 2024",
]
CASES = ["capitals", "title", "lower"]


def _plain(text: str) -> str:
    import unicodedata

    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize(
        "NFC", "".join(c for c in decomposed if not unicodedata.combining(c))
    )


def _cased(intro: str, rest: str, case: str) -> str:
    """The heading line: all in capitals, the introducing words capitalised, or in lower case
    (the name keeps its case but in capitals)."""
    if case == "capitals":
        return f"{intro} {rest}".upper()
    return f"{intro.capitalize() if case == 'title' else intro.lower()} {rest}"


def _surface_forms() -> list[tuple[str, str, str, str]]:
    """(id, heading line, expected name, expected level) for every family and case."""
    out = []
    for i, (name, printed) in enumerate(COMMUNES):
        for case in CASES:
            intro = ["commune", "ville", "mairie"][(i + CASES.index(case)) % 3]
            out.append(
                (
                    f"commune-{printed}-{case}",
                    _cased(intro, printed, case),
                    f"Commune de {name}",
                    "commune",
                )
            )
    for epci in EPCIS:
        intro, rest = _split_epci(epci)
        for case in CASES:
            line = _cased(intro, rest, case)
            out.append((f"epci-{epci}-{case}", line, line[0].upper() + line[1:], "epci"))
    for i, (article, name) in enumerate(DEPARTEMENTS):
        for case in CASES:
            intro = ["département", "conseil départemental"][(i + CASES.index(case)) % 2]
            out.append(
                (
                    f"departement-{name}-{case}",
                    _cased(intro, article + name, case),
                    f"Département {article}{name}",
                    "departement",
                )
            )
    for name, printed in REGIONS:
        for case in CASES:
            out.append(
                (
                    f"region-{printed}-{case}",
                    _cased("conseil régional", printed, case),
                    f"Région {name}",
                    "region",
                )
            )
        out.append((f"region-{name}-bare", f"RÉGION {name.upper()}", f"Région {name}", "region"))
    return out


def _split_epci(name: str) -> tuple[str, str]:
    for intro in (
        "Communauté d'agglomération",
        "Communauté de communes",
        "Eurométropole",
        "Métropole",
    ):
        if name.startswith(intro):
            return intro, name[len(intro) + 1 :]
    raise AssertionError(name)


def _expected_plain(name: str, level: str) -> str:
    """The expected name of a heading printed without accents: the name's own letters lose
    them, the words the project writes ("Département", "Région") keep theirs."""
    prefix = {"departement": "Département ", "region": "Région "}.get(level, "")
    if prefix and name.startswith(prefix):
        return prefix + _plain(name[len(prefix) :])
    return _plain(name)


@pytest.mark.parametrize(
    ("line", "name", "level"),
    [f[1:] for f in _surface_forms()],
    ids=[f[0] for f in _surface_forms()],
)
def test_authority_in_every_surface_form(line: str, name: str, level: str) -> None:
    """Each family of names, each level, in capitals, title case or after a lower-case
    introducer, with and without accents, followed by another heading line or a date:
    the exact name and level."""
    failures = []
    for accents in (True, False):
        printed = line if accents else _plain(line)
        expected = (name if accents else _expected_plain(name, level), level)
        for follower in FOLLOWERS:
            got = extract_authority(printed + follower, Evidence())
            if (got.name, got.level) != expected:
                failures.append(f"{printed + follower!r}: {(got.name, got.level)} != {expected}")
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize(
    ("head", "name", "level"),
    [
        # typographic apostrophes, as printed by word processors
        ("COMMUNE D’ANGERS\nSéance du 3 mars 2023", "Commune de Angers", "commune"),
        ("Commune de L’Haÿ-les-Roses", "Commune de L'Haÿ-les-Roses", "commune"),
        (
            "CONSEIL RÉGIONAL D’ÎLE-DE-FRANCE 1 DÉLIBÉRATION N°CP 2023-017",
            "Région Île-de-France",
            "region",
        ),
        # a département printed as the address of the commune or the EPCI that deliberates
        (
            "DÉPARTEMENT DU FINISTÈRE\nCOMMUNE DU FAOUËT\nSéance du 3 mars",
            "Commune de Le Faouët",
            "commune",
        ),
        (
            "DÉPARTEMENT DU FINISTÈRE COMMUNE DU FAOUËT EXTRAIT DU REGISTRE",
            "Commune de Le Faouët",
            "commune",
        ),
        (
            "RÉPUBLIQUE FRANÇAISE\nDépartement de l'Isère\nMairie du Versoud\n\nEXTRAIT",
            "Commune de Le Versoud",
            "commune",
        ),
        (
            "DÉPARTEMENT DE L'INDRE\nARRONDISSEMENT DE CHÂTEAUROUX\nCOMMUNE D'ÉCUEILLÉ",
            "Commune de Écueillé",
            "commune",
        ),
        (
            "DÉPARTEMENT DU LOIRET\nCOMMUNAUTÉ DE COMMUNES DU VAL DE LOIRE ET FORÊT",
            "COMMUNAUTÉ DE COMMUNES DU VAL DE LOIRE ET FORÊT",
            "epci",
        ),
        # ... but not when the département deliberates
        (
            "DÉPARTEMENT DE LA LOZÈRE\nCONSEIL DÉPARTEMENTAL\nRéunion du 16 décembre",
            "Département de la Lozère",
            "departement",
        ),
        (
            "DÉPARTEMENT DE LA CREUSE – COMMISSION PERMANENTE DU 14 OCTOBRE 2022",
            "Département de la Creuse",
            "departement",
        ),
        # the name of another body may hold a commune's
        (
            "CCAS DE LA VILLE DE BÉTHUNE\nConseil d'administration",
            "CCAS DE LA VILLE DE BÉTHUNE",
            "other",
        ),
        # a letter alone after a name is noise; a motto in title case after a name in capitals
        ("COMMUNE DE LONGUYON F EXTRAIT DU PROCES-VERBAL", "Commune de Longuyon", "commune"),
        ("COMMUNE DE SAINT-AY Liberté Égalité Fraternité", "Commune de Saint-Ay", "commune"),
        ("CONSEIL MUNICIPAL DE SAINT-AY DU 12 MARS 2024", "Commune de Saint-Ay", "commune"),
    ],
)
def test_authority_in_heading_layouts(head: str, name: str, level: str) -> None:
    got = extract_authority(head, Evidence())
    assert (got.name, got.level) == (name, level)


@pytest.mark.parametrize(
    ("head", "name"),
    [
        # the author named in the heading, a beneficiary in the decision
        (
            "COMMUNAUTÉ DE COMMUNES DU PAYS D'EXEMPLE\nSéance du 3 mars 2023\nObjet : subvention\n"
            "Le conseil communautaire, après en avoir délibéré, DÉCIDE d'attribuer une "
            "subvention de 5 000 € à la commune de Saint-Exemple.",
            "COMMUNAUTÉ DE COMMUNES DU PAYS D'EXEMPLE",
        ),
        # the heading's authority unreadable: missing, never the beneficiary
        (
            "COMMUNAUTÉ DE COMMUNES\nSéance du 3 mars 2023\nObjet : subvention\n"
            "Le conseil communautaire DÉCIDE d'attribuer une subvention à la commune de "
            "Saint-Exemple.",
            None,
        ),
        (
            "DÉLIBÉRATION N° 2023-12\nSéance du 3 mars 2023\nVu la demande de la Commune de "
            "Saint-Exemple du 2 février 2023,\nLe conseil DÉCIDE",
            None,
        ),
        # a beneficiary, a partner, a funder named in the heading's subject
        ("DÉLIBÉRATION N° 2023-12\nObjet : Subvention à la commune de Saint-Exemple\n", None),
        (
            "DÉLIBÉRATION N° 2023-12\nObjet : Fonds de concours au profit de la Ville de Saint-Exemple\n",
            None,
        ),
        (
            "DÉLIBÉRATION N° 2023-12\nObjet : Convention avec la Communauté de communes du Pays de Gex\n",
            None,
        ),
        (
            "DÉLIBÉRATION N° 2023-12\nObjet : Demande de subvention auprès du Département de la Lozère\n",
            None,
        ),
        (
            "COMMUNE DE LA FERTÉ-SUR-AUBE\nObjet : Adhésion au syndicat mixte Territoires Numériques\n",
            "Commune de La Ferté-sur-Aube",
        ),
    ],
)
def test_a_beneficiary_is_not_the_author(head: str, name: str | None) -> None:
    assert extract_authority(head, Evidence()).name == name


@pytest.mark.xfail(
    strict=True,
    reason="known gap: a name that is also a word ending names in headings (Salle, Réunion: "
    "'Salle du conseil', 'Réunion du ...') is not read",
)
@pytest.mark.parametrize("heading", ["COMMUNE DE LA SALLE\nSéance du 3 mars 2023"])
def test_a_name_that_is_also_a_heading_word(heading: str) -> None:
    from extractors.header import extract_authority

    got = extract_authority(heading, Evidence())
    assert (got.name, got.level) == ("Commune de La Salle", "commune")
