"""The ingest job: walk files, extract, load, check; report what happened to each file."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from pathlib import Path

from sqlalchemy import Engine

from pipeline.errors import InputError
from pipeline.extract import extract_document
from pipeline.load import LoadReport, load_document, record_error
from pipeline.settings import Settings
from pipeline.sources import read_document, walk

Progress = Callable[[str], None]


def _sha_of(path: Path) -> str:
    try:
        h = hashlib.sha256()
        with path.open("rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                h.update(chunk)
        return h.hexdigest()
    except OSError:
        return ""


def ingest(
    paths: Iterable[str | Path],
    engine: Engine,
    settings: Settings,
    progress: Progress | None = None,
) -> LoadReport:
    """Ingest every file below `paths`. A bad file is recorded and skipped; the run goes on."""
    report = LoadReport()
    for path in walk(paths, settings):
        report.files += 1
        name = str(path)
        if progress:
            progress(name)
        try:
            doc = read_document(path, settings)
        except InputError as exc:
            sha = _sha_of(path) if path.exists() and exc.code != "E103" else ""
            report.failed.append((name, exc.code, exc.reason))
            record_error(engine, name, sha, exc.code, exc.reason)
            continue
        for code, w in doc.warnings:
            report.warnings.append((name, w))
            record_error(engine, name, doc.sha256, code, w, severity="warning")
        try:
            extractions = extract_document(doc)
            outcome = load_document(engine, doc, extractions)
        except Exception as exc:  # one document's failure must not lose the others
            reason = f"{type(exc).__name__}: {exc}"
            report.failed.append((name, "E300", reason))
            record_error(engine, name, doc.sha256, "E300", reason)
            continue
        report.count(outcome)
        report.deliberations += len(extractions)
        for x in extractions:
            for f in x.record.findings:
                report.findings[f.status] = report.findings.get(f.status, 0) + 1
    if report.inserted or report.updated:
        from pipeline.corpus import corpus_checks

        corpus_checks(engine)
    return report
