"""OCR speed against accuracy: rendering resolution and Tesseract's page segmentation,
chosen by measured character accuracy, not by speed alone.

    python -m benchmarks.ocr_tradeoff            # the table
    python -m benchmarks.ocr_tradeoff --json FILE
    python -m benchmarks.ocr_tradeoff --sizes    # small print: font size x noise x dpi
    python -m benchmarks.ocr_tradeoff --regions  # the page whole, cropped to its ink, binarized

Pages: generated scans of known text (minutes wording, `tests/pdf_fixtures.scanned`, a
full page of lines) and the real scanned page of `data/raw/realdocs/02_*.pdf` (page 3;
its reference is the reading at 300 dpi, so only speed and agreement are shown for it).
For each setting: seconds per page (ours: render with pdfium + `pipeline.ocr`, one thread),
character accuracy (1 - edit distance / reference length, on white-space-collapsed text),
and, as the floor, bare `tesseract` on the same page image (the CLI on a PNG file).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "benchmarks" / "out"

LINES = [
    "COMMUNE DE SAINT-EXEMPLE - Séance du conseil municipal du 24 juin 2022",
    "Présents : Mme JEANROY Marie, M. WIDMER Paul, Mme VOLANTI Claire, M. BERNARD Luc",
    "Absent excusé : M. DELUNSCH Jacques (pouvoir donné à M. WIDMER Paul)",
    "Secrétaire de séance : Mme VOLANTI Claire",
    "1/ Convention RASED : participation de 1 250,00 € pour l'année 2022. 4 votes pour",
    "2/ Document unique : coût de la prestation 600 €. 4 votes pour",
    "3/ Tarifs de la cantine scolaire : 3,20 € le repas à compter du 1er septembre 2022",
    "4/ Subvention de 450 € à l'association des parents d'élèves. Adopté à l'unanimité",
    "5/ Décision modificative n° 2 du budget principal : virement de 12 000 € au chapitre 21",
    "6/ Questions diverses : travaux de voirie rue des Écoles, devis de 8 430,50 € TTC",
] * 3


def _distance(a: str, b: str) -> int:
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def accuracy(got: str, reference: str) -> float:
    g, r = (re.sub(r"\s+", " ", x).strip() for x in (got, reference))
    return max(0.0, 1 - _distance(g, r) / max(1, len(r)))


def pages() -> list[tuple[str, Path, int, str | None]]:
    from tests import pdf_fixtures as fx

    OUT.mkdir(parents=True, exist_ok=True)
    generated = OUT / "ocr_generated.pdf"
    if not generated.exists():
        fx.scanned(generated, LINES)
    real = next((ROOT / "data" / "raw" / "realdocs").glob("02_*.pdf"))
    return [
        ("generated scan (known text)", generated, 1, "\n".join(LINES)),
        ("real scan (doc 02 p.3)", real, 3, None),
    ]


def render(path: Path, number: int, dpi: int):  # type: ignore[no-untyped-def]
    import pypdfium2

    doc = pypdfium2.PdfDocument(path)
    try:
        return doc[number - 1].render(scale=dpi / 72, grayscale=True).to_pil()
    finally:
        doc.close()


def _cpu() -> float:
    """CPU seconds of this process and its children: Tesseract runs in either."""
    import resource

    return sum(
        r.ru_utime + r.ru_stime
        for r in (
            resource.getrusage(resource.RUSAGE_SELF),
            resource.getrusage(resource.RUSAGE_CHILDREN),
        )
    )


def _warm() -> str:
    """Load the model before anything is timed (in process, the first page would carry it,
    about 0.1 s): every row is measured alike. Which way Tesseract runs."""
    from pipeline.ocr import engine
    from pipeline.settings import Settings

    return engine("fra", Settings.from_env().ocr_engine)


def ours(image, psm: int) -> tuple[str, float]:  # type: ignore[no-untyped-def]
    """Our OCR of a page image (`pipeline.ocr`: in process where tesserocr is installed,
    else the command; `DELIB_OCR_ENGINE=command` forces the command) and its seconds."""
    from pipeline.ocr import image_text
    from pipeline.settings import Settings

    way = Settings.from_env().ocr_engine
    start = time.perf_counter()
    text = image_text(image, "fra", psm, way)
    return text, time.perf_counter() - start


def bare(image, psm: int) -> float:  # type: ignore[no-untyped-def]
    with tempfile.TemporaryDirectory() as tmp:
        png = Path(tmp) / "page.png"
        image.save(png)
        start = time.perf_counter()
        subprocess.run(
            ["tesseract", str(png), str(Path(tmp) / "out"), "-l", "fra", "--psm", str(psm)],
            check=True,
            capture_output=True,
            env={**os.environ, "OMP_THREAD_LIMIT": "1"},
        )
        return time.perf_counter() - start


def measure() -> list[dict[str, object]]:
    os.environ["OMP_THREAD_LIMIT"] = "1"
    print(f"Tesseract: {_warm()}")
    rows = []
    for label, path, number, reference in pages():
        ref = reference
        if ref is None:
            ref, _ = ours(render(path, number, 300), 3)
        for dpi in (150, 200, 300):
            image = render(path, number, dpi)
            for psm in (3, 6):
                text, seconds = ours(image, psm)
                floor = bare(image, psm)
                rows.append(
                    {
                        "page": label,
                        "dpi": dpi,
                        "psm": psm,
                        "seconds": round(seconds, 2),
                        "bare_tesseract_seconds": round(floor, 2),
                        "ours_vs_bare": round(seconds / floor, 2),
                        "char_accuracy": round(accuracy(text, ref), 3),
                    }
                )
    return rows


#: the print sizes of the small-print study (points), and the resolutions it compares
SIZES = (7, 8, 9, 10, 12)
SIZES_DPI = (150, 200, 300)


def small_print(pt: int, noisy: bool) -> tuple[bytes, str]:
    """A page scanned at 400 dpi (as a scanner would) of known text printed at `pt` points,
    clean or blurred with salt-and-pepper noise, as a PDF of one image; and its text."""
    import random
    from io import BytesIO

    from PIL import Image, ImageDraw, ImageFilter, ImageFont
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    from tests import pdf_fixtures as fx

    dpi = 400
    width, height = int(8.27 * dpi), int(11.69 * dpi)
    img = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(img)
    px = int(pt * dpi / 72)
    font = ImageFont.truetype(fx._font(), px)
    y, lines = int(0.8 * dpi), []
    for line in LINES[:10] * 4:
        if y > height - dpi:
            break
        draw.text((int(0.8 * dpi), y), line, fill=0, font=font)
        lines.append(line)
        y += int(px * 1.5)
    if noisy:
        img = img.filter(ImageFilter.GaussianBlur(0.8))
        rnd, pix = random.Random(1), img.load()
        for _ in range(width * height // 200):
            pix[rnd.randrange(width), rnd.randrange(height)] = rnd.choice((0, 255))
    png, pdf = BytesIO(), BytesIO()
    img.save(png, format="PNG")
    png.seek(0)
    c = canvas.Canvas(pdf, pagesize=A4)
    c.drawImage(ImageReader(png), 0, 0, width=A4[0], height=A4[1])
    c.save()
    return pdf.getvalue(), "\n".join(lines)


def measure_sizes() -> list[dict[str, object]]:
    """Character accuracy and Tesseract CPU seconds by print size, noise and resolution."""
    import pypdfium2

    os.environ["OMP_THREAD_LIMIT"] = "1"
    print(f"Tesseract: {_warm()}")

    rows = []
    for pt in SIZES:
        for noisy in (False, True):
            data, reference = small_print(pt, noisy)
            doc = pypdfium2.PdfDocument(data)
            for dpi in SIZES_DPI:
                image = doc[0].render(scale=dpi / 72, grayscale=True).to_pil()
                start = _cpu()
                text, _ = ours(image, 3)
                rows.append(
                    {
                        "points": pt,
                        "noisy": noisy,
                        "dpi": dpi,
                        "tesseract_cpu_seconds": round(_cpu() - start, 2),
                        "char_accuracy": round(accuracy(text, reference), 4),
                    }
                )
            doc.close()
    return rows


#: the grey level under which a pixel is ink, for the cropped and binarized variants
INK = 160


def measure_regions() -> list[dict[str, object]]:
    """What skipping the blank parts of a page gives: Tesseract CPU seconds and character
    accuracy at 200 dpi for the page whole, cropped to the box of its ink (the margins
    and blank bands around the text skipped), and binarized (1 bit a pixel, Tesseract's
    own thresholding skipped); the small-print pages of 9 and 12 points, clean and noisy,
    besides the two pages of the main table."""
    import pypdfium2
    from PIL import ImageOps

    os.environ["OMP_THREAD_LIMIT"] = "1"
    print(f"Tesseract: {_warm()}")

    sources: list[tuple[str, bytes | Path, int, str | None]] = [
        (label, path, number, ref) for label, path, number, ref in pages()
    ]
    for pt in (9, 12):
        for noisy in (False, True):
            data, text = small_print(pt, noisy)
            sources.append((f"{pt} pt {'noisy' if noisy else 'clean'}", data, 1, text))
    rows = []
    for label, source, number, reference in sources:
        doc = pypdfium2.PdfDocument(source)
        try:
            page = doc[number - 1]
            image = page.render(scale=200 / 72, grayscale=True).to_pil()
            if reference is None:
                reference, _ = ours(page.render(scale=300 / 72, grayscale=True).to_pil(), 3)
        finally:
            doc.close()
        ink = image.point(lambda p: 255 if p > INK else 0)
        box = ImageOps.invert(ink).getbbox()
        variants = {
            "whole": image,
            "cropped to ink": image.crop(box) if box else image,
            "binarized": ink.convert("1"),
        }
        for variant, im in variants.items():
            start = _cpu()
            text, _ = ours(im, 3)
            rows.append(
                {
                    "page": label,
                    "variant": variant,
                    "pixels": im.size[0] * im.size[1],
                    "tesseract_cpu_seconds": round(_cpu() - start, 2),
                    "char_accuracy": round(accuracy(text, reference), 4),
                }
            )
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--json", type=Path)
    ap.add_argument("--sizes", action="store_true", help="the small-print study")
    ap.add_argument("--regions", action="store_true", help="blank regions skipped or not")
    args = ap.parse_args()
    if args.regions:
        rows = measure_regions()
        header = f"{'page':<30} {'variant':<15} {'pixels':>9}  tesseract CPU s  char accuracy"
        line = (
            "{page:<30} {variant:<15} {pixels:>9}  {tesseract_cpu_seconds:>15}  {char_accuracy:>13}"
        )
    elif args.sizes:
        rows = measure_sizes()
        header = "points noisy  dpi  tesseract CPU s  char accuracy"
        line = (
            "{points:>6} {noisy!s:>5}  {dpi:>3}  {tesseract_cpu_seconds:>15}  {char_accuracy:>13}"
        )
    else:
        rows = measure()
        header = f"{'page':<30} dpi psm  s/page  bare s  ratio  char accuracy"
        line = (
            "{page:<30} {dpi:>3} {psm:>3}  {seconds:>6}  {bare_tesseract_seconds:>6}  "
            "{ours_vs_bare:>5}  {char_accuracy:>6}"
        )
    print(header)
    for r in rows:
        print(line.format(**r))
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
