"""Table-driven parser tests; each example is named by where it came from."""

from __future__ import annotations

import pytest

from extractors.amounts import parse_amount
from extractors.attendance import extract_attendance
from extractors.common import Evidence, mask
from extractors.dates import find_dates, parse_time, parse_words_date
from extractors.names import parse_person
from extractors.votes import extract_vote

AMOUNTS = {
    "seed000_table": ("270 000,00 €", 270000.0),
    "seed000_decision": ("Le montant global est de 84 340 € en investissement", 84340.0),
    "seed003_kilo": ("une base maximum de 60 k€/an", 60000.0),
    "seed003_kilo_upper": ("plafonné à 30 K€", 30000.0),
    "issue_millions": ("1,2 M€", 1200000.0),
    "realdoc10_big": ("15 921 772,92 €", 15921772.92),
    "realdoc11_cents": ("81 530,50 €", 81530.5),
    "nbsp_thousands": ("270\u00a0000,00\u00a0€", 270000.0),
    "narrow_nbsp": ("12\u202f500 €", 12500.0),
    "realdoc22_glued": ("538 244,71€", 538244.71),
    "realdoc26_euros_word": ("497 098,58 euros", 497098.58),
    "plain_euros": ("10 € la valeur nominale", 10.0),
}


@pytest.mark.parametrize("text,expected", AMOUNTS.values(), ids=AMOUNTS.keys())
def test_amounts(text: str, expected: float) -> None:
    assert parse_amount(mask(text)) == expected


def test_no_amount_is_none() -> None:
    assert parse_amount("Vu le code général des collectivités territoriales") is None


DATES = {
    "seed000_session": ("réunie le 26 novembre 2019, à 09:00", "2019-11-26"),
    "seed001_first": ("Vu le code de la Commande publique en date du 1er avril 2019", "2019-04-01"),
    "realdoc15_numeric": ("Envoyé en préfecture le 27/03/2024", "2024-03-27"),
    "realdoc12_1_er": ("n° 2021-VII-24 du 1 er juillet 2021", "2021-07-01"),
    "realdoc25_ocr_percent": ("le 1% JUILLET 2020", "2020-07-01"),
    "ocr_ler": ("le ler août 2021", "2021-08-01"),
    "seed000_two_days": ("du Conseil Régional des 13 et 14 décembre 2018", "2018-12-13"),
    "realdoc18_capitals": ("du 19 DECEMBRE 2019", "2019-12-19"),
    "realdoc14_capital_month": ("le 28 Juin 2022", "2022-06-28"),
    "abbreviated_month_dateparser": ("séance du 3 févr. 2020", "2020-02-03"),
    "dotted_numeric_dateparser": ("reçu le 03.02.2020", "2020-02-03"),
}


@pytest.mark.parametrize("text,expected", DATES.values(), ids=DATES.keys())
def test_dates(text: str, expected: str) -> None:
    assert find_dates(text)[0].iso == expected


def test_impossible_date_is_dropped() -> None:
    assert find_dates("le 31 février 2020") == []


WORD_DATES = {
    "seed002_mil": ("L'an deux mil quinze, le jeudi 10 septembre à 18 heures 30", "2015-09-10"),
    "realdoc19_all_words": (
        "L'an deux mille vingt-trois, le mardi dix-neuf décembre, à dix-sept heures trente",
        "2023-12-19",
    ),
    "realdoc17_capitals": (
        "LE DIX-SEPT DECEMBRE DEUX-MILLE DIX-NEUF A DIX-HUIT HEURES TRENTE",
        "2019-12-17",
    ),
    "realdoc24_words": ("Le vingt-deux Juin deux mille vingt-deux à vingt heures", "2022-06-22"),
    "realdoc26_du_mois": (
        "L'an deux mille trois et le quatre du mois d'avril à 20 h 30",
        "2003-04-04",
    ),
    "realdoc15_hyphens": ("L'an deux-mille-vingt-quatre, le 21 mars à 19h30", "2024-03-21"),
}


@pytest.mark.parametrize("text,expected", WORD_DATES.values(), ids=WORD_DATES.keys())
def test_dates_in_words(text: str, expected: str) -> None:
    found = parse_words_date(text)
    assert found is not None and found.iso == expected


TIMES = {
    "seed000": ("à 09:00, salle", "09:00"),
    "realdoc18": ("à 19h30", "19:30"),
    "seed002": ("à 18 heures 30", "18:30"),
    "realdoc19_words": ("à dix-sept heures trente", "17:30"),
    "realdoc26_spaced": ("à 20 h 30", "20:30"),
}


