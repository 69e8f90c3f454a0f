"""The skeleton of a mini-deliberation and its default parts.

A document is assembled from named parts (``PART_ORDER``); a family generator renders the
part it varies and lets ``build`` fill every other part with a plain, consistent default.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
from collections.abc import Callable
from typing import Any

from .blocks import flatten, para, stamp, to_text
from .frtext import (
    MONTHS,
    WEEKDAYS,
    day_digits,
    day_words,
    format_date,
    format_time,
    year_words,
)
from .model import Block, Meeting, Variant, format_name

PART_ORDER = (
    "stamp_top",
    "authority",
    "title",
    "box",
    "session",
    "attendance",
    "secretary",
    "subject",
    "body",
    "vote_before",
    "decide",
    "vote_after",
    "signature",
    "stamp_bottom",
)

# --------------------------------------------------------------------------- headings

AUTHORITY_HEADINGS: dict[str, tuple[str, ...]] = {
    "commune": (
        "COMMUNE {OF}",
        "DÉPARTEMENT {DEPT_OF}\nCOMMUNE {OF}",
        "RÉPUBLIQUE FRANÇAISE\nDépartement {dept_of}\nMairie {of}",
        "VILLE {OF}",
        "Commune {of} ({dept})",
    ),
    "epci": (
        "{NAME}",
        "RÉPUBLIQUE FRANÇAISE\n{name}\nSiège : {town}",
        "DÉPARTEMENT {DEPT_OF}\n{NAME}",
    ),
    "departement": (
        "DÉPARTEMENT {DEPT_OF}\nCONSEIL DÉPARTEMENTAL",
        "CONSEIL DÉPARTEMENTAL {DEPT_OF}",
    ),
    "region": ("{NAME}\nCONSEIL RÉGIONAL", "CONSEIL RÉGIONAL\n{NAME}"),
}

TITLES: tuple[str, ...] = (
    "EXTRAIT DU REGISTRE DES DÉLIBÉRATIONS {OF_BODY}",
    "EXTRAIT DU REGISTRE DES DÉLIBÉRATIONS",
    "Extrait du registre des délibérations {of_body}",
    "DÉLIBÉRATION {OF_BODY}",
    "EXTRAIT DU PROCÈS-VERBAL DES DÉLIBÉRATIONS",
)


def authority_block(m: Meeting, rng: random.Random) -> list[Block]:
    """The authority heading ("COMMUNE DE SAINT-AY", "DÉPARTEMENT DU LOIRET …")."""
    a = m.authority
    template = rng.choice(AUTHORITY_HEADINGS[a.level])
    text = template.format(
        OF=a.of_short.upper(),
        of=a.of_short,
        DEPT_OF=a.dept_of.upper(),
        dept_of=a.dept_of,
        dept=a.dept,
        NAME=a.name.upper(),
        name=a.name,
        town=a.town,
    )
    return [para(text, "title")]


def title_block(m: Meeting, rng: random.Random, *, date_style: str = "long") -> list[Block]:
    """'EXTRAIT DU REGISTRE DES DÉLIBÉRATIONS …', the session line and the act number."""
    a = m.authority
    title = rng.choice(TITLES).format(OF_BODY=a.of_body.upper(), of_body=a.of_body.lower())
    seance = f"Séance du {format_date(m.date, date_style)}"
    return [para(f"{title}\n{seance}", "title"), para(f"Délibération n° {m.reference}", "bold")]


# --------------------------------------------------------------------------- session sentence


def session_context(
    m: Meeting,
    *,
    date_style: str = "long",
    time_style: str = "h",
    conv_style: str = "long",
    year_style: str = "mille",
    chair_fmt: str = "civ_first_LAST",
) -> dict[str, str]:
    """Formatted pieces a session sentence is made of."""
    a = m.authority
    fem = a.body.startswith("Commission")
    chair, _ = format_name(m.chair, chair_fmt)
    ctx = {
        "body": a.body,
        "body_art": a.body_article,
        "Body_art": a.body_article[0].upper() + a.body_article[1:],
        "of": a.of_short,
        "name": a.name,
        "place": a.place,
        "chair": chair,
        "chair_title": m.chair_title,
        "reuni": "réunie" if fem else "réuni",
        "convoque": "convoquée" if fem else "convoqué",
        "date": format_date(m.date, date_style, year_style=year_style),
        "time": format_time(m.time, time_style),
        "conv": format_date(m.convened, conv_style, year_style=year_style),
        "year_w": year_words(m.date.year, year_style),
        "day_w": day_words(m.date.day),
        "day_d": day_digits(m.date.day),
        "month": MONTHS[m.date.month - 1],
        "weekday": WEEKDAYS[m.date.weekday()],
    }
    return ctx


SESSION_TEMPLATES: dict[str, str] = {
    "lan": (
        "L'an {year_w}, le {day_w} {month}, à {time}, {body_art} {of}, dûment {convoque} le "
        "{conv}, s'est {reuni} en session ordinaire {place}, sous la présidence de {chair}, "
        "{chair_title}."
    ),
    "lan_du_mois": (
        "L'an {year_w}, le {day_w} du mois de {month}, à {time}, {body_art} {of}, légalement "
        "{convoque}, s'est {reuni} {place}, sous la présidence de {chair}, {chair_title}."
    ),
    "lan_digits": (
        "L'an {year_w}, le {day_d} {month}, à {time}, {body_art}, légalement {convoque}, s'est "
        "{reuni} {place}, sous la présidence de {chair}, {chair_title}."
    ),
    "lan_weekday": (
        "L'an {year_w}, le {weekday} {day_d} {month} à {time}, {body_art} s'est {reuni} sous la "
        "présidence de {chair}, {chair_title}, suite à la convocation en date du {conv}."
    ),
    "convoque_reuni": (
        "{Body_art} {of}, dûment {convoque} le {conv}, s'est {reuni} le {date} à {time}, "
        "{place}, sous la présidence de {chair}, {chair_title}."
    ),
    "le_date": (
        "Le {date}, à {time}, {body_art} {of}, régulièrement {convoque}, s'est {reuni} {place}, "
        "sous la présidence de {chair}, {chair_title}."
    ),
    "le_date_notime": (
        "Le {date}, {body_art} {of}, régulièrement {convoque} le {conv}, s'est {reuni} {place} "
        "en séance publique, sous la présidence de {chair}, {chair_title}."
    ),
    "caps": (
        "LE {DATE} À {TIME}, S'EST {REUNI} {BODY_ART} {OF} AU LIEU HABITUEL DE SES SÉANCES, "
        "SOUS LA PRÉSIDENCE DE {CHAIR}, {CHAIR_TITLE}, À LA SUITE D'UNE CONVOCATION EN DATE DU "
        "{CONV}."
    ),
    "membres_reunis": (
        "Les membres du {body} se sont réunis {place}, le {date} à {time}, sous la présidence "
        "de {chair}, {chair_title}."
    ),
    "cp": (
        "{Body_art} dûment {convoque} par son {chair_title} le {conv}, {reuni} le {date}, à "
        "{time}, {place}, sous la présidence de {chair},"
    ),
    "sur_convocation": (
        "{Body_art} {of} s'est {reuni} en séance ordinaire le {date} à {time}, {place}, sur "
        "convocation individuelle adressée le {conv}, sous la présidence de {chair}, "
        "{chair_title}."
    ),
    "en_date_du": (
        "En date du {date}, à {time}, {body_art}, {convoque} le {conv}, s'est {reuni} {place}, "
        "sous la présidence de {chair}, {chair_title}."
    ),
}


def session_sentence(template: str, ctx: dict[str, str]) -> str:
    """Fill a session template; UPPER placeholders print the value in capitals."""
    upper = {k.upper(): v.upper() for k, v in ctx.items()}
    return SESSION_TEMPLATES[template].format(**ctx, **upper)


# --------------------------------------------------------------------------- subjects and body

SUBJECTS: tuple[dict[str, Any], ...] = (
    {
        "title": "Tarifs de la restauration scolaire pour l'année scolaire {y}-{y1}",
        "expose": "{Chair} rappelle que les tarifs de la restauration scolaire sont révisés chaque année.",
        "visas": (
            "Vu la délibération n° {prevref} du {prev} fixant les tarifs de l'année précédente,",
        ),
        "considerants": ("Considérant l'augmentation du coût des denrées alimentaires,",),
        "articles": (
            "de fixer le prix du repas à 3,45 € pour les élèves et à 6,10 € pour les adultes",
            "de dire que ces tarifs s'appliquent à compter de la rentrée scolaire",
        ),
    },
    {
        "title": "Création d'un poste d'adjoint technique territorial à temps complet",
        "expose": "{Chair} expose que le développement des services techniques justifie la création d'un poste.",
        "visas": (
            "Vu le Code général de la fonction publique,",
            "Vu l'avis du comité social territorial en date du {commission},",
        ),
        "considerants": (
            "Considérant la nécessité de renforcer l'équipe des services techniques,",
        ),
        "articles": (
            "de créer un poste d'adjoint technique territorial à temps complet",
            "de modifier le tableau des effectifs en conséquence",
        ),
    },
    {
        "title": "Dénomination de la voie desservant le lotissement « Les Hauts du Bourg »",
        "expose": "{Chair} indique qu'il convient de nommer la nouvelle voie pour faciliter l'adressage.",
        "visas": ("Vu l'article L. 2213-28 du Code général des collectivités territoriales,",),
        "considerants": (
            "Considérant l'intérêt d'un adressage normalisé pour les services de secours,",
        ),
        "articles": (
            "de dénommer la voie « Allée des Hortensias »",
            "de charger {chair_short} des formalités",
        ),
    },
    {
        "title": "Adhésion au groupement de commandes pour la fourniture d'électricité",
        "expose": "{Chair} présente la convention constitutive du groupement de commandes.",
        "visas": (
            "Vu le Code de la commande publique,",
            "Vu la délibération n° {prevref} du {prev} relative à la précédente adhésion,",
        ),
        "considerants": (
            "Considérant l'intérêt d'un achat groupé pour maîtriser les coûts de l'énergie,",
        ),
        "articles": (
            "d'adhérer au groupement de commandes",
            "d'autoriser {chair_short} à signer la convention constitutive",
        ),
    },
    {
        "title": "Approbation du règlement intérieur du cimetière",
        "expose": "{Chair} présente le projet de règlement intérieur du cimetière.",
        "visas": (
            "Vu les articles L. 2213-8 et suivants du Code général des collectivités territoriales,",
        ),
        "considerants": ("Considérant qu'il convient d'actualiser le règlement de 2009,",),
        "articles": (
            "d'approuver le règlement intérieur du cimetière annexé à la présente délibération",
        ),
    },
    {
        "title": "Convention de mise à disposition de la salle omnisports au collège",
        "expose": "{Chair} rappelle que le collège utilise la salle omnisports pour l'enseignement de l'EPS.",
        "visas": (
            "Vu le Code de l'éducation,",
            "Vu l'avis de la commission des sports réunie le {commission},",
        ),
        "considerants": (
            "Considérant qu'une convention doit préciser les conditions d'utilisation,",
        ),
        "articles": (
            "d'approuver la convention de mise à disposition de la salle omnisports",
            "d'autoriser {chair_short} à la signer",
        ),
    },
)

LAW_VISAS: tuple[str, ...] = (
    "Vu la loi n° 2019-1461 du 27 décembre 2019 relative à l'engagement dans la vie locale et à la proximité de l'action publique,",
    "Vu l'ordonnance n° 2021-1310 du 7 octobre 2021 portant réforme des règles de publicité des actes des collectivités territoriales,",
    "Vu le décret n° 2021-1311 du 7 octobre 2021 portant réforme des règles de publicité des actes des collectivités territoriales,",
)


def chair_phrase(m: Meeting) -> str:
    """'Monsieur le Maire', 'Madame le Maire', 'Madame la Présidente'."""
    if m.authority.chair_title == "Maire":
        return f"{m.chair.civ_long} le Maire"
    return m.chair.agree("Monsieur le Président", "Madame la Présidente")


def subject_context(m: Meeting, *, visa_date_style: str = "long") -> dict[str, str]:
    """Values for the placeholders of SUBJECTS (earlier dates are before the session)."""
    prev = m.date - dt.timedelta(days=91 + m.number * 3)
    commission = m.convened - dt.timedelta(days=1 + m.number % 6)
    chair_short = "le Maire" if m.authority.chair_title == "Maire" else "le Président"
    return {
        "y": str(m.date.year),
        "y1": str(m.date.year + 1),
        "prev": format_date(prev, visa_date_style),
        "prevref": f"{prev.year}-{(m.number * 7) % 90 + 1:03d}",
        "commission": format_date(commission, visa_date_style),
        "Chair": chair_phrase(m),
        "chair_short": chair_short,
    }


def subject_blocks(
    subject: dict[str, Any], ctx: dict[str, str], *, label: str = "Objet : "
) -> list[Block]:
    """'Objet : …' line."""
    return [para(label + subject["title"].format(**ctx), "bold")]


def body_blocks(
    m: Meeting, subject: dict[str, Any], ctx: dict[str, str], *, laws: bool = False
) -> list[Block]:
    """Exposé, visas and considérants."""
    visas = ["Vu le Code général des collectivités territoriales,"]
    if laws:
        visas.extend(LAW_VISAS)
    visas.extend(v.format(**ctx) for v in subject["visas"])
    considerants = [c.format(**ctx) for c in subject["considerants"]]
    return [
        para(subject["expose"].format(**ctx)),
        para("\n".join(visas)),
        para("\n".join(considerants)),
    ]


def decide_blocks(
    m: Meeting,
    articles: list[str],
    *,
    inline_vote: str | None = None,
    verb: str = "DÉCIDE",
    numbered: bool = False,
) -> list[Block]:
    """'Après en avoir délibéré, le Conseil …, [vote,] DÉCIDE :' and the articles."""
    body = m.authority.body_article
    lead = f"Après en avoir délibéré, {body}"
    lead += f", {inline_vote}, {verb} :" if inline_vote else f" {verb} :"
    if numbered:
        items = [
            f"Article {i + 1 if i else '1er'} : {a[0].upper()}{a[1:]}."
            for i, a in enumerate(articles)
        ]
    else:
        items = [f"- {a} ;" if i < len(articles) - 1 else f"- {a}." for i, a in enumerate(articles)]
    return [para(lead, "bold"), para("\n".join(items))]


# --------------------------------------------------------------------------- default vote

DEFAULT_VOTES_BEFORE = (
    "à l'unanimité",
    "à l'unanimité des membres présents et représentés",
)
DEFAULT_VOTES_AFTER = (
    "Adopté à l'unanimité.",
    "Pour : {v}\nContre : 0\nAbstention : 0\nADOPTÉ À L'UNANIMITÉ",
    "Vote : unanimité ({v} voix pour).",
)


# --------------------------------------------------------------------------- signature and stamps

SIGNATURES: dict[str, str] = {
    "fait_a": "Fait {at_town}, le {signed}.\n{Title},\n{chair}",
    "fait_delibere": "Fait et délibéré en séance les jour, mois et an susdits.\nPour extrait conforme,\n{At_town}, le {signed}\n{Title},\n{chair}",
    "extrait_certifie": "Pour extrait certifié conforme au registre des délibérations.\n{town}, le {signed}\n{Title},\n{chair}",
    "au_registre": "Ont signé au registre les membres présents.\nPour copie conforme,\n{Title},\n{chair}",
    "signe_le": "{Title},\n{chair}\nSigné électroniquement le {signed}",
}


def signature_blocks(m: Meeting, style: str = "fait_a", date_style: str = "long") -> list[Block]:
    """The closing formula; ``au_registre`` prints no date."""
    a = m.authority
    chair, _ = format_name(m.chair, "first_LAST")
    title = ("La " if m.chair_title == "Présidente" else "Le ") + m.chair_title
    text = SIGNATURES[style].format(
        town=a.town,
        at_town=a.at_town,
        At_town=a.at_town[0].upper() + a.at_town[1:],
        signed=format_date(m.signed, date_style),
        Title=title,
        chair=chair,
    )
    return [para(text, "right")]


# Prefecture stamps: template, and which transmission fields it prints.
STAMPS: dict[str, tuple[str, tuple[str, ...]]] = {
    "actes": (
        "Envoyé en préfecture le {sent}\nReçu en préfecture le {received}\nPublié le {published}\nID : {id}",
        ("actes_id", "sent", "received", "published"),
    ),
    "actes_nopub": (
        "Envoyé en préfecture le {sent}\nReçu en préfecture le {received}\nPublié le\nID : {id}",
        ("actes_id", "sent", "received"),
    ),
    "accuse": (
        "Accusé de réception en préfecture\n{id}\nDate de télétransmission : {sent}\nDate de réception préfecture : {received}",
        ("actes_id", "sent", "received"),
    ),
    "certifie": (
        "Certifié exécutoire compte tenu de la transmission en préfecture le {sent} et de la publication le {published}.",
        ("sent", "published"),
    ),
    "rendu_executoire": (
        "Acte rendu exécutoire le {executory}, après transmission au contrôle de légalité le {sent} et publication le {published}.",
        ("sent", "published", "executory"),
    ),
    "transmis_affiche": (
        "Transmis en préfecture le {sent}\nAffiché le {posted}",
        ("sent", "posted"),
    ),
    "publie_site": (
        "Publié sur le site internet de la collectivité le {published}",
        ("published",),
    ),
    "signe_affiche": ("SIGNÉ ET AFFICHÉ LE : {posted}", ("posted",)),
    "affichage_publication": (
        "Date d'affichage : {posted}\nDate de publication : {published}\nDate de réception en préfecture : {received}",
        ("posted", "published", "received"),
    ),
}

TRANSMISSION_KEYS = ("actes_id", "sent", "received", "published", "posted", "executory")


def stamp_part(m: Meeting, style: str, date_style: str = "slash") -> tuple[str, dict[str, Any]]:
    """The stamp's text and the transmission facts it prints (others null)."""
    template, fields = STAMPS[style]
    dates = {
        "sent": m.sent,
        "received": m.sent,
        "published": m.published,
        "posted": m.published,
        "executory": max(m.sent, m.published),
    }
    text = template.format(
        id=m.actes_id, **{k: format_date(v, date_style) for k, v in dates.items()}
    )
    facts: dict[str, Any] = dict.fromkeys(TRANSMISSION_KEYS)
    for f in fields:
        facts[f] = m.actes_id if f == "actes_id" else dates[f].isoformat()
    return text, facts


