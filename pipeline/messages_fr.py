"""French versions of the check messages, for the auditors' report.

The database keeps the English messages written by `pipeline.checks` and `pipeline.corpus`;
`french(check, message)` gives the French one for display. The translation is data:

- `RULES`: (check name, or None for any check; a pattern matching the whole English
  message, with named groups; a French template over those groups), tried in order, the
  first full match winning;
- `GROUPS`: for the groups that hold a phrase built by a helper (the voters counted, the
  parts of a vote, a stamp note, ...), substitutions applied in order to the group's text
  before it enters the template. A group named `msg` is itself a message of the same check,
  translated by the same rules (the corpus pass appends to a per-document message).

Dates, amounts, names, codes and the legal texts (already in French) are kept as they are.
A message no rule matches comes back unchanged, in English; `french` never raises.
"""

from __future__ import annotations

import re

Rule = tuple[str | None, re.Pattern[str], str]
Sub = tuple[re.Pattern[str], str]

#: an amount as `pipeline.checks._eur` writes it: "1 234.50 €", "-12.00 €"
AMT = r"-?\d{1,3}(?: \d{3})*\.\d{2} €"
DATE = r"\d{4}-\d{2}-\d{2}"
#: "8 for, 4 against (majority of the 12 votes cast)", in `pipeline.checks.majority`
CAST = r"(?P<for_>\d+) for, (?P<against>\d+) against \(majority of the (?P<cast>\d+) votes cast\)"
CAST_FR = "{for_} pour, {against} contre (majorité des {cast} suffrages exprimés)"
#: the note a corpus finding ends with (`pipeline.corpus.CORPUS_MARK`)
CORPUS = r" \[corpus\]"


def _rules(*rows: tuple[str | None, str, str]) -> list[Rule]:
    return [(check, re.compile(pattern), template) for check, pattern, template in rows]


def _subs(*rows: tuple[str, str]) -> list[Sub]:
    return [(re.compile(pattern), repl) for pattern, repl in rows]


