"""Attendance renderings: who was present, absent, represented, and the secretary.

Each line of ``FORMS`` is one rendering (heading wording, case, separators, name order,
proxy wording, count box, layout). To add a form, append one ``AttForm(...)`` line.
"""

from __future__ import annotations

import random
import string
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .blocks import columns, para, table
from .document import build_variant, session_context, session_sentence, with_flat_copies
from .frtext import apply_case
from .model import Block, Meeting, Person, Variant, format_name, make_meeting

NameFmt = Callable[[Person], tuple[str, str]]

# --------------------------------------------------------------------------- wordings (data)


# Heading sets: labels of the sections; "{n}" prints the number of names of the section.
def _heads(
    present: str, absent: str, proxies: str, secretary: str, unexcused: str = ""
) -> dict[str, str]:
    labels = {"present": present, "absent": absent, "proxies": proxies, "secretary": secretary}
    return labels | ({"unexcused": unexcused} if unexcused else {})


HEADINGS: dict[str, dict[str, str]] = {
    "classic": _heads("Étaient présents", "Absents excusés", "Absents ayant donné pouvoir", "Secrétaire de séance"),
    "short": _heads("Présents", "Excusés", "Pouvoirs", "Secrétaire"),
    "membres": _heads("Membres présents", "Membres absents excusés", "Membres absents représentés", "Secrétaire de séance"),
    "assistaient": _heads("Assistaient à la séance", "Absents", "Ont donné procuration", "Secrétaire de séance"),
    "procurations": _heads("Présents", "Absents", "Procurations", "Secrétaire de séance"),
    "representes": _heads("Étaient présents", "Étaient absents", "Absents représentés", "Secrétaire de séance"),
    "excuses_pouvoir": _heads("Présents", "Absents excusés sans pouvoir", "Absents excusés ayant donné pouvoir", "Secrétaire de séance"),
    "etaient": _heads("Étaient présents", "Étaient absents", "Étaient excusés", "Secrétaire de séance"),
    "non_excuses": _heads("Présents", "Absents excusés", "Pouvoirs", "Secrétaire de séance", unexcused="Absents non excusés"),
    "conseillers": _heads("Étaient présents Mesdames et Messieurs les conseillers", "Absents excusés", "Absents représentés", "Secrétaire de séance"),
    "counted": _heads("Présents ({n})", "Absents excusés ({n})", "Procurations ({n})", "Secrétaire de séance"),
    "elus": _heads("{n} élus présents", "Absent(s) excusé(s)", "{n} pouvoir(s)", "Secrétaire de séance"),
}  # fmt: skip

# Separators between names; the "line" ones put each name on its own line.
SEPARATORS: dict[str, str] = {
    "comma": ", ",
    "semicolon": " ; ",
    "semicolon_tight": "; ",
    "dash": " - ",
    "endash": " – ",
    "slash": " / ",
    "newline": "\n",
    "bullet": "\n• ",
    "hyphen_bullet": "\n- ",
}
LINE_SEPARATORS = ("newline", "bullet", "hyphen_bullet")

# Proxy wordings: {g} giver, {h} holder, {e} feminine agreement of the giver ("e" or "").
PROXY_TEMPLATES: dict[str, str] = {
    "donne": "{g} donne pouvoir à {h}",
    "a_donne": "{g} a donné pouvoir à {h}",
    "procuration": "{g} a donné procuration à {h}",
    "paren": "{g} (pouvoir à {h})",
    "paren_donne": "{g} (pouvoir donné à {h})",
    "paren_procuration": "{g} (procuration à {h})",
    "a_donne_paren": "{g} (a donné pouvoir à {h})",
    "represente": "{g} représenté{e} par {h}",
    "a": "{g} à {h}",
    "dots": "{g} {dots} à {h}",
    "ellipsis": "{g} ……… à {h}",
    "comma_procuration": "{g}, procuration à {h}",
    "pouvoir_de": "pouvoir de {g} à {h}",
    "donnant": "{g} donnant pouvoir à {h}",
    "ayant_donne": "{g} ayant donné pouvoir à {h}",
    "colon_pouvoir": "{g} : pouvoir à {h}",
}