# --------------------------------------------------------------------------- assembling


def default_parts(
    m: Meeting, rng: random.Random, info: dict[str, Any] | None = None
) -> dict[str, list[Block]]:
    """Plain defaults for every part (the family generator overrides some of them)."""
    from .attendance import default_attendance  # the attendance engine renders the default

    subject = rng.choice(SUBJECTS)
    sctx = subject_context(m)
    articles = [a.format(**sctx) for a in subject["articles"]]
    if info is not None:
        info.update(subject=subject, sctx=sctx, articles=articles)
    ctx = session_context(m, time_style=rng.choice(("h", "h_spaced", "heures")))
    parts: dict[str, list[Block]] = {k: [] for k in PART_ORDER}
    parts["authority"] = authority_block(m, rng)
    parts["title"] = title_block(m, rng)
    parts["session"] = [para(session_sentence(rng.choice(("lan", "convoque_reuni")), ctx))]
    parts["attendance"] = default_attendance(m, rng)
    parts["subject"] = subject_blocks(subject, sctx)
    parts["body"] = body_blocks(m, subject, sctx)
    if rng.random() < 0.5:
        parts["decide"] = decide_blocks(m, articles, inline_vote=rng.choice(DEFAULT_VOTES_BEFORE))
    else:
        parts["decide"] = decide_blocks(m, articles, numbered=rng.random() < 0.5)
        parts["vote_after"] = [para(rng.choice(DEFAULT_VOTES_AFTER).format(v=m.voters))]
    parts["signature"] = signature_blocks(m, rng.choice(("fait_a", "fait_delibere")))
    if rng.random() < 0.5:
        text, _ = stamp_part(m, "actes")
        parts[rng.choice(("stamp_top", "stamp_bottom"))] = [stamp(text)]
    return parts


