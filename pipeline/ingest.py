"""The ingest job: walk files, extract (in worker processes), load, check; report each file.

1. Files are listed lazily (`pipeline.paths.walk`); what cannot be read is reported.
2. Each file is hashed here and looked up (a batch at a time) before any extraction or OCR:
   content already loaded by the same extractor version is not extracted again.
3. The other files are extracted by `pipeline.pool` (every core; a time and a memory limit
   per file) and loaded one transaction each, in the order they were listed.
4. The corpus pass runs on what is pending, including what a killed run left pending.

No single file can stop the run: every failure is recorded and reported by name.
"""

from __future__ import annotations

import hashlib
import itertools
import os
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from sqlalchemy import Engine, func, select

from pipeline import faults, load
from pipeline.load import Known, LoadReport, load_document, record_error
from pipeline.paths import FileRef, Problem, exists_key, roots_of, walk
from pipeline.rows import Prepared
from pipeline.settings import Settings
from pipeline.worker import Extracted, Failed, Outcome

Progress = Callable[[str], None]
BATCH = 64


@dataclass(frozen=True)
class Planned:
    """A listed path and what to do with it."""

    ref: FileRef | Problem
    sha256: str = ""
    known: Known = field(default_factory=Known)
    #: why the file is not extracted ("" when it is): unchanged, skipped, failed before
    verdict: str = ""
    code: str = ""
    reason: str = ""

    @property
    def needs_extraction(self) -> bool:
        return isinstance(self.ref, FileRef) and not self.verdict


def _sha_of(path: str, limit: int) -> tuple[str, int]:
    """(sha256, size) of a file, reading at most `limit` bytes ("" when over the limit)."""
    h = hashlib.sha256()
    size = os.stat(path).st_size
    if size > limit:
        return "", size
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest(), size


def _limit(ref: FileRef, settings: Settings) -> int:
    return settings.max_pdf_bytes if ref.path.lower().endswith(".pdf") else settings.max_text_bytes


def plan(
    items: Iterable[FileRef | Problem],
    engine: Engine,
    settings: Settings,
    can_ocr: Callable[[], bool],
) -> Iterator[Planned]:
    """Each listed path with its verdict, decided a batch at a time from its hash."""
    source = iter(items)
    while True:
        batch = list(itertools.islice(source, BATCH))
        if not batch:
            return
        hashed: list[tuple[FileRef | Problem, str, str]] = []
        for item in batch:
            if isinstance(item, Problem):
                hashed.append((item, "", ""))
                continue
            try:
                sha, size = _sha_of(item.path, _limit(item, settings))
            except OSError as exc:
                hashed.append((item, "", f"unreadable: {exc.strerror or exc}"))
                continue
            if not sha:
                hashed.append(
                    (item, "", f"{size} bytes, over the limit of {_limit(item, settings)} bytes")
                )
                continue
            hashed.append((item, sha, ""))
        known = load.lookup(
            engine, [(i.key, sha) for i, sha, err in hashed if isinstance(i, FileRef) and sha]
        )
        for item, sha, err in hashed:
            if isinstance(item, Problem):
                yield Planned(item, verdict="problem", code=item.code, reason=item.reason)
            elif err:
                code = "E103" if "over the limit" in err else "E107"
                yield Planned(item, verdict="failed", code=code, reason=err)
            else:
                k = known.get(item.key, Known())
                yield Planned(item, sha, k, *_verdict(k, can_ocr))


def _verdict(k: Known, can_ocr: Callable[[], bool]) -> tuple[str, str, str]:
    """Whether a file needs extracting, from what the database knows of its content
    (`can_ocr` is asked only about a document loaded with OCR'd or missing pages)."""
    if k.document_id is None:
        return "", "", ""
    if k.extractor_version == load.EXTRACTOR_VERSION and not (k.ocr_missing and can_ocr()):
        return "unchanged", "", ""
    if k.ocr_pages and not can_ocr():
        return (
            "skipped",
            "W106",
            f"loaded earlier with {k.ocr_pages} OCR'd page(s); this run cannot OCR "
            "(OCR off or Tesseract missing): not replaced by an emptier reading",
        )
    return "", "", ""


def ingest(
    paths: Iterable[str | os.PathLike[str]],
    engine: Engine,
    settings: Settings,
    progress: Progress | None = None,
    prune: bool = False,
) -> LoadReport:
    """Ingest every file below `paths`. A bad file is recorded and skipped; the run goes on."""
    from pipeline.pool import Pool

    paths = list(paths)
    report = LoadReport()
    planned = plan(walk(paths, settings.suffixes), engine, settings, ocr_check(settings))
    loader = Loader(engine, report, settings, progress)
    with Pool[Planned](
        settings,
        lambda p: p.ref if p.needs_extraction and isinstance(p.ref, FileRef) else None,
        rows_only=True,
    ) as pool:
        pool.on_wait = loader.due  # nothing waits for its batch while the workers work
        for item, outcome in pool.imap(planned):
            if outcome is not None and outcome.peak_mb > report.peak_file_mb:
                report.peak_file_mb, report.peak_file = outcome.peak_mb, item.ref.name
            loader.add(item, outcome)
        loader.flush()
    load.drop_orphans(engine)
    if prune:
        report.pruned = load.prune(engine, roots_of(paths), exists_key)
    faults.point("before-corpus")
    if pending(engine):
        from pipeline.corpus import corpus_checks

        report.corpus_findings = corpus_checks(engine)
    return report


