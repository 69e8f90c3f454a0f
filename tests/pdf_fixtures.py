"""PDFs built by the tests (reportlab), never committed: each mirrors a text the text path
also reads, so that the two records can be compared."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.platypus import Image as RLImage
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

STYLES = getSampleStyleSheet()
BODY = STYLES["BodyText"]

HEADER = [
    "Imputation",
    "Autorisation d'engagement",
    "Autorisation de programme",
    "Phasage prévisionnel des paiements",
]
BUDGET_ROWS = [
    [
        "935/56/65734/56000010",
        "270 000,00 €",
        "",
        "2020 5 000,00 €\n2021 130 000,00 €\n2022 90 000,00 €\n2023 45 000,00 €",
    ],
    [
        "905/56/204141/56000010",
        "",
        "84 340,00 €",
        "2020 15 000,00 €\n2021 45 000,00 €\n2022 14 340,00 €\n2023 10 000,00 €",
    ],
]

DELIBERATION = [
    "Exercice Budgétaire : 2019",
    "Fonction : 56 TECHNOLOGIES DE L'INFORMATION ET DE LA COMMUNICATION",
    "@BUDGET",
    "Thème : C04.06 Innovation numérique et sociale",
    "Objet : Soutien à la mise en place de tiers-lieux numériques",
    "La commission permanente du conseil régional Hauts-de-France dûment convoquée par son Président le 7 novembre 2019, "
    "réunie le 26 novembre 2019, à 09:00, salle des délibérations - 11 Mail Albert 1er à Amiens, sous la présidence de "
    "Monsieur Xavier Bertrand, Président du conseil régional,",
    "Vu la demande de la Communauté de Communes du Pays Noyonnais, reçue le 18 septembre 2019,",
    "Vu la demande de la Communauté de Communes du Pays Clermontois, reçue le 23 septembre 2019,",
    "DECIDE",
    "Par 3 « Pour », 0 « Contre », 0 « Abstention »",
    "Le montant global est de 270 000 € en fonctionnement et 84 340 € en investissement.",
    "Ces sommes seront imputées sur le code programme budgétaire : MTN 56 000 010",
    "Présents (2) : Monsieur Xavier BERTRAND, Madame Elizabeth BOULET.",
    "Pouvoirs donnés (1) : Madame Florence BARISEAU donne pouvoir à Monsieur Xavier BERTRAND.",
    "Absents (1) : Monsieur Eric RICHERMOZ.",
    "DECISION DE LA CP : ADOPTE A L'UNANIMITE",
]


def as_text(lines: list[str]) -> str:
    """The same content as a text file (the budget table as tab-separated rows)."""
    out = []
    for line in lines:
        if line == "@BUDGET":
            out.append("\t".join(HEADER))
            out += ["\t".join(c.replace("\n", " ") for c in row) for row in BUDGET_ROWS]
        else:
            out.append(line)
    return "\n\n".join(out) + "\n"


def _flow(lines: list[str], ruled: bool) -> list[object]:
    flow: list[object] = []
    for line in lines:
        if line == "@BUDGET":
            data = [HEADER, *BUDGET_ROWS]
            cells = [[Paragraph(c.replace("\n", "<br/>"), BODY) for c in row] for row in data]
            table = Table(cells, colWidths=[5.2 * cm, 3.4 * cm, 3.4 * cm, 5 * cm])
            if ruled:
                table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black)]))
            flow.append(table)
        elif line == "@PAGEBREAK":
            flow.append(PageBreak())
        else:
            flow.append(Paragraph(line, BODY))
        flow.append(Spacer(1, 4))
    return flow


def build(path: Path, lines: list[str], ruled: bool = True) -> Path:
    SimpleDocTemplate(str(path), pagesize=A4).build(_flow(lines, ruled))
    return path


def annex(path: Path, n_rows: int = 60) -> tuple[Path, list[tuple[str, float]]]:
    """A deliberation whose annex table of beneficiaries runs over two pages."""
    rows = [(f"Commune de Saint-Exemple-{i:02d}", 1000.0 + 250 * i) for i in range(n_rows)]
    data = [["Bénéficiaire", "Montant"]] + [
        [n, f"{a:,.2f} €".replace(",", " ").replace(".", ",")] for n, a in rows
    ]
    table = Table(data, colWidths=[10 * cm, 4 * cm], repeatRows=1)
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black)]))
    flow = [
        Paragraph("Objet : Aide aux communes pour la médiation numérique", BODY),
        Spacer(1, 6),
        Paragraph("DECIDE d'attribuer les aides listées en annexe. Adopté à l'unanimité.", BODY),
        Spacer(1, 6),
        table,
    ]
    SimpleDocTemplate(str(path), pagesize=A4).build(flow)
    return path, rows


def scanned(
    path: Path, text_lines: list[str], with_text_page: bool = False, header: str = ""
) -> Path:
    """An image-only page (rendered text, no text layer), optionally after a text page;
    with `header`, a printed running header (a text layer) above the scanned image, as a
    scanner's software or a records office stamps on every page."""
    img = Image.new("L", (1654, 2339), 255)
    draw = ImageDraw.Draw(img)
    font = ImageFont.truetype(_font(), 34)
    y = 150
    for line in text_lines:
        draw.text((120, y), line, fill=0, font=font)
        y += 60
    buf = BytesIO()
    img.save(buf, format="PNG")
    buf.seek(0)
    flow: list[object] = []
    if with_text_page:
        flow += [Paragraph("Objet : Page de garde au texte numérique", BODY), PageBreak()]
    width = A4[0] - 2 * cm
    if header:
        flow.append(Paragraph(header, BODY))
        width = A4[0] - 4 * cm  # room for the header line on the same page
    flow.append(RLImage(buf, width=width, height=width * 2339 / 1654))
    SimpleDocTemplate(
        str(path),
        pagesize=A4,
        leftMargin=1 * cm,
        rightMargin=1 * cm,
        topMargin=0.5 * cm,
        bottomMargin=0.5 * cm,
    ).build(flow)
    return path


def _font() -> str:
    for candidate in (
        "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
        "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
    ):
        if Path(candidate).exists():
            return candidate
    import reportlab

    return str(Path(reportlab.__file__).parent / "fonts" / "Vera.ttf")