@pytest.mark.parametrize("text,expected", TIMES.values(), ids=TIMES.keys())
def test_times(text: str, expected: str) -> None:
    t = parse_time(text)
    assert t is not None and t[0] == expected


NAMES = {
    "seed000_civility_first_last": (
        "Monsieur Xavier BERTRAND",
        None,
        ("M.", "Xavier", "BERTRAND", None),
    ),
    "seed000_hyphenated": (
        "Monsieur Paul-Henry HANSEN-CATTA",
        None,
        ("M.", "Paul-Henry", "HANSEN-CATTA", None),
    ),
    "seed002_initials": ("POURCHEL I.", "Mme", ("Mme", None, "POURCHEL", "I.")),
    "seed002_two_initials": ("LHERMITTE M.P.", "Mme", ("Mme", None, "LHERMITTE", "M.P.")),
    "seed002_particle": ("DE JONGHE N.", "Mme", ("Mme", None, "DE JONGHE", "N.")),
    "realdoc18_surname_first": (
        "LE BRUCHEC Marie-Christine",
        None,
        (None, "Marie-Christine", "LE BRUCHEC", None),
    ),
    "realdoc12_capitalised_surname": ("Mme Saïd-Anzum", None, ("Mme", None, "Saïd-Anzum", None)),
    "realdoc12_hyphen_initials": ("M. Martin P-Y", None, ("M.", None, "Martin", "P-Y")),
    "realdoc17_initials_no_dot": ("Mme SALOMON ML", None, ("Mme", None, "SALOMON", "ML")),
    "realdoc22_compound_surname": (
        "Florence MARQUES DA SILVA",
        None,
        (None, "Florence", "MARQUES DA SILVA", None),
    ),
    "realdoc23_short_surname": ("M. Chun Jy LY", None, ("M.", "Chun Jy", "LY", None)),
    "realdoc26_glued": ("Monsieur PARÉSylvain", None, ("M.", "Sylvain", "PARÉ", None)),
    "realdoc14_glued_first_surname": (
        "Monsieur Jean-ClaudeGAUTHIER",
        None,
        ("M.", "Jean-Claude", "GAUTHIER", None),
    ),
    "seed001_mixed_case": ("Xavier Bertrand", None, (None, "Xavier", "Bertrand", None)),
    "realdoc20_surname_only": ("MAROTTE", None, (None, None, "MAROTTE", None)),
}


@pytest.mark.parametrize("raw,civ,expected", NAMES.values(), ids=NAMES.keys())
def test_names(raw: str, civ: str | None, expected: tuple[str | None, ...]) -> None:
    p = parse_person(raw, civility=civ)
    assert (p.civility, p.first_name, p.last_name, p.initials) == expected


VOTES = {
    "seed000_guillemets": ("Par 52 « Pour », 0 « Contre », 0 « Abstention »", (52, 0, 0, None)),
    "realdoc18_empty_counts": (
        "VOTE : Pour : 28 Contre : Abstention : Le conseil",
        (28, None, None, None),
    ),
    "realdoc19_colons": ("Pour : 28 Contre : 0 Abstention : 0 Vu le Code", (28, 0, 0, None)),
    "realdoc16_voix": (
        "Pour : 93 voix – Contre : 0 voix – Abstention : 1 voix (détails en annexe)",
        (93, 0, 1, None),
    ),
    "realdoc03_free_form": ("10 votes pour. 2 Abstentions", (10, None, 2, None)),
    "realdoc03_free_form_order": ("2 votes contre 1 abstention 9 votes pour", (9, 2, 1, None)),
    "realdoc04_only_for": ("13 votes pour", (13, None, None, None)),
    "realdoc14_value_before_label": ("38 Pour: Contre : Abstention : / /", (38, None, None, None)),
    "realdoc12_voix_contre": (
        "Adopté à la majorité : Voix contre : 0 Abstentions : 4",
        (None, 0, 4, None),
    ),
    "realdoc26_secret_ballot": ("POUR : 7\nCONTRE : 7", (7, 7, None, None)),
    "ne_prend_pas_part": (
        "Pour : 30 Contre : 2 Abstention : 1 Ne prend pas part au vote : 1",
        (30, 2, 1, 1),
    ),
}


@pytest.mark.parametrize("text,expected", VOTES.values(), ids=VOTES.keys())
def test_vote_counts(text: str, expected: tuple[int | None, ...]) -> None:
    v = extract_vote(mask(text), Evidence())
    assert (v.for_, v.against, v.abstention, v.not_voting) == expected


