"""Whole-process figures of the README, each beside its floor in the same run.

    python -m benchmarks.whole_process help            # `delib --help` vs a bare Python start
    python -m benchmarks.whole_process workers FOLDER  # `delib ingest`, 1 worker vs 2
    python -m benchmarks.whole_process dask FOLDER     # `delib ingest --dask local`, 2 workers

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


def paired(a: Callable[[], list[str]], b: Callable[[], list[str]], runs: int) -> None:
    """Run the commands A and B give, in alternation; print the medians and the median of
    the paired ratios A / B."""
    wa, wb = [], []
    for _ in range(runs):
        wa.append(_wall(a()))
        wb.append(_wall(b()))
    ratios = [x / y for x, y in zip(wa, wb, strict=True)]
    print(f"A median {statistics.median(wa):.3f} s  (min {min(wa):.3f}, max {max(wa):.3f})")
    print(f"B median {statistics.median(wb):.3f} s  (min {min(wb):.3f}, max {max(wb):.3f})")
    print(f"A / B median of paired ratios {statistics.median(ratios):.2f}")


def main() -> None:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("what", choices=["help", "workers", "dask"])
    ap.add_argument("folder", nargs="?")
    ap.add_argument("--runs", type=int)
    args = ap.parse_args()
    if args.what == "help":
        print("A: delib --help   B: python -c pass")
        paired(lambda: [*DELIB, "--help"], lambda: [sys.executable, "-c", "pass"], args.runs or 10)
        return
    if not args.folder:
        ap.error(f"{args.what} needs a FOLDER of documents")
    if args.what == "workers":
        print("A: delib ingest --workers 1   B: delib ingest --workers 2 (A / B: the speed-up)")
        paired(
            lambda: _ingest(args.folder, "--workers", "1"),
            lambda: _ingest(args.folder, "--workers", "2"),
            args.runs or 3,
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
