"""What one extraction process does with one file: read it, extract its deliberations.

Runs in a worker process of `pipeline.pool` (or in this process when `workers = 0`). It
never raises: every outcome, good or bad, is a value the parent can record.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.errors import InputError
from pipeline.paths import FileRef
from pipeline.settings import Settings
from pipeline.sources import Document

if TYPE_CHECKING:  # imported where used: `pipeline.pool` starts its server before them
    from extractors import Extraction
    from pipeline.rows import Prepared


@dataclass
class Extracted:
    """A file read and extracted."""

    ref: FileRef
    doc: Document
    extractions: list[Extraction] = field(default_factory=list)
    #: peak resident memory of the process while it read this file (MiB; 0 when unknown)
    peak_mb: float = 0.0
    #: the document's rows (`pipeline.rows.prepare`), made by the extraction process;
    #: None: made by the loader from `extractions`
    prepared: Prepared | None = None

    def rows(self) -> Prepared:
        """The document's rows (made from `extractions` on first need)."""
        if self.prepared is None:
            from pipeline.rows import prepare

            self.prepared = prepare(self.extractions)
        return self.prepared


@dataclass
class Failed:
    """A file that could not be read or extracted, and why."""

    ref: FileRef
    code: str
    reason: str
    sha256: str = ""
    peak_mb: float = 0.0


Outcome = Extracted | Failed


def extract_file(ref: FileRef, settings: Settings) -> Outcome:
    """Read `ref` and extract its deliberations; any failure becomes a `Failed`."""
    from pipeline.extract import extract_document
    from pipeline.sources import read_document

    try:
        doc = read_document(Path(ref.path), settings, name=ref.name)
        extractions = extract_document(doc)
        if len(extractions) > settings.max_records_per_file:
            return Failed(
                ref,
                "E129",
                f"{len(extractions)} deliberations found in one file, over the limit of "
                f"{settings.max_records_per_file} (DELIB_MAX_RECORDS_PER_FILE)",
                doc.sha256,
            )
        return Extracted(ref, doc, extractions)
    except InputError as exc:
        return Failed(ref, exc.code, exc.reason, getattr(exc, "sha256", "") or "")
    except MemoryError:
        return Failed(
            ref,
            "E128",
            f"needed more memory than the limit of {settings.worker_memory_mb} MiB per "
            "extraction process (DELIB_WORKER_MEMORY_MB)",
        )
    except RecursionError:
        return Failed(ref, "E300", "extraction failed: RecursionError (input nested too deeply)")
    except Exception as exc:  # a bug on an input nobody foresaw: reported, never fatal
        return Failed(ref, "E300", f"extraction failed: {type(exc).__name__}: {exc}")


def limit_memory(megabytes: int) -> None:
    """Cap this process's data segment (heap and anonymous maps): past it, allocations fail
    with MemoryError instead of exhausting the machine."""
    try:
        import resource

        limit = megabytes * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_DATA, (limit, limit))
    except (ImportError, ValueError, OSError):  # not supported here: the watchdog remains
        pass


def _reset_peak() -> None:
    """Start measuring this process's peak memory afresh (Linux: clear_refs 5)."""
    try:
        with open("/proc/self/clear_refs", "w") as fh:
            fh.write("5")
    except OSError:
        pass


def _peak_mb() -> float:
    """Peak resident memory of this process since `_reset_peak` (MiB; 0 when unknown)."""
    try:
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except (OSError, ValueError):
        pass
    return 0.0


def serve(conn: object, settings: Settings, rows_only: bool = False) -> None:
    """Worker process main loop: receive a `FileRef`, send back its `Outcome`; None stops.
    `rows_only` (for a loader): each document's rows are made here (`Extracted.prepared`),
    beside the work, since the writer is the bottleneck, and sent without its extractions
    (receiving a document took the writer 2.3 ms, now 0.4); otherwise the extractions are
    sent (shards, `delib extract`)."""
    from multiprocessing.connection import Connection

    from pipeline.rows import prepare

    assert isinstance(conn, Connection)
    os.environ["OMP_THREAD_LIMIT"] = "1"  # one core per worker, Tesseract included
    limit_memory(settings.worker_memory_mb)
    while True:
        try:
            ref = conn.recv()
        except (EOFError, OSError):
            return
        if ref is None:
            return
        _reset_peak()
        outcome = extract_file(ref, settings)
        if rows_only and isinstance(outcome, Extracted):
            try:
                outcome.prepared = prepare(outcome.extractions)
                outcome.extractions = []
            except Exception:  # the loader prepares again, and reports what fails (E300)
                outcome.prepared = None
        outcome.peak_mb = _peak_mb()
        try:
            conn.send(outcome)
        except MemoryError:
            conn.send(Failed(ref, "E128", "the result was too large to hand over"))


def main(argv: list[str]) -> None:
    """`python -m pipeline.worker FD`: a worker started as a plain child process (by a
    process that may not fork workers of its own, such as a Dask worker): the socket FD
    brings the settings (and `rows_only`) first, then the files."""
    from multiprocessing.connection import Connection

    conn = Connection(int(argv[0]))
    try:
        settings, rows_only = conn.recv()
        import pipeline.warm  # noqa: F401 (what a forked worker gets from its server)

        conn.send("ready")  # imported: the parent's clock for the first file starts now
    except (EOFError, OSError):
        return
    serve(conn, settings, rows_only)


if __name__ == "__main__":
    import sys

    # run under the module's own name, so what is sent back unpickles as pipeline.worker.*
    from pipeline import worker

    worker.main(sys.argv[1:])
