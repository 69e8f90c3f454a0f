"""Documents loaded a batch per transaction give the rows one transaction per document
gives; one document's failure loses nothing of the others; nothing waits long unloaded."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.exc import IntegrityError

from extractors import Extraction
from pipeline import ingest as ing
from pipeline import load
from pipeline.db import connect
from pipeline.paths import FileRef, walk
from pipeline.rows import Prepared, prepare
from pipeline.settings import Settings
from pipeline.worker import Extracted, extract_file
from tests.conftest import REALDOCS, SEEDS, _reset_pg

#: every table a load writes, each read in the order of its ids
TABLES = (
    "documents",
    "document_paths",
    "persons",
    "deliberations",
    "topics",
    "program_codes",
    "imputations",
    "phasing_lines",
    "stated_totals",
    "vote_groups",
    "attendance",
    "proxies",
    "beneficiaries",
    "legal_references",
    "findings",
    "provenance_spans",
)


def _extracted(folder: Path) -> list[Extracted]:
    out = []
    for ref in walk([folder], Settings().suffixes):
        assert isinstance(ref, FileRef)
        got = extract_file(ref, Settings(ocr=False))
        assert isinstance(got, Extracted), got
        out.append(got)
    return out


@pytest.fixture(scope="module")
def extracted(tmp_path_factory: pytest.TempPathFactory) -> list[Extracted]:
    """The seeds and the real texts, one of them twice (the same content at two paths)."""
    folder = tmp_path_factory.mktemp("batch")
    for p in [*SEEDS.glob("*.txt"), *sorted(REALDOCS.glob("1*.txt"))]:
        shutil.copy(p, folder / p.name)
    first = sorted(folder.iterdir())[0]
    shutil.copy(first, folder / ("zz_copy_of_" + first.name))
    return _extracted(folder)


def _rows(engine: Engine) -> dict[str, list[tuple[object, ...]]]:
    with engine.connect() as conn:
        return {
            t: [tuple(r) for r in conn.execute(text(f"SELECT * FROM {t} ORDER BY id"))]
            for t in TABLES
        }


def _items(extracted: list[Extracted]) -> list[load.Item]:
    return [(x.doc, x.extractions, x.ref, x.prepared) for x in extracted]


def _fresh(db_url: str) -> Engine:
    """An empty database at `db_url` (the SQLite file removed, the PostgreSQL schema reset)."""
    if db_url.startswith("sqlite:///"):
        Path(db_url.removeprefix("sqlite:///")).unlink(missing_ok=True)
    else:
        engine = connect(db_url, migrate=False)
        _reset_pg(engine)
        engine.dispose()
    return connect(db_url)


def test_a_batch_gives_the_rows_of_one_transaction_per_document(
    extracted: list[Extracted], db_url: str
) -> None:
    items = _items(extracted)
    one = _fresh(db_url)
    each = [load.load_document(one, *item) for item in items]
    rows = _rows(one)
    one.dispose()
    many = _fresh(db_url)
    batched = load.load_documents(many, items[:5]) + load.load_documents(many, items[5:])
    assert batched == each
    assert each.count("unchanged") == 1 and each[-1] == "unchanged"  # the copy: one document
    assert _rows(many) == rows
    # again: every document is known, so each is loaded on its own, unchanged
    assert load.load_documents(many, items) == ["unchanged"] * len(items)
    many.dispose()


def test_one_failing_document_loses_nothing_of_its_batch(
    extracted: list[Extracted], db_url: str
) -> None:
    engine = _fresh(db_url)
    items = _items(extracted[:5])
    bad = items[2][0].sha256
    rows = items[2][3] or prepare(items[2][1])
    finding = rows.rows["findings"][0]
    refused = {**rows.rows, "findings": [(*finding[:2], "no such status", *finding[3:])]}
    items[2] = (*items[2][:3], replace(rows, rows=refused))
    results = load.load_documents(engine, items)
    assert [isinstance(r, IntegrityError) for r in results] == [False, False, True, False, False]
    with engine.connect() as conn:
        shas = set(conn.execute(text("SELECT sha256 FROM documents")).scalars())
    assert shas == {x.doc.sha256 for x in extracted[:5]} - {bad}
    engine.dispose()


def test_rows_sent_straight_to_the_driver_are_those_sqlalchemy_stores(
    extracted: list[Extracted], db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Rows go to the driver as they are (SQLite: one executemany, PostgreSQL: COPY),
    converted as SQLAlchemy converts them: the tables are those of an insert through it
    (amounts and scores whose shortest form has 17 digits included: PostgreSQL rounds a
    float8 parameter to 15 before the column's scale)."""
    items = [(doc, xs, ref, made or prepare(xs)) for doc, xs, ref, made in _items(extracted)]
    i = next(i for i, it in enumerate(items) if it[3] and it[3].rows.get("beneficiaries"))
    rows = items[i][3]
    assert rows is not None
    first, *others = rows.rows["beneficiaries"]
    odd = (*first[:3], 1.0049999999999997, *first[4:8], 0.0004999999999999999, *first[9:])
    items[i] = (*items[i][:3], replace(rows, rows={**rows.rows, "beneficiaries": [odd, *others]}))
    straight = _fresh(db_url)
    load.load_documents(straight, items)
    rows = _rows(straight)
    straight.dispose()
    monkeypatch.setattr(load, "_statement", lambda *_: (None, (), None))  # through SQLAlchemy
    through = _fresh(db_url)
    load.load_documents(through, items)
    assert _rows(through) == rows
    assert sum(len(r) for r in rows.values()) > 3000
    assert [t for t, r in rows.items() if not r] == []  # every table, with dates and amounts
    through.dispose()