# Secretary wordings: {label} heading, {name}, {e} feminine agreement.
SECRETARY_TEMPLATES: dict[str, str] = {
    "heading": "{label} : {name}",
    "elu": "{name} a été élu{e} secrétaire de séance.",
    "designe": "{name} a été désigné{e} secrétaire de séance.",
    "est_designe": "{name} est désigné{e} secrétaire de séance à l'unanimité.",
    "nomme": "Les membres présents formant la majorité des conseillers en exercice, {name} est nommé{e} secrétaire de séance.",
    "conformement": "Conformément à l'article L. 2121-15 du Code général des collectivités territoriales, {name} a été désigné{e} pour remplir les fonctions de secrétaire de séance.",
}

# Count boxes. A box prints the counts whose placeholders it holds: {m} members in office,
# {p} present, {x} proxies, {v} voters, {a} absent without proxy, {ax} absent with or
# without proxy ("table" is drawn from BOX_TABLE_HEADER).
BOXES: dict[str, str] = {
    "inline": "En exercice : {m} Présents : {p} Votants : {v}",
    "membres_inline": "Membres en exercice : {m}   Présents : {p}   Votants : {v}",
    "nombre_lines": "Nombre de membres en exercice : {m}\nNombre de membres présents : {p}\nNombre de pouvoirs : {x}\nNombre de votants : {v}",
    "pouvoirs": "Nombre de conseillers : En exercice : {m} Présents : {p} Pouvoirs : {x} Votants : {v} Absents excusés : {a}",
    "salazie": "Présents : {p:02d} Absents : {ax:02d} Représentés : {x:02d} Total des votes : {v}",
    "conseillers_semicolon": "Nombre de conseillers en exercice : {m}\nNombre de conseillers présents ; {p}\nNombre de conseillers votants ; {v}",
    "margin": "Nombre de membres\nen exercice : {m}\nprésents : {p}\nvotants : {v}",
    "table": "{m} {p} {x} {v}",
}  # fmt: skip
COUNT_OF_PLACEHOLDER = {
    "m": "members_in_office",
    "p": "present_count",
    "x": "proxy_count",
    "v": "voters_count",
    "a": "absent_count",
    "ax": "absent_count",
}
BOX_TABLE_HEADER = ["Membres en exercice", "Présents", "Pouvoirs", "Votants"]

COUNT_KEYS = ("members_in_office", "present_count", "proxy_count", "voters_count", "absent_count")

# Roll-call tables: header; cells for a present member, a giver, an absent member.
ROLLCALL_HEADERS: dict[str, list[str]] = {
    "nom_prenom": ["NOM", "Prénom", "Présent", "Absent excusé", "Pouvoir à"],
    "conseiller_vote": ["Conseiller", "Présent(e)", "A donné pouvoir à", "Vote"],
    "civ_etat": ["Élu(e)", "Présence", "Observations"],
}


@dataclass(frozen=True)
class AttForm:
    """One attendance rendering (see the module docstring)."""

    slug: str
    # lines | wrapped | hyphenated | flat | margin | markdown | tsv | table | rollcall
    layout: str = "lines"
    name: str = "first_LAST"  # a key of model.NAME_FORMATS
    heads: str = "classic"  # a key of HEADINGS
    case: str = "as_is"  # heading case (frtext.apply_case)
    colon: str = " :"  # after a heading: " :", ":", "" (none)
    inline: bool = True  # names on the heading's line
    sep: str = "comma"  # a key of SEPARATORS
    last_et: bool = False  # "A, B et C"
    end: str = ""  # after a list: "", "."
    proxy: str = "donne"  # a key of PROXY_TEMPLATES
    place: str = "own"  # proxies: own | in_absent | sentences | no_holder
    proxy_sep: str | None = None  # a key of SEPARATORS (default: sep)
    secretary: str = "heading"  # a key of SECRETARY_TEMPLATES, or "none"
    box: str = "none"  # a key of BOXES, or "none"
    box_after: bool = False  # the box after the lists instead of before the session
    level: str = "commune"
    members: int | None = None
    proxies: int = 2
    absent: int = 1
    empty: str = "omit"  # an empty section: omit | neant | slash
    grouped: str | None = None  # "long": Mesdames … et Messieurs …; "short": Mmes … ; MM. …
    prefix: str = ""  # before the present names ("Mesdames et Messieurs ")
    noaccent: bool = False  # names printed without accents
    staff: bool = False  # an "Assistaient également" line with a staff member (not a member)
    homonym: bool = False
    wrap: int = 0
    table: str | None = None  # a key of ROLLCALL_HEADERS: one row per member


