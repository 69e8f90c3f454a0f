"""The PDF reader against its floor, in one process and one run: `read_pdf` (OCR off) beside
a bare pypdfium2 text extraction and a bare pdfplumber `extract_text` of the same pages.

    python -m benchmarks.pdf_reader            # 5 rounds, the figures as a table
    python -m benchmarks.pdf_reader --json FILE

Documents: the real PDFs (`data/raw/realdocs/*.pdf`), a long minutes PDF made of real
minutes texts (`data/raw/realdocs/14_*` to `19_*`, laid out by reportlab, no table) and the
same with a ruled budget table on every page (the pages pdfplumber still reads). The figure is CPU seconds (process time), best
of the rounds; the ratio is ours over bare pypdfium2 on the same pages.
"""

from __future__ import annotations

import argparse
import html
import json
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "benchmarks" / "out"


def long_minutes(ruled: bool) -> Path:
    """A long minutes PDF from a real minutes text (with a ruled table per page, or not)."""
    from tests import pdf_fixtures as fx

    path = OUT / f"long_minutes_{'ruled' if ruled else 'text'}.pdf"
    if path.exists():
        return path
    OUT.mkdir(parents=True, exist_ok=True)
    sources = sorted((ROOT / "data" / "raw" / "realdocs").glob("1[4-9]_*.txt"))
    words = " ".join(p.read_text(encoding="utf-8") for p in sources).split()
    lines = [html.escape(" ".join(words[i : i + 14])) for i in range(0, len(words), 14)]
    flow: list[str] = []
    for k in range(0, len(lines), 40):
        flow += lines[k : k + 40]
        if ruled:
            flow.append("@BUDGET")
        flow.append("@PAGEBREAK")
    fx.build(path, flow[:-1], ruled=ruled)
    return path


def documents() -> list[Path]:
    real = sorted((ROOT / "data" / "raw" / "realdocs").glob("*.pdf"))
    return [*real, long_minutes(False), long_minutes(True)]


def bare_pdfium(path: Path) -> int:
    import pypdfium2

    pdf = pypdfium2.PdfDocument(path)
    n = 0
    for page in pdf:
        tp = page.get_textpage()
        tp.get_text_range()
        tp.close()
        page.close()
        n += 1
    pdf.close()
    return n


def bare_pdfplumber(path: Path) -> int:
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page.extract_text()
            page.close()
        return len(pdf.pages)


def ours(path: Path) -> int:
    from pipeline.pdf import read_pdf
    from pipeline.settings import Settings

    doc = read_pdf(path, Settings(ocr=False))
    return len(doc.page_starts)


def _best(fn: Callable[[Path], int], paths: list[Path], rounds: int) -> float:
    best = float("inf")
    for _ in range(rounds):
        start = time.process_time()
        for p in paths:
            fn(p)
        best = min(best, time.process_time() - start)
    return best


def measure(rounds: int = 5) -> dict[str, object]:
    docs = documents()
    for fn in (bare_pdfium, bare_pdfplumber, ours):  # imports and caches warm
        fn(docs[0])
    rows = {}
    for label, paths in (
        ("real PDFs (4 files)", [d for d in docs if d.parent.name == "realdocs"]),
        ("long minutes, no table", [docs[-2]]),
        ("long minutes, a ruled table per page", [docs[-1]]),
    ):
        pages = sum(bare_pdfium(p) for p in paths)
        floor = _best(bare_pdfium, paths, rounds)
        plumber = _best(bare_pdfplumber, paths, rounds)
        mine = _best(ours, paths, rounds)
        rows[label] = {
            "pages": pages,
            "bare_pypdfium2_s": round(floor, 4),
            "bare_pdfplumber_s": round(plumber, 4),
            "read_pdf_s": round(mine, 4),
            "read_pdf_vs_pypdfium2": round(mine / floor, 2),
            "pdfplumber_vs_pypdfium2": round(plumber / floor, 2),
        }
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()
    rows = measure(args.rounds)
    print(f"{'documents':<40} pages  pypdfium2 s  pdfplumber s  read_pdf s  ours/floor")
    for label, r in rows.items():
        print(
            f"{label:<40} {r['pages']:>5}  {r['bare_pypdfium2_s']:>11}  "
            f"{r['bare_pdfplumber_s']:>12}  {r['read_pdf_s']:>10}  {r['read_pdf_vs_pypdfium2']:>9}"
        )
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