def test_rows_made_by_the_extraction_processes_are_those_made_here(tmp_path: Path) -> None:
    """With workers, each document comes with its rows and without its extractions: the
    tables are those of a run that makes the rows in the loading process."""
    from pipeline.pool import Pool

    folder = tmp_path / "in"
    folder.mkdir()
    for p in [*SEEDS.glob("*.txt"), *sorted(REALDOCS.glob("1*.txt"))]:
        shutil.copy(p, folder / p.name)
    refs = [r for r in walk([folder], Settings().suffixes) if isinstance(r, FileRef)]
    with Pool[FileRef](Settings(workers=1), lambda r: r, rows_only=True) as pool:
        (_, sent), *_ = pool.imap(refs[:1])
    assert isinstance(sent, Extracted) and sent.extractions == []
    assert sent.prepared is not None and sent.prepared.deliberations > 0
    tables = {}
    for workers in (2, 0):
        engine = connect(f"sqlite:///{tmp_path / f'{workers}.sqlite'}")
        report = ing.ingest([folder], engine, Settings(workers=workers, ocr=False))
        assert report.inserted == len(refs) and not report.failed
        tables[workers] = _rows(engine)
        engine.dispose()
    assert tables[2] == tables[0]


def test_a_document_waits_for_its_batch_only_while_others_come_fast(
    extracted: list[Extracted], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    engine = connect(f"sqlite:///{tmp_path / 'db.sqlite'}")
    report = load.LoadReport()
    loader = ing.Loader(engine, report)
    clock = [1000.0]
    monkeypatch.setattr(ing.time, "monotonic", lambda: clock[0])
    loader.last = clock[0]

    def count() -> int:
        with engine.connect() as conn:
            return int(conn.execute(text("SELECT count(*) FROM documents")).scalar_one())

    def add(x: Extracted) -> None:
        loader.add(ing.Planned(x.ref, x.doc.sha256), x)

    add(extracted[0])
    add(extracted[1])
    assert count() == 0 and len(loader.waiting) == 2  # they came fast: they wait
    clock[0] += ing.LOAD_WAIT / 2
    loader.due()
    assert count() == 0
    clock[0] += ing.LOAD_WAIT
    loader.due()  # waited long enough while the workers work
    assert count() == 2 and not loader.waiting
    clock[0] += ing.LOAD_WAIT * 3
    add(extracted[2])  # took long to come: loaded at once
    assert count() == 3
    monkeypatch.setattr(ing, "LOAD_BATCH", 4)
    for x in extracted[3:6]:
        add(x)
    assert count() == 3 and len(loader.waiting) == 3
    add(extracted[6])  # a full batch
    assert count() == 7 and not loader.waiting
    for x in extracted[7:]:
        add(x)
    loader.flush()
    assert (report.inserted, report.unchanged) == (len(extracted) - 1, 1) == (count(), 1)


def test_a_batch_with_an_edited_file_replaces_its_old_version(
    extracted: list[Extracted], tmp_path: Path
) -> None:
    """New content at a known path, in a batch with new files: the path moves to the new
    content ("updated"), the old content goes once no path holds it."""
    import dataclasses

    engine = connect(f"sqlite:///{tmp_path / 'db.sqlite'}")
    first, second, third = extracted[0], extracted[1], extracted[2]
    load.load_documents(engine, _items([first, second]))
    edited_doc = dataclasses.replace(first.doc, sha256="0" * 64, text=first.doc.text + "\n")
    edited = dataclasses.replace(first, doc=edited_doc)
    assert load.load_documents(engine, _items([edited, third])) == ["updated", "inserted"]
    assert load.drop_orphans(engine) == 1
    with engine.connect() as conn:
        held = dict(
            conn.execute(
                text(
                    "SELECT p.key, d.sha256 FROM document_paths p "
                    "JOIN documents d ON d.id = p.document_id"
                )
            ).all()
        )
    assert held == {
        first.ref.key: "0" * 64,
        second.ref.key: second.doc.sha256,
        third.ref.key: third.doc.sha256,
    }


def test_a_batch_takes_a_few_statements_whatever_its_size(
    extracted: list[Extracted], tmp_path: Path
) -> None:
    """About twenty statements per document, one transaction each: a batch takes a few
    dozen for all of its documents."""
    from sqlalchemy import event

    def executions(engine: Engine, run: object) -> int:
        n = [0]
        event.listen(engine, "before_cursor_execute", lambda *_: n.__setitem__(0, n[0] + 1))
        run()  # type: ignore[operator]
        return n[0]

    items = _items(extracted)
    one = connect(f"sqlite:///{tmp_path / 'one.sqlite'}")
    each = executions(one, lambda: [load.load_document(one, *item) for item in items])
    many = connect(f"sqlite:///{tmp_path / 'many.sqlite'}")
    batched = executions(many, lambda: load.load_documents(many, items))
    assert each >= 15 * len(items)
    assert batched <= 40, batched  # 28 for these 16 documents, 282 one by one


def test_extracting_in_this_process_holds_no_document_long_unloaded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With `--workers 0` the pool extracts here and never waited for workers: documents
    coming every 0.9 s each waited for a batch of 16 (14 s unloaded, lost to a kill)."""
    import pipeline.pool

    folder = tmp_path / "in"
    folder.mkdir()
    for p in [*SEEDS.glob("*.txt"), *sorted(REALDOCS.glob("1*.txt"))][:8]:
        shutil.copy(p, folder / p.name)
    clock = [1000.0]
    monkeypatch.setattr(ing.time, "monotonic", lambda: clock[0])
    real_extract, real_load = pipeline.pool.extract_file, load.load_documents
    added: list[float] = []
    waited: list[float] = []

    def slow_extract(ref: FileRef, settings: Settings) -> object:
        clock[0] += 0.9
        added.append(clock[0])
        return real_extract(ref, settings)

    def timed_load(engine: Engine, items: list[load.Item]) -> list[object]:
        start = len(waited)
        waited.extend([clock[0] - added[start + i] for i in range(len(items))])
        return real_load(engine, items)  # type: ignore[return-value]

    monkeypatch.setattr(pipeline.pool, "extract_file", slow_extract)
    monkeypatch.setattr(load, "load_documents", timed_load)
    report = ing.ingest(
        [folder], connect(f"sqlite:///{tmp_path / 'db.sqlite'}"), Settings(workers=0)
    )
    assert report.inserted == 8 and len(waited) == 8
    assert max(waited) <= ing.LOAD_WAIT + 0.9, waited


def test_a_record_that_cannot_be_serialised_fails_alone(
    extracted: list[Extracted], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The loader makes the rows the extraction process could not: a failure there was
    raised out of the batch, and the run stopped with nothing of it loaded."""
    bad = extracted[1].extractions
    real = load.prepare

    def refuse(xs: list[Extraction]) -> Prepared:
        if xs is bad:
            raise ValueError("a record that cannot be serialised")
        return real(xs)

    monkeypatch.setattr(load, "prepare", refuse)
    engine = connect(f"sqlite:///{tmp_path / 'db.sqlite'}")
    items = [(x.doc, x.extractions, x.ref, None) for x in extracted[:4]]
    results = load.load_documents(engine, items)
    assert [type(r).__name__ for r in results] == ["str", "ValueError", "str", "str"]


def test_the_warm_up_extracts_its_sample_as_one_deliberation() -> None:
    """The server the workers are forked from extracts `pipeline.warm.SAMPLE` so that each
    worker starts with what the extractors build on first use: the sample must keep
    reaching them (a sample the extractors no longer read would warm nothing, silently)."""
    from pipeline import territory
    from pipeline.pool import PRELOAD
    from pipeline.warm import warm

    assert "pipeline.warm" in PRELOAD
    territory._places.cache_clear()
    territory._link.cache_clear()
    assert warm() == 1
    assert territory._places.cache_info().currsize > 0  # the beneficiary commune was linked