def load_shards(
    folder: str | os.PathLike[str],
    engine: Engine,
    progress: Progress | None = None,
) -> LoadReport:
    """Load the shards `delib extract --out` wrote (`pipeline.shards`), idempotently: a
    document already loaded with the same content and extractor version is unchanged. A
    shard written by another extractor version is refused file by file (E130), never
    loaded as this version's rows. Then the corpus pass, as after an ingest."""
    from pathlib import Path

    from extractors import EXTRACTOR_VERSION
    from pipeline import shards

    report = LoadReport()
    loader = Loader(engine, report, None, progress)
    batch: list[tuple[FileRef | Problem, Outcome | None]] = []

    def flush() -> None:
        known = load.lookup(
            engine,
            [
                (ref.key, out.doc.sha256)
                for ref, out in batch
                if isinstance(ref, FileRef) and isinstance(out, Extracted)
            ],
        )
        for ref, out in batch:
            sha = out.doc.sha256 if isinstance(out, Extracted) else ""
            loader.add(Planned(ref, sha, known.get(ref.key, Known()) if sha else Known()), out)
        loader.flush()
        batch.clear()

    for ref, out in shards.read(Path(folder), EXTRACTOR_VERSION):
        batch.append((ref, out))
        if len(batch) >= BATCH:
            flush()
    flush()
    load.drop_orphans(engine)
    if pending(engine):
        from pipeline.corpus import corpus_checks

        report.corpus_findings = corpus_checks(engine)
    return report


def _handle(
    item: Planned,
    outcome: Outcome | None,
    engine: Engine,
    report: LoadReport,
    settings: Settings | None = None,
) -> None:
    ref = item.ref
    if isinstance(ref, Problem):
        if ref.severity == "warning":
            report.warnings.append((ref.name, f"{ref.reason} [{ref.code}]"))
        else:
            report.files += 1
            report.failed.append((ref.name, ref.code, ref.reason))
        _record(engine, report, ref.key, "", ref.code, ref.reason, ref.severity, ref.name)
        return
    report.files += 1
    if item.verdict == "failed":
        _fail(engine, report, ref, item.sha256, item.code, item.reason)
    elif item.verdict == "skipped":
        report.skipped.append((ref.name, item.reason))
        _record(engine, report, ref.key, item.sha256, item.code, item.reason, "warning", ref.name)
    elif item.verdict == "unchanged":
        assert item.known.document_id is not None
        try:
            report.count(load.attach_unchanged(engine, item.known.document_id, ref, ref.name))
        except load.DocumentGone:  # another run deleted it meanwhile: read the file again
            from pipeline.worker import extract_file

            again = extract_file(ref, settings or Settings.from_env(workers=0))
            _handle(Planned(ref, item.sha256, Known()), again, engine, report, settings)
        except Exception as exc:
            _fail(engine, report, ref, item.sha256, "E300", f"{type(exc).__name__}: {exc}")
    elif isinstance(outcome, Failed):
        _fail(engine, report, ref, outcome.sha256 or item.sha256, outcome.code, outcome.reason)
    elif isinstance(outcome, Extracted):
        _load(item, outcome, engine, report)


#: extracted documents loaded in one transaction at most (`load.load_documents`), and the
#: longest (seconds) one waits for its batch: a run killed meanwhile extracts it again
LOAD_BATCH, LOAD_WAIT = 16, 1.0


