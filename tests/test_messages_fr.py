"""French versions of the check messages (`pipeline.messages_fr`), for the auditors' report.

One hand-built English message per `_f(...)` call of `pipeline/checks.py` (and per variant of
its optional parts), plus the corpus pass's messages, each with its exact French version;
then the real corpus: nearly every distinct message it produces must have a translation.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from pipeline.checks import CHECKS
from pipeline.db import connect
from pipeline.ingest import ingest
from pipeline.messages_fr import french
from pipeline.settings import Settings
from schemas.tables import FindingRow
from tests.conftest import ROOT

CM = "[CM-common; CGCT L2121-17 (majorité des membres en exercice présents), L2121-20 (un seul pouvoir)]"
CPR = "[CPR-common; CGCT L4132-13-1 (majorité absolue des membres en exercice présents ou représentés); limite des pouvoirs: règlement intérieur (1 par analogie avec L4132-15)]"
QUORUM_CM = f"majorité absolue des membres en exercice présents {CM}"
QUORUM_CPD = "majorité absolue des membres en exercice présents ou représentés [CPD-common; CGCT L3121-14-1 (majorité absolue des membres en exercice présents ou représentés), L3121-16]"
SCHEME = "Appel à projets Tiers-lieux du numérique (Région Hauts-de-France)"
OPERATING_NOTE = "base maximale de 60 k€ par an, taux dégressifs 75 %, 50 %, 25 % sur trois ans"

#: (check, English message, French message), in the order of the `_f` calls in checks.py
CASES: list[tuple[str, str, str]] = [
    # phasing_total
    (
        "phasing_total",
        "905/56/204141/56000010: no phasing or no amount given",
        "905/56/204141/56000010 : pas de phasage ou pas de montant indiqué",
    ),
    (
        "phasing_total",
        "905/56/204141/56000010: phasing (2020: 15 000.00 €, 2021: 45 000.00 €, 2022: 24 340.00 €) sums to 84 340.00 € = AP 84 340.00 €",
        "905/56/204141/56000010 : le phasage (2020: 15 000.00 €, 2021: 45 000.00 €, 2022: 24 340.00 €) totalise 84 340.00 € = AP 84 340.00 €",
    ),
    (
        "phasing_total",
        "935/56/6518/56000017: phasing (2020: 244 450.00 €, 2021: 427 780.00 €) sums to 672 230.00 €, AE is 763 900.00 € (difference -91 670.00 €)",
        "935/56/6518/56000017 : le phasage (2020: 244 450.00 €, 2021: 427 780.00 €) totalise 672 230.00 €, pour un montant AE de 763 900.00 € (écart de -91 670.00 €)",
    ),
    (
        "phasing_total",
        "no imputation with a payment phasing",
        "aucune imputation avec un phasage des paiements",
    ),
    # decided_total
    (
        "decided_total",
        "no total stated in the decision, or no imputation table",
        "pas de total annoncé dans la décision, ou pas de tableau des imputations",
    ),
    (
        "decided_total",
        "stated 270 000.00 € en fonctionnement (AE); imputation table gives 265 000.00 €",
        "montant annoncé 270 000.00 € en fonctionnement (AE) ; le tableau des imputations donne 265 000.00 €",
    ),
    (
        "decided_total",
        "stated total 763 900.00 €; imputation table gives 763 900.00 € (AE 763 900.00 €, AP 0.00 €)",
        "total annoncé 763 900.00 € ; le tableau des imputations donne 763 900.00 € (AE 763 900.00 €, AP 0.00 €)",
    ),
    # program_code
    (
        "program_code",
        "no programme code cited in the text, or no imputation",
        "aucun code programme cité dans le texte, ou aucune imputation",
    ),
    (
        "program_code",
        "programme 56000010, 56000017 cited in the text matches the imputations",
        "programme 56000010, 56000017 cité dans le texte, conforme aux imputations",
    ),
    (
        "program_code",
        "programmes in imputations ['56000010', '56000017'] vs cited in the text ['56000010']",
        "les programmes des imputations ['56000010', '56000017'] diffèrent de ceux cités dans le texte ['56000010']",
    ),
    # vote_total
    ("vote_total", "no vote count given", "pas de décompte des voix"),
    (
        "vote_total",
        "no vote count given (unanimous, counts implied)",
        "pas de décompte des voix (unanimité, décompte implicite)",
    ),
    (
        "vote_total",
        "58 for, but no attendance figures to compare with",
        "58 pour, mais aucun chiffre de présence auquel le comparer",
    ),
    (
        "vote_total",
        "52 for + 0 against + 0 abstention + 0 not voting = 52 = 37 present + 15 represented (stated)",
        "52 pour + 0 contre + 0 abstention + 0 ne prenant pas part au vote = 52 = 37 présents + 15 représentés (annoncés)",
    ),
    (
        "vote_total",
        "28 for = 28 = 28 voters stated (against, abstention not given)",
        "28 pour = 28 = 28 votants annoncés (non précisé : contre, abstention)",
    ),
    (
        "vote_total",
        "10 for + 2 abstention = 12 = 8 present + 4 proxies (listed) (against not given)",
        "10 pour + 2 abstention = 12 = 8 présents + 4 pouvoirs (nommés) (non précisé : contre)",
    ),
    (
        "vote_total",
        "7 for + 7 against = 14 < 15 (11 present + 4 proxies (listed)); abstention not given",
        "7 pour + 7 contre = 14 < 15 (11 présents + 4 pouvoirs (nommés)) ; non précisé : abstention",
    ),
    (
        "vote_total",
        "93 for + 0 against + 1 abstention = 94, but 83 present + 14 proxies (listed) = 97",
        "93 pour + 0 contre + 1 abstention = 94, mais 83 présents + 14 pouvoirs (nommés) = 97",
    ),
    (
        "vote_total",
        "28 for + 0 against + 0 abstention = 28, but 27 present + 5 represented (stated) = 32",
        "28 pour + 0 contre + 0 abstention = 28, mais 27 présents + 5 représentés (annoncés) = 32",
    ),
    # present_count
    (
        "present_count",
        "no stated present count, or no names listed",
        "pas de nombre de présents annoncé, ou aucun nom cité",
    ),
    (
        "present_count",
        "18 present members listed = 18 stated",
        "18 membres présents nommés = 18 annoncés",
    ),
    (
        "present_count",
        "21 present members listed, 23 stated",
        "21 membres présents nommés, 23 annoncés",
    ),
    # proxy_count
    ("proxy_count", "no stated proxy count", "pas de nombre de pouvoirs annoncé"),
    ("proxy_count", "4 proxies listed = 4 stated", "4 pouvoirs nommés = 4 annoncés"),
    ("proxy_count", "10 proxies listed, 8 stated", "10 pouvoirs nommés, 8 annoncés"),
    # proxy_holder_present
    (
        "proxy_holder_present",
        "no proxies, or no list of present members",
        "pas de pouvoirs, ou pas de liste des membres présents",
    ),
    (
        "proxy_holder_present",
        "M. Jules BUREL holds the proxy of Mme Isabelle HENNIQUAU but is not listed as present",
        "M. Jules BUREL détient le pouvoir de Mme Isabelle HENNIQUAU mais n'est pas nommé parmi les présents",
    ),
    (
        "proxy_holder_present",
        "all 4 proxy holders are present",
        "tous les porteurs de pouvoir (4) sont présents",
    ),
    (
        "proxy_holder_present",
        "all 5 proxy holders are present (the chair Monsieur Marc GUERRINI counted as present)",
        "tous les porteurs de pouvoir (5) sont présents (le président de séance, Monsieur Marc GUERRINI, compté parmi les présents)",
    ),
    # proxy_giver_absent
    (
        "proxy_giver_absent",
        "no proxies, or no list of present members",
        "pas de pouvoirs, ou pas de liste des membres présents",
    ),
    (
        "proxy_giver_absent",
        "Mme Anne MARTIN gave a proxy to M. Jean DUPONT but is also listed as present",
        "Mme Anne MARTIN a donné pouvoir à M. Jean DUPONT mais est aussi nommé parmi les présents",
    ),
    (
        "proxy_giver_absent",
        "Madame LASSERRE Danièle gave a proxy to Monsieur PARÉ Sylvain; a member of the same surname is listed as present, without a first name to tell them apart",
        "Madame LASSERRE Danièle a donné pouvoir à Monsieur PARÉ Sylvain ; un membre du même nom est nommé parmi les présents, sans prénom pour les distinguer",
    ),
    (
        "proxy_giver_absent",
        "none of the 11 proxy givers is listed as present",
        "aucun des mandants (11) n'est nommé parmi les présents",
    ),
    # unanimity
    (
        "unanimity",
        "the decision is not said to be unanimous",
        "la décision n'est pas dite prise à l'unanimité",
    ),
    ("unanimity", "said unanimous, but 1 against", "dite à l'unanimité, mais 1 contre"),
    (
        "unanimity",
        "said unanimous with 4 abstention(s): unanimity of the votes cast",
        "dite à l'unanimité avec 4 abstention(s) : unanimité des suffrages exprimés",
    ),
    ("unanimity", "said unanimous; no vote against", "dite à l'unanimité ; aucune voix contre"),
    (
        "unanimity",
        "said unanimous; no vote against or abstention",
        "dite à l'unanimité ; ni voix contre ni abstention",
    ),
    # person_unique
    ("person_unique", "no names listed", "aucun nom cité"),
    (
        "person_unique",
        "M. Paul DURAND is listed twice among the present members",
        "M. Paul DURAND est nommé deux fois parmi les membres présents",
    ),
    (
        "person_unique",
        "Mme Achtergaele is listed both as present and as absent",
        "Mme Achtergaele est nommé à la fois parmi les présents et parmi les absents",
    ),
    (
        "person_unique",
        "27 present and 5 absent members, nobody listed twice",
        "27 membres présents et 5 absents, personne n'est nommé deux fois",
    ),
    # quorum
    (
        "quorum",
        "no quorum rule: body type unknown",
        "pas de règle de quorum : type d'assemblée inconnu",
    ),
    (
        "quorum",
        "no quorum rule: session date unknown",
        "pas de règle de quorum : date de séance inconnue",
    ),
    (
        "quorum",
        "no quorum rule: no rule for syndicat_mixte",
        "pas de règle de quorum : pas de règle pour syndicat_mixte",
    ),
    (
        "quorum",
        "the number of members in office is not given",
        "le nombre de membres en exercice n'est pas indiqué",
    ),
    (
        "quorum",
        "neither a present count nor a list of present members",
        "ni nombre de présents ni liste des membres présents",
    ),
    (
        "quorum",
        f"18 present = 18 of 21 in office, at least 11 required: {QUORUM_CM}",
        f"18 présents = 18 sur 21 en exercice, au moins 11 requis : {QUORUM_CM}",
    ),
    (
        "quorum",
        f"5 present + 2 represented = 7 of 12 in office, but 7 required: {QUORUM_CPD}",
        f"5 présents + 2 représentés = 7 sur 12 en exercice, mais 7 requis : {QUORUM_CPD}",
    ),
    # proxy_limit
    ("proxy_limit", "no proxies", "aucun pouvoir"),
    (
        "proxy_limit",
        "no proxy rule: body type unknown",
        "pas de règle sur les pouvoirs : type d'assemblée inconnu",
    ),
    (
        "proxy_limit",
        f"no member holds more than 1 proxy(ies); limit 1 {CM}",
        f"aucun membre ne détient plus de 1 pouvoir(s) ; limite 1 {CM}",
    ),
    (
        "proxy_limit",
        f"no member holds more than 1 proxy(ies); limit 1, assumed from the rules of procedure (the law does not fix it) {CPR}",
        f"aucun membre ne détient plus de 1 pouvoir(s) ; limite 1, supposée d'après le règlement intérieur (la loi ne la fixe pas) {CPR}",
    ),
    (
        "proxy_limit",
        f"M. Jean DUPONT holds 2 proxies; limit 1 {CM}",
        f"M. Jean DUPONT détient 2 pouvoirs ; limite 1 {CM}",
    ),
    # scheme_ceiling
    (
        "scheme_ceiling",
        "no known aid scheme cited",
        "aucun dispositif d'aide connu n'est cité",
    ),
    (
        "scheme_ceiling",
        f"{SCHEME}: no eligible beneficiary named",
        f"{SCHEME} : aucun bénéficiaire éligible nommé",
    ),
    (
        "scheme_ceiling",
        f"{SCHEME}: operating aid to CC du Pays de Lumbres 95 000.00 €, ceiling 90 000.00 € ({OPERATING_NOTE})",
        f"{SCHEME} : aide au fonctionnement de 95 000.00 € à CC du Pays de Lumbres, plafond 90 000.00 € ({OPERATING_NOTE})",
    ),
    (
        "scheme_ceiling",
        f"{SCHEME}: investment aid 84 340.00 € for 3 beneficiaries (amounts not split), at most 3 x 30 000.00 € = 90 000.00 € (at most 50 % capped at 30 000.00 €)",
        f"{SCHEME} : aide à l'investissement de 84 340.00 € pour 3 bénéficiaires (montants non ventilés), au plus 3 x 30 000.00 € = 90 000.00 € (au plus 50 %, plafonnée à 30 000.00 €)",
    ),
    (
        "scheme_ceiling",
        f"{SCHEME}: a single aid per beneficiary, but CC du Pays de Lumbres named twice",
        f"{SCHEME} : une seule aide par bénéficiaire, mais CC du Pays de Lumbres cité(s) deux fois",
    ),
    (
        "scheme_ceiling",
        f"{SCHEME}: no amount to compare",
        f"{SCHEME} : aucun montant à comparer",
    ),
    # majority
    ("majority", "no outcome stated", "pas de résultat du vote annoncé"),
    (
        "majority",
        "the votes for and against are not both given",
        "les voix pour et contre ne sont pas toutes deux indiquées",
    ),
    (
        "majority",
        "tie: 6 for, 6 against (majority of the 12 votes cast); adopted rests on the casting vote (président (L2121-20))",
        "égalité : 6 pour, 6 contre (majorité des 12 suffrages exprimés) ; adoptée à la voix prépondérante (président (L2121-20))",
    ),
    (
        "majority",
        "tie: 3 for, 3 against (majority of the 6 votes cast); rejected rests on the casting vote (body type unknown)",
        "égalité : 3 pour, 3 contre (majorité des 6 suffrages exprimés) ; rejetée à la voix prépondérante (type d'assemblée inconnu)",
    ),
    (
        "majority",
        "said adopted, but 5 for, 6 against (majority of the 11 votes cast)",
        "dite adoptée, mais 5 pour, 6 contre (majorité des 11 suffrages exprimés)",
    ),
    (
        "majority",
        "adopted: 8 for, 4 against (majority of the 12 votes cast)",
        "adoptée : 8 pour, 4 contre (majorité des 12 suffrages exprimés)",
    ),
    # date_consistency
    (
        "date_consistency",
        "stamp: several ACTES identifiers; the first, 028-200069953-20240321-204_03_01-AR, is kept",
        "tampon de transmission : plusieurs identifiants ACTES ; le premier, 028-200069953-20240321-204_03_01-AR, est retenu",
    ),
    (
        "date_consistency",
        "stamp: ACTES identifier '034-213401723-20230216-2023_12-DE': SIREN 213401723 fails its checksum",
        "tampon de transmission : identifiant ACTES '034-213401723-20230216-2023_12-DE' : le SIREN 213401723 échoue au contrôle de sa clé",
    ),
    (
        "date_consistency",
        "stamp: received: '16/O2/2023' read as 2023-02-16 (damaged; the act date bounds it)",
        "tampon de transmission : réception : '16/O2/2023' lu comme 2023-02-16 (date abîmée ; la date de l'acte la borne)",
    ),
    (
        "date_consistency",
        "stamp: published: the stamp gives 2023-02-16, 2023-02-17; 2023-02-16 kept",
        "tampon de transmission : publication : le tampon donne 2023-02-16, 2023-02-17 ; 2023-02-16 retenue",
    ),
    (
        "date_consistency",
        "stamp: sent: '3l/02/2023' is not a date that can be read for certain",
        "tampon de transmission : envoi : '3l/02/2023' n'est pas une date lisible avec certitude",
    ),
    ("date_consistency", "no session date", "pas de date de séance"),
    (
        "date_consistency",
        "session date 2020-06-04, but the document also says 2019-12-17 in 'DIX-SEPT DECEMBRE DEUX-MILLE DIX-NEUF' (s'est reuni le)",
        "date de séance 2020-06-04, mais le document indique aussi 2019-12-17 dans 'DIX-SEPT DECEMBRE DEUX-MILLE DIX-NEUF' (s'est reuni le)",
    ),
    (
        "date_consistency",
        "session date 2020-06-04, but the document also says 2020-06-14 in '14 juin 2020' (title)",
        "date de séance 2020-06-04, mais le document indique aussi 2020-06-14 dans '14 juin 2020' (titre)",
    ),
    (
        "date_consistency",
        "mardi 2023-01-16: that day is not a mardi",
        "mardi 2023-01-16 : ce jour n'est pas un mardi",
    ),
    (
        "date_consistency",
        "convened on 2023-01-20, after the session of 2023-01-16",
        "convocation du 2023-01-20, postérieure à la séance du 2023-01-16",
    ),
    (
        "date_consistency",
        "received on 2023-01-10, before the session of 2023-01-16",
        "reçu le 2023-01-10, avant la séance du 2023-01-16",
    ),
    (
        "date_consistency",
        "executory on 2023-01-12, before the session of 2023-01-16",
        "exécutoire le 2023-01-12, avant la séance du 2023-01-16",
    ),
    (
        "date_consistency",
        "the ACTES act date 2023-01-17 is not the session date 2023-01-16",
        "la date d'acte ACTES 2023-01-17 n'est pas la date de séance 2023-01-16",
    ),
    (
        "date_consistency",
        "session 2020-07-01: 2 statement(s) of the session date agree; convened on 2020-06-25, before; transmitted and published after",
        "séance du 2020-07-01 : 2 mention(s) concordante(s) de la date de séance ; convocation du 2020-06-25, antérieure ; transmission et publication postérieures",
    ),
    (
        "date_consistency",
        "session 2023-01-16: one statement",
        "séance du 2023-01-16 : une seule mention",
    ),
    # run_checks: any check
    (
        "quorum",
        "check could not run: KeyError: 'AE'",
        "le contrôle n'a pas pu s'exécuter : KeyError: 'AE'",
    ),
]

#: the messages of the corpus pass (pipeline/corpus.py)
CORPUS_CASES: list[tuple[str, str, str]] = [
    (
        "quorum",
        f"9 present = 9 of 21 in office, but 11 required: {QUORUM_CM}; members in office taken from data/in/a_january.txt (session of 2023-01-16) [corpus]",
        f"9 présents = 9 sur 21 en exercice, mais 11 requis : {QUORUM_CM} ; membres en exercice repris de data/in/a_january.txt (séance du 2023-01-16) [corpus]",
    ),
    (
        "scheme_ceiling",
        f"{SCHEME}: a single aid per beneficiary, but CC du Pays de Lumbres was already granted one by data/in/a_2019.txt (session of 2019-11-26) [corpus]",
        f"{SCHEME} : une seule aide par bénéficiaire, mais CC du Pays de Lumbres en a déjà reçu une par data/in/a_2019.txt (séance du 2019-11-26) [corpus]",
    ),
    (
        "present_count",
        "same session as data/in/a.txt, but the present members differ (18 vs 17; differing: dupont, martin) [corpus]",
        "même séance que data/in/a.txt, mais les membres présents diffèrent (18 contre 17 ; divergents : dupont, martin) [corpus]",
    ),
    (
        "present_count",
        "same session as data/in/a.txt, but the present members differ (18 vs 17; differing: martin) (arrivals or departures are recorded, which may explain it) [corpus]",
        "même séance que data/in/a.txt, mais les membres présents diffèrent (18 contre 17 ; divergents : martin) (des arrivées ou départs sont consignés, ce qui peut l'expliquer) [corpus]",
    ),
    (
        "proxy_count",
        "same session as data/in/a.txt, but the proxies differ (4 vs 3) [corpus]",
        "même séance que data/in/a.txt, mais les pouvoirs diffèrent (4 contre 3) [corpus]",
    ),
]


@pytest.mark.parametrize(("check", "english", "expected"), CASES + CORPUS_CASES)
def test_french_message(check: str, english: str, expected: str) -> None:
    assert french(check, english) == expected


def test_every_check_has_examples() -> None:
    assert {c for c, _, _ in CASES} == set(CHECKS)
    assert len(CASES) >= 65  # the `_f(...)` calls of checks.py, some with variants


@pytest.mark.parametrize(
    ("check", "message"),
    [
        ("quorum", "something no check ever said"),
        ("no_such_check", "no proxies"),
        ("quorum", "no proxies"),  # a proxy_limit message under another check
        ("vote_total", ""),
        ("majority", "adopted: 8 for, 4 against"),  # a truncated message
    ],
)
def test_unknown_message_comes_back_unchanged(check: str, message: str) -> None:
    assert french(check, message) == message


def test_real_corpus_messages_are_translated(tmp_path: Path) -> None:
    engine = connect(f"sqlite:///{tmp_path / 'corpus.sqlite'}")
    ingest([ROOT / "data" / "raw"], engine, Settings(workers=0))
    with engine.connect() as conn:
        rows = {(c, m) for c, m in conn.execute(select(FindingRow.check_name, FindingRow.message))}
    assert rows
    untranslated = sorted((c, m) for c, m in rows if french(c, m) == m)
    share = 1 - len(untranslated) / len(rows)
    assert share >= 0.95, f"{share:.1%} translated; untranslated: " + "\n".join(
        f"{c}: {m}" for c, m in untranslated
    )
