"""Zones of a document: what is page furniture, what is the reading flow.

Page furniture is printed around the text, not in it: web addresses glued to the text by
the tools that flattened it, the prefecture stamp (printed once or on every page), running
headers repeated on each page, page numbers. It is blanked out (same length, so that every
offset still points into the original) before lists and statements are read, so that a
stamp in the middle of a list of names, or its dates, never count as attendance or as the
session; the stamp itself is read from the original text (`transmission`).

>>> text = "https://x.fr/a.pdfCONSEIL MUNICIPAL du 3 mai 2021"
>>> blank(text, furniture(text))
'                  CONSEIL MUNICIPAL du 3 mai 2021'
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import defaultdict
from dataclasses import dataclass

from extractors.common import folded
from extractors.dates import STAMP_ROLES
from extractors.lexicon import Lexicon

URL = re.compile(
    r"(?:https?://|www\.)\S+?(?:\.(?:pdf|html?|php|aspx?|txt|docx?|odt)(?-i:(?![a-z]))|(?=\s|$))",
    re.IGNORECASE,
)
# "093-229300013-20230126-lmc1145620-DE": département, SIREN, date, number, nature
ACTES_ID = re.compile(
    r"\b\d{2,3}[AB]?\s?-\s?\d{9}\s?-\s?\d{8}\s?-\s?[\w./ -]{1,40}?\s?-\s?(?:DE|AR|AI|CC|BF|AU)\b",
    re.IGNORECASE,
)
PAGE_NO = re.compile(r"(?i)\bpage\s+\d{1,4}\s*(?:/|sur|de)\s*\d{1,4}\b")
_STAMP_ROLES = STAMP_ROLES
# what a stamp block is made of: dates, "le", ":", "ID", its identifier, short words
_STAMP_TAIL = re.compile(
    r"(?:\s*(?:le|du|:|-|id|en|pr[ée]fecture|date|de|r[ée]ception|t[ée]l[ée]transmission|"
    r"\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|\d{1,2}\s+\w+\s+\d{4}|sous-pr[ée]fecture|affich[ée]e?|"
    r"publi[ée]e?|re[çc]ue?|envoy[ée]e?|ar|et))*",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Furniture:
    start: int
    end: int
    kind: str  # url, stamp, header, page


def furniture(text: str, low: str | None = None) -> list[Furniture]:
    """The spans of page furniture in `text`, sorted, not overlapping."""
    low = folded(text) if low is None else low
    found: list[Furniture] = [Furniture(m.start(), m.end(), "url") for m in URL.finditer(text)]
    found += _stamps(text, low)
    found += [Furniture(m.start(), m.end(), "page") for m in PAGE_NO.finditer(text)]
    found += _running_headers(text, low)
    found.sort(key=lambda f: (f.start, -f.end))
    out: list[Furniture] = []
    for f in found:
        if out and f.start < out[-1].end:
            if f.end > out[-1].end:
                out[-1] = Furniture(out[-1].start, f.end, out[-1].kind)
            continue
        out.append(f)
    return out


def _stamps(text: str, low: str) -> list[Furniture]:
    """Prefecture stamps and publication notes: from their first cue to the last date or
    identifier that follows, each block once."""
    out = []
    for cue in Lexicon.of("dates").find(low):
        if cue.role not in _STAMP_ROLES:
            continue
        tail = _STAMP_TAIL.match(text, cue.end)
        end = tail.end() if tail else cue.end
        idm = ACTES_ID.match(text, end) or ACTES_ID.search(text, end, end + 40)
        if idm:
            end = idm.end()
        if end - cue.start >= 12:
            out.append(Furniture(cue.start, end, "stamp"))
    for m in ACTES_ID.finditer(text):
        out.append(Furniture(m.start(), m.end(), "stamp"))
    return out


_SHINGLE = 7
_DATED = re.compile(
    r"\d{1,2}[/.]\d{1,2}[/.]\d{2,4}|\d{1,2}\s+(?:janvier|fevrier|mars|avril|mai|juin|juillet|"
    r"aout|septembre|octobre|novembre|decembre)\s+\d{4}|\bpage\s+\d"
)


def _running_headers(text: str, low: str) -> list[Furniture]:
    """Phrases repeated word for word on several pages that carry a date or a page number
    (a running header or footer): every occurrence but the first is furniture."""
    dated = [m.start() for m in _DATED.finditer(low)]
    if len(dated) < 2:
        return []  # a running header carries a date or a page number, on every page
    words = [(m.start(), m.end()) for m in re.finditer(r"\S+", low)]
    if len(words) < 2 * _SHINGLE:
        return []
    # only the phrases around a date can be a dated running header
    starts = [w[0] for w in words]
    near: set[int] = set()
    for pos in dated:
        k = bisect_left(starts, pos)
        near.update(range(max(0, k - 2 * _SHINGLE), min(len(words) - _SHINGLE + 1, k + _SHINGLE)))
    seen: dict[str, list[int]] = defaultdict(list)
    for i in sorted(near):
        key = low[words[i][0] : words[i + _SHINGLE - 1][1]]
        seen[key].append(i)
    repeated = [False] * len(words)
    for starts in seen.values():
        if len(starts) < 2:
            continue
        for i in starts[1:]:
            for k in range(i, i + _SHINGLE):
                repeated[k] = True
    out = []
    i = 0
    while i < len(words):
        if not repeated[i]:
            i += 1
            continue
        j = i
        while j < len(words) and repeated[j]:
            j += 1
        start, end = words[i][0], words[j - 1][1]
        chunk = low[start:end]
        if _DATED.search(chunk) and end - start < 300:
            out.append(Furniture(start, end, "header"))
        i = j
    return out


def blank(text: str, spans: list[Furniture]) -> str:
    """`text` with the furniture replaced by spaces (line breaks kept): same length."""
    if not spans:
        return text
    parts = []
    last = 0
    for f in spans:
        parts.append(text[last : f.start])
        parts.append(re.sub(r"[^\n]", " ", text[f.start : f.end]))
        last = f.end
    parts.append(text[last:])
    return "".join(parts)
