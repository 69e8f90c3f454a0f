"""Document blocks (paragraphs, tables, columns, stamps) and their plain-text rendering.

A document is a list of blocks; ``to_text`` prints it as text (what a PDF reader or a copy
from a PDF gives), ``render_pdf`` lays the same blocks out on a page.
"""

from __future__ import annotations

import itertools
import re

from .model import Block


def para(
    text: str, style: str = "normal", *, wrap: int | None = None, hyphenate: bool = False
) -> Block:
    """A paragraph; ``\\n`` in ``text`` are kept as line breaks; ``wrap`` folds long lines."""
    block: Block = {"kind": "para", "text": text, "style": style}
    if wrap:
        block["wrap"] = wrap
    if hyphenate:
        block["hyphenate"] = True
    return block


def table(rows: list[list[str]], text_style: str = "markdown", *, header: bool = True) -> Block:
    """A table; printed as ``markdown``, ``tsv`` or ``aligned`` columns in the text."""
    return {"kind": "table", "rows": rows, "text": text_style, "header": header}


def columns(left: str, right: str, *, left_width: int = 26, right_wrap: int = 70) -> Block:
    """A margin box (left) beside a paragraph (right), as a two-column page prints."""
    return {
        "kind": "columns",
        "left": left,
        "right": right,
        "left_width": left_width,
        "right_wrap": right_wrap,
    }


def stamp(text: str) -> Block:
    """A boxed stamp (prefecture acknowledgement, publication note)."""
    return {"kind": "stamp", "text": text}


_HYPHENABLE = re.compile(r"^[^\W\d_]+$")
_VOWELS = set("aeiouyàâäéèêëîïôöùûüœæAEIOUYÀÂÄÉÈÊËÎÏÔÖÙÛÜŒÆ")


def _syllable_cut(word: str, limit: int) -> int | None:
    """The last vowel-consonant-vowel break ("Véro|nique", "CHEVA|LIER") at or before
    ``limit``, keeping 3 letters on each side; None when the word is not a plain word."""
    if not _HYPHENABLE.match(word):
        return None
    for k in range(limit, 2, -1):
        if (
            len(word) - k >= 3
            and word[k - 1] in _VOWELS
            and word[k] not in _VOWELS
            and word[k + 1] in _VOWELS
        ):
            return k
    return None


def wrap_line(line: str, width: int, *, hyphenate: bool = False) -> list[str]:
    """Greedy fold of one line at ``width``; breaks after a hyphen of a compound word when
    that fits, and cuts long plain words with a ``-`` when ``hyphenate``."""
    out: list[str] = []
    current = ""
    for word in line.split(" "):
        while True:
            room = width - len(current) - (1 if current else 0)
            if len(word) <= room:
                current = f"{current} {word}" if current else word
                break
            piece = None
            if room > 1 and "-" in word[:room]:  # compound word: break after its hyphen
                cut = word[:room].rindex("-") + 1
                if 1 < cut < len(word):
                    piece = (word[:cut], word[cut:])
            if piece is None and hyphenate and room >= 4 and len(word) >= 7:
                cut = _syllable_cut(word, min(room - 1, len(word) - 3))
                if cut:
                    piece = (word[:cut] + "-", word[cut:])
            if piece is not None:
                current = f"{current} {piece[0]}" if current else piece[0]
                out.append(current)
                current, word = "", piece[1]
                continue
            if not current:  # a word longer than the line: keep it whole
                current = word
                break
            out.append(current)
            current = ""
    out.append(current)
    return out


def _para_text(block: Block) -> str:
    text: str = block["text"]
    width = block.get("wrap")
    if not width:
        return text
    lines: list[str] = []
    for line in text.split("\n"):
        lines.extend(wrap_line(line, width, hyphenate=block.get("hyphenate", False)))
    return "\n".join(lines)


def _table_text(block: Block) -> str:
    rows: list[list[str]] = block["rows"]
    style = block["text"]
    if style == "tsv":
        return "\n".join("\t".join(row) for row in rows)
    if style == "markdown":
        lines = ["| " + " | ".join(row) + " |" for row in rows]
        if block["header"]:
            lines.insert(1, "|" + "|".join("---" for _ in rows[0]) + "|")
        return "\n".join(lines)
    if style == "aligned":
        widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
        return "\n".join(
            "   ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
            for row in rows
        )
    raise ValueError(style)


def _columns_text(block: Block) -> str:
    left = block["left"].split("\n")
    right: list[str] = []
    for line in block["right"].split("\n"):
        right.extend(wrap_line(line, block["right_wrap"]))
    width = block["left_width"]
    return "\n".join(
        (a.ljust(width) + b).rstrip() for a, b in itertools.zip_longest(left, right, fillvalue="")
    )


def block_text(block: Block) -> str:
    """The plain text of one block."""
    kind = block["kind"]
    if kind == "para":
        return _para_text(block)
    if kind == "table":
        return _table_text(block)
    if kind == "columns":
        return _columns_text(block)
    if kind == "stamp":
        return block["text"]
    raise ValueError(kind)


def to_text(blocks: list[Block]) -> str:
    """The whole document as text, blocks separated by a blank line."""
    return "\n\n".join(block_text(b) for b in blocks) + "\n"


def flatten(text: str) -> str:
    """All white space collapsed to one space, as text copied out of a PDF (NBSP kept)."""
    return re.sub(r"[ \t\r\n\f\v]+", " ", text).strip() + "\n"
