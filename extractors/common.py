"""Small helpers shared by the extractors: evidence spans and text folding."""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from dataclasses import dataclass, field
from functools import lru_cache

from schemas.records import Span


@dataclass
class Evidence:
    """Where each extracted field came from, as character offsets into the text."""

    offset: int = 0
    spans: dict[str, Span] = field(default_factory=dict)

    def add(self, path: str, start: int, end: int) -> None:
        self.spans.setdefault(path, Span(start=self.offset + start, end=self.offset + end))

    def add_match(self, path: str, m: re.Match[str], group: int | str = 0) -> None:
        self.add(path, m.start(group), m.end(group))


_MASK = str.maketrans(
    {
        "\u00a0": " ",
        "\u202f": " ",
        "\u2009": " ",
        "\u2019": "'",
        "\u2018": "'",
        "\u02bc": "'",
        "*": " ",
        "\u2013": "-",
        "\u2014": "-",
        "\u2026": ".",
    }
)


_MASK_PAIRS = [(chr(k), v) for k, v in _MASK.items()]


def mask(text: str) -> str:
    """Same-length normalisation for matching: spaces, apostrophes, dashes, markdown stars.

    Offsets into the masked text are offsets into the original text.
    """
    for old, new in _MASK_PAIRS:
        if old in text:
            text = text.replace(old, new)
    return text


_ACCENTS = str.maketrans(
    "àâäáãåçéèêëíìîïñóòôöõúùûüýÿæœ",
    "aaaaaaceeeeiiiinooooouuuuyyao",
)


@lru_cache(maxsize=4096)
def folded(text: str) -> str:
    """Same-length matching text: masked (spaces, apostrophes, dashes), lower case, accents
    removed ("Étaient PRÉSENTS" -> "etaient presents"). Offsets into it are offsets into the
    original; patterns built from the lexicons run on it, so accents and case are folded
    once, here, for every wording.

    >>> folded("Étaient PRÉSENTS : Mme Zoé")
    'etaient presents : mme zoe'
    """
    low = mask(text).lower()
    if len(low) != len(text):  # a letter whose lower case is longer ('İ'): per character
        low = "".join(c.lower() if len(c.lower()) == 1 else c for c in mask(text))
    low = low.translate(_ACCENTS)
    if "-\n" in low:
        low = _CUT_WORD.sub(_join_cut, low)
    return low


# a word cut at a line end ("repré-\nsenté par"): joined, its end shifted left and padded
# with spaces after it, so that the wordings match and the length stays the same
_CUT_WORD = re.compile(r"(?<=[a-z])-\n[ \t]*([a-z]+)")


def _join_cut(m: re.Match[str]) -> str:
    return m.group(1) + " " * (len(m.group(0)) - len(m.group(1)))


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Accent- and case-insensitive key: 'Manoëlle LEPRÊTRE' -> 'MANOELLE LEPRETRE' (the
    compatibility decomposition, without its combining marks, in capitals)."""
    if text.isascii():
        return text.upper()
    return unicodedata.normalize("NFKD", text).translate(_UNMARKED).upper()


class _Unmarked(dict[int, int | None]):
    """`str.translate`'s table that drops combining marks: each character's entry made on
    first sight, at most `_SEEN` of them kept."""

    def __missing__(self, code: int) -> int | None:
        value = None if unicodedata.combining(chr(code)) else code
        if len(self) < _SEEN:
            self[code] = value
        return value


_SEEN = 20_000
_UNMARKED = _Unmarked()


def squash(text: str) -> str:
    """Collapse white space runs to one space and strip."""
    return re.sub(r"\s+", " ", text).strip()


_UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZÀÂÄÇÉÈÊËÎÏÔÖÙÛÜŸÆŒ"
_LOWER_TABLE = str.maketrans(_UPPER, _UPPER.lower())


@lru_cache(maxsize=16)
def lower(text: str) -> str:
    """Same-length lower case (French letters only), for case-insensitive scans that are
    much faster without `re.IGNORECASE`; offsets stay valid."""
    low = text.lower()
    # str.lower() keeps lengths for French text; a few letters (e.g. 'İ') grow
    return low if len(low) == len(text) else text.translate(_LOWER_TABLE)


def lower_rx(rx: re.Pattern[str]) -> re.Pattern[str]:
    """The lower-case twin of an `re.I` pattern, to run on `lower(text)`."""
    pattern = rx.pattern
    if re.search(r"\\[SWDBAZ]", pattern):
        raise ValueError(f"cannot lower a pattern with upper-case escapes: {pattern[:60]}")
    return re.compile(lower(pattern).replace("(?p<", "(?P<"), rx.flags & ~re.IGNORECASE)


Spans = list[tuple[int, int]]


def key_spans(keyword: re.Pattern[str], text: str) -> Spans:
    """Where a cheap keyword pattern occurs; computed once, shared by several `find_near`."""
    return [(m.start(), m.end()) for m in keyword.finditer(text)]


def find_near(
    rx: re.Pattern[str],
    text: str,
    keys: re.Pattern[str] | Spans,
    key_text: str | None = None,
    reach: int = 160,
) -> list[re.Match[str]]:
    """Matches of a costly pattern `rx`, searched only in windows around a cheap keyword
    (a literal-led pattern scans ~50x faster than one led by an alternation or a
    lookbehind). Every match of `rx` must contain a keyword occurrence. `keys` is the
    keyword pattern, run on `key_text` (e.g. `lower(text)`, same length) or on `text`,
    or the keyword spans already computed by `key_spans`."""
    if isinstance(keys, re.Pattern):
        keys = key_spans(keys, key_text if key_text is not None else text)
    if not keys:
        return []
    n = len(text)
    windows: Spans = []
    for ks, ke in keys:
        lo, hi = max(0, ks - reach), min(n, ke + reach)
        if windows and lo <= windows[-1][1]:
            windows[-1] = (windows[-1][0], max(windows[-1][1], hi))
        else:
            windows.append((lo, hi))
    starts = [k[0] for k in keys]
    found: list[re.Match[str]] = []
    for lo, hi in windows:
        for m in rx.finditer(text, lo, hi):
            i = bisect_left(starts, m.start())
            if i < len(keys) and keys[i][0] < m.end() and keys[i][1] <= m.end():
                found.append(m)
    return found