RULES: list[Rule] = _rules(
    # --- corpus pass (pipeline/corpus.py): first, as per-document rules would match them too
    (
        "quorum",
        rf"(?P<msg>.+); members in office taken from (?P<path>.+) \(session of (?P<date>[^()]*)\){CORPUS}",
        "{msg} ; membres en exercice repris de {path} (séance du {date}) [corpus]",
    ),
    (
        "scheme_ceiling",
        rf"(?P<scheme>.+?): a single aid per beneficiary, but (?P<name>.+) was already granted one by (?P<path>.+) \(session of (?P<date>[^()]*)\){CORPUS}",
        "{scheme} : une seule aide par bénéficiaire, mais {name} en a déjà reçu une par {path} (séance du {date}) [corpus]",
    ),
    (
        "present_count",
        rf"same session as (?P<path>.+?), but the present members differ \((?P<n>\d+) vs (?P<m>\d+); differing: (?P<names>.*?)\)(?P<moves>(?: \(arrivals or departures are recorded, which may explain it\))?){CORPUS}",
        "même séance que {path}, mais les membres présents diffèrent ({n} contre {m} ; divergents : {names}){moves} [corpus]",
    ),
    (
        "proxy_count",
        rf"same session as (?P<path>.+?), but the proxies differ \((?P<n>\d+) vs (?P<m>\d+)\)(?P<moves>(?: \(arrivals or departures are recorded, which may explain it\))?){CORPUS}",
        "même séance que {path}, mais les pouvoirs diffèrent ({n} contre {m}){moves} [corpus]",
    ),
    # --- phasing_total
    (
        "phasing_total",
        r"(?P<code>.*?): no phasing or no amount given",
        "{code} : pas de phasage ou pas de montant indiqué",
    ),
    (
        "phasing_total",
        rf"(?P<code>.*?): phasing \((?P<years>.*)\) sums to (?P<total>{AMT}) = (?P<kind>\S+) (?P<amount>{AMT})",
        "{code} : le phasage ({years}) totalise {total} = {kind} {amount}",
    ),
    (
        "phasing_total",
        rf"(?P<code>.*?): phasing \((?P<years>.*)\) sums to (?P<total>{AMT}), (?P<kind>\S+) is (?P<amount>{AMT}) \(difference (?P<diff>{AMT})\)",
        "{code} : le phasage ({years}) totalise {total}, pour un montant {kind} de {amount} (écart de {diff})",
    ),
    (
        "phasing_total",
        r"no imputation with a payment phasing",
        "aucune imputation avec un phasage des paiements",
    ),
    # --- decided_total
    (
        "decided_total",
        r"no total stated in the decision, or no imputation table",
        "pas de total annoncé dans la décision, ou pas de tableau des imputations",
    ),
    (
        "decided_total",
        rf"stated (?P<amount>{AMT}) en (?P<label>.*?); imputation table gives (?P<target>{AMT})",
        "montant annoncé {amount} en {label} ; le tableau des imputations donne {target}",
    ),
    (
        "decided_total",
        rf"stated total (?P<amount>{AMT}); imputation table gives (?P<overall>{AMT}) \(AE (?P<ae>{AMT}), AP (?P<ap>{AMT})\)",
        "total annoncé {amount} ; le tableau des imputations donne {overall} (AE {ae}, AP {ap})",
    ),
    # --- program_code
    (
        "program_code",
        r"no programme code cited in the text, or no imputation",
        "aucun code programme cité dans le texte, ou aucune imputation",
    ),
    (
        "program_code",
        r"programme (?P<codes>.*) cited in the text matches the imputations",
        "programme {codes} cité dans le texte, conforme aux imputations",
    ),
    (
        "program_code",
        r"programmes in imputations (?P<imputed>\[.*?\]) vs cited in the text (?P<cited>\[.*\])",
        "les programmes des imputations {imputed} diffèrent de ceux cités dans le texte {cited}",
    ),
    # --- vote_total
    ("vote_total", r"no vote count given", "pas de décompte des voix"),
    (
        "vote_total",
        r"no vote count given \(unanimous, counts implied\)",
        "pas de décompte des voix (unanimité, décompte implicite)",
    ),
    (
        "vote_total",
        r"(?P<n>\d+) for, but no attendance figures to compare with",
        "{n} pour, mais aucun chiffre de présence auquel le comparer",
    ),
    (
        "vote_total",
        r"(?P<votes>.+?) = (?P<total>\d+) = (?P<how>.+?) \((?P<missing>[a-z, ]+) not given\)",
        "{votes} = {total} = {how} (non précisé : {missing})",
    ),
    (
        "vote_total",
        r"(?P<votes>.+?) = (?P<total>\d+) = (?P<how>.+)",
        "{votes} = {total} = {how}",
    ),
    (
        "vote_total",
        r"(?P<votes>.+?) = (?P<total>\d+) < (?P<voters>\d+) \((?P<how>.+)\); (?P<missing>[a-z, ]+) not given",
        "{votes} = {total} < {voters} ({how}) ; non précisé : {missing}",
    ),
    (
        "vote_total",
        r"(?P<votes>.+?) = (?P<total>\d+), but (?P<how>.+) = (?P<voters>\d+)",
        "{votes} = {total}, mais {how} = {voters}",
    ),
    # --- present_count
    (
        "present_count",
        r"no stated present count, or no names listed",
        "pas de nombre de présents annoncé, ou aucun nom cité",
    ),
    (
        "present_count",
        r"(?P<n>\d+) present members listed = (?P<m>\d+) stated",
        "{n} membres présents nommés = {m} annoncés",
    ),
    (
        "present_count",
        r"(?P<n>\d+) present members listed, (?P<m>\d+) stated",
        "{n} membres présents nommés, {m} annoncés",
    ),
    # --- proxy_count
    ("proxy_count", r"no stated proxy count", "pas de nombre de pouvoirs annoncé"),
    (
        "proxy_count",
        r"(?P<n>\d+) proxies listed = (?P<m>\d+) stated",
        "{n} pouvoirs nommés = {m} annoncés",
    ),
    (
        "proxy_count",
        r"(?P<n>\d+) proxies listed, (?P<m>\d+) stated",
        "{n} pouvoirs nommés, {m} annoncés",
    ),
    # --- proxy_holder_present, proxy_giver_absent
    (
        None,
        r"no proxies, or no list of present members",
        "pas de pouvoirs, ou pas de liste des membres présents",
    ),
    (
        "proxy_holder_present",
        r"(?P<holder>.*?) holds the proxy of (?P<giver>.*) but is not listed as present",
        "{holder} détient le pouvoir de {giver} mais n'est pas nommé parmi les présents",
    ),
    (
        "proxy_holder_present",
        r"all (?P<n>\d+) proxy holders are present",
        "tous les porteurs de pouvoir ({n}) sont présents",
    ),
    (
        "proxy_holder_present",
        r"all (?P<n>\d+) proxy holders are present \(the chair (?P<chair>.*) counted as present\)",
        "tous les porteurs de pouvoir ({n}) sont présents (le président de séance, {chair}, compté parmi les présents)",
    ),
    (
        "proxy_giver_absent",
        r"(?P<giver>.*?) gave a proxy to (?P<holder>.*) but is also listed as present",
        "{giver} a donné pouvoir à {holder} mais est aussi nommé parmi les présents",
    ),
    (
        "proxy_giver_absent",
        r"(?P<giver>.*?) gave a proxy to (?P<holder>.*?); a member of the same surname is listed as present, without a first name to tell them apart",
        "{giver} a donné pouvoir à {holder} ; un membre du même nom est nommé parmi les présents, sans prénom pour les distinguer",
    ),
    (
        "proxy_giver_absent",
        r"none of the (?P<n>\d+) proxy givers is listed as present",
        "aucun des mandants ({n}) n'est nommé parmi les présents",
    ),
    # --- unanimity
    (
        "unanimity",
        r"the decision is not said to be unanimous",
        "la décision n'est pas dite prise à l'unanimité",
    ),
    (
        "unanimity",
        r"said unanimous, but (?P<n>\d+) against",
        "dite à l'unanimité, mais {n} contre",
    ),
    (
        "unanimity",
        r"said unanimous with (?P<n>\d+) abstention\(s\): unanimity of the votes cast",
        "dite à l'unanimité avec {n} abstention(s) : unanimité des suffrages exprimés",
    ),
    ("unanimity", r"said unanimous; no vote against", "dite à l'unanimité ; aucune voix contre"),
    (
        "unanimity",
        r"said unanimous; no vote against or abstention",
        "dite à l'unanimité ; ni voix contre ni abstention",
    ),
    # --- person_unique
    ("person_unique", r"no names listed", "aucun nom cité"),
    (
        "person_unique",
        r"(?P<name>.*) is listed twice among the present members",
        "{name} est nommé deux fois parmi les membres présents",
    ),
    (
        "person_unique",
        r"(?P<name>.*) is listed both as present and as absent",
        "{name} est nommé à la fois parmi les présents et parmi les absents",
    ),
    (
        "person_unique",
        r"(?P<n>\d+) present and (?P<m>\d+) absent members, nobody listed twice",
        "{n} membres présents et {m} absents, personne n'est nommé deux fois",
    ),
    # --- quorum
    ("quorum", r"no quorum rule: (?P<why>.*)", "pas de règle de quorum : {why}"),
    (
        "quorum",
        r"the number of members in office is not given",
        "le nombre de membres en exercice n'est pas indiqué",
    ),
    (
        "quorum",
        r"neither a present count nor a list of present members",
        "ni nombre de présents ni liste des membres présents",
    ),
    (
        "quorum",
        r"(?P<how>.+?) = (?P<counted>\d+) of (?P<office>\d+) in office, at least (?P<required>\d+) required: (?P<basis>.*)",
        "{how} = {counted} sur {office} en exercice, au moins {required} requis : {basis}",
    ),
    (
        "quorum",
        r"(?P<how>.+?) = (?P<counted>\d+) of (?P<office>\d+) in office, but (?P<required>\d+) required: (?P<basis>.*)",
        "{how} = {counted} sur {office} en exercice, mais {required} requis : {basis}",
    ),
    # --- proxy_limit
    ("proxy_limit", r"no proxies", "aucun pouvoir"),
    ("proxy_limit", r"no proxy rule: (?P<why>.*)", "pas de règle sur les pouvoirs : {why}"),
    (
        "proxy_limit",
        r"no member holds more than (?P<n>\d+) proxy\(ies\); limit (?P<limit>\d+)(?P<assumed>(?:, assumed from the rules of procedure \(the law does not fix it\))?) (?P<basis>\[.*\])",
        "aucun membre ne détient plus de {n} pouvoir(s) ; limite {limit}{assumed} {basis}",
    ),
    (
        "proxy_limit",
        r"(?P<name>.*?) holds (?P<n>\d+) proxies; limit (?P<limit>\d+)(?P<assumed>(?:, assumed from the rules of procedure \(the law does not fix it\))?) (?P<basis>\[.*\])",
        "{name} détient {n} pouvoirs ; limite {limit}{assumed} {basis}",
    ),
    # --- scheme_ceiling
    ("scheme_ceiling", r"no known aid scheme cited", "aucun dispositif d'aide connu n'est cité"),
    (
        "scheme_ceiling",
        r"(?P<scheme>.+?): no eligible beneficiary named",
        "{scheme} : aucun bénéficiaire éligible nommé",
    ),
    (
        "scheme_ceiling",
        r"(?P<scheme>.+?): no amount to compare",
        "{scheme} : aucun montant à comparer",
    ),
    (
        "scheme_ceiling",
        rf"(?P<scheme>.+?): (?P<label>operating aid|investment aid) to (?P<name>.+?) (?P<amount>{AMT}), ceiling (?P<ceiling>{AMT}) \((?P<note>.*)\)",
        "{scheme} : {label} de {amount} à {name}, plafond {ceiling} ({note})",
    ),
    (
        "scheme_ceiling",
        rf"(?P<scheme>.+?): (?P<label>operating aid|investment aid) (?P<total>{AMT}) for (?P<n>\d+) beneficiaries \(amounts not split\), at most (?P<n2>\d+) x (?P<ceiling>{AMT}) = (?P<cap>{AMT}) \((?P<note>.*)\)",
        "{scheme} : {label} de {total} pour {n} bénéficiaires (montants non ventilés), au plus {n2} x {ceiling} = {cap} ({note})",
    ),
    (
        "scheme_ceiling",
        r"(?P<scheme>.+?): a single aid per beneficiary, but (?P<names>.+) named twice",
        "{scheme} : une seule aide par bénéficiaire, mais {names} cité(s) deux fois",
    ),
    # --- majority
    ("majority", r"no outcome stated", "pas de résultat du vote annoncé"),
    (
        "majority",
        r"the votes for and against are not both given",
        "les voix pour et contre ne sont pas toutes deux indiquées",
    ),
    (
        "majority",
        rf"tie: {CAST}; (?P<outcome>adopted|rejected) rests on the casting vote \((?P<why>.*)\)",
        f"égalité : {CAST_FR} ; {{outcome}} à la voix prépondérante ({{why}})",
    ),
    (
        "majority",
        rf"said (?P<outcome>adopted|rejected), but {CAST}",
        f"dite {{outcome}}, mais {CAST_FR}",
    ),
    ("majority", rf"(?P<outcome>adopted|rejected): {CAST}", f"{{outcome}} : {CAST_FR}"),
    # --- date_consistency
    ("date_consistency", r"stamp: (?P<stamp>.*)", "tampon de transmission : {stamp}"),
    ("date_consistency", r"no session date", "pas de date de séance"),
    (
        "date_consistency",
        rf"session date (?P<day>{DATE}), but the document also says (?P<iso>{DATE}) in (?P<said>.*)",
        "date de séance {day}, mais le document indique aussi {iso} dans {said}",
    ),
    (
        "date_consistency",
        rf"(?P<weekday>\w+) (?P<day>{DATE}): that day is not a (?P=weekday)",
        "{weekday} {day} : ce jour n'est pas un {weekday}",
    ),
    (
        "date_consistency",
        rf"convened on (?P<convened>{DATE}), after the session of (?P<day>{DATE})",
        "convocation du {convened}, postérieure à la séance du {day}",
    ),
    (
        "date_consistency",
        rf"(?P<field>sent|received|published|posted|executory) on (?P<when>{DATE}), before the session of (?P<day>{DATE})",
        "{field} le {when}, avant la séance du {day}",
    ),
    (
        "date_consistency",
        rf"the ACTES act date (?P<act>{DATE}) is not the session date (?P<day>{DATE})",
        "la date d'acte ACTES {act} n'est pas la date de séance {day}",
    ),
    ("date_consistency", rf"session (?P<day>{DATE}): (?P<parts>.*)", "séance du {day} : {parts}"),
    # --- any check (pipeline.checks.run_checks)
    (None, r"check could not run: (?P<error>.*)", "le contrôle n'a pas pu s'exécuter : {error}"),
)

