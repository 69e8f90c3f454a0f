"""Whole-process figures of the README, each beside its floor in the same run.

    python -m benchmarks.whole_process help            # `delib --help` vs a bare Python start
    python -m benchmarks.whole_process workers FOLDER  # `delib ingest`, 1 worker vs 2
    python -m benchmarks.whole_process dask FOLDER     # `delib ingest --dask local`, 2 workers
    python -m benchmarks.whole_process writer FOLDER   # the ingest process's CPU, by stage

Each command runs as its own process, in alternation with its floor, `--runs` times
(default 10 for help, 3 otherwise); the figure is the median wall time and the median of
the paired ratios. Ingests go into a fresh SQLite file each run. FOLDER: a corpus such as
`python -m benchmarks.corpus 300 FOLDER` writes, or `data/raw`.
"""

from __future__ import annotations

import argparse
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


def main() -> None:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("what", choices=["help", "workers", "dask", "writer"])
    ap.add_argument("folder", nargs="?")
    ap.add_argument("--runs", type=int)
    args = ap.parse_args()
    if args.what == "help":
        print("A: delib --help   B: python -c pass")
        paired(lambda: [*DELIB, "--help"], lambda: [sys.executable, "-c", "pass"], args.runs or 10)
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
