"""PDF benchmark, one core: pages per second of the whole ingest against pdfplumber's bare
`extract_text` over the same pages (same run), peak memory against the number of pages, and
OCR pages per second.

    python -m benchmarks.pdf_bench            # 600 pages (60 PDFs of 10 pages), memory at 50 and 500 pages
    python -m benchmarks.pdf_bench --quick
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "benchmarks" / "out"


def make_pdf(path: Path, pages: int, seed: int) -> None:
    """A multi-page minutes-like PDF: a ruled budget table and numbered decisions."""
    sys.path.insert(0, str(ROOT))
    from reportlab.platypus import PageBreak

    from tests import pdf_fixtures as fx

    lines: list[str] = []
    for p in range(pages):
        lines += [
            f"N° 2023-{seed:03d}{p:02d} FINANCES - Décision {p}",
            *fx.DELIBERATION,
            "@PAGEBREAK",
        ]
    flow = fx._flow(lines[:-1], ruled=True)
    assert PageBreak  # the fixtures' flow understands page breaks
    from reportlab.lib.pagesizes import A4
    from reportlab.platypus import SimpleDocTemplate

    SimpleDocTemplate(str(path), pagesize=A4).build(flow)


def corpus(n_files: int, pages: int) -> Path:
    folder = OUT / f"pdf_{n_files}x{pages}"
    if not folder.exists() or len(list(folder.glob("*.pdf"))) != n_files:
        folder.mkdir(parents=True, exist_ok=True)
        for i in range(n_files):
            make_pdf(folder / f"doc_{i:04d}.pdf", pages, i)
    return folder


def bare_pdfplumber(folder: Path) -> tuple[int, float]:
    import pdfplumber

    n = 0
    start = time.process_time()
    for f in sorted(folder.glob("*.pdf")):
        with pdfplumber.open(f) as pdf:
            for page in pdf.pages:
                page.extract_text()
                n += 1
                page.close()
    return n, time.process_time() - start


def our_ingest(folder: Path) -> tuple[int, float]:
    from pipeline.db import connect
    from pipeline.ingest import ingest
    from pipeline.settings import Settings

    with tempfile.TemporaryDirectory() as tmp:
        engine = connect(f"sqlite:///{tmp}/b.sqlite")
        start = time.process_time()
        report = ingest([folder], engine, Settings())
        cpu = time.process_time() - start
    assert not report.failed, report.failed[:2]
    pages = sum(_pages(f) for f in folder.glob("*.pdf"))
    return pages, cpu


def _pages(f: Path) -> int:
    import pdfplumber

    with pdfplumber.open(f) as pdf:
        return len(pdf.pages)


_RSS = """
import re, sys
from pathlib import Path
from pipeline.pdf import read_pdf
from pipeline.settings import Settings
read_pdf(Path(sys.argv[1]), Settings())
print(re.search(r"VmHWM:\\s+(\\d+) kB", open("/proc/self/status").read()).group(1))
"""


def peak_rss_mib(pdf: Path) -> float:
    out = subprocess.run(
        [sys.executable, "-c", _RSS, str(pdf)], capture_output=True, text=True, check=True, cwd=ROOT
    )
    return int(out.stdout.strip().splitlines()[-1]) / 1024


def ocr_rate(n: int) -> float | None:
    from pipeline.pdf import ocr_unavailable, read_pdf
    from pipeline.settings import Settings
    from tests import pdf_fixtures as fx

    if ocr_unavailable():
        return None
    with tempfile.TemporaryDirectory() as tmp:
        paths = [
            fx.scanned(
                Path(tmp) / f"s{i}.pdf",
                [f"Délibération n° {i}", "Présents : Jean DUPONT, Anne MARTIN."],
            )
            for i in range(n)
        ]
        start = time.perf_counter()
        for p in paths:
            assert read_pdf(p, Settings()).ocr_pages == (1,)
        return n / (time.perf_counter() - start)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true")
    args = ap.parse_args()
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    n_files, pages = (6, 10) if args.quick else (60, 10)
    folder = corpus(n_files, pages)
    small, large = (
        (corpus(1, 20), corpus(1, 100)) if args.quick else (corpus(1, 50), corpus(1, 500))
    )
    bare_pages, bare_cpu = bare_pdfplumber(folder)
    ours_pages, ours_cpu = our_ingest(folder)
    result = {
        "pages": bare_pages,
        "pdfplumber_extract_text_pages_per_cpu_s": round(bare_pages / bare_cpu, 1),
        "ingest_pages_per_cpu_s": round(ours_pages / ours_cpu, 1),
        "ingest_time_vs_pdfplumber": round(ours_cpu / bare_cpu, 2),
        "peak_rss_mib_small_pdf": round(peak_rss_mib(next(small.glob("*.pdf"))), 1),
        "peak_rss_mib_large_pdf": round(peak_rss_mib(next(large.glob("*.pdf"))), 1),
        "pages_small_large": [_pages(next(small.glob("*.pdf"))), _pages(next(large.glob("*.pdf")))],
        "ocr_pages_per_s": None if (r := ocr_rate(3)) is None else round(r, 2),
    }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
