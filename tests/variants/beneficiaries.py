"""Beneficiary renderings: who receives how much, as lists, tables, prose or requests.

Each line of ``FORMS`` is one rendering: ``style`` (how the list is laid out) and
``amount`` (how money is printed, see ``frtext.AMOUNT_STYLES``). To add one, append a
``BenForm(...)`` line; a new style needs a branch in ``_decide``.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from typing import Any

from . import names
from .blocks import para, table
from .document import build_variant, with_flat_copies
from .frtext import format_amount, format_date
from .model import Block, Meeting, Variant, make_meeting, of_place

AMOUNTS: tuple[int, ...] = (
    150,
    200,
    250,
    300,
    350,
    400,
    450,
    500,
    600,
    750,
    800,
    1000,
    1200,
    1500,
    1800,
    2000,
    2500,
    3000,
    4500,
    5000,
    7500,
)
PUBLIC_AMOUNTS: tuple[int, ...] = (5000, 7500, 10000, 12000, 15000, 20000, 25000, 30000, 45000)
CENTS_AMOUNTS = (213.44, 850.5, 1234.56, 96.8, 2750.25)

# words after which the name takes "au" (masculine), else "à la" / "à l'"
MASCULINE_HEADS = (
    "Comité",
    "Club",
    "Judo-club",
    "Tennis",
    "Secours",
    "Syndicat",
    "Centre",
    "Office",
)


@dataclass(frozen=True)
class BenForm:
    """One beneficiaries rendering."""

    slug: str
    style: str  # bullets | colon_lines | dotted | numbered | amount_first | prose | prose_paren
    # | markdown | tsv | table | vu_demande | single | missing_amount
    amount: str = "space_eur"  # a key of frtext.AMOUNT_STYLES
    n: int = 4
    level: str = "commune"
    total: bool = False  # a total line or row (not a beneficiary)
    purpose: bool = False  # an "Objet" column / mention
    differ: bool = False  # the request asked for another amount than granted
    cents: bool = False  # some amounts with cents
    layout: str = "lines"  # lines | flat | markdown | tsv | table


B = BenForm
FORMS: tuple[BenForm, ...] = (
    B("bullets-space-eur", "bullets"),
    B("bullets-nbsp", "bullets", "nbsp_eur", n=5),
    B("bullets-narrow-nbsp", "bullets", "narrow_eur", n=3),
    B("colon-lines-cents", "colon_lines", "cents_eur", cents=True),
    B("colon-lines-dot-euros", "colon_lines", "dot_euros", n=5),
    B("dotted-leaders", "dotted", "cents_eur", n=6, total=True),
    B("numbered-euros", "numbered", "space_euros"),
    B("amount-first", "amount_first", "plain_eur"),
    B("prose-comma", "prose", "space_eur", n=3),
    B("prose-paren", "prose_paren", "space_euros", n=4),
    B("markdown-objet", "markdown", "cents_eur", purpose=True, layout="markdown"),
    B("markdown-total", "markdown", "space_eur", n=5, total=True, layout="markdown"),
    B("tsv-objet", "tsv", "dot_euros", purpose=True, layout="tsv"),
    B("tsv-plain", "tsv", "plain_eur", n=6, layout="tsv"),
    B("pdf-table-total", "table", "cents_eur", n=5, total=True, purpose=True, layout="table"),
    B("pdf-table-public", "table", "space_euros", n=4, level="departement", layout="table"),
    B("vu-demande-single", "vu_demande", "space_eur", n=1),
    B("vu-demande-several", "vu_demande", "cents_eur", n=3),
    B("vu-demande-differ", "vu_demande", "space_eur", n=1, differ=True),
    B("vu-demande-public", "vu_demande", "space_euros", n=2, level="departement"),
    B("single-article-words", "single", "words", n=1),
    B("single-article-EUR", "single", "EUR", n=1, cents=True),
    B("missing-amount", "missing_amount", "space_eur", n=3),
    B("upper-euros", "colon_lines", "plain_euros_upper", n=3),
    B("epci-markdown", "markdown", "space_euros", n=3, level="epci", purpose=True, layout="markdown"),
)  # fmt: skip


# Flattened copies of these forms (same slug: same draw and facts).
FLAT_COPIES = ("pdf-table-total", "colon-lines-dot-euros", "vu-demande-several")
ALL_FORMS = with_flat_copies(FORMS, FLAT_COPIES)


def with_a(name: str) -> str:
    """'à l'Association …', 'au Comité …', 'aux Restos du Cœur', 'à la Croix-Rouge …'."""
    if name.startswith("Les "):
        return "aux " + name[4:]
    head = name.split(" ")[0]
    if head in MASCULINE_HEADS:
        return "au " + name
    if name[0] in "AEIOUYÉÈHaeiouyéh":
        return "à l'" + name
    return "à la " + name


