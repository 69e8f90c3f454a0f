"""Extraction rate of one checkout on a folder of documents (read + extract + check, no
database), one process: `python -m benchmarks.extract_rate FOLDER [N]`. Run from two
checkouts on the same folder to compare extractor versions (README, Performance)."""

from __future__ import annotations

import sys
import time
from pathlib import Path


def main() -> None:
    from pipeline.extract import extract_document
    from pipeline.settings import Settings
    from pipeline.sources import read_document

    folder = Path(sys.argv[1])
    limit = int(sys.argv[2]) if len(sys.argv) > 2 else None
    files = sorted(folder.glob("*.txt"))[:limit]
    settings = Settings()
    extract_document(read_document(files[0], settings))  # warm the caches
    start = time.perf_counter()
    records = sum(len(extract_document(read_document(f, settings))) for f in files)
    elapsed = time.perf_counter() - start
    print(f"{len(files)} documents, {records} records, {len(files) / elapsed:.1f} documents/s")


if __name__ == "__main__":
    main()
