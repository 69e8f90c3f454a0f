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


def split(text: str) -> list[Segment]:
    keys = key_spans(ANCHOR_KEY, text)
    for rx in ANCHORS:
        starts = [m.start() for m in find_near(rx, text, keys, reach=40)]
        if len(starts) >= 2:
            att_end = starts[1]
            bounds = [*starts, len(text)]
            return [Segment(i, bounds[i], bounds[i + 1], att_end) for i in range(len(starts))]
    return [Segment(0, 0, len(text), len(text))]
