"""Vote renderings: unanimity, majorities, counts in digits or words, named voters, tables.

Each line of ``FORMS`` is one rendering. ``template`` placeholders: {for} {against} {abst}
{voters} {expressed} {nv}; in words {for_w}/{for_W} (lower/UPPER, also against, abst);
{s_abst}/{S_ABST} plural marks; {against_names} {abst_names} {nv_names} (civility +
surname), {against_grouped} ("MM. X et Y"), {proxy_pair} (a holder and the member he
represents). To add a form, append one ``VoteForm(...)`` line.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any

from .blocks import para, table
from .document import Customize, build_variant, decide_blocks, with_flat_copies
from .frtext import number_words
from .model import Block, Meeting, Person, Variant, format_name, make_meeting


@dataclass(frozen=True)
class VoteForm:
    """One vote rendering.

    ``scenario``: all_for | abst | against | against_abst | rejected | rejected_unan |
    not_voting | proxy_against. ``place``: before (inside "Après en avoir délibéré, …,
    DÉCIDE"), after (a line after the articles) or table. ``says``: unanimity | majority |
    None (what the wording states). ``prints``: the counts printed; ``named``: the
    categories whose voters are named (ballots).
    """

    slug: str
    scenario: str
    template: str = ""
    place: str = "after"
    says: str | None = None
    prints: tuple[str, ...] = ()
    named: tuple[str, ...] = ()
    layout: str = "lines"  # lines | flat | markdown | tsv | table


ALL = ("for", "against", "abstention")
V = VoteForm
FORMS: tuple[VoteForm, ...] = (
    V("unanimite", "all_for", "à l'unanimité", "before", "unanimity"),
    V("unanimite-presents-representes", "all_for", "à l'unanimité des membres présents et représentés", "before", "unanimity"),
    V("unanimite-suffrages-exprimes", "abst", "à l'unanimité des suffrages exprimés ({abst} abstention{s_abst})", "before", "unanimity", ("abstention",)),
    V("box-lines", "all_for", "Pour : {for}\nContre : {against}\nAbstention : {abst}", prints=ALL),
    V("box-empty-pluvigner", "all_for", "VOTE : Pour : {for} Contre : Abstention :", prints=("for",)),
    V("box-empty-adopte", "all_for", "Pour : {for}\nContre :\nAbstention(s) :\nADOPTÉ À L'UNANIMITÉ", says="unanimity", prints=("for",)),
    V("box-dash-majorite", "against_abst", "Pour : {for} – Contre : {against} – Abstention(s) : {abst}\nADOPTÉ À LA MAJORITÉ", says="majority", prints=ALL),
    V("adopte-par-voix", "against_abst", "Adopté par {for} voix pour, {against} contre et {abst} abstention{s_abst}.", prints=ALL),
    V("words-upper", "against_abst", "par {for_W} voix POUR, {against_W} voix CONTRE et {abst_W} ABSTENTION{S_ABST}", "before", prints=ALL),
    V("words-lower", "against", "par {for_w} voix pour et {against_w} voix contre", "before", prints=("for", "against")),
    V("words-adopte-caps", "against", "ADOPTÉ PAR {for_W} VOIX POUR ET {against_W} VOIX CONTRE ({against_names})", prints=("for", "against"), named=("against",)),
    V("majorite-abstentions", "abst", "à la majorité, {abst} abstention{s_abst}", "before", "majority", ("abstention",)),
    V("majorite-pour-contre", "against", "à la majorité par {for} voix pour et {against} voix contre", "before", "majority", ("for", "against")),
    V("named-against", "against_abst", "Pour : {for}\nContre : {against} ({against_names})\nAbstention : {abst}", prints=ALL, named=("against",)),
    V("named-abstentions-93", "abst", "Adopté à la majorité :\nVoix contre : {against}\nAbstentions : {abst}\nAbstention(s) de : {abst_names}", says="majority", prints=("against", "abstention"), named=("abstention",)),
    V("ont-vote-contre", "against", "{for} voix pour ; {against} voix contre (ont voté contre : {against_names}).", prints=("for", "against"), named=("against",)),
    V("grouped-named", "against_abst", "Pour : {for}, Contre : {against} ({against_grouped}), Abstention : {abst} ({abst_names})", prints=ALL, named=("against", "abstention")),
    V("table-markdown", "against_abst", place="table", prints=ALL, layout="markdown"),
    V("table-pdf", "abst", place="table", prints=ALL, layout="table"),
    V("table-tsv", "against", place="table", prints=ALL, layout="tsv"),
    V("rejected-box", "rejected", "Pour : {for}\nContre : {against}\nAbstention : {abst}\nLa proposition est rejetée.", prints=ALL),
    V("rejected-majorite", "rejected", "à la majorité de {against} voix contre, {for} voix pour et {abst} abstention{s_abst}", "before", "majority", ALL),
    V("rejected-unanimite", "rejected_unan", "à l'unanimité", "before", "unanimity"),
    V("value-before-label", "against_abst", "{for} pour, {against} contre, {abst} abstention{s_abst}", prints=ALL),
    V("voix-dash", "abst", "Pour : {for} voix – Contre : {against} voix – Abstention : {abst} voix", prints=ALL),
    V("exprimes", "against_abst", "Votants : {voters}\nSuffrages exprimés : {expressed}\nPour : {for}\nContre : {against}\nAbstentions : {abst}", prints=ALL),
    V("bulletin-secret", "against", "Il est procédé au vote à bulletin secret.\nNombre de votants : {voters}\nBulletins blancs ou nuls : 0\nSuffrages exprimés : {voters}\nPour : {for}\nContre : {against}", prints=("for", "against")),
    V("unanimite-votants-par", "all_for", "ADOPTÉ à l'unanimité des votants par {for} voix.", says="unanimity", prints=("for",)),
    V("accord-unanimite", "all_for", "Accord à l'unanimité.", says="unanimity"),
    V("caps-noaccent", "all_for", "ADOPTE A L'UNANIMITE", says="unanimity"),
    V("unanimite-count", "all_for", "Vote : unanimité ({for} voix pour).", says="unanimity", prints=("for",)),
    V("not-voting", "not_voting", "Pour : {for}\nContre : {against}\nAbstention : {abst}\nNe prend pas part au vote : {nv} ({nv_names}, intéressé{nv_e} à l'affaire)", prints=(*ALL, "not_voting")),
    V("proxy-ballot", "proxy_against", "Pour : {for}\nContre : {against} ({proxy_pair})\nAbstention : {abst}", prints=ALL, named=("against",)),
)  # fmt: skip

# Flattened copies of these forms (same slug: same draw and facts).
FLAT_COPIES = (
    "named-against",
    "words-upper",
    "table-tsv",
    "box-empty-pluvigner",
    "named-abstentions-93",
)
ALL_FORMS = with_flat_copies(FORMS, FLAT_COPIES)

VOTE_TABLE_HEADER = ["Votants", "Pour", "Contre", "Abstention(s)"]


def _counts(scenario: str, voters: int, rng: random.Random) -> dict[str, int]:
    """Votes cast for a scenario; they add up to the voters (minus non-voters)."""
    a = b = nv = 0
    if scenario == "abst":
        b = rng.randint(1, 3)
    elif scenario == "against":
        a = rng.randint(1, 3)
    elif scenario == "proxy_against":
        a = 2
    elif scenario == "against_abst":
        a, b = rng.randint(1, 3), rng.randint(1, 2)
    elif scenario == "rejected":
        b = rng.randint(0, 2)
        a = (voters - b) // 2 + rng.randint(1, 3)
    elif scenario == "rejected_unan":
        a = voters
    elif scenario == "not_voting":
        nv = 1
    return {"for": voters - nv - a - b, "against": a, "abstention": b, "not_voting": nv}


def _names(people: list[Person]) -> str:
    return ", ".join(format_name(p, "civ_LAST")[0] for p in people)


def _grouped(people: list[Person]) -> str:
    """'MM. DUPONT et MARTIN', 'Mmes X et Y', 'Mme X et M. Y'."""
    ups = [p.last.upper() for p in people]
    if all(not p.female for p in people) and len(people) > 1:
        return "MM. " + ", ".join(ups[:-1]) + " et " + ups[-1]
    if all(p.female for p in people) and len(people) > 1:
        return "Mmes " + ", ".join(ups[:-1]) + " et " + ups[-1]
    texts = [format_name(p, "civ_LAST")[0] for p in people]
    return texts[0] if len(texts) == 1 else ", ".join(texts[:-1]) + " et " + texts[-1]


def render_vote(
    m: Meeting, f: VoteForm, rng: random.Random
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The vote text (``{"text"|"rows", "place"}``) and the expected vote facts."""
    c = _counts(f.scenario, m.voters, rng)
    pool = [p for p in m.present if p is not m.chair and p not in m.holders_set()]
    rng.shuffle(pool)
    against_people = pool[: c["against"]] if "against" in f.named else []
    abst_people = (
        pool[c["against"] : c["against"] + c["abstention"]] if "abstention" in f.named else []
    )
    nv_people = pool[-c["not_voting"] :] if c["not_voting"] else []
    ballots: list[list[str]] = [[p.last.upper(), "against"] for p in against_people]
    ballots += [[p.last.upper(), "abstention"] for p in abst_people]
    proxy_pair = ""
    if f.scenario == "proxy_against":
        giver, holder = m.proxies[0]
        proxy_pair = (
            f"{format_name(holder, 'civ_LAST')[0]} et {format_name(giver, 'civ_LAST')[0]}, "
            f"{giver.agree('représenté', 'représentée')} par {format_name(holder, 'civ_LAST')[0]}"
        )
        ballots = [[holder.last.upper(), "against"], [giver.last.upper(), "against", "by_proxy"]]

    def w(n: int) -> str:
        return number_words(n, feminine=True)

    values = {
        "for": c["for"],
        "against": c["against"],
        "abst": c["abstention"],
        "nv": c["not_voting"],
        "voters": m.voters - c["not_voting"],
        "expressed": m.voters - c["not_voting"] - c["abstention"],
        "for_w": w(c["for"]),
        "for_W": w(c["for"]).upper(),
        "against_w": w(c["against"]),
        "against_W": w(c["against"]).upper(),
        "abst_w": w(c["abstention"]),
        "abst_W": w(c["abstention"]).upper(),
        "s_abst": "s" if c["abstention"] > 1 else "",
        "S_ABST": "S" if c["abstention"] > 1 else "",
        "against_names": _names(against_people),
        "against_grouped": _grouped(against_people) if against_people else "",
        "abst_names": _names(abst_people),
        "nv_names": _names(nv_people),
        "nv_e": nv_people[0].agree("", "e") if nv_people else "",
        "proxy_pair": proxy_pair,
    }
    if f.place == "table":
        row = [str(values["voters"]), str(c["for"]), str(c["against"]), str(c["abstention"])]
        rendered: dict[str, Any] = {"rows": [VOTE_TABLE_HEADER, row], "place": "table"}
    else:
        rendered = {"text": f.template.format(**values), "place": f.place}

    expected: dict[str, Any] = {
        "for": c["for"] if "for" in f.prints else None,
        "against": c["against"] if "against" in f.prints else None,
        "abstention": c["abstention"] if "abstention" in f.prints else None,
        "not_voting": c["not_voting"] if "not_voting" in f.prints else None,
    }
    if f.says == "unanimity":
        expected["unanimous"] = True
    elif f.says == "majority" or (expected["against"] or 0) > 0:
        expected["unanimous"] = False
    # otherwise the text states neither unanimity nor majority: "unanimous" is not judged
    expected["outcome"] = "rejected" if f.scenario.startswith("rejected") else "adopted"
    if f.scenario != "not_voting":  # a named non-voter is no ballot: not judged there
        expected["ballots"] = ballots
    return rendered, expected


def _customize(m: Meeting, f: VoteForm, rendered: dict[str, Any]) -> Customize:
    """Put the vote where the form says, and a rejection wording when it was rejected."""
    rejected = f.scenario.startswith("rejected")

    def apply(parts: dict[str, list[Block]], info: dict[str, Any]) -> None:
        body = m.authority.body_article
        parts["vote_before"] = []
        parts["vote_after"] = []
        if f.place == "before":
            if rejected:
                text = f"Après en avoir délibéré, {body}, {rendered['text']}, REJETTE le projet de délibération."
                parts["decide"] = [para(text, "bold")]
            else:
                parts["decide"] = decide_blocks(m, info["articles"], inline_vote=rendered["text"])
            return
        if rejected:
            parts["decide"] = [
                para(
                    f"{body[0].upper()}{body[1:]} est appelé à se prononcer sur le projet de délibération."
                )
            ]
        else:
            parts["decide"] = decide_blocks(m, info["articles"], numbered=True)
        if f.place == "table":
            style = {"markdown": "markdown", "tsv": "tsv"}.get(f.layout, "aligned")
            parts["vote_after"] = [
                para("Résultat du vote :", "bold"),
                table(rendered["rows"], style),
            ]
        else:
            parts["vote_after"] = [para(rendered["text"])]

    return apply


def generate(seed: int = 0) -> list[Variant]:
    """All vote renderings for ``seed``."""
    variants = []
    for i, form in enumerate(ALL_FORMS):
        rng = random.Random(f"vote:{seed}:{form.slug}")
        level = rng.choice(("commune", "commune", "commune", "epci"))
        size = rng.choice((15, 19, 23, 27)) if level == "commune" else None
        m = make_meeting(rng, level=level, n_members=size, n_proxies=rng.randint(1, 3))
        rendered, expected = render_vote(m, form, rng)
        variants.append(
            build_variant(
                "vote",
                f"vote-{i:02d}-{form.layout}-{form.slug}",
                m,
                rng,
                _customize(m, form, rendered),
                {"vote": expected},
                form.layout,
            )
        )
    return variants