F = AttForm
FORMS: tuple[AttForm, ...] = (
    F("classic"),
    F("short-semicolon", name="LAST_first", heads="short", sep="semicolon", proxy="a"),
    F("upper-noaccent", name="civ_LAST", case="upper_noaccent", sep="dash", proxy="comma_procuration", secretary="elu"),
    F("lower-heads-in-absent", name="civ_first_LAST", heads="short", case="lower", proxy="paren", place="in_absent"),
    F("title-heads", heads="membres", case="title", proxy="represente"),
    F("own-line-heads", name="civ_first_LAST", inline=False, end="."),
    F("one-per-line", name="LAST_first", heads="short", sep="newline", proxy="a_donne"),
    F("bullets-staff", heads="assistaient", sep="bullet", proxy="procuration", staff=True),
    F("hyphen-bullets", name="civ_LAST_first", heads="procurations", sep="hyphen_bullet", proxy="paren_procuration"),
    F("et-last", name="civlong_first_LAST", last_et=True, end=".", secretary="designe"),
    F("mesdames-messieurs", name="LAST", grouped="long", heads="short", proxy="a_donne", last_et=True),
    F("mmes-mm", name="LAST", grouped="short", proxy="paren"),
    F("surnames-prefix", name="LAST", prefix="Mesdames et Messieurs ", heads="short", last_et=True, end=".", proxy="a_donne"),
    F("initials-after-upper", name="civ_LAST_init", case="upper_noaccent", sep="endash", proxy="comma_procuration", noaccent=True),
    F("initials-before", name="init_LAST", heads="short", sep="semicolon_tight"),
    F("last-init-grouped", name="LAST_init", heads="short", sep="semicolon", grouped="long", level="epci"),
    F("civ-titlecase", name="civ_Last", heads="etaient", case="upper", proxy="donnant"),
    F("first-names-only", name="first", heads="short", proxy="paren_donne"),
    F("first-last-titlecase", name="first_Last", proxy="a_donne"),
    F("dotted-leaders", heads="short", proxy="dots", proxy_sep="newline", box="inline", box_after=True, proxies=3),
    F("ellipsis-leaders", name="civ_first_LAST", heads="procurations", proxy="ellipsis", proxy_sep="newline"),
    F("pouvoir-de", name="civ_LAST", heads="short", proxy="pouvoir_de"),
    F("proxy-sentences", name="civlong_first_LAST", place="sentences", proxy="a_donne", secretary="nomme"),
    F("no-holder", heads="excuses_pouvoir", place="no_holder"),
    F("no-proxy-neant", proxies=0, empty="neant"),
    F("no-absent-slash", name="M_LAST", heads="etaient", absent=0, proxies=1, empty="slash", proxy="paren", sep="comma", end=";"),
    F("counted-heads", heads="counted", case="upper", name="civ_first_LAST", proxy="paren"),
    F("elus-presents", heads="elus", name="LAST_first", sep="semicolon", proxies=1, end="."),
    F("box-lines", box="nombre_lines", secretary="designe"),
    F("box-pouvoirs-epci", box="pouvoirs", level="epci", heads="excuses_pouvoir", proxy="a_donne", proxy_sep="newline", secretary="est_designe"),
    F("box-salazie", box="salazie", name="civ_first_LAST", heads="procurations", proxy="paren"),
    F("box-table", box="table", name="civ_LAST"),
    F("commune-after-name", level="epci", name="first_LAST_commune", proxy="a_donne", box="conseillers_semicolon", proxy_sep="newline"),
    F("non-excuses", heads="non_excuses", absent=3, name="civ_first_LAST", proxy="a"),
    F("homonyms", homonym=True, name="LAST_first", heads="short", sep="semicolon"),
    F("colon-tight", colon=":", heads="short", proxy="colon_pouvoir"),
    F("no-colon-conseillers", heads="conseillers", colon="", proxy="represente", inline=False),
    F("secretary-none", secretary="none", proxy="ayant_donne"),
    F("secretary-article", secretary="conformement", name="civ_LAST", proxy="a_donne"),
    F("departement-cp", level="departement", name="civ_Last", heads="etaient", case="upper", proxy="donnant", proxies=3, absent=2),
    F("region-cp", level="region", name="civ_first_LAST", proxy="a_donne_paren"),
    F("wrapped-72", layout="wrapped", wrap=72, name="civ_first_LAST", members=27, proxy="a_donne"),
    F("wrapped-48-epci", layout="wrapped", wrap=48, level="epci", proxy="paren"),
    F("hyphenated-last-first", layout="hyphenated", wrap=48, name="LAST_first", members=27, sep="semicolon"),
    F("hyphenated-epci", layout="hyphenated", wrap=52, name="civ_first_LAST", level="epci", proxy="represente"),
    F("margin-box", layout="margin", box="margin"),
    F("rollcall-markdown", layout="markdown", table="nom_prenom", box="inline"),
    F("rollcall-tsv", layout="tsv", table="conseiller_vote"),
    F("rollcall-pdf-table", layout="table", table="nom_prenom", members=19),
    F("rollcall-etat-table", layout="table", table="civ_etat"),
    F("rollcall-lines", layout="rollcall", name="first_LAST"),
)  # fmt: skip

