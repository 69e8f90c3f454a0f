"""Extraction on a dask.distributed cluster, joined to loading by shards.

`delib ingest PATH... --dask ADDRESS` (or `--dask local`, a LocalCluster on this machine):
this process lists the files and skips those already loaded (their sha256 is checked
first, as in a local run); the files to extract go to the cluster in batches, each batch
extracted by one task (`extract_batch`) that writes one shard (`pipeline.shards`) into the
shard folder; this process loads the shards in the order of the batches, so the rows are
those of a serial run, whatever worker finished first. The shard folder must be reachable
by the workers and by this process (`--shards DIR`: a shared file system on a real cluster;
a temporary folder for `--dask local`).

A task that fails (a worker lost, a file that kills it) fails its batch: its files are
reported (E127) and the run goes on with the other batches.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import asdict, replace
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from pipeline import shards
from pipeline.ingest import Planned, Progress, _handle, pending, plan
from pipeline.load import LoadReport
from pipeline.paths import FileRef, walk
from pipeline.settings import Settings
from pipeline.worker import Failed

#: files per task: enough to amortise a task's scheduling, few enough to spread the work
BATCH_FILES = 16


def extract_batch(refs: list[dict[str, str]], conf: Settings, out: str, number: int) -> str:
    """On a worker: extract the files and write their shard; returns the shard's path."""
    from pipeline.worker import extract_file

    path = Path(out) / f"shard-{number:06d}{shards.SUFFIX}"
    tmp = Path(str(path) + ".tmp")
    lines = []
    for r in refs:
        ref = FileRef(**r)
        lines.append(shards.encode(ref, extract_file(ref, conf)))
    shards.write_lines(tmp, lines)
    os.replace(tmp, path)
    return str(path)


def _client(address: str, workers: int) -> Any:
    from distributed import Client, LocalCluster

    if address == "local":
        cluster = LocalCluster(
            n_workers=max(1, workers), threads_per_worker=1, processes=True, dashboard_address=":0"
        )
        return Client(cluster)
    return Client(address)


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
    client = _client(address, settings.workers)
    try:
        planned = list(
            _batches(plan(walk(list(paths), settings.suffixes), engine, settings, can_ocr))
        )
        futures = []
        for number, batch in enumerate(planned, start=1):
            refs = [
                asdict(p.ref) for p in batch if p.needs_extraction and isinstance(p.ref, FileRef)
            ]
            futures.append(
                client.submit(extract_batch, refs, conf, str(out), number, pure=False)
                if refs
                else None
            )
        for batch, future in zip(planned, futures, strict=True):
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
            for item in batch:
                outcome = outcomes.get(item.ref.key) if item.needs_extraction else None
                _handle(item, outcome, engine, report)
                if progress:
                    progress(item.ref.name)
    finally:
        client.close()
        if own_dir:
            for left in out.iterdir():
                left.unlink()
            out.rmdir()
    if pending(engine):
        from pipeline.corpus import corpus_checks

        report.corpus_findings = corpus_checks(engine)
    return report