OUTCOMES = {
    "seed000_unanimite_caps": ("DECISION DE LA CP : ADOpte A L'UNANIMITE", ("adopted", True)),
    "seed002_unanimite": (
        "Après en avoir délibéré, le conseil communautaire, à l'unanimité,",
        ("adopted", True),
    ),
    "seed004_majorite": ("ADOpte A LA MAJORITE", ("adopted", False)),
    "realdoc24_accord": ("Avis favorable de la commission Accord à l'unanimité", ("adopted", True)),
    "rejete": ("Pour : 5 Contre : 12 La délibération est rejetée.", ("rejected", False)),
    "realdoc26_neither": (
        "POUR : 7 CONTRE : 7 le Compte Administratif M14 n'est ni approuvé, ni rejeté.",
        ("unknown", False),
    ),
    "nothing_said": ("Le conseil prend acte de la communication.", ("unknown", None)),
}


@pytest.mark.parametrize("text,expected", OUTCOMES.values(), ids=OUTCOMES.keys())
def test_vote_outcomes(text: str, expected: tuple[str, bool | None]) -> None:
    v = extract_vote(mask(text), Evidence())
    assert (v.outcome, v.unanimous) == expected


def test_unanimous_voters_count() -> None:
    """realdoc 14: "à l'unanimité des votants par 38 voix"."""
    v = extract_vote("Le conseil, à l'unanimité des votants par 38 voix, approuve", Evidence())
    assert (v.for_, v.unanimous) == (38, True)


PROXIES = {
    "seed000_donne_pouvoir": (
        "Pouvoirs donnés (1) : Madame Florence BARISEAU donne pouvoir à Monsieur Franck DHERSIN.",
        [("BARISEAU", "DHERSIN")],
    ),
    "realdoc15_glued_list": (
        "Absents excusés avant donné pouvoir : Youssef AFOUADAS a donné pouvoir à Jean Luc DUCERF Frédéric ROBIN a donné pouvoir à Sylvie ROLAND Absents excusés : X",
        [("AFOUADAS", "DUCERF"), ("ROBIN", "ROLAND")],
    ),
    "realdoc17_procuration_a": (
        "ABSENTS AYANT DONNE PROCURATION : M. MASSON procuration à M. MARTIN-LAVAL B. – Mme AURIAC A. procuration à Mme GUIRAUD I. –",
        [("MASSON", "MARTIN-LAVAL"), ("AURIAC", "GUIRAUD")],
    ),
    "realdoc12_donnant_pouvoir": (
        "ÉTAIENT EXCUSÉS : Mme Youssouf donnant pouvoir à Mme Girardet Mme Dellac donnant pouvoir à Mme Lecroq ÉTAIENT ABSENTS : M. Monot",
        [("Youssouf", "Girardet"), ("Dellac", "Lecroq")],
    ),
    "realdoc22_dotted_leaders": (
        "Pouvoirs : Valérie LABOUACHRA ............ à Joël GIRARD Raymond DOUARE ........ à Eric DODET Secrétaire auxiliaire : X",
        [("LABOUACHRA", "GIRARD"), ("DOUARE", "DODET")],
    ),
    "realdoc19_x_a_y_under_heading": (
        "5 conseillers communautaires avaient donné pouvoir : Mme Sandra COUTANT à Mme Mireille CHALOPIN, M. Denis LOGIE à M. Gérard SAUGET",
        [("COUTANT", "CHALOPIN"), ("LOGIE", "SAUGET")],
    ),
    "realdoc18_surname_first": (
        "1 POUVOIR : Mme LE TARNEC Sandra donne pouvoir à M. GUEHENNEC Yvonnick.",
        [("LE TARNEC", "GUEHENNEC")],
    ),
    "realdoc26_procuration_glued": (
        "Étaient absents excusés :\nMadame LASSERRE Danièle, procuration à Monsieur PARÉSylvain.\n",
        [("LASSERRE", "PARÉ")],
    ),
    "realdoc13_representee_par": (
        "Mme Sophie PANTEL : absente, représentée par M. Robert AIGOIN",
        [("PANTEL", "AIGOIN")],
    ),
    "realdoc12_use_du_pouvoir": (
        "Abstention(s) de : Mme Azoug, Mme Girardet Mme Girardet use du pouvoir de Mme Youssouf Adopté",
        [("Youssouf", "Girardet")],
    ),
}


@pytest.mark.parametrize("text,expected", PROXIES.values(), ids=PROXIES.keys())
def test_proxy_wordings(text: str, expected: list[tuple[str, str]]) -> None:
    a = extract_attendance(mask(text), Evidence())
    assert [(p.giver.last_name, p.holder.last_name) for p in a.proxies] == expected