# Flattened copies (all white space collapsed, as text copied out of a PDF) of these forms:
# same slug, so the same draw and facts as the form they copy.
FLAT_COPIES = (
    "short-semicolon", "upper-noaccent", "counted-heads", "one-per-line", "dotted-leaders",
    "proxy-sentences", "box-pouvoirs-epci", "rollcall-tsv",
)  # fmt: skip
ALL_FORMS = with_flat_copies(FORMS, FLAT_COPIES)

# Simple forms used as the default attendance of the other families.
DEFAULT_FORMS: tuple[AttForm, ...] = (
    F("d1"),
    F("d2", name="LAST_first", heads="short", sep="semicolon", proxy="a"),
    F("d3", name="civ_first_LAST", heads="procurations", proxy="paren"),
    F("d4", name="civ_LAST", heads="membres", proxy="a_donne", secretary="designe"),
)


# --------------------------------------------------------------------------- rendering


def _join(items: list[str], sep_key: str, *, last_et: bool, end: str) -> str:
    sep = SEPARATORS[sep_key]
    if sep_key in LINE_SEPARATORS:
        lead = sep.lstrip("\n")
        return "\n".join(lead + i for i in items) + end
    if last_et and len(items) > 1:
        return sep.join(items[:-1]) + " et " + items[-1] + end
    return sep.join(items) + end


def _grouped(people: list[Person], fmt: NameFmt, f: AttForm) -> str:
    """'Mesdames A, B et Messieurs C, D' (long) or 'Mmes A, B ; MM. C, D' (short)."""
    women = [fmt(p)[0] for p in people if p.female]
    men = [fmt(p)[0] for p in people if not p.female]
    chunks = []
    for names_, long_word, short_word in (
        (women, ("Madame", "Mesdames"), ("Mme", "Mmes")),
        (men, ("Monsieur", "Messieurs"), ("M.", "MM.")),
    ):
        if not names_:
            continue
        word = (long_word if f.grouped == "long" else short_word)[len(names_) > 1]
        chunks.append(f"{word} {_join(names_, f.sep, last_et=f.last_et, end='')}")
    if f.grouped == "long":
        return (", " if f.last_et else " et ").join(chunks) + f.end
    return " ; ".join(chunks) + f.end


def _section(label: str | None, body: str, f: AttForm, sep_key: str) -> str:
    if label is None:
        return body
    head = label + f.colon
    if sep_key in LINE_SEPARATORS or not f.inline:
        return f"{head}\n{body}"
    return f"{head} {body}"


def _proxy_text(g: str, h: str, giver: Person, template: str) -> str:
    dots = "." * max(6, 64 - len(g) - len(h))
    return PROXY_TEMPLATES[template].format(g=g, h=h, e=giver.agree("", "e"), dots=dots)


def counts_of(m: Meeting) -> dict[str, int]:
    """The figures a count box may print."""
    return {
        "m": len(m.members),
        "p": len(m.present),
        "x": len(m.proxies),
        "v": m.voters,
        "a": len(m.absent),
        "ax": len(m.absent) + len(m.proxies),
    }


def box_blocks(m: Meeting, key: str) -> tuple[list[Block], dict[str, int]]:
    """A count box as blocks, and the counts it prints."""
    template = BOXES[key]
    c = counts_of(m)
    fields = [f for _, f, _, _ in string.Formatter().parse(template) if f]
    facts = {COUNT_OF_PLACEHOLDER[f]: c[f] for f in fields}
    if key == "table":
        rows = [BOX_TABLE_HEADER, [str(c[f]) for f in fields]]
        return [table(rows, "aligned")], facts
    return [para(template.format(**c))], facts


