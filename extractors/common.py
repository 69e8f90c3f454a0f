"""Small helpers shared by the extractors: evidence spans and text folding."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

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


def mask(text: str) -> str:
    """Same-length normalisation for matching: spaces, apostrophes, dashes, markdown stars.

    Offsets into the masked text are offsets into the original text.
    """
    return text.translate(_MASK)


def fold(text: str) -> str:
    """Accent- and case-insensitive key: 'Manoëlle LEPRÊTRE' -> 'MANOELLE LEPRETRE'."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).upper()


def squash(text: str) -> str:
    """Collapse white space runs to one space and strip."""
    return re.sub(r"\s+", " ", text).strip()