GROUPS: dict[str, list[Sub]] = {
    # vote_total: "11 for + 0 against + 1 abstention + 0 not voting"
    "votes": _subs(
        (r"\b(\d+) for\b", r"\1 pour"),
        (r"\b(\d+) against\b", r"\1 contre"),
        (r"\b(\d+) not voting\b", r"\1 ne prenant pas part au vote"),
    ),
    # vote_total: the counts not given, "against, abstention"
    "missing": _subs(
        (r"\bfor\b", "pour"),
        (r"\bagainst\b", "contre"),
        (r"\bnot voting\b", "ne prenant pas part au vote"),
    ),
    # vote_total (`_voters`) and quorum: who is counted
    "how": _subs(
        (r"^(\d+) voters stated$", r"\1 votants annoncés"),
        (
            r"^(\d+) present \+ (\d+) represented \(stated\)$",
            r"\1 présents + \2 représentés (annoncés)",
        ),
        (r"^(\d+) present \+ (\d+) proxies \(listed\)$", r"\1 présents + \2 pouvoirs (nommés)"),
        (r"^(\d+) present \+ (\d+) represented$", r"\1 présents + \2 représentés"),
        (r"^(\d+) present$", r"\1 présents"),
    ),
    # quorum, proxy_limit (`_rule`); majority: the casting vote, or why no rule applies
    "why": _subs(
        (r"^body type unknown$", "type d'assemblée inconnu"),
        (r"^session date unknown$", "date de séance inconnue"),
        (r"^no rule for (.*)$", r"pas de règle pour \1"),
    ),
    "assumed": _subs(
        (
            r"^, assumed from the rules of procedure \(the law does not fix it\)$",
            ", supposée d'après le règlement intérieur (la loi ne la fixe pas)",
        ),
    ),
    # scheme_ceiling
    "label": _subs(
        (r"^operating aid$", "aide au fonctionnement"),
        (r"^investment aid$", "aide à l'investissement"),
    ),
    "note": _subs(
        (rf"^at most (\d+) % capped at ({AMT})$", r"au plus \1 %, plafonnée à \2"),
    ),
    # phasing_total: the imputation kind
    "kind": _subs(
        (r"^other$", "autre"),
    ),
    # majority
    "outcome": _subs((r"^adopted$", "adoptée"), (r"^rejected$", "rejetée")),
    # date_consistency: the stamp notes of `extractors.stamp.read_stamp`
    "stamp": _subs(
        (
            r"^ACTES identifier (.*): SIREN (\d+) fails its checksum$",
            r"identifiant ACTES \1 : le SIREN \2 échoue au contrôle de sa clé",
        ),
        (
            r"^several ACTES identifiers; the first, (.*), is kept$",
            r"plusieurs identifiants ACTES ; le premier, \1, est retenu",
        ),
        (
            r"^(\w+): (.*) read as (\S+) \(damaged; the act date bounds it\)$",
            r"\1 : \2 lu comme \3 (date abîmée ; la date de l'acte la borne)",
        ),
        (r"^(\w+): the stamp gives (.*); (\S+) kept$", r"\1 : le tampon donne \2 ; \3 retenue"),
        (
            r"^(\w+): (.*) is not a date that can be read for certain$",
            r"\1 : \2 n'est pas une date lisible avec certitude",
        ),
        (r"^sent :", "envoi :"),
        (r"^received :", "réception :"),
        (r"^published :", "publication :"),
        (r"^posted :", "affichage :"),
        (r"^executory :", "caractère exécutoire :"),
    ),
    # date_consistency: the stamp field before the session
    "field": _subs(
        (r"^sent$", "transmis"),
        (r"^received$", "reçu"),
        (r"^published$", "publié"),
        (r"^posted$", "affiché"),
        (r"^executory$", "exécutoire"),
    ),
    # date_consistency (`_said`): "'30 JANVIER 2020' (conseil municipal du)", or "(title)"
    "said": _subs(
        (r"\(title\)$", "(titre)"),
    ),
    # date_consistency: what agrees, "; "-joined
    "parts": _subs(
        (
            r"(\d+) statement\(s\) of the session date agree",
            r"\1 mention(s) concordante(s) de la date de séance",
        ),
        (rf"convened on ({DATE}), before", r"convocation du \1, antérieure"),
        (r"transmitted and published after", "transmission et publication postérieures"),
        (r"^one statement$", "une seule mention"),
        (r"; ", " ; "),
    ),
    # corpus: present members or proxies differ between documents of one session
    "moves": _subs(
        (
            r"^ \(arrivals or departures are recorded, which may explain it\)$",
            " (des arrivées ou départs sont consignés, ce qui peut l'expliquer)",
        ),
    ),
}


def _group(check: str, name: str, value: str) -> str:
    if name == "msg":
        return french(check, value)
    for pattern, repl in GROUPS.get(name, ()):
        value = pattern.sub(repl, value)
    return value


def french(check: str, message: str) -> str:
    """The French version of `message`, a finding of `check`; unchanged if no rule knows it."""
    try:
        for name, pattern, template in RULES:
            if name is not None and name != check:
                continue
            m = pattern.fullmatch(message)
            if m is None:
                continue
            values = {k: _group(check, k, v or "") for k, v in m.groupdict().items()}
            return template.format(**values)
    except Exception:  # a display helper: the English text is better than no report
        return message
    return message