def _rollcall_table(m: Meeting, f: AttForm) -> tuple[list[list[str]], dict[str, Any]]:
    """One row per member (table layouts), and the facts the rows print."""
    assert f.table is not None
    holder_of = dict(m.proxies)
    header = list(ROLLCALL_HEADERS[f.table])
    if f.table == "conseiller_vote":
        header[0] = m.authority.body.replace("Conseil", "Conseiller").replace(
            "Commission permanente", "Élu"
        )
    rows = [header]
    fmt_key = {"nom_prenom": "LAST", "conseiller_vote": "LAST_first", "civ_etat": "civ_LAST"}[
        f.table
    ]
    facts: dict[str, Any] = {"present": [], "absent": [], "proxies": []}
    for p in m.members:
        printed, sur = format_name(p, fmt_key)
        holder = holder_of.get(p)
        present = p in m.present
        if f.table == "nom_prenom":
            h = format_name(holder, "first_LAST")[0] if holder else ""
            rows.append([printed, p.first, *(["X", "", ""] if present else ["", "X", h])])
        elif f.table == "conseiller_vote":
            h = format_name(holder, "LAST_first")[0] if holder else ""
            rows.append(
                [printed, "oui" if present else "non", h, "Pour" if present or holder else "–"]
            )
        elif present:
            rows.append([printed, p.agree("Présent", "Présente"), ""])
        elif holder:
            h = format_name(holder, "civ_LAST")[0]
            rows.append([printed, p.agree("Représenté", "Représentée"), f"pouvoir à {h}"])
        else:
            rows.append([printed, p.agree("Absent excusé", "Absente excusée"), ""])
        if present:
            facts["present"].append(sur)
        elif holder:
            facts["proxies"].append([sur, format_name(holder, fmt_key)[1]])
        else:
            facts["absent"].append(sur)
    return rows, facts


def _rollcall_lines(m: Meeting, fmt: NameFmt) -> tuple[str, dict[str, Any]]:
    """'NOM : présent / absente, représentée par X / absent excusé', one member a line."""
    holder_of = dict(m.proxies)
    lines = []
    for p in m.members:
        if p in m.present:
            state = p.agree("présent", "présente")
        elif p in holder_of:
            state = p.agree("absent, représenté", "absente, représentée")
            state += f" par {fmt(holder_of[p])[0]}"
        else:
            state = p.agree("absent excusé", "absente excusée")
        lines.append(f"{fmt(p)[0]} : {state}")
    facts = {
        "present": [fmt(p)[1] for p in m.present],
        "absent": [fmt(p)[1] for p in m.absent],
        "proxies": [[fmt(g)[1], fmt(h)[1]] for g, h in m.proxies],
    }
    return "Il est procédé à l'appel nominal :\n" + "\n".join(lines), facts


COUNT_OF_SECTION = {"present": "present_count", "absent": "absent_count", "proxies": "proxy_count"}


def _lists(
    m: Meeting, f: AttForm, fmt: NameFmt, counts: dict[str, Any]
) -> tuple[list[str], dict[str, Any]]:
    """The present / proxies / absent sections as printed text, and the facts they print.

    A heading holding "{n}" prints the number of names of its section: that count goes
    into ``counts``."""
    labels = HEADINGS[f.heads]
    sections: list[str] = []

    def label(key: str, n: int) -> str:
        if "{n}" in labels[key]:
            counts[COUNT_OF_SECTION[key]] = n
        return apply_case(labels[key].format(n=n), f.case)

    def listed(key: str, items: list[str], sep_key: str, last_et: bool) -> None:
        if items:
            body = _join(items, sep_key, last_et=last_et, end=f.end)
        elif f.empty == "omit":
            return
        else:  # an empty section printed "néant" or "/"
            body = {"neant": "néant", "slash": "/"}[f.empty]
        sections.append(_section(label(key, len(items)), body, f, sep_key))

    present = list(m.present)
    if f.grouped:  # women first, then men: the expected order is the printed one
        present = [p for p in present if p.female] + [p for p in present if not p.female]
        text = _grouped(m.present, fmt, f)
    else:
        text = f.prefix + _join([fmt(p)[0] for p in present], f.sep, last_et=f.last_et, end=f.end)
    sections.append(_section(label("present", len(present)), text, f, f.sep))

    proxy_items = [_proxy_text(fmt(g)[0], fmt(h)[0], g, f.proxy) for g, h in m.proxies]
    if f.place == "no_holder":
        proxy_items = [fmt(g)[0] for g, _ in m.proxies]
    absent_items = [fmt(p)[0] for p in m.absent]
    unexcused: list[str] = []
    if "unexcused" in labels:
        half = (len(absent_items) + 1) // 2
        absent_items, unexcused = absent_items[:half], absent_items[half:]
    if f.place == "in_absent":
        absent_items = proxy_items + absent_items
    elif f.place == "sentences":
        if proxy_items:
            sections.append("\n".join(i + "." for i in proxy_items))
    else:
        listed("proxies", proxy_items, f.proxy_sep or f.sep, False)
    listed("absent", absent_items, f.sep, f.last_et)
    if unexcused:
        listed("unexcused", unexcused, f.sep, False)
    facts = {
        "present": [fmt(p)[1] for p in present],
        "absent": [fmt(p)[1] for p in m.absent],
        "proxies": [
            [fmt(g)[1], None if f.place == "no_holder" else fmt(h)[1]] for g, h in m.proxies
        ],
    }
    return sections, facts


