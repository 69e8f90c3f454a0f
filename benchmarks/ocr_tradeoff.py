"""OCR speed against accuracy: rendering resolution and Tesseract's page segmentation,
chosen by measured character accuracy, not by speed alone.

    python -m benchmarks.ocr_tradeoff            # the table
    python -m benchmarks.ocr_tradeoff --json FILE

Pages: generated scans of known text (minutes wording, `tests/pdf_fixtures.scanned`, a
full page of lines) and the real scanned page of `data/raw/realdocs/02_*.pdf` (page 3;
its reference is the reading at 300 dpi, so only speed and agreement are shown for it).
For each setting: seconds per page (ours: render with pdfium + pytesseract, one thread),
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


def ours(image, psm: int) -> tuple[str, float]:  # type: ignore[no-untyped-def]
    import pytesseract

    start = time.perf_counter()
    text = pytesseract.image_to_string(image, lang="fra", config=f"--psm {psm}")
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


def main() -> None:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()
    rows = measure()
    print(f"{'page':<30} dpi psm  s/page  bare s  ratio  char accuracy")
    for r in rows:
        print(
            f"{r['page']:<30} {r['dpi']:>3} {r['psm']:>3}  {r['seconds']:>6}  "
            f"{r['bare_tesseract_seconds']:>6}  {r['ours_vs_bare']:>5}  {r['char_accuracy']:>6}"
        )
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
