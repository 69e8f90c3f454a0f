"""What a reader finds in the real documents, written after reading them.

Each entry names its source file (under data/raw/realdocs, copied from
../shared/realdocs, provenance in the matching .source file). Persons are given as
(last name of the giver, last name of the holder) for proxies, last names otherwise.
"""

from __future__ import annotations

from typing import Any

EXPECTED: dict[str, dict[str, Any]] = {
    # Seine-Saint-Denis, commission permanente, délibération n° 01-02 of 26 January 2023.
    # "ÉTAIENT EXCUSÉS : Mme Youssouf donnant pouvoir à Mme Girardet ..."; flattened vote
    # form where "Adopté à la majorité : Voix contre : 0 Abstentions : 4" is the one filled in.
    "12_seine-saint-denis_cd_cp_delib_2023-01-26.txt": {
        "segments": 1,
        "reference": "01-02",
        "body": "commission_permanente",
        "date": "2023-01-26",
        "chair": "Troussel",
        "present": 30,
        "present_first_last": ("Troussel", "Chabani"),
        "proxies": [("Youssouf", "Girardet"), ("Dellac", "Lecroq"), ("Laroche", "Duprey")],
        "absent": ["Monot", "Lagarde"],
        "votes": [{"outcome": "adopted", "unanimous": False, "against": 0, "abstention": 4}],
    },
    # CC Touraine Ouest Val de Loire, 28 June 2022: the attendance table flattened to text,
    # "Ambillou Bruno CHEUVREUX - PROCURATION Couesmes Ambillou Lucette CARRE-ABSENTE ...";
    # 27 present (the stated count), 22 absent of whom 10 gave a proxy, 49 in office.
    "14_cc-touraine-ouest-val-de-loire_pv_2022-06-28.txt": {
        "segments": 1,
        "body": "conseil_communautaire",
        "date": "2022-06-28",
        "time": "19:00",
        "convened_on": "2022-06-22",
        "chair": "DUPONT",
        "counts": {"members_in_office": 49, "present_count": 27, "voters_count": 38},
        "present": 27,
        "present_first_last": ("CHEUVREUX", "SANS-CHAGRIN"),
        "present_includes": ["VELUDO-PLOQUIN", "AUBERT", "GONTHIER", "VIGNAS"],
        "proxies_first_last": [("GHANAY", "PHELION"), ("CLEMENT", "JACOB")],
        "n_proxies": 11,
        "absent": [
            "BEAUPIED",
            "RIOCREUX",
            "PELLE",
            "PINARD",
            "SORIN",
            "GACHOT",
            "BAROT",
            "BRUN",
            "DELAUNAY",
            "TAPHANEL",
            "VEAUVY",
        ],
        "votes": [{"for": 38, "unanimous": True, "outcome": "adopted"}],
    },
    # CC des Portes Euréliennes d'Île-de-France, 21 March 2024: count box
    # "En exercice : 64 Présents : 45 Pouvoirs : 9 Votants : 54 Absents excusés : 10".
    "15_cc-portes-eureliennes-idf_delib_2024-03-21.txt": {
        "segments": 1,
        "reference": "24 03_01",
        "body": "conseil_communautaire",
        "date": "2024-03-21",
        "time": "19:30",
        "convened_on": "2024-03-15",
        "counts": {
            "members_in_office": 64,
            "present_count": 45,
            "proxy_count": 9,
            "voters_count": 54,
            "absent_count": 10,
        },
        "present": 45,
        "present_first_last": ("DARIEN", "PETIT"),
        "proxies_first_last": [("AFOUADAS", "DUCERF"), ("COIN", "BELHOMME")],
        "n_proxies": 9,
        "n_absent": 10,
        "secretary": "DEBRAY",
        "chair": "LEMOINE",
    },
    # Saint-Jean-de-Védas PV: the title says 30 January 2020, the session sentence in words
    # says 17 December 2019 (an error of the original): the title is kept.
    "17_saint-jean-de-vedas_pv-cm_2020-01-30.txt": {
        "segments": 4,
        "body": "conseil_municipal",
        "date": "2020-01-30",
        "present": 22,
        "present_first_last": ("GUIRAUD", "RIO"),
        "proxies": [("MASSON", "MARTIN-LAVAL"), ("AURIAC", "GUIRAUD"), ("SALOMON", "RIO")],
        "absent": ["DELON", "ESCRIG", "VERNAY", "CARABASSE"],
        "secretary": "VACQUIE",
    },
    # Pluvigner, 30 January 2020: "En exercice : 29 Présents : 27 Votants : 28",
    # "27 élus présents : PILLET Gérard ; ...", "1 POUVOIR : Mme LE TARNEC Sandra donne
    # pouvoir à M. GUEHENNEC Yvonnick", "VOTE : Pour : 28 Contre : Abstention :" (empty).
    "18_pluvigner_cr-pv-cm_2020-01-30.txt": {
        "segments": 3,
        "references": ["DEL2020_01_01", "DEL2020_01_02", "DEL2020_01_03"],
        "body": "conseil_municipal",
        "authority": ("Commune de Pluvigner", "commune"),
        "date": "2020-01-30",
        "time": "19:30",
        "convened_on": "2020-01-23",
        "counts": {
            "members_in_office": 29,
            "present_count": 27,
            "proxy_count": 1,
            "voters_count": 28,
        },
        "present": 27,
        "present_first_last": ("PILLET", "CARÉRIC"),
        "proxies": [("LE TARNEC", "GUEHENNEC")],
        "absent": ["SAILLE"],
        "secretary": "GUEGAN",
        "chair": "PILLET",
        "votes": [
            {"for": 28, "against": None, "abstention": None, "outcome": "adopted"},
            {"for": 28, "unanimous": True, "outcome": "adopted"},
        ],
    },
    # CC Écueillé-Valençay, 19 December 2023: "27 puis 28 conseillers ... présents",
    # "5 puis 4 ... avaient donné pouvoir"; two decisions DCC2023_129 and _130, both before
    # "Arrivée en séance de M. Philippe KOCHER": for them he is absent, represented by
    # M. TAILLANDIER, and 27 members are present (the first figure).
    "19_cc-ecueille-valencay_pv_2023-12-19.txt": {
        "segments": 2,
        "references": ["DCC2023_129", "DCC2023_130"],
        "body": "conseil_communautaire",
        "date": "2023-12-19",
        "time": "17:30",
        "convened_on": "2023-12-13",
        "counts": {"members_in_office": 37, "present_count": 27, "proxy_count": 5},
        "present": 27,
        "present_excludes": ["KOCHER"],
        "present_first_last": ("AUFRERE", "TAILLANDIER"),
        "n_proxies": 5,
        "proxies_first_last": [("COUTANT", "CHALOPIN"), ("SEGRET", "BECCAVIN")],
        "absent": ["LESSAULT", "PICAUD", "PINAULT", "SICAULT", "TORRES"],
        "secretary": "LEGER",
        "votes": [
            {"for": 28, "against": 0, "abstention": 0, "unanimous": True},
            {"for": 26, "against": 0, "abstention": 0, "unanimous": True},
        ],
    },
    # Saint-Ay, 16 January 2023: proxies with dotted leaders, "Secrétaire auxiliaire".
    "22_saint-ay_pv-cm_2023-01-16.txt": {
        "segments": 3,
        "references": ["2023-001", "2023-002", "2023-003"],
        "authority": ("Commune de Saint-Ay", "commune"),
        "date": "2023-01-16",
        "time": "20:45",
        "counts": {"members_in_office": 21, "present_count": 18, "voters_count": 21},
        "present": 18,
        "present_first_last": ("CUILLERIER", "GALERON"),
        "proxies": [("LABOUACHRA", "GIRARD"), ("DOUARE", "DODET"), ("ADRIAN", "QUERE")],
        "absent": [],
        "secretary": "LE DREF",
        "chair": "CUILLERIER",
        "votes": [
            {"unanimous": True, "outcome": "adopted"},
            {"unanimous": True, "outcome": "adopted"},
        ],
    },
    # CA du Pays de Gex, 15 June 2022: "Nombre de délégués présents et représentés : 39
    # Nombre de pouvoir(s) : 8"; two titular members sit through their substitutes
    # ("M. Jean-Pierre FOUILLOUX représenté par Mme Annick GROSROYAT").
    "23_ca-pays-de-gex_pv-cc_2022-06-15.txt": {
        "segments": 1,
        "authority": ("Communauté d'agglomération du Pays de Gex", "epci"),
        "date": "2022-06-15",
        "convened_on": "2022-06-08",
        "counts": {"voters_count": 39, "proxy_count": 8},
        "present": 39,
        "present_includes": ["GROSROYAT", "BUREL"],
        "present_excludes": ["FOUILLOUX", "HENNIQUAU"],
        "n_proxies": 8,
        "proxies_first_last": [("BENIER", "LAVOUE"), ("MITIS", "PHILIPPS")],
        "n_absent": 6,
        "secretary": "SCATTOLIN",
    },
    # Villages Vovéens, 22 June 2022: presents without a "Présents" label; the mayor
    # (chair) holds a proxy; "Absents excusés sans pouvoirs : Madame Sylvie GAUDICHAU".
    "24_villages-voveens_pv-cm_2022-06-22.txt": {
        "segments": 1,
        "date": "2022-06-22",
        "time": "20:00",
        "convened_on": "2022-06-14",
        "present": 22,
        "present_first_last": ("PARIS", "FREDDO"),
        "n_proxies": 5,
        "holders": ["PINOT", "PARIS", "GUERRINI", "FREDDO", "PECQUET"],
        "absent": ["GAUDICHAU"],
        "secretary": "CARNIS",
        "chair": "GUERRINI",
    },
    # Montolieu (HTML, 2003): surnames only, "procuration à", glued words ("PARÉSylvain");
    # secret ballot "POUR : 7 CONTRE : 7": "n'est ni approuvé, ni rejeté".
    "26_montolieu_cr-cm_2003-04-04.html": {
        "segments": 1,
        "date": "2003-04-04",
        "time": "20:30",
        "chair": "DELPERIER",
        "present": 11,
        "present_first_last": ("CHOTARD", "RICARD"),
        "proxies": [
            ("LASSERRE", "PARÉ"),
            ("SOULIÉ", "ETORÉ"),
            ("LAPORTE", "LAURET"),
            ("SOLÉ", "LASSERRE"),
        ],
        "votes": [{"for": 7, "against": 7, "outcome": "unknown"}],
    },
}
