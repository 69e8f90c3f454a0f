"""Whole-process figures of the README, each beside its floor in the same run.

    python -m benchmarks.whole_process help            # `delib --help` vs a bare Python start
    python -m benchmarks.whole_process workers FOLDER  # `delib ingest`, 1 worker vs 2
    python -m benchmarks.whole_process dask FOLDER     # `delib ingest --dask local`, 2 workers
    python -m benchmarks.whole_process writer FOLDER   # the ingest process's CPU, by stage
    python -m benchmarks.whole_process scans           # scanned PDFs: 1 worker vs 2, bare tesseract
    python -m benchmarks.whole_process newdb           # a run on a new database vs on an empty one

Each command runs as its own process, in alternation with its floor, `--runs` times
(default 10 for help, 3 otherwise); the figure is the median wall time and the median of
the paired ratios. Ingests go into a fresh SQLite file each run. FOLDER: a corpus such as
`python -m benchmarks.corpus 300 FOLDER` writes, or `data/raw`.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

DELIB = [sys.executable, "-m", "pipeline.cli"]


def _wall(cmd: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def _ingest(folder: str, *extra: str) -> list[str]:
    db = Path(tempfile.mkdtemp()) / "bench.sqlite"
    return [*DELIB, "ingest", folder, "--db", f"sqlite:///{db}", "--quiet", *extra]


#: iterations of the floor's bare loop (about 3 s of one core here)
SPIN = 30_000_000


def _spin(*shares: int) -> list[str]:
    """A shell command running one Python process per share, at once, each looping
    `share * SPIN` times: the floor of what more processes give on this machine."""
    loops = [
        f"{sys.executable} -c 'x = 0\nfor i in range({share * SPIN}): x += i'" for share in shares
    ]
    return ["sh", "-c", " & ".join(loops) + "; wait"]


def paired(
    a: Callable[[], list[str]],
    b: Callable[[], list[str]],
    runs: int,
    floor: tuple[Callable[[], list[str]], Callable[[], list[str]]] | None = None,
) -> None:
    """Run the commands A and B give, in alternation (and the floor's pair after each pair,
    when given); print the medians and the median of the paired ratios A / B."""
    wa, wb, fa, fb = [], [], [], []
    for _ in range(runs):
        wa.append(_wall(a()))
        wb.append(_wall(b()))
        if floor:
            fa.append(_wall(floor[0]()))
            fb.append(_wall(floor[1]()))
    ratios = [x / y for x, y in zip(wa, wb, strict=True)]
    print(f"A median {statistics.median(wa):.3f} s  (min {min(wa):.3f}, max {max(wa):.3f})")
    print(f"B median {statistics.median(wb):.3f} s  (min {min(wb):.3f}, max {max(wb):.3f})")
    print(f"A / B median of paired ratios {statistics.median(ratios):.2f}")
    if floor:
        fr = [x / y for x, y in zip(fa, fb, strict=True)]
        print(
            f"floor: 1 process {statistics.median(fa):.3f} s, 2 processes "
            f"{statistics.median(fb):.3f} s, median of paired ratios {statistics.median(fr):.2f}"
            f" (each run: {', '.join(f'{r:.2f}' for r in fr)}; ours: "
            f"{', '.join(f'{r:.2f}' for r in ratios)})"
        )


def writer(folder: str) -> None:
    """CPU seconds of the ingest process itself (the one writer), by stage, in an ingest
    with 2 workers into a fresh SQLite file: what bounds the speed-up of more workers."""
    import functools
    import multiprocessing.connection as mc

    from pipeline import corpus
    from pipeline import ingest as ing
    from pipeline.db import connect
    from pipeline.settings import Settings

    spent: dict[str, float] = {}

    def timed(owner: object, name: str, label: str) -> None:
        f = getattr(owner, name)

        @functools.wraps(f)
        def g(*a: object, **k: object) -> object:
            start = time.process_time()
            try:
                return f(*a, **k)
            finally:
                spent[label] = spent.get(label, 0.0) + time.process_time() - start

        setattr(owner, name, g)

    from pipeline import load

    timed(load, "load_documents", "loading (batches)")
    timed(ing, "load_document", "loading (one by one)")
    timed(mc.Connection, "recv", "receiving results")
    timed(corpus, "corpus_checks", "corpus pass")
    with tempfile.TemporaryDirectory() as tmp:
        from sqlalchemy import event

        engine = connect(f"sqlite:///{tmp}/db.sqlite")
        executions = [0]
        event.listen(
            engine, "before_cursor_execute", lambda *_: executions.__setitem__(0, executions[0] + 1)
        )
        start = time.process_time()
        report = ing.ingest([folder], engine, Settings(workers=2))
        total = time.process_time() - start
        engine.dispose()
    n = report.inserted + report.updated + report.unchanged
    print(f"ingest process CPU: {total:.2f} s for {n} documents ({1000 * total / n:.1f} ms each)")
    print(f"  cursor executions (the whole ingest, corpus pass included): {executions[0]}")
    for label, seconds in spent.items():
        print(f"  {label}: {seconds:.2f} s")


#: where `scans` writes its scanned PDFs
SCANS = Path(__file__).resolve().parent / "out" / "scans"


def scanned_folder() -> Path:
    """A folder of scanned PDFs: the small-print study's pages (7 to 12 points, clean and
    noisy), the generated scan of minutes wording, with and without a printed running
    header, and the real document 02 (its page 3 is a scan)."""
    from benchmarks.ocr_tradeoff import LINES, SIZES, small_print
    from tests import pdf_fixtures as fx

    SCANS.mkdir(parents=True, exist_ok=True)
    for pt in SIZES:
        for noisy in (False, True):
            out = SCANS / f"small_{pt}pt_{'noisy' if noisy else 'clean'}.pdf"
            if not out.exists():
                out.write_bytes(small_print(pt, noisy)[0])
    for header in ("", "Mairie de Saint-Exemple - Registre des délibérations - Page 7"):
        out = SCANS / f"generated{'_header' if header else ''}.pdf"
        if not out.exists():
            fx.scanned(out, LINES, header=header)
    real = next((Path(__file__).resolve().parent.parent / "data" / "raw" / "realdocs").glob("02_*"))
    if real.suffix == ".pdf":
        shutil.copyfile(real, SCANS / real.name)
    return SCANS


def _page_images(folder: Path) -> list[Path]:
    """The pages our run OCRs, rendered at 200 dpi as PNG files (for the bare floor)."""
    import pypdfium2

    from pipeline.pdf import read_pdf
    from pipeline.settings import Settings

    out = folder / "png"
    out.mkdir(exist_ok=True)
    images = []
    for pdf in sorted(folder.glob("*.pdf")):
        pages = read_pdf(pdf, Settings(ocr=True)).ocr_pages
        doc = pypdfium2.PdfDocument(pdf)
        for number in pages:
            png = out / f"{pdf.stem}_{number}.png"
            if not png.exists():
                doc[number - 1].render(scale=200 / 72, grayscale=True).to_pil().save(png)
            images.append(png)
        doc.close()
    return images


def _bare_tesseract(images: list[Path], processes: int) -> list[str]:
    """A shell command running bare `tesseract` on each image, `processes` at a time."""
    quoted = " ".join(f"'{p}'" for p in images)
    return [
        "sh",
        "-c",
        f"printf '%s\\n' {quoted} | OMP_THREAD_LIMIT=1 xargs -P {processes} -I IMG "
        "tesseract IMG - -l fra",
    ]


def scans(runs: int) -> None:
    """`delib ingest` of the scanned folder with 1 worker and with 2, beside bare
    `tesseract` on the same page images (1 process, then 2 at a time): seconds per page."""
    folder = scanned_folder()
    images = _page_images(folder)
    n = len(images)
    print(f"{n} pages OCR'd ({folder}); A: --workers 1, B: --workers 2")
    print("floor: bare tesseract on the same pages at 200 dpi, 1 process, then 2 at a time")
    # a run's own start and end: an ingest of one short text document
    alone = SCANS.parent / "one_text"
    alone.mkdir(exist_ok=True)
    sample = sorted(
        (Path(__file__).resolve().parent.parent / "data" / "raw" / "sample").glob("*.txt")
    )
    shutil.copyfile(sample[0], alone / sample[0].name)
    wa, wb, fa, fb, w0 = [], [], [], [], []
    for _ in range(runs):
        wa.append(_wall(_ingest(str(folder), "--workers", "1")))
        wb.append(_wall(_ingest(str(folder), "--workers", "2")))
        fa.append(_wall(_bare_tesseract(images, 1)))
        fb.append(_wall(_bare_tesseract(images, 2)))
        w0.append(_wall(_ingest(str(alone), "--workers", "2")))
    med = statistics.median
    print(
        f"a run's start and end (one short text, 2 workers): {med(w0):.2f} s; "
        f"2 workers per page beyond it: {(med(wb) - med(w0)) / n:.2f} s"
    )
    print(f"ours, 1 worker:  {med(wa):.2f} s, {med(wa) / n:.2f} s per page")
    print(f"ours, 2 workers: {med(wb):.2f} s, {med(wb) / n:.2f} s per page")
    print(f"bare, 1 process: {med(fa):.2f} s, {med(fa) / n:.2f} s per page")
    print(f"bare, 2 at once: {med(fb):.2f} s, {med(fb) / n:.2f} s per page")
    print(
        f"ours / bare: {med(wa) / med(fa):.2f} (1), {med(wb) / med(fb):.2f} (2); "
        f"2 workers / 1: {med(wa) / med(wb):.2f}, bare 2 / 1: {med(fa) / med(fb):.2f}"
    )


def newdb(runs: int) -> None:
    """What making a new database costs a run: `delib ingest` of one short text into a new
    SQLite file (A) against the same into a copy of an empty database already at the
    newest schema (B), 2 workers; the copy is made before B's clock starts."""
    from pipeline.db import connect

    root = Path(__file__).resolve().parent.parent
    sample = sorted((root / "data" / "raw" / "sample").glob("*.txt"))[0]
    tmp = Path(tempfile.mkdtemp())
    folder = tmp / "one"
    folder.mkdir()
    shutil.copyfile(sample, folder / sample.name)
    template = tmp / "empty.sqlite"
    connect(f"sqlite:///{template}").dispose()
    count = [0]

    def made() -> list[str]:
        count[0] += 1
        db = tmp / f"made{count[0]}.sqlite"
        shutil.copyfile(template, db)
        return [
            *DELIB,
            "ingest",
            str(folder),
            "--db",
            f"sqlite:///{db}",
            "--quiet",
            "--workers",
            "2",
        ]

    print("A: delib ingest (one text) into a new file   B: the same into an empty database")
    paired(lambda: _ingest(str(folder), "--workers", "2"), made, runs)