def of_de(name: str) -> str:
    """'de l'Association …', 'du Comité …', 'des Restos du Cœur', 'de la …'."""
    a = with_a(name)
    if a.startswith("aux "):
        return "des " + a[4:]
    if a.startswith("au "):
        return "du " + a[3:]
    if a.startswith("à l'"):
        return "de l'" + a[4:]
    return "de la " + a[5:]


def _draw(m: Meeting, f: BenForm, rng: random.Random) -> list[dict[str, Any]]:
    a = m.authority
    if a.level in ("departement", "region"):
        pool = [
            t.format(of_c=of_place(c), d=a.dept_of)
            for t in names.PUBLIC_BENEFICIARIES
            for c in a.member_communes[:3]
        ]
        amounts = PUBLIC_AMOUNTS
    else:
        pool = [t.format(c=a.short, of_c=of_place(a.short)) for t in names.ASSOCIATIONS]
        amounts = AMOUNTS
    chosen = rng.sample(sorted(set(pool)), f.n)
    out = []
    for i, name in enumerate(chosen):
        amount = float(rng.choice(amounts))
        if f.cents and i % 2 == 0:
            amount = rng.choice(CENTS_AMOUNTS)
        out.append(
            {
                "name": name,
                "amount": amount,
                "purpose": rng.choice(names.SUBSIDY_PURPOSES).format(y=m.date.year),
                "requested": m.date - dt.timedelta(days=rng.randint(20, 120)),
            }
        )
    if all(b["amount"] < 1000 for b in out):  # at least one amount shows a thousands separator
        out[0]["amount"] = float(rng.choice((1500, 2500, 12000)))
    if f.style == "missing_amount":
        out[-1]["amount"] = None
    return out


def _decide(
    m: Meeting, f: BenForm, bens: list[dict[str, Any]], rng: random.Random
) -> tuple[list[Block], list[str]]:
    """The DÉCIDE part listing the beneficiaries, and request visas (if any)."""

    def amt(b: dict[str, Any]) -> str:
        return format_amount(b["amount"], f.amount)

    body = m.authority.body_article
    vote = rng.choice(("à l'unanimité", "à l'unanimité des membres présents et représentés"))
    lead = f"Après en avoir délibéré, {body}, {vote}, DÉCIDE"
    total = sum(b["amount"] or 0 for b in bens)
    total_text = format_amount(total, f.amount if f.amount != "words" else "space_eur")
    visas: list[str] = []
    blocks: list[Block] = []
    if f.style in (
        "bullets",
        "colon_lines",
        "dotted",
        "numbered",
        "amount_first",
        "missing_amount",
    ):
        lines = []
        for i, b in enumerate(bens):
            money = amt(b) if b["amount"] is not None else "montant à déterminer"
            lines.append(
                {
                    "bullets": f"- {b['name']} : {money}",
                    "colon_lines": f"{b['name']} : {money}",
                    "dotted": f"{b['name']} {'.' * max(4, 58 - len(b['name']))} {money}",
                    "numbered": f"{i + 1}. {b['name']} – {money}",
                    "amount_first": f"- {money} {with_a(b['name'])}",
                    "missing_amount": f"• {b['name']} : {money}",
                }[f.style]
            )
        if f.total:
            lines.append(
                f"TOTAL {'.' * 53} {total_text}" if f.style == "dotted" else f"Total : {total_text}"
            )
        blocks = [
            para(f"{lead} d'attribuer les subventions suivantes :", "bold"),
            para("\n".join(lines)),
        ]
    elif f.style in ("prose", "prose_paren"):
        if f.style == "prose":
            items = [f"une subvention de {amt(b)} {with_a(b['name'])}" for b in bens]
        else:
            items = [f"{b['name']} ({amt(b)})" for b in bens]
        joined = ", ".join(items[:-1]) + " et " + items[-1]
        intro = "d'attribuer " if f.style == "prose" else "d'attribuer les subventions suivantes : "
        blocks = [para(f"{lead} {intro}{joined}.")]
    elif f.style in ("markdown", "tsv", "table"):
        header = ["Bénéficiaire", "Objet", "Montant"] if f.purpose else ["Bénéficiaire", "Montant"]
        rows = [header]
        for b in bens:
            rows.append([b["name"], b["purpose"], amt(b)] if f.purpose else [b["name"], amt(b)])
        if f.total:
            rows.append(["TOTAL", "", total_text] if f.purpose else ["TOTAL", total_text])
        text_style = {"markdown": "markdown", "tsv": "tsv"}.get(f.style, "aligned")
        blocks = [
            para(
                f"{lead} d'attribuer les subventions figurant dans le tableau ci-dessous :", "bold"
            ),
            table(rows, text_style),
        ]
    elif f.style == "vu_demande":
        for b in bens:
            asked = b["amount"] + rng.choice((500, 1000)) if f.differ else b["amount"]
            visas.append(
                f"Vu la demande {of_de(b['name'])} en date du {format_date(b['requested'], 'long')}, "
                f"sollicitant une subvention de {format_amount(asked, f.amount)},"
            )
        items = [f"une subvention de {amt(b)} {with_a(b['name'])}" for b in bens]
        text = "\n".join(f"- d'attribuer {i} ;" for i in items[:-1]) + (
            "\n" if len(items) > 1 else ""
        )
        text += f"- d'attribuer {items[-1]}."
        blocks = [para(f"{lead} :", "bold"), para(text)]
    elif f.style == "single":
        b = bens[0]
        blocks = [
            para(f"{lead} :", "bold"),
            para(
                f"Article 1er : Une subvention exceptionnelle d'un montant de {amt(b)} est attribuée "
                f"{with_a(b['name'])} (objet : {b['purpose']}).\n"
                "Article 2 : Le versement interviendra sur présentation d'un bilan de l'action."
            ),
        ]
    else:
        raise ValueError(f.style)
    return blocks, visas


