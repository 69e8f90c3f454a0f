"""The benchmarks of the README, on one core. Not a test: it prints figures.

    python -m benchmarks.run            # 2,000 documents; memory at 1,000 and 10,000
    python -m benchmarks.run --quick    # smaller sizes, for a smoke run

Measures, in one run on the same generated corpus:
  1. extraction rate (read + extract + check, no database), documents per second;
  2. the naive approach: spaCy's full French pipeline over each whole text (a sample of
     the same documents), documents per second, and the ratio between the two;
  3. ingest into SQLite (extraction + loading), documents per second;
  4. peak memory (max RSS) of a full ingest of 1,000 and of 10,000 documents, each in a
     fresh process, and their ratio (streaming: it should stay flat).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.corpus import write

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "benchmarks" / "out"


def pin_one_core() -> None:
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(var, "1")  # also for spaCy's numpy, imported later
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})


def corpus(n: int) -> Path:
    folder = OUT / f"corpus_{n}"
    if not folder.exists() or len(list(folder.glob("*.txt"))) != n:
        write(n, folder)
    return folder


def bench_extract(folder: Path) -> dict[str, float]:
    from pipeline.extract import extract_document
    from pipeline.settings import Settings
    from pipeline.sources import read_document, walk

    settings = Settings()
    files = list(walk([folder], settings))
    extract_document(read_document(files[0], settings))  # warm caches (dateparser)
    start, cpu = time.perf_counter(), time.process_time()
    records = 0
    for f in files:
        records += len(extract_document(read_document(f, settings)))
    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
    return {
        "documents": len(files),
        "records": records,
        "seconds": elapsed,
        "cpu_seconds": cpu,
        "docs_per_cpu_s": len(files) / cpu,
        "docs_per_s": len(files) / elapsed,
    }


def bench_spacy(folder: Path, sample: int) -> dict[str, float]:
    import spacy

    nlp = spacy.load("fr_core_news_sm")
    files = sorted(folder.glob("*.txt"))[:sample]
    nlp(files[0].read_text(encoding="utf-8"))
    start, cpu = time.perf_counter(), time.process_time()
    for f in files:
        nlp(f.read_text(encoding="utf-8"))
    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
    return {
        "documents": len(files),
        "seconds": elapsed,
        "cpu_seconds": cpu,
        "docs_per_s": len(files) / elapsed,
        "docs_per_cpu_s": len(files) / cpu,
    }


def bench_ingest(folder: Path) -> dict[str, float]:
    from pipeline.db import connect
    from pipeline.ingest import ingest
    from pipeline.settings import Settings

    with tempfile.TemporaryDirectory() as tmp:
        engine = connect(f"sqlite:///{tmp}/bench.sqlite")
        start, cpu = time.perf_counter(), time.process_time()
        report = ingest([folder], engine, Settings())
        elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
        engine.dispose()
    assert not report.failed, report.failed[:3]
    return {
        "documents": report.files,
        "deliberations": report.deliberations,
        "seconds": elapsed,
        "cpu_seconds": cpu,
        "docs_per_s": report.files / elapsed,
        "docs_per_cpu_s": report.files / cpu,
    }


_RSS_CHILD = """
import re, sys, tempfile
from pipeline.db import connect
from pipeline.ingest import ingest
from pipeline.settings import Settings
report = ingest([sys.argv[1]], connect(f"sqlite:///{tempfile.mkdtemp()}/m.sqlite"), Settings())
assert not report.failed
print(re.search(r"VmHWM:\\s+(\\d+) kB", open("/proc/self/status").read()).group(1))
"""


def peak_rss_mib(folder: Path) -> float:
    """Peak RSS (VmHWM) of a fresh process that ingests `folder` into a new SQLite file.

    Not ru_maxrss: Linux keeps it across execve, so a child of a process that has loaded
    spaCy would report the parent's size."""
    out = subprocess.run(
        [sys.executable, "-c", _RSS_CHILD, str(folder)],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    return int(out.stdout.strip().splitlines()[-1]) / 1024


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true", help="small sizes (smoke run)")
    args = ap.parse_args()
    n, small, large, sample = (200, 100, 1000, 20) if args.quick else (2000, 1000, 10000, 100)
    pin_one_core()
    folder = corpus(n)
    mem_small = peak_rss_mib(corpus(small))
    mem_large = peak_rss_mib(corpus(large))
    ext = bench_extract(folder)
    ing = bench_ingest(folder)
    spc = bench_spacy(folder, sample)
    result = {
        "machine": f"{platform.processor() or platform.machine()}, Python {platform.python_version()}, 1 core",
        "extraction_docs_per_s": round(ext["docs_per_s"], 1),
        "spacy_full_pipeline_docs_per_s": round(spc["docs_per_s"], 2),
        "speedup_vs_spacy": round(ext["docs_per_s"] / spc["docs_per_s"], 1),
        "ingest_sqlite_docs_per_s": round(ing["docs_per_s"], 1),
        f"peak_rss_mib_{small}": round(mem_small, 1),
        f"peak_rss_mib_{large}": round(mem_large, 1),
        "peak_rss_ratio": round(mem_large / mem_small, 3),
        "details": {"extract": ext, "spacy": spc, "ingest": ing},
    }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