class Loader:
    """Handles each listed file in the order of the files: an extracted document waits
    for a batch of them, loaded in one transaction; anything else is handled at once,
    after what waits. A document waits at most `LOAD_WAIT` seconds while the workers work
    (`due`, called as the pool waits) and not at all when it took that long to come.
    Progress is reported as each file is done."""

    def __init__(
        self,
        engine: Engine,
        report: LoadReport,
        settings: Settings | None = None,
        progress: Progress | None = None,
    ) -> None:
        self.engine, self.report, self.settings, self.progress = engine, report, settings, progress
        self.waiting: list[tuple[Planned, Extracted]] = []
        self.since = self.last = time.monotonic()

    def add(self, item: Planned, outcome: Outcome | None) -> None:
        extracted = isinstance(item.ref, FileRef) and not item.verdict
        if extracted and isinstance(outcome, Extracted):
            self.report.files += 1
            if not _may_load(item, outcome, self.engine, self.report):  # reported
                self.flush()
                self._done(item)
                return
            now = time.monotonic()
            if not self.waiting:
                self.since = now
            self.waiting.append((item, outcome))
            # a document that took long to come (OCR, a long file) is loaded at once
            slow, self.last = now - self.last >= LOAD_WAIT, now
            if len(self.waiting) >= LOAD_BATCH or slow:
                self.flush()
            return
        self.flush()
        _handle(item, outcome, self.engine, self.report, self.settings)
        self._done(item)

    def due(self) -> None:
        """Load what waits when it has waited long enough."""
        if self.waiting and time.monotonic() - self.since >= LOAD_WAIT:
            self.flush()

    def flush(self) -> None:
        if not self.waiting:
            return
        batch, self.waiting = self.waiting, []
        results = load.load_documents(
            self.engine,
            [(out.doc, out.extractions, out.ref, _prepared(out)) for _, out in batch],
        )
        for (item, out), result in zip(batch, results, strict=True):
            _loaded(out, result, self.engine, self.report)
            self._done(item)

    def _done(self, item: Planned) -> None:
        if self.progress:
            self.progress(item.ref.name)
        faults.point("after-load")


def _load(item: Planned, outcome: Extracted, engine: Engine, report: LoadReport) -> None:
    if _may_load(item, outcome, engine, report):
        doc, ref = outcome.doc, outcome.ref
        try:
            result: load.Outcome | Exception = load_document(
                engine, doc, outcome.extractions, ref, _prepared(outcome)
            )
        except Exception as exc:  # one document's failure must not lose the others
            result = exc
        _loaded(outcome, result, engine, report)


def _prepared(outcome: Extracted) -> Prepared | None:
    """The document's rows, made here when its extraction process did not make them; None
    when they cannot be made (the load tries again and reports why, E300)."""
    try:
        return outcome.rows()
    except Exception:
        return None


def _may_load(item: Planned, outcome: Extracted, engine: Engine, report: LoadReport) -> bool:
    """Record the document's warnings; False (reported) when it must not replace what was
    loaded before."""
    ref, doc = outcome.ref, outcome.doc
    assert isinstance(ref, FileRef)
    if doc.ocr_missing and item.known.ocr_pages and not item.known.ocr_missing:
        reason = (
            f"loaded earlier with {item.known.ocr_pages} OCR'd page(s); this run could not OCR "
            f"{doc.ocr_missing} page(s): not replaced by an emptier reading"
        )
        report.skipped.append((ref.name, reason))
        _record(engine, report, ref.key, doc.sha256, "W106", reason, "warning", ref.name)
        return False
    for code, w in doc.warnings:
        report.warnings.append((ref.name, w))
        _record(engine, report, ref.key, doc.sha256, code, w, "warning", ref.name)
    return True


def _loaded(
    outcome: Extracted, result: load.Outcome | Exception, engine: Engine, report: LoadReport
) -> None:
    """Count a document's load, or record its failure (E300)."""
    ref, doc = outcome.ref, outcome.doc
    assert isinstance(ref, FileRef)
    if isinstance(result, Exception):
        _fail(
            engine,
            report,
            ref,
            doc.sha256,
            "E300",
            f"{type(result).__name__}: {_first_line(result)}",
        )
        return
    report.count(result)
    rows = outcome.rows()  # made before the load
    report.deliberations += rows.deliberations
    for status, n in rows.findings.items():
        report.findings[status] = report.findings.get(status, 0) + n


def _fail(
    engine: Engine, report: LoadReport, ref: FileRef, sha: str, code: str, reason: str
) -> None:
    report.failed.append((ref.name, code, reason))
    _record(engine, report, ref.key, sha, code, reason, "error", ref.name)


def _record(
    engine: Engine,
    report: LoadReport,
    key: str,
    sha: str,
    code: str,
    reason: str,
    severity: str,
    name: str,
) -> None:
    problem = record_error(engine, key, sha, code, reason, severity, rel_path=name)
    if problem:
        report.warnings.append((name, problem))


def _first_line(exc: BaseException) -> str:
    orig = getattr(exc, "orig", None) or exc
    lines = str(orig).strip().splitlines()
    return lines[0] if lines else type(orig).__name__


def pending(engine: Engine) -> int:
    """How many keys the corpus pass still has to look at."""
    from schemas.tables import CorpusPendingRow

    with engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(CorpusPendingRow)).scalar_one())


def ocr_check(settings: Settings) -> Callable[[], bool]:
    """Whether this run can OCR, found out on first need: a run over text files never
    starts Tesseract to ask (it cost the loading process 0.8 s)."""
    answer: list[bool] = []

    def can_ocr() -> bool:
        if not answer:
            answer.append(settings.ocr and not _ocr_unavailable())
        return answer[0]

    return can_ocr


def _ocr_unavailable() -> str:
    from pipeline.pdf import ocr_unavailable

    return ocr_unavailable()