def render_beneficiaries(
    m: Meeting, f: BenForm, rng: random.Random
) -> tuple[dict[str, list[Block]], list[dict[str, Any]]]:
    """The parts this family renders (subject, body, decide) and the expected beneficiaries."""
    bens = _draw(m, f, rng)
    decide, request_visas = _decide(m, f, bens, rng)
    year = m.date.year
    if len(bens) == 1:
        subject = f"Objet : Subvention exceptionnelle – {bens[0]['name']}"
    elif m.authority.level in ("departement", "region"):
        subject = f"Objet : Fonds de solidarité territoriale – attribution de subventions {year}"
    else:
        subject = f"Objet : Attribution des subventions aux associations – exercice {year}"
    budget_vote = dt.date(year, 3, rng.randint(20, 31))  # the budget is voted before mid-April
    if budget_vote >= m.date - dt.timedelta(days=10):
        budget_vote = dt.date(year - 1, 12, rng.randint(10, 20))
    visas = [
        "Vu le Code général des collectivités territoriales, notamment ses articles L. 2311-7 et L. 1611-4,",
        f"Vu le budget primitif {year} adopté le {format_date(budget_vote, 'long')},",
        *request_visas,
    ]
    considerant = "Considérant l'intérêt local des actions menées par les bénéficiaires,"
    credits = f"Dit que les crédits nécessaires sont inscrits à l'article 6574 du budget {year}."
    parts = {
        "subject": [para(subject, "bold")],
        "body": [
            para(
                "Le rapporteur présente les demandes de subvention reçues et l'avis de la commission."
            ),
            para("\n".join(visas)),
            para(considerant),
        ],
        "decide": [*decide, para(credits)],
        "vote_before": [],
        "vote_after": [],
    }
    expected = [{"name": b["name"], "amount": b["amount"]} for b in bens]
    return parts, expected


def generate(seed: int = 0) -> list[Variant]:
    """All beneficiaries renderings for ``seed``."""
    variants = []
    for i, form in enumerate(ALL_FORMS):
        rng = random.Random(f"beneficiaries:{seed}:{form.slug}")
        m = make_meeting(rng, level=form.level)
        parts, expected = render_beneficiaries(m, form, rng)
        variants.append(
            build_variant(
                "beneficiaries",
                f"beneficiaries-{i:02d}-{form.layout}-{form.slug}",
                m,
                rng,
                parts,
                {"beneficiaries": expected},
                form.layout,
            )
        )
    return variants
