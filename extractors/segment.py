"""Split a file's text into deliberations.

A file may hold one deliberation or many (minutes with a dozen decisions, a recueil des
actes). A split happens only where at least two anchors of the same family are found
("N° DEL2020_01_03", "DCC2023_129", "N° 2023-001", "Délibération n° 01-02",
"DELIBERATION OBJET :"); the text before the first anchor is the session preamble
(attendance, chair, date) that the deliberations share.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extractors.common import find_near, key_spans

ANCHORS = [
    re.compile(r"\bN°\s*DEL\d{4}_\d{2}_\d{2,3}\b"),
    re.compile(r"\bDCC\d{4}_\d{2,4}\b"),
    re.compile(r"\bN°\s*\d{4}-\d{3}\b"),
    re.compile(r"(?<!la )(?<!La )(?<!LA )\bD[ée]lib[ée]ration\s+n°\s*\d[\w.\-/]*", re.I),
    re.compile(r"\bDELIBERATION\s+OBJET\s*:"),
]


@dataclass(frozen=True)
class Segment:
    index: int
    start: int
    end: int
    #: end of the zone where the session's attendance is stated
    attendance_end: int


ANCHOR_KEY = re.compile(r"n°|N°|DCC|OBJET")


# Numbered items of minutes, at the start of a line: "1/ Délibération ...", "2. Reversement ...",
# "IV Plan de sauvegarde". The same numbering often lists the agenda first: an item counts as a
# deliberation only when its text records a vote.
ITEM_RE = re.compile(r"(?m)^[ \t+•*-]*(?:[IVX]{1,4}|\d{1,2})\s*[/.)]?[ \t]+(?=[A-ZÉÈÀÂÎ])")
VOTE_SAID = re.compile(
    r"adopt|unanimit|\bvoix\b|\bvotes?\s+pour|\b\d{1,3}\s+pour\b|\bpour\s*:|\bcontre\b|abstention|approuv|rejet",
    re.I,
)


def split(text: str) -> list[Segment]:
    keys = key_spans(ANCHOR_KEY, text)
    for rx in ANCHORS:
        starts = [m.start() for m in find_near(rx, text, keys, reach=40)]
        if len(starts) >= 2:
            att_end = starts[1]
            bounds = [*starts, len(text)]
            return [Segment(i, bounds[i], bounds[i + 1], att_end) for i in range(len(starts))]
    items = _voted_items(text)
    if len(items) >= 2:
        bounds = [*items, len(text)]
        return [Segment(i, bounds[i], bounds[i + 1], items[0]) for i in range(len(items))]
    return [Segment(0, 0, len(text), len(text))]


def _voted_items(text: str) -> list[int]:
    """Starts of the numbered items whose own text records a vote."""
    starts = [m.start() for m in ITEM_RE.finditer(text)]
    kept = []
    for i, start in enumerate(starts):
        end = starts[i + 1] if i + 1 < len(starts) else len(text)
        if VOTE_SAID.search(text, start, end):
            kept.append(start)
    return kept
