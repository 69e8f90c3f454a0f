"""Small helpers shared by the extractors: evidence spans and text folding."""

from __future__ import annotations

import re
import unicodedata
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


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Accent- and case-insensitive key: 'Manoëlle LEPRÊTRE' -> 'MANOELLE LEPRETRE'."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).upper()


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


def find_near(
    rx: re.Pattern[str],
    text: str,
    keyword: re.Pattern[str],
    key_text: str | None = None,
    reach: int = 160,
) -> list[re.Match[str]]:
    """Matches of a costly pattern `rx`, searched only around occurrences of a cheap
    `keyword` pattern (a literal-led one scans ~50x faster). Every match of `rx` must
    contain a keyword; `key_text` is the text the keyword runs on (e.g. `lower(text)`),
    of the same length as `text`."""
    found: dict[tuple[int, int], re.Match[str]] = {}
    n = len(text)
    for k in keyword.finditer(key_text if key_text is not None else text):
        lo = max(0, k.start() - reach)
        pos = lo
        while True:
            m = rx.search(text, pos, min(n, k.end() + reach))
            if m is None or m.start() > k.start():
                break
            if m.end() >= k.end():
                found.setdefault((m.start(), m.end()), m)
                break
            pos = m.end() if m.end() > m.start() else m.start() + 1
    return [found[key] for key in sorted(found)]
