"""Lay a variant's blocks out as a PDF (reportlab): paragraphs, drawn tables, stamps.

Output is byte-identical for the same variant (reportlab's invariant mode).
"""

from __future__ import annotations

import pathlib
from functools import cache
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from .blocks import to_text
from .model import Block, Variant

_FONT_DIRS = (
    pathlib.Path("/usr/share/fonts/truetype/dejavu"),
    pathlib.Path("/usr/share/fonts/dejavu"),
)


@cache
def _fonts() -> tuple[str, str]:
    """(regular, bold) font names: DejaVu Sans when installed (all accents, €, œ, …),
    else the built-in Helvetica."""
    for folder in _FONT_DIRS:
        regular, bold = folder / "DejaVuSans.ttf", folder / "DejaVuSans-Bold.ttf"
        if regular.exists() and bold.exists():
            pdfmetrics.registerFont(TTFont("VariantSans", str(regular)))
            pdfmetrics.registerFont(TTFont("VariantSans-Bold", str(bold)))
            return "VariantSans", "VariantSans-Bold"
    return "Helvetica", "Helvetica-Bold"


def _styles() -> dict[str, ParagraphStyle]:
    regular, bold = _fonts()
    base = ParagraphStyle(
        "normal", fontName=regular, fontSize=9.5, leading=12, spaceAfter=5, alignment=TA_LEFT
    )
    return {
        "normal": base,
        "title": ParagraphStyle(
            "title", parent=base, fontName=bold, fontSize=11, leading=14, alignment=TA_CENTER
        ),
        "bold": ParagraphStyle("bold", parent=base, fontName=bold),
        "right": ParagraphStyle("right", parent=base, alignment=TA_RIGHT),
        "cell": ParagraphStyle("cell", parent=base, fontSize=8.5, leading=10, spaceAfter=0),
        "cell_bold": ParagraphStyle(
            "cell_bold", parent=base, fontName=bold, fontSize=8.5, leading=10, spaceAfter=0
        ),
        "small": ParagraphStyle("small", parent=base, fontSize=8, leading=9.5, spaceAfter=0),
    }


def _markup(text: str) -> str:
    """Text as reportlab paragraph markup: XML escaped, line breaks kept."""
    if _fonts()[0] == "Helvetica":  # the built-in fonts only know Latin-1 / cp1252
        text = text.replace("\u202f", "\u00a0").encode("cp1252", "replace").decode("cp1252")
    return escape(text).replace("\n", "<br/>")


def _flowables(block: Block, styles: dict[str, ParagraphStyle], width: float) -> list[Flowable]:
    kind = block["kind"]
    if kind == "para":
        return [
            Paragraph(
                _markup(block["text"]), styles.get(block.get("style", "normal"), styles["normal"])
            )
        ]
    if kind == "table":
        rows = block["rows"]
        data = [
            [
                Paragraph(
                    _markup(cell), styles["cell_bold" if i == 0 and block.get("header") else "cell"]
                )
                for cell in row
            ]
            for i, row in enumerate(rows)
        ]
        t = Table(data, repeatRows=1 if block.get("header") else 0, hAlign="LEFT")
        t.setStyle(
            TableStyle(
                [
                    ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    (
                        "BACKGROUND",
                        (0, 0),
                        (-1, 0),
                        colors.HexColor("#e6e6e6") if block.get("header") else colors.white,
                    ),
                ]
            )
        )
        return [t, Spacer(1, 6)]
    if kind == "columns":
        left = Paragraph(_markup(block["left"]), styles["small"])
        right = Paragraph(_markup(block["right"]), styles["normal"])
        t = Table([[left, right]], colWidths=[4.2 * cm, width - 4.2 * cm], hAlign="LEFT")
        t.setStyle(
            TableStyle(
                [("BOX", (0, 0), (0, 0), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "TOP")]
            )
        )
        return [t, Spacer(1, 6)]
    if kind == "stamp":
        t = Table(
            [[Paragraph(_markup(block["text"]), styles["small"])]],
            colWidths=[8.5 * cm],
            hAlign="RIGHT",
        )
        t.setStyle(TableStyle([("BOX", (0, 0), (-1, -1), 0.8, colors.black)]))
        return [t, Spacer(1, 8)]
    raise ValueError(kind)


def render_pdf(variant: Variant, path: pathlib.Path) -> None:
    """Write ``variant`` as a one- or few-page A4 PDF at ``path``.

    Uses ``variant.pdf_blocks`` (real drawn tables, boxed stamps, a margin box); without
    blocks, the text is laid out paragraph by paragraph.
    """
    path = pathlib.Path(path)
    blocks = variant.pdf_blocks or [
        {"kind": "para", "text": chunk, "style": "normal"}
        for chunk in variant.text.split("\n\n")
        if chunk.strip()
    ]
    styles = _styles()
    doc = SimpleDocTemplate(
        str(path),
        pagesize=A4,
        leftMargin=2 * cm,
        rightMargin=2 * cm,
        topMargin=1.8 * cm,
        bottomMargin=1.8 * cm,
        title=variant.id,
        author="tests/variants",
        creator="tests/variants",
        invariant=1,
    )
    story: list[Flowable] = []
    for block in blocks:
        story.extend(_flowables(block, styles, doc.width))
    doc.build(story)


__all__ = ["render_pdf", "to_text"]