def compose(parts: dict[str, list[Block]]) -> list[Block]:
    """The blocks of all parts in document order."""
    return [block for name in PART_ORDER for block in parts.get(name, [])]


Customize = Callable[[dict[str, list[Block]], dict[str, Any]], None]


def build_variant(
    family: str,
    variant_id: str,
    m: Meeting,
    rng: random.Random,
    overrides: dict[str, list[Block]] | Customize,
    expected: dict[str, Any],
    layout: str,
) -> Variant:
    """Fill the parts a family did not render with defaults, and make the Variant.

    ``overrides`` replaces parts, or is a function given the parts and the drawn subject
    (``{"subject", "sctx", "articles"}``) that edits them in place.
    """
    info: dict[str, Any] = {}
    parts = default_parts(m, rng, info)
    if callable(overrides):
        overrides(parts, info)
    else:
        parts.update(overrides)
    blocks = compose(parts)
    text = to_text(blocks)
    if layout == "flat":
        text = flatten(text)
    return Variant(family, variant_id, text, expected, layout, blocks)


def with_flat_copies(forms: tuple[Any, ...], slugs: tuple[str, ...]) -> tuple[Any, ...]:
    """``forms``, then a flattened copy of each form named in ``slugs``: the same slug, so
    the same draw and the same facts, with all white space collapsed to one space."""
    by_slug = {form.slug: form for form in forms}
    return forms + tuple(dataclasses.replace(by_slug[slug], layout="flat") for slug in slugs)
