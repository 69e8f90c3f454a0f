"""Extraction on a dask.distributed cluster, joined to loading by shards.

`delib ingest PATH... --dask ADDRESS` (or `--dask local`, a LocalCluster on this machine):
this process lists the files and skips those already loaded (their sha256 is checked
first, as in a local run); the files to extract go to the cluster in batches, each batch
extracted by one task (`extract_batch`) that writes one shard (`pipeline.shards`) into the
shard folder; this process loads the shards in the order of the batches, so the rows are
those of a serial run, whatever worker finished first. The shard folder must be reachable
by the workers and by this process (`--shards DIR`: a shared file system on a real cluster;
a temporary folder for `--dask local`).

Each task extracts its files in a child process of the Dask worker (`pipeline.pool.task_pool`,
started once per worker thread and kept), under the limits of a local run: a file past
`file_seconds` (E126) or `worker_memory_mb` (E128) is stopped and reported, text or PDF, and
the task goes on with the next file. A task that fails all the same (a worker lost) fails
its batch: its files are reported (E127) and the run goes on with the other batches.

Files are listed lazily and at most `WINDOW` batches per worker are in flight: a tree of a
million files is never held in memory, here or on the scheduler.
"""

from __future__ import annotations

import os
import tempfile
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import asdict, replace
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from pipeline import shards
from pipeline.ingest import Loader, Planned, Progress, pending, plan
from pipeline.load import LoadReport, drop_orphans
from pipeline.paths import FileRef, walk
from pipeline.settings import Settings
from pipeline.worker import Failed

#: files per task: enough to amortise a task's scheduling, few enough to spread the work
BATCH_FILES = 16
#: batches in flight per worker of the cluster
WINDOW = 4


def extract_batch(refs: list[dict[str, str]], conf: Settings, out: str, number: int) -> str:
    """On a worker: extract the files (in this thread's extraction process, under the time and
    memory limits) and write their shard; returns the shard's path."""
    from pipeline.pool import task_pool

    path = Path(out) / f"shard-{number:06d}{shards.SUFFIX}"
    tmp = Path(str(path) + ".tmp")
    pool = task_pool(conf)
    lines = [shards.encode(ref, outcome) for ref, outcome in pool.imap(FileRef(**r) for r in refs)]
    shards.write_lines(tmp, lines)
    os.replace(tmp, path)
    return str(path)


def _client(address: str, workers: int) -> tuple[Any, Any]:
    """A client of the cluster at `address`, and the LocalCluster started for "local"."""
    from distributed import Client, LocalCluster

    if address == "local":
        cluster = LocalCluster(
            n_workers=max(1, workers), threads_per_worker=1, processes=True, dashboard_address=":0"
        )
        try:
            return Client(cluster), cluster
        except BaseException:
            cluster.close()
            raise
    return Client(address), None


def _batches(items: Iterable[Planned]) -> Iterator[list[Planned]]:
    """Consecutive runs of planned items, each holding at most BATCH_FILES to extract."""
    batch: list[Planned] = []
    todo = 0
    for item in items:
        batch.append(item)
        todo += item.needs_extraction
        if todo >= BATCH_FILES:
            yield batch
            batch, todo = [], 0
    if batch:
        yield batch


def ingest_on_cluster(
    paths: Iterable[str | os.PathLike[str]],
    engine: Engine,
    settings: Settings,
    address: str,
    shard_dir: str | None = None,
    progress: Progress | None = None,
) -> LoadReport:
    from pipeline.ingest import ocr_check

    report = LoadReport()
    can_ocr = ocr_check(settings)
    own_dir = shard_dir is None
    out = Path(shard_dir or tempfile.mkdtemp(prefix="delib-shards-"))
    out.mkdir(parents=True, exist_ok=True)
    conf = replace(settings, db_url="")  # the workers never see the database
    client, cluster = _client(address, settings.workers)
    in_flight: deque[tuple[list[Planned], Any]] = deque()
    try:
        window = WINDOW * max(1, sum(client.nthreads().values()))
        batches = _batches(plan(walk(list(paths), settings.suffixes), engine, settings, can_ocr))
        for number, batch in enumerate(batches, start=1):
            refs = [
                asdict(p.ref) for p in batch if p.needs_extraction and isinstance(p.ref, FileRef)
            ]
            future = (
                client.submit(extract_batch, refs, conf, str(out), number, pure=False)
                if refs
                else None
            )
            in_flight.append((batch, future))
            while len(in_flight) >= window:  # load the oldest before listing more
                _load_batch(*in_flight.popleft(), engine, report, own_dir, progress)
        while in_flight:
            _load_batch(*in_flight.popleft(), engine, report, own_dir, progress)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
        if own_dir:
            for left in out.iterdir():
                left.unlink()
            out.rmdir()
    drop_orphans(engine)
    if pending(engine):
        from pipeline.corpus import corpus_checks

        report.corpus_findings = corpus_checks(engine)
    return report


def _load_batch(
    batch: list[Planned],
    future: Any,
    engine: Engine,
    report: LoadReport,
    own_dir: bool,
    progress: Progress | None,
) -> None:
    """Wait for a batch's shard and load its files (in the batch's order)."""
    outcomes: dict[str, Any] = {}
    if future is not None:
        try:
            shard = Path(future.result())
            outcomes = {ref.key: outcome for ref, outcome in shards.read_file(shard)}
            if own_dir:
                shard.unlink()
        except Exception as exc:  # the task failed: its files are reported
            reason = f"the cluster task extracting it failed: {type(exc).__name__}: {exc}"
            outcomes = {
                p.ref.key: Failed(p.ref, "E127", reason)
                for p in batch
                if isinstance(p.ref, FileRef)
            }
    loader = Loader(engine, report, None, progress)
    for item in batch:
        loader.add(item, outcomes.get(item.ref.key) if item.needs_extraction else None)
    loader.flush()