def test_substitute_is_not_a_proxy() -> None:
    """realdoc 20: "représenté par sa suppléante" is a substitute sitting, not a proxy."""
    a = extract_attendance(
        "Présents : M. Jean DUPONT représenté par sa suppléante Mme Anne MARTIN, M. Paul DURAND.",
        Evidence(),
    )
    assert a.proxies == []


COUNT_BOXES = {
    "realdoc15_box": (
        "Nombre de conseillers : En exercice : 64 Présents : 45 Pouvoirs : 9 Votants : 54 Absents excusés : 10",
        {
            "members_in_office": 64,
            "present_count": 45,
            "proxy_count": 9,
            "voters_count": 54,
            "absent_count": 10,
        },
    ),
    "realdoc14_semicolons": (
        "Nombre de conseillers en exercice : 49 Nombre de conseillers présents ; 27 Nombre de conseillers votants ; 38",
        {"members_in_office": 49, "present_count": 27, "voters_count": 38},
    ),
    "realdoc23_present_and_represented": (
        "Nombre de délégués présents et représentés : 39 Nombre de pouvoir(s) : 8",
        {"voters_count": 39, "proxy_count": 8},
    ),
    "realdoc25_salazie": (
        "Présents : 23 Absents : 06 Représentés : 04 Total des votes : 27",
        {"present_count": 23, "absent_count": 6, "proxy_count": 4, "voters_count": 27},
    ),
    "seed000_counts_in_headings": (
        "Présents (2) : Monsieur A BBB, Madame C DDD.\n\nPouvoirs donnés (0) :\n\nAbsents (1) : Monsieur E FFF.",
        {"present_count": 2, "proxy_count": 0, "absent_count": 1},
    ),
}


@pytest.mark.parametrize("text,expected", COUNT_BOXES.values(), ids=COUNT_BOXES.keys())
def test_count_boxes(text: str, expected: dict[str, int]) -> None:
    a = extract_attendance(mask(text), Evidence())
    assert {k: getattr(a, k) for k in expected} == expected


PRESENT_LISTS = {
    "seed002_mesdames_messieurs": (
        "Présents :\n\nMesdames POURCHEL I. ; LHERMITTE M.P.\n\nMessieurs PRUVOST M. ; DEVIGNE A.\n\nAbsents excusés :\n",
        [("Mme", "POURCHEL"), ("Mme", "LHERMITTE"), ("M.", "PRUVOST"), ("M.", "DEVIGNE")],
    ),
    "realdoc18_count_then_list": (
        "En exercice : 29 Présents : 27 Votants : 28 ... 27 élus présents : PILLET Gérard ; BODIC Bernard ; LE FUR Michel. ABSENTE EXCUSEE : X",
        [(None, "PILLET"), (None, "BODIC"), (None, "LE FUR")],
    ),
    "realdoc17_dash_separated": (
        "PRESENTS : Mme GUIRAUD I. – M. MERLIN D. - Mme VESSIOT A. ABSENTS EXCUSES : M. DELON A.",
        [("Mme", "GUIRAUD"), ("M.", "MERLIN"), ("Mme", "VESSIOT")],
    ),
    "realdoc26_surnames_only": (
        "Étaient présents : Mesdames CHOTARD, ETORÉ.\nMessieurs DELPERIER, DRIEUX\nÉtaient absents excusés :\n",
        [("Mme", "CHOTARD"), ("Mme", "ETORÉ"), ("M.", "DELPERIER"), ("M.", "DRIEUX")],
    ),
}


@pytest.mark.parametrize("text,expected", PRESENT_LISTS.values(), ids=PRESENT_LISTS.keys())
def test_present_lists(text: str, expected: list[tuple[str | None, str]]) -> None:
    a = extract_attendance(mask(text), Evidence())
    assert [(p.civility, p.last_name) for p in a.present] == expected


# realdoc 01 (Couthenans 2021): first names only, proxies paired by matching marks
def test_first_names_only_with_asterisk_proxies() -> None:
    a = extract_attendance(
        "Présents : Jean-Pierre (Pr*), Agnès (Pr**)\nAbsents : Marielle (Pr**)\n", Evidence()
    )
    assert [(p.giver.last_name, p.holder.last_name) for p in a.proxies] == [("Marielle", "Agnès")]


NOT_VOTING = {
    "prend_pas_part": ("M. Jean DUPONT ne prend pas part au vote.", ["DUPONT"]),
    "interesse": ("Mme Anne MARTIN, intéressée à l'affaire, ne participe pas au vote.", ["MARTIN"]),
    "two_sentences": (
        "Monsieur Paul DURAND ne prend pas part au vote. Madame Léa PETIT ne prend pas part au vote.",
        ["DURAND", "PETIT"],
    ),
    "none": ("Le conseil, à l'unanimité, approuve.", []),
}


