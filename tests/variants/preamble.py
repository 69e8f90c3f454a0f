"""Preamble renderings: the session date and hour, the convocation, stamps and signature.

The session date is printed among other dates on purpose: the convocation (before),
earlier deliberations and laws in the visas (before), the signature, the prefecture
stamp and the publication (after). Each line of ``FORMS`` is one rendering; to add one,
append a ``PreForm(...)`` line (templates are in ``document.SESSION_TEMPLATES``).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any

from .blocks import columns, para, stamp
from .document import (
    SESSION_TEMPLATES,
    Customize,
    body_blocks,
    build_variant,
    session_context,
    session_sentence,
    signature_blocks,
    stamp_part,
    subject_context,
    title_block,
    with_flat_copies,
)
from .frtext import format_date, format_time
from .model import Block, Meeting, Variant, make_meeting


@dataclass(frozen=True)
class PreForm:
    """One preamble rendering.

    ``conv_line``: a separate convocation line ("Date de convocation : {conv}") printed
    ``conv_pos`` (before/after) the session sentence; ``header``: an extra line above it
    ("Séance ordinaire du {hdate} à {htime}"); ``extra``: a distractor line after it.
    """

    slug: str
    template: str = "lan"  # a key of document.SESSION_TEMPLATES
    date: str = "long"  # frtext.format_date styles
    time: str = "h"  # frtext.format_time styles
    conv: str = "long"
    year: str = "mille"  # mille | mil | hyphens
    conv_line: str | None = None
    conv_pos: str = "after"
    header: str | None = None
    hdate: str = "long"
    htime: str = "h"
    extra: str | None = None
    title_date: str | None = "long"  # the "Séance du …" line under the title (None: no line)
    stamp: str | None = None  # a key of document.STAMPS
    stamp_pos: str = "top"
    stamp_date: str = "slash"
    sign: str = "fait_a"  # a key of document.SIGNATURES
    sign_date: str = "long"
    laws: bool = False  # visas citing laws and decrees with their own dates
    visa_date: str = "long"
    day1: bool = False  # a session on the 1st of the month ("1er", "premier")
    level: str = "commune"
    layout: str = "lines"  # lines | flat | margin


P = PreForm
FORMS: tuple[PreForm, ...] = (
    P("lan-words-hour", time="words"),
    P("lan-mil", year="mil", time="h", stamp="actes"),
    P("lan-hyphens", year="hyphens", time="heures", sign="fait_delibere"),
    P("lan-du-mois", "lan_du_mois", year="mil", time="words", conv_line="Date de convocation : {conv}", conv="slash"),
    P("lan-digits-14", "lan_digits", time="h", conv_line="Date de la convocation : {conv}", conv="long_Month", stamp="accuse", stamp_pos="bottom"),
    P("lan-weekday-1er", "lan_weekday", day1=True, time="heures", title_date="long_weekday"),
    P("premier-words", "lan", day1=True, time="words", year="mil", title_date="words"),
    P("convoque-reuni-slash", "convoque_reuni", date="slash", time="colon", conv="slash", title_date="slash", stamp="actes", stamp_pos="bottom"),
    P("convoque-reuni-weekday", "convoque_reuni", date="long_weekday", time="h_spaced", laws=True),
    P("le-date-words", "le_date", date="words", time="words", conv_line="Convocation du {conv}", conv_pos="before", title_date=None),
    P("le-date-notime", "le_date_notime", date="Long_weekday", conv="dot", stamp="certifie", stamp_pos="bottom"),
    P("caps-17", "caps", date="words_upper", time="words_upper", conv="words_upper", title_date="upper"),
    P("membres-reunis", "membres_reunis", date="long_weekday", time="h", conv_line="Date de convocation : {conv}", conv_pos="before", header="PROCÈS-VERBAL\nde la séance du {hdate} — {htime}", hdate="Long_weekday", htime="h"),
    P("cp-region", "cp", level="region", date="long", time="colon", stamp="actes", laws=True),
    P("cp-departement", "cp", level="departement", date="long_weekday", time="h_spaced", stamp="actes_nopub", stamp_date="slash"),
    P("sur-convocation", "sur_convocation", time="H", conv="long_zero", stamp="rendu_executoire", stamp_pos="bottom", stamp_date="long"),
    P("en-date-du", "en_date_du", date="slash", time="h", conv="slash", stamp="transmis_affiche", stamp_pos="bottom"),
    P("signe-affiche", "lan_digits", conv_line="Date de convocation : {conv}", stamp="signe_affiche", stamp_pos="bottom", stamp_date="long", sign="signe_le"),
    P("affichage-publication", "convoque_reuni", stamp="affichage_publication", stamp_pos="bottom", visa_date="slash"),
    P("publie-site", "lan", time="heures", stamp="publie_site", stamp_pos="bottom", stamp_date="long", sign="extrait_certifie"),
    P("header-seance-ordinaire", "le_date_notime", header="Séance ordinaire du {hdate} à {htime}", hdate="long_weekday", htime="h_spaced", title_date=None),
    P("pluvigner-debut", "lan_weekday", header="Début de séance : {htime}    Fin de séance : {end}", htime="h", title_date="upper_weekday", extra="Date de convocation du Conseil municipal : le {conv}"),
    P("affichage-convocation", "lan_du_mois", conv_line="Convocation adressée le {conv}\nDate d'affichage de la convocation : {conv}", conv_pos="before", stamp="actes"),
    P("laws-visas-slash", "lan", laws=True, visa_date="slash", conv="slash", stamp="actes", stamp_pos="bottom"),
    P("short-year", "convoque_reuni", date="slash_short", conv="slash_short", time="h", sign_date="slash_short"),
    P("month-capital", "lan_digits", date="long_Month", conv_line="Date de convocation : {conv}", conv="long_Month", time="h", title_date="long_Month"),
    P("dash-dates", "en_date_du", date="dash", conv="dash", time="H", title_date="dash", sign_date="dash"),
    P("sign-words", "lan", time="words", sign="fait_a", sign_date="words", stamp="accuse", stamp_pos="top"),
    P("au-registre-no-date", "convoque_reuni", sign="au_registre", stamp="actes", stamp_pos="bottom"),
    P("epci-weekday-words", "lan_weekday", level="epci", year="mil", time="heures", stamp="actes"),
    P("margin-dates", "le_date", layout="margin", conv="slash", stamp="actes"),
)  # fmt: skip


# Flattened copies of these forms (same slug: same draw and facts).
FLAT_COPIES = ("lan-mil", "convoque-reuni-weekday", "caps-17", "pluvigner-debut")
ALL_FORMS = with_flat_copies(FORMS, FLAT_COPIES)


def render_preamble(
    m: Meeting, f: PreForm, rng: random.Random
) -> tuple[dict[str, list[Block]], dict[str, Any]]:
    """The parts this family renders and the expected session / transmission facts."""
    ctx = session_context(
        m, date_style=f.date, time_style=f.time, conv_style=f.conv, year_style=f.year
    )
    template = SESSION_TEMPLATES[f.template]
    sentence = session_sentence(f.template, ctx)
    shows_time = "{time}" in template or "{TIME}" in template
    shows_conv = "{conv}" in template or "{CONV}" in template
    conv_text = format_date(m.convened, f.conv, year_style=f.year)
    session: list[Block] = []
    before: list[str] = []
    after: list[str] = []
    if f.header:
        end = m.time.replace(hour=min(m.time.hour + 2, 23), minute=(m.time.minute + 15) % 60)
        before.append(
            f.header.format(
                hdate=format_date(m.date, f.hdate),
                htime=format_time(m.time, f.htime),
                end=format_time(end, f.htime),
            )
        )
        shows_time = shows_time or "{htime}" in f.header
    if f.conv_line:
        (before if f.conv_pos == "before" else after).append(f.conv_line.format(conv=conv_text))
        shows_conv = True
    if f.extra:
        after.append(f.extra.format(conv=conv_text))
        shows_conv = shows_conv or "{conv}" in f.extra
    session += [para(t) for t in before]
    if f.layout == "margin":
        left = f"Date de convocation :\n{conv_text}\nAffichage de la convocation :\n{conv_text}"
        session.append(columns(left, sentence))
        shows_conv = True
    else:
        session.append(para(sentence))
    session += [para(t) for t in after]

    parts: dict[str, list[Block]] = {"session": session, "stamp_top": [], "stamp_bottom": []}
    title = title_block(m, rng, date_style=f.title_date or "long")
    if f.title_date is None:  # keep the title and the act number, drop the "Séance du" line
        title[0] = para(title[0]["text"].split("\n")[0], "title")
    parts["title"] = title
    transmission: dict[str, Any] | None = None
    if f.stamp:
        text, transmission = stamp_part(m, f.stamp, f.stamp_date)
        parts["stamp_top" if f.stamp_pos == "top" else "stamp_bottom"] = [stamp(text)]
    parts["signature"] = signature_blocks(m, f.sign, f.sign_date)
    expected = {
        "session": {
            "date": m.date.isoformat(),
            "time": m.time.strftime("%H:%M") if shows_time else None,
            "convened_on": m.convened.isoformat() if shows_conv else None,
        },
        "transmission": transmission,
    }
    return parts, expected


def _customize(m: Meeting, f: PreForm, parts_: dict[str, list[Block]]) -> Customize:
    def apply(parts: dict[str, list[Block]], info: dict[str, Any]) -> None:
        parts.update(parts_)
        if f.laws or f.visa_date != "long":
            sctx = subject_context(m, visa_date_style=f.visa_date)
            parts["body"] = body_blocks(m, info["subject"], sctx, laws=f.laws)

    return apply


def generate(seed: int = 0) -> list[Variant]:
    """All preamble renderings for ``seed``."""
    variants = []
    for i, form in enumerate(ALL_FORMS):
        rng = random.Random(f"preamble:{seed}:{form.slug}")
        m = make_meeting(rng, level=form.level, day1=form.day1)
        parts, expected = render_preamble(m, form, rng)
        variants.append(
            build_variant(
                "preamble",
                f"preamble-{i:02d}-{form.layout}-{form.slug}",
                m,
                rng,
                _customize(m, form, parts),
                expected,
                form.layout,
            )
        )
    return variants