def render_attendance(m: Meeting, f: AttForm, rng: random.Random) -> dict[str, Any]:
    """Render the attendance of ``m`` in form ``f``.

    Returns ``{"parts": …, "expected": …}``: the blocks of the parts it fills
    ("attendance", "secretary", and "box" or "session" for a count box) and the expected
    attendance facts, computed from what was printed.
    """

    def fmt(p: Person) -> tuple[str, str]:
        return format_name(p, f.name, noaccent=f.noaccent)

    counts: dict[str, Any] = dict.fromkeys(COUNT_KEYS)
    if f.table:
        rows, facts = _rollcall_table(m, f)
        style = {"markdown": "markdown", "tsv": "tsv"}.get(f.layout, "aligned")
        att_blocks = [para("Liste des membres :", "bold"), table(rows, style)]
    elif f.layout == "rollcall":
        text, facts = _rollcall_lines(m, fmt)
        att_blocks = [para(text)]
    else:
        sections, facts = _lists(m, f, fmt, counts)
        att_blocks = [
            para(s, wrap=f.wrap or None, hyphenate=f.layout == "hyphenated") for s in sections
        ]
    if f.staff:  # not a member: in no list of the expected facts
        staff, _ = format_name(m.staff, "civ_first_LAST")
        role = m.staff.agree("directeur général des services", "secrétaire de mairie")
        att_blocks.append(para(f"Assistait également à la séance : {staff}, {role}."))

    sec_blocks: list[Block] = []
    facts["secretary"] = None
    if f.secretary != "none":
        sec_name, facts["secretary"] = fmt(m.secretary)
        label = apply_case(HEADINGS[f.heads]["secretary"], f.case)
        text = SECRETARY_TEMPLATES[f.secretary].format(
            label=label, name=sec_name, e=m.secretary.agree("", "e")
        )
        if f.secretary != "heading":  # a sentence starts with a capital
            text = text[0].upper() + text[1:]
        sec_blocks = [para(text)]

    parts: dict[str, list[Block]] = {"attendance": att_blocks, "secretary": sec_blocks}
    if f.box != "none":
        box, printed = box_blocks(m, f.box)
        counts.update(printed)
        if f.box == "margin":  # the box in the left margin, beside the session sentence
            sentence = session_sentence("lan", session_context(m, time_style="h"))
            parts["session"] = [columns(box[0]["text"], sentence)]
        elif f.box_after:
            parts["attendance"] = [att_blocks[0], *box, *att_blocks[1:]]
        else:
            parts["box"] = box
    facts.update(counts)
    return {"parts": parts, "expected": facts}


def default_attendance(m: Meeting, rng: random.Random) -> list[Block]:
    """A plain attendance (lists and secretary) for the documents of the other families."""
    form = rng.choice(DEFAULT_FORMS)
    rendered = render_attendance(m, form, rng)
    return rendered["parts"]["attendance"] + rendered["parts"]["secretary"]


def generate(seed: int = 0) -> list[Variant]:
    """All attendance renderings for ``seed``."""
    variants = []
    for i, form in enumerate(ALL_FORMS):
        rng = random.Random(f"attendance:{seed}:{form.slug}")
        m = make_meeting(
            rng, level=form.level, n_members=form.members, n_proxies=form.proxies,
            n_absent=form.absent, homonym=form.homonym,
        )  # fmt: skip
        rendered = render_attendance(m, form, rng)
        variants.append(
            build_variant(
                "attendance",
                f"attendance-{i:02d}-{form.layout}-{form.slug}",
                m,
                rng,
                rendered["parts"],
                {"attendance": rendered["expected"]},
                form.layout,
            )
        )
    return variants