@pytest.mark.parametrize("text,expected", NOT_VOTING.values(), ids=NOT_VOTING.keys())
def test_members_not_taking_part(text: str, expected: list[str]) -> None:
    from extractors.attendance import extract_not_voting

    assert [p.last_name for p in extract_not_voting(text, Evidence())] == expected


def test_not_voting_member_is_in_the_record() -> None:
    from extractors import extract_records
    from schemas.records import Source

    text = "Présents : M. Jean DUPONT, Mme Anne MARTIN.\n\nM. Jean DUPONT ne prend pas part au vote.\n\nAdopté à l'unanimité."
    (x,) = extract_records(text, Source(file="t.txt", sha256="0" * 64))
    assert [p.last_name for p in x.record.attendance.not_voting] == ["DUPONT"]
    assert text[x.record.spans["attendance.not_voting[0]"].start :].startswith("M. Jean DUPONT")


BENEFICIARIES = {
    "seed000_vu_la_demande": (
        "Vu la demande de la Communauté de Communes du Pays Noyonnais, reçue le 18 septembre 2019,",
        [("Communauté de Communes du Pays Noyonnais", "epci", None)],
    ),
    "grant_sentence": (
        "DÉCIDE d'attribuer une subvention de 1 500 € à l'association Rollers Cops.",
        [("Association Rollers Cops", "association", 1500.0)],
    ),
    "markdown_table": (
        "| Bénéficiaire | Montant |\n|---|---|\n| Commune de Lannion | 12 500 € |\n| Communauté d'agglomération du Grand Soissons | 45 000,00 € |\n",
        [
            ("Commune de Lannion", "commune", 12500.0),
            ("Communauté d'agglomération du Grand Soissons", "epci", 45000.0),
        ],
    ),
    # a list is read as grants after words that announce them (a bare "name : amount"
    # list may be budget lines)
    "tab_separated_rows": (
        "Les subventions suivantes sont attribuées :\n"
        "Association Médiation Numérique 59\t3 000 €\nCentre communal d'action sociale de Lille\t2 500,00 €\n",
        [
            ("Association Médiation Numérique 59", "association", 3000.0),
            ("Centre communal d'action sociale de Lille", "public_body", 2500.0),
        ],
    ),
    "list_with_colon": (
        "Il est décidé de verser les subventions suivantes :\n- Comité des fêtes de Malachappe : 300 €\n",
        [("Comité des fêtes de Malachappe", "association", 300.0)],
    ),
}


@pytest.mark.parametrize("text,expected", BENEFICIARIES.values(), ids=BENEFICIARIES.keys())
def test_beneficiaries(text: str, expected: list[tuple[str, str, float | None]]) -> None:
    from extractors.beneficiaries import extract_beneficiaries

    got = extract_beneficiaries(mask(text), Evidence())
    assert [(b.name, b.kind, b.amount) for b in got] == expected


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("Lannion-Trégor Communauté", "epci"),
        ("Rennes Métropole", "epci"),
        ("Guingamp-Paimpol Agglomération", "epci"),
        ("Grand Paris Sud Agglo", "epci"),
        ("Communauté de communes du Val de Sarthe", "epci"),
        ("Association Communauté", "association"),
        ("Commune de Lannion", "commune"),
    ],
)
def test_epci_names_as_they_call_themselves(name: str, kind: str) -> None:
    from extractors.beneficiaries import kind_of

    assert kind_of(name) == kind


def test_fold_is_the_decomposition_without_its_marks_in_capitals() -> None:
    """`fold` (ASCII as it stands, others through a table of marks made on first sight) gives
    what its definition gives, for every character from U+0000 to U+2FFF and for strings of
    French letters, ligatures and marks."""
    import random
    import unicodedata

    from extractors.common import fold

    def defined(text: str) -> str:
        decomposed = unicodedata.normalize("NFKD", text)
        return "".join(c for c in decomposed if not unicodedata.combining(c)).upper()

    chars = [chr(c) for c in range(0x3000) if not 0xD800 <= c <= 0xDFFF]
    assert [fold.__wrapped__(c) for c in chars] == [defined(c) for c in chars]
    rng = random.Random(7)
    alphabet = "aàâäbcçeéèêëiîïoôöuùûüÿæœAÀÉÈÇŒÆ -'’ﬁ½²ⅣĲ\u0301\u0327"
    for _ in range(2000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randrange(12)))
        assert fold(text) == defined(text), text
    assert fold("Manoëlle LEPRÊTRE") == "MANOELLE LEPRETRE"