def main() -> None:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("what", choices=["help", "workers", "dask", "writer", "scans", "newdb"])
    ap.add_argument("folder", nargs="?")
    ap.add_argument("--runs", type=int)
    args = ap.parse_args()
    if args.what == "help":
        print("A: delib --help   B: python -c pass")
        paired(lambda: [*DELIB, "--help"], lambda: [sys.executable, "-c", "pass"], args.runs or 10)
        return
    if args.what == "scans":
        scans(args.runs or 3)
        return
    if args.what == "newdb":
        newdb(args.runs or 10)
        return
    if not args.folder:
        ap.error(f"{args.what} needs a FOLDER of documents")
    if args.what == "writer":
        writer(args.folder)
        return
    if args.what == "workers":
        print("A: delib ingest --workers 1   B: delib ingest --workers 2 (A / B: the speed-up)")
        print("floor: a bare Python loop in 1 process against the same loop halved in 2")
        paired(
            lambda: _ingest(args.folder, "--workers", "1"),
            lambda: _ingest(args.folder, "--workers", "2"),
            args.runs or 3,
            floor=(lambda: _spin(2), lambda: _spin(1, 1)),
        )
    else:
        print("A: delib ingest --dask local --workers 2   B: delib ingest --workers 2")
        paired(
            lambda: _ingest(args.folder, "--dask", "local", "--workers", "2"),
            lambda: _ingest(args.folder, "--workers", "2"),
            args.runs or 3,
        )


if __name__ == "__main__":
    main()
