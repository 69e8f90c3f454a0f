"""Warm the extractors up once, in the server the extraction processes are forked from.

`pipeline.pool` has the forkserver import this module before it forks any worker. What
the extractors build on first use (each lexicon's patterns, the topics vocabulary, the
first names, the territorial reference...) took every new worker 0.8 s on its first file,
at the start of every run and after every worker replaced; built here, once, every worker
forked afterwards starts with it (and shares its memory with the others).

Importing this module extracts the short deliberation below; it never raises (a failure
here only means the workers build what they need themselves).
"""

from __future__ import annotations

import contextlib

#: a short deliberation touching every extractor: heading, session, attendance and
#: proxies, vote, amounts and payment phasing, beneficiaries, legal references, stamp
SAMPLE = """\
COMMUNAUTÉ DE COMMUNES DU PAYS D'EXEMPLE
EXTRAIT DU REGISTRE DES DÉLIBÉRATIONS DU CONSEIL COMMUNAUTAIRE
Séance du 12 mars 2024
Délibération n° 2024-015
Date de convocation : 5 mars 2024
L'an deux mille vingt-quatre, le douze mars à dix-huit heures trente, le conseil
communautaire, dûment convoqué, s'est réuni en séance publique à la salle du conseil,
sous la présidence de M. Jean DUPONT, Président.
Nombre de membres en exercice : 23 - Présents : 19 - Votants : 21
Présents : M. Jean DUPONT, Mme Anne MARTIN, M. Paul DURAND, Mme Claire PETIT.
Absents excusés : M. Luc BERNARD (pouvoir à Mme Anne MARTIN), Mme Julie ROBERT.
Secrétaire de séance : Mme Claire PETIT.
Objet : Tiers-lieu numérique et conseillers numériques - attribution de subventions
Rapporteur : M. Paul DURAND
Vu le code général des collectivités territoriales, notamment son article L.5211-10 ;
Vu la délibération n° 2023-102 du 14 décembre 2023 ;
Considérant le projet de médiation numérique porté par l'association Les Connectés ;
Après en avoir délibéré, le conseil communautaire, par 18 voix pour, 2 voix contre et
1 abstention, DÉCIDE :
- d'attribuer une subvention de 15 000,00 € à l'association Les Connectés ;
- d'attribuer une subvention de 8 500 € à la commune de Saint-Exemple ;
- d'imputer la dépense au chapitre 65, article 6574, fonction 020 du budget 2024 ;
- de verser 10 000 € en 2024 et 13 500 € en 2025.
Fait et délibéré les jour, mois et an susdits.
Le Président, Jean DUPONT
Accusé de réception en préfecture 001-200000000-20240315-2024_015-DE
Reçu le 15/03/2024 - Publié le 18/03/2024
"""


def warm() -> int:
    """Read and extract `SAMPLE` as a worker reads a text file, and make its rows; the
    number of deliberations found."""
    from pipeline.extract import extract_document
    from pipeline.rows import prepare
    from pipeline.settings import Settings
    from pipeline.sources import decode_document

    data = SAMPLE.encode("utf-8")
    doc = decode_document("warm-up.txt", data, ".txt", Settings(workers=0))
    return prepare(extract_document(doc)).deliberations


with contextlib.suppress(Exception):  # the workers then build what they need themselves
    warm()
