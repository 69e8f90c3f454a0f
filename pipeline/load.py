"""Stage 3: load checked records into SQL, idempotently: new documents a batch per
transaction (`load_documents`), each table's rows for the batch in one statement straight to
the driver (`_bulk`); a known document, or a batch the database refuses, one transaction per
document. The rows come made (`pipeline.rows`), by the extraction process when there is one.

A document is the content at a path. Its content is known by its sha256; its paths are in
`document_paths` (the same content at two paths is one document with both paths).

- The same content with the same extractor version and the same records: "unchanged"
  (the path is recorded if it is new).
- A new extractor version, or records that differ: the document's rows are replaced
  ("updated").
- New content at a known path replaces the old content's rows when no other path holds it
  ("updated"); new content at a new path is "inserted".

Loading writes, in the same transaction, what the corpus pass must look at again
(`corpus_pending`): a run killed before that pass leaves the work to the next run.
Concurrent runs: a document another run loaded first counts as unchanged, never failed.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal

from sqlalchemy import Connection, Engine, Numeric, delete, func, insert, select, update
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError

from extractors import EXTRACTOR_VERSION, Extraction
from pipeline.paths import FileRef
from pipeline.rows import CHILDREN, COLUMNS, PERSON_COLUMNS, Prepared, Row, prepare
from pipeline.sources import Document
from schemas.tables import (
    Base,
    BeneficiaryRow,
    CorpusPendingRow,
    DeliberationRow,
    DocumentPathRow,
    DocumentRow,
    ImputationRow,
    IngestErrorRow,
    PersonRow,
)

Outcome = Literal["inserted", "updated", "unchanged"]


@dataclass
class LoadReport:
    files: int = 0
    deliberations: int = 0
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    failed: list[tuple[str, str, str]] = field(default_factory=list)  # path, code, reason
    warnings: list[tuple[str, str]] = field(default_factory=list)
    #: files not loaded on purpose (path, reason): a run that sees less than the stored one
    skipped: list[tuple[str, str]] = field(default_factory=list)
    #: documents removed because their files are gone (`--prune`)
    pruned: list[str] = field(default_factory=list)
    findings: dict[str, int] = field(default_factory=dict)
    corpus_findings: int | None = None
    #: the largest peak memory of an extraction process on one file (MiB), and that file
    peak_file_mb: float = 0.0
    peak_file: str = ""

    def count(self, outcome: Outcome) -> None:
        setattr(self, outcome, getattr(self, outcome) + 1)


@dataclass(frozen=True)
class Known:
    """What the database knows of a file's content and path before extracting it."""

    document_id: int | None = None
    extractor_version: str | None = None
    ocr_pages: int = 0
    ocr_missing: int = 0
    #: the document the file's path held, if any
    path_document_id: int | None = None


def lookup(engine: Engine, files: list[tuple[str, str]]) -> dict[str, Known]:
    """For (key, sha256) pairs: what the database knows, by key, in two queries."""
    if not files:
        return {}
    shas = sorted({sha for _, sha in files if sha})
    keys = sorted({key for key, _ in files})
    with engine.connect() as conn:
        docs = {
            r.sha256: r
            for r in conn.execute(
                select(
                    DocumentRow.id,
                    DocumentRow.sha256,
                    DocumentRow.extractor_version,
                    DocumentRow.ocr_pages,
                    DocumentRow.ocr_missing,
                ).where(DocumentRow.sha256.in_(shas))
            )
        }
        paths = dict(
            conn.execute(
                select(DocumentPathRow.key, DocumentPathRow.document_id).where(
                    DocumentPathRow.key.in_(keys)
                )
            ).all()
        )
    out = {}
    for key, sha in files:
        d = docs.get(sha)
        out[key] = Known(
            d.id if d else None,
            d.extractor_version if d else None,
            d.ocr_pages if d else 0,
            d.ocr_missing if d else 0,
            paths.get(key),
        )
    return out


def _retrying(fn: Any, *args: Any) -> Any:
    """Run a loading transaction; once more when a concurrent run inserted the same
    document or path first (the second attempt sees it and finds it unchanged)."""
    for attempt in range(3):
        try:
            return fn(*args)
        except IntegrityError:
            if attempt == 2:
                raise
        except OperationalError as exc:  # SQLite "database is locked" past the busy timeout
            if "locked" not in str(exc) or attempt == 2:
                raise
    raise AssertionError("unreachable")


def load_document(
    engine: Engine,
    doc: Document,
    extractions: list[Extraction],
    ref: FileRef | None = None,
    prepared: Prepared | None = None,
) -> Outcome:
    """Load one document's deliberations in one transaction; record its path. `prepared`:
    what `rows.prepare(extractions)` gives, when the extraction process made it."""
    return _retrying(_load, engine, doc, ref, prepared or prepare(extractions))


def _load(
    engine: Engine,
    doc: Document,
    ref: FileRef | None,
    prepared: Prepared,
) -> Outcome:
    digest = prepared.digest
    with engine.begin() as conn:
        existing = conn.execute(
            select(DocumentRow.id, DocumentRow.extractor_version, DocumentRow.records_hash).where(
                DocumentRow.sha256 == doc.sha256
            )
        ).first()
        if (
            existing
            and existing.extractor_version == EXTRACTOR_VERSION
            and existing.records_hash == digest
        ):
            moved = _attach_path(conn, existing.id, ref, doc)
            return "updated" if moved else "unchanged"
        values = _document_values(doc, prepared.deliberations, digest)
        if existing:
            doc_id = existing.id
            _mark_document_pending(conn, doc_id)
            conn.execute(delete(DeliberationRow).where(DeliberationRow.document_id == doc_id))
            conn.execute(delete(PersonRow).where(PersonRow.document_id == doc_id))
            conn.execute(update(DocumentRow).where(DocumentRow.id == doc_id).values(**values))
        else:
            doc_id = conn.execute(
                insert(DocumentRow).returning(DocumentRow.id), {"sha256": doc.sha256, **values}
            ).scalar_one()
        _insert_rows(conn, [(doc_id, prepared)])
        _mark_document_pending(conn, doc_id)
        moved = _attach_path(conn, doc_id, ref, doc)
        return "updated" if existing or moved else "inserted"


#: one document to load: the document, its extractions, its file (None: no path recorded)
#: and its rows (`rows.prepare`; None: made here from the extractions)
Item = tuple[Document, list[Extraction], FileRef | None, Prepared | None]
#: a document, its file and its rows
_Ready = tuple[Document, FileRef | None, Prepared]


def load_documents(engine: Engine, items: list[Item]) -> list[Outcome | Exception]:
    """Load several documents in one transaction, each table's rows for all of them in one
    statement: what `load_document` does for each, in a few statements for the lot instead
    of about twenty per document. A document already known by its content, or a batch the
    database refuses (a concurrent run inserted one of them first), is loaded document by
    document instead, each in its own transaction: one document's failure loses nothing of
    the others. The outcome of each item, in order, or the exception it failed with."""
    ready: list[_Ready] = []
    for doc, xs, ref, prepared in items:
        try:
            ready.append((doc, ref, prepared or prepare(xs)))
        except Exception:  # reported by its own load below (E300), the others one by one
            break
    if len(ready) == len(items) > 1:
        try:
            batched = _retrying(_load_new, engine, ready)
        except Exception:
            batched = None
        if batched is not None:
            return batched
    out: list[Outcome | Exception] = []
    for i, (doc, xs, ref, prepared) in enumerate(items):
        try:
            made = ready[i][2] if i < len(ready) else prepared
            out.append(load_document(engine, doc, xs, ref, made))
        except Exception as exc:
            out.append(exc)
    return out


def _load_new(
    engine: Engine,
    items: list[_Ready],
) -> list[Outcome | Exception] | None:
    """Documents none of which is in the database yet (else None, nothing written), in one
    transaction; a content met twice in the batch is one document with both paths."""
    with engine.begin() as conn:
        shas = sorted({doc.sha256 for doc, _, _ in items})
        if conn.execute(select(DocumentRow.id).where(DocumentRow.sha256.in_(shas))).first():
            return None
        first: dict[str, int] = {}  # sha256 -> index of the item that inserts it
        for i, (doc, _, _) in enumerate(items):
            first.setdefault(doc.sha256, i)
        new = [items[i] for i in sorted(first.values())]
        _many(
            conn,
            DocumentRow,
            [
                {"sha256": doc.sha256, **_document_values(doc, p.deliberations, p.digest)}
                for doc, _, p in new
            ],
        )
        ids = dict(
            conn.execute(
                select(DocumentRow.sha256, DocumentRow.id).where(DocumentRow.sha256.in_(shas))
            ).all()
        )
        _insert_rows(conn, [(ids[doc.sha256], p) for doc, _, p in new])
        _mark_documents_pending(conn, sorted(ids.values()))
        moves = _attach_paths(conn, [(ids[doc.sha256], ref, doc) for doc, ref, _ in items])
        out: list[Outcome | Exception] = []
        for i, ((doc, _, _), moved) in enumerate(zip(items, moves, strict=True)):
            if first[doc.sha256] != i:  # loaded by an earlier item of the batch
                out.append("updated" if moved else "unchanged")
            else:
                out.append("updated" if moved else "inserted")
        return out


def _attach_paths(
    conn: Connection, items: list[tuple[int, FileRef | None, Document | None]]
) -> list[bool]:
    """`_attach_path` for each (document id, file, document): the paths no row holds yet in
    one statement, their earlier failures cleared in one; the others one by one."""
    keys = [ref.key for _, ref, _ in items if ref is not None and ref.walked == ref.key]
    known = set(
        conn.execute(select(DocumentPathRow.key).where(DocumentPathRow.key.in_(keys))).scalars()
    )
    fresh = [
        (doc_id, ref)
        for doc_id, ref, _ in items
        if ref is not None and ref.walked == ref.key and ref.key not in known
    ]
    if len({ref.key for _, ref in fresh}) < len(fresh):  # a path twice: one by one
        fresh = []
    _many(
        conn,
        DocumentPathRow,
        [
            {"document_id": d, "key": ref.key, "root": ref.root_shown, "rel_path": ref.name}
            for d, ref in fresh
        ],
    )
    if fresh:
        _clear_errors(conn, *(ref for _, ref in fresh))
    done = {id(ref) for _, ref in fresh}
    return [
        False if id(ref) in done else _attach_path(conn, doc_id, ref, doc)
        for doc_id, ref, doc in items
    ]


def _document_values(doc: Document, n_deliberations: int, digest: str) -> dict[str, Any]:
    """A document's row, its sha256 and id aside."""
    return {
        "path": doc.path,
        "media_type": doc.media_type,
        "encoding": doc.encoding,
        "size": doc.size,
        "text": doc.text,
        "extractor_version": EXTRACTOR_VERSION,
        "records_hash": digest,
        "n_deliberations": n_deliberations,
        "ocr_pages": len(doc.ocr_pages),
        "ocr_missing": doc.ocr_missing,
    }


def attach_unchanged(engine: Engine, document_id: int, ref: FileRef, doc_name: str) -> Outcome:
    """A file whose content is loaded already: record its path; "updated" when the path
    held another content before (that content's rows go when no other path holds them)."""

    def run() -> Outcome:
        with engine.begin() as conn:
            if not _lock_document(conn, document_id, exclusive=False):
                raise DocumentGone(document_id)
            moved = _attach_path(conn, document_id, ref, None)
            return "updated" if moved else "unchanged"

    return _retrying(run)


def _attach_path(conn: Connection, doc_id: int, ref: FileRef | None, doc: Document | None) -> bool:
    """Point the file's path at `doc_id`; True when it pointed at another document before
    (replaced). That document is deleted by `drop_orphans` at the end of the run when no
    path is left to it, not here: two files that swapped their contents would otherwise
    lose the second one's document before its path moves to it."""
    if ref is None:
        return False
    if ref.walked != ref.key:  # the row an earlier version keyed by the unresolved path
        conn.execute(delete(DocumentPathRow).where(DocumentPathRow.key == ref.walked))
        conn.execute(delete(IngestErrorRow).where(IngestErrorRow.path == ref.walked))
    row = conn.execute(
        select(
            DocumentPathRow.id,
            DocumentPathRow.document_id,
            DocumentPathRow.root,
            DocumentPathRow.rel_path,
        ).where(DocumentPathRow.key == ref.key)
    ).first()
    if row is None:
        conn.execute(
            insert(DocumentPathRow),
            {"document_id": doc_id, "key": ref.key, "root": ref.root_shown, "rel_path": ref.name},
        )
        _clear_errors(conn, ref)
        return False
    if row.document_id == doc_id:
        if (row.root, row.rel_path) != (ref.root_shown, ref.name):
            conn.execute(
                update(DocumentPathRow)
                .where(DocumentPathRow.id == row.id)
                .values(root=ref.root_shown, rel_path=ref.name)
            )
        _clear_errors(conn, ref)
        return False
    conn.execute(
        update(DocumentPathRow)
        .where(DocumentPathRow.id == row.id)
        .values(document_id=doc_id, root=ref.root_shown, rel_path=ref.name)
    )
    _clear_errors(conn, ref)
    return True


def _name_after_a_path(conn: Connection, doc_id: int) -> None:
    """A document whose name (`documents.path`, each record's `source.file`) is no longer
    one of its paths (the file was renamed, then the old name pruned) takes the name of a
    path it has; its sessions go to the corpus pass, whose findings quote names."""
    name = conn.execute(select(DocumentRow.path).where(DocumentRow.id == doc_id)).scalar()
    paths = (
        conn.execute(
            select(DocumentPathRow.rel_path)
            .where(DocumentPathRow.document_id == doc_id)
            .order_by(DocumentPathRow.key)
        )
        .scalars()
        .all()
    )
    if not paths or name in paths:
        return
    new = paths[0]
    conn.execute(update(DocumentRow).where(DocumentRow.id == doc_id).values(path=new))
    for did, record in conn.execute(
        select(DeliberationRow.id, DeliberationRow.record_json).where(
            DeliberationRow.document_id == doc_id
        )
    ).all():
        data = json.loads(record)
        if isinstance(data.get("source"), dict):
            data["source"]["file"] = new
        conn.execute(
            update(DeliberationRow)
            .where(DeliberationRow.id == did)
            .values(record_json=json.dumps(data, sort_keys=True, ensure_ascii=False))
        )
    _mark_document_pending(conn, doc_id)


def drop_orphans(engine: Engine) -> int:
    """Delete the documents no path holds any more (a path moved to another content, a run
    killed after that), their sessions to the corpus pass; returns how many."""

    def run() -> int:
        with engine.begin() as conn:
            ids = (
                conn.execute(
                    select(DocumentRow.id).where(
                        ~select(DocumentPathRow.id)
                        .where(DocumentPathRow.document_id == DocumentRow.id)
                        .exists()
                    )
                )
                .scalars()
                .all()
            )
            return sum(drop_if_orphan(conn, i) for i in ids)

    return int(_retrying(run))


class DocumentGone(Exception):
    """The document a file was to join was deleted meanwhile (by another run's end)."""


def _lock_document(conn: Connection, doc_id: int, exclusive: bool) -> bool:
    """Lock a document's row (PostgreSQL: FOR UPDATE, or FOR SHARE to attach a path to it;
    SQLite serialises writers anyway); False when it no longer exists."""
    row = conn.execute(
        select(DocumentRow.id).where(DocumentRow.id == doc_id).with_for_update(read=not exclusive)
    ).first()
    return row is not None


def drop_if_orphan(conn: Connection, doc_id: int) -> bool:
    """Delete a document no path holds any more (its sessions go to the corpus pass). Its
    row is locked first: a run attaching a path to it meanwhile either finishes first (the
    path is then counted) or finds it gone (`DocumentGone`) and loads the file again."""
    if not _lock_document(conn, doc_id, exclusive=True):
        return False
    left = conn.execute(
        select(func.count())
        .select_from(DocumentPathRow)
        .where(DocumentPathRow.document_id == doc_id)
    ).scalar_one()
    if left:
        return False
    _mark_document_pending(conn, doc_id)
    conn.execute(delete(DocumentRow).where(DocumentRow.id == doc_id))
    return True


def _clear_errors(conn: Connection, *refs: FileRef) -> None:
    """Files now loaded: their earlier failures are history."""
    conn.execute(
        delete(IngestErrorRow).where(
            IngestErrorRow.path.in_([ref.key for ref in refs]), IngestErrorRow.severity == "error"
        )
    )


def body_key(authority: str | None, body: str | None) -> str:
    return f"{authority or ''}|{body or ''}"


def _mark_document_pending(conn: Connection, doc_id: int) -> None:
    """The bodies and beneficiaries of a document go to the corpus pass's list."""
    _mark_documents_pending(conn, [doc_id])


def _mark_documents_pending(conn: Connection, doc_ids: list[int]) -> None:
    """The bodies and beneficiaries of these documents go to the corpus pass's list."""
    bodies = conn.execute(
        select(DeliberationRow.authority_name, DeliberationRow.body)
        .where(DeliberationRow.document_id.in_(doc_ids))
        .distinct()
    ).all()
    names = conn.execute(
        select(func.lower(BeneficiaryRow.name))
        .join(DeliberationRow, DeliberationRow.id == BeneficiaryRow.deliberation_id)
        .where(DeliberationRow.document_id.in_(doc_ids))
        .distinct()
    ).scalars()
    mark_pending(
        conn,
        [("body", body_key(a, b)) for a, b in bodies] + [("beneficiary", n) for n in names],
    )


def mark_pending(conn: Connection, keys: Iterable[tuple[str, str]]) -> None:
    """Add (kind, key) pairs to the corpus pass's list (each once)."""
    wanted = sorted(set(keys))
    if not wanted:
        return
    present = set(
        conn.execute(
            select(CorpusPendingRow.kind, CorpusPendingRow.key).where(
                CorpusPendingRow.key.in_([k for _, k in wanted])
            )
        ).all()
    )
    rows = [{"kind": kind, "key": key} for kind, key in wanted if (kind, key) not in present]
    if rows:
        _many(conn, CorpusPendingRow, rows)


def _insert_rows(conn: Connection, docs: list[tuple[int, Prepared]]) -> None:
    """The rows of documents (id, rows made by `rows.prepare`): each table's rows for all of
    them in one statement (`_bulk`), in the order of the documents and of their rows, the
    references to other rows of the same document turned into those rows' ids."""
    ids = [doc_id for doc_id, _ in docs]
    _bulk(
        conn,
        "persons",
        ("document_id", *COLUMNS["persons"]),
        [(doc_id, *r) for doc_id, p in docs for r in p.rows.get("persons", ())],
    )
    persons: dict[int, dict[str, int]] = {doc_id: {} for doc_id in ids}
    for found in conn.execute(
        select(PersonRow.id, PersonRow.document_id, PersonRow.person_key).where(
            PersonRow.document_id.in_(ids)
        )
    ):
        persons[found.document_id][found.person_key] = found.id
    docs = [(doc_id, p) for doc_id, p in docs if p.deliberations]
    if not docs:
        return
    _bulk(
        conn,
        "deliberations",
        ("document_id", *COLUMNS["deliberations"]),
        [(doc_id, *r) for doc_id, p in docs for r in p.rows["deliberations"]],
    )
    deliberation: dict[tuple[int, int], int] = {
        (r.document_id, r.segment_index): r.id
        for r in conn.execute(
            select(
                DeliberationRow.document_id, DeliberationRow.segment_index, DeliberationRow.id
            ).where(DeliberationRow.document_id.in_([doc_id for doc_id, _ in docs]))
        )
    }
    for table in CHILDREN:
        refs = PERSON_COLUMNS.get(table, ())
        out: list[Row] = []
        for doc_id, p in docs:
            named = persons[doc_id]
            for made in p.rows.get(table, ()):
                row = list(made)
                row[0] = deliberation[(doc_id, row[0])]
                for c in refs:
                    row[c] = named[row[c]]
                out.append(tuple(row))
        _bulk(conn, table, COLUMNS[table], out)
        if table == "imputations" and out:
            _insert_phasing(conn, docs, deliberation)


def _insert_phasing(
    conn: Connection, docs: list[tuple[int, Prepared]], deliberation: dict[tuple[int, int], int]
) -> None:
    """The phasing lines of the imputations just loaded (each points to its imputation by
    its index among the document's imputations)."""
    found = {
        (r.deliberation_id, r.position): r.id
        for r in conn.execute(
            select(ImputationRow.id, ImputationRow.deliberation_id, ImputationRow.position).where(
                ImputationRow.deliberation_id.in_(list(deliberation.values()))
            )
        )
    }
    out: list[Row] = []
    for doc_id, p in docs:
        imputations = [
            found[(deliberation[(doc_id, r[0])], r[1])] for r in p.rows.get("imputations", ())
        ]
        out += [(imputations[r[0]], *r[1:]) for r in p.rows.get("phasing_lines", ())]
    _bulk(conn, "phasing_lines", COLUMNS["phasing_lines"], out)


def _many(conn: Connection, table: Any, rows: list[dict[str, Any]]) -> None:
    if rows:
        conn.execute(insert(table), rows)


def _bulk(conn: Connection, table: str, columns: tuple[str, ...], rows: list[Row]) -> None:
    """Insert rows (tuples in the order of `columns`) in one statement, straight to the
    driver: on SQLite one `executemany` of a statement compiled once, on PostgreSQL (psycopg)
    one COPY; elsewhere through SQLAlchemy. Each column's value is converted as SQLAlchemy
    would (`_statement`), so the rows stored are the same."""
    if not rows:
        return
    dialect = conn.dialect
    sql, converters, order = _statement(dialect, table, columns)
    if sql is None:
        conn.execute(
            insert(Base.metadata.tables[table]), [dict(zip(columns, r, strict=True)) for r in rows]
        )
        return
    if converters:
        rows = [_converted(r, converters) for r in rows]
    if order is not None:
        rows = [tuple(r[i] for i in order) for r in rows]
    if dialect.name == "postgresql":
        driver = conn.connection.driver_connection
        dbapi = dialect.loaded_dbapi
        try:
            with driver.cursor() as cur, cur.copy(sql) as copy:  # type: ignore[union-attr]
                for r in rows:
                    copy.write_row(r)
        except dbapi.Error as exc:  # as SQLAlchemy raises it (IntegrityError, ...)
            raise DBAPIError.instance(sql, None, exc, dbapi.Error, dialect=dialect) from exc
    else:
        conn.exec_driver_sql(sql, rows)


def _converted(row: Row, converters: tuple[tuple[int, Any], ...]) -> Row:
    out = list(row)
    for i, convert in converters:
        if out[i] is not None:
            out[i] = convert(out[i])
    return tuple(out)


def _float8_numeric(value: float) -> Decimal:
    """A float as PostgreSQL turns a float8 parameter into a numeric (15 significant
    digits, then the column's scale): what an INSERT stored, which COPY's text would not
    (1.0049999999999997 into NUMERIC(16, 2): 1.01, not 1.00)."""
    return Decimal(f"{value:.15g}")


@functools.lru_cache(maxsize=256)
def _statement(
    dialect: Any, table: str, columns: tuple[str, ...]
) -> tuple[str | None, tuple[tuple[int, Any], ...], tuple[int, ...] | None]:
    """The statement that inserts rows of `columns` into `table` on this dialect (None:
    through SQLAlchemy, which converts the values itself), the conversions SQLAlchemy
    applies to their values (column index, function: SQLite stores a date as text, a
    numeric as a float; PostgreSQL takes a float for a numeric as a float8), and the order
    of the statement's parameters among `columns` (None: the same)."""
    t = Base.metadata.tables[table]
    compiled = insert(t).compile(dialect=dialect, column_keys=list(columns))
    processors = compiled._bind_processors
    converters = tuple(
        (i, processors[name]) for i, name in enumerate(columns) if processors.get(name)
    )
    if dialect.name == "sqlite" and compiled.positional:
        params = list(compiled.positiontup or ())
        if sorted(params) != sorted(columns):
            return None, (), None
        order = tuple(columns.index(name) for name in params)
        return str(compiled), converters, None if params == list(columns) else order
    if dialect.name == "postgresql" and dialect.driver == "psycopg" and not converters:
        numeric = tuple(
            (i, _float8_numeric)
            for i, name in enumerate(columns)
            if isinstance(t.c[name].type, Numeric)
        )
        q = dialect.identifier_preparer.quote
        listed = ", ".join(q(c) for c in columns)
        return f"COPY {q(table)} ({listed}) FROM STDIN", numeric, None
    return None, (), None


def record_error(
    engine: Engine,
    path: str,
    sha256: str,
    code: str,
    reason: str,
    severity: str = "error",
    rel_path: str | None = None,
) -> str | None:
    """Record a file that failed (or loaded with a warning), once per (path, sha, code).

    Never raises: a failure to record is returned as text (the caller reports it), so that
    recording an error can never stop a run."""
    try:
        _retrying(_record_error, engine, path, sha256, code, reason, severity, rel_path)
    except Exception as exc:
        return f"could not record {code} for {path}: {type(exc).__name__}: {exc}"
    return None


def _record_error(
    engine: Engine,
    path: str,
    sha256: str,
    code: str,
    reason: str,
    severity: str,
    rel_path: str | None,
) -> None:
    with engine.begin() as conn:
        conn.execute(
            delete(IngestErrorRow).where(
                IngestErrorRow.path == path,
                IngestErrorRow.sha256 == sha256,
                IngestErrorRow.code == code,
            )
        )
        conn.execute(
            insert(IngestErrorRow),
            {
                "path": path,
                "rel_path": rel_path,
                "sha256": sha256,
                "code": code,
                "severity": severity,
                "reason": reason,
            },
        )


def prune(engine: Engine, roots: list[str], exists: Any) -> list[str]:
    """Remove the paths under `roots` whose files are gone, and the documents no path holds
    any more; return the paths removed. `exists(key)` tells whether a file is there."""
    from pipeline.paths import under

    gone: list[tuple[int, str]] = []
    with engine.connect() as conn:
        for row in conn.execute(
            select(
                DocumentPathRow.id,
                DocumentPathRow.key,
                DocumentPathRow.root,
                DocumentPathRow.rel_path,
            ).order_by(DocumentPathRow.key)
        ):
            # the path as it was walked: a file reached through a folder link is gone when
            # the link is, wherever its key points
            walked = row.root.rstrip("/") + "/" + row.rel_path if row.rel_path else row.key
            if any(under(row.key, r) or under(walked, r) for r in roots) and not (
                exists(walked) and exists(row.key)
            ):
                gone.append((row.id, row.key))
    removed = []
    for path_id, key in gone:

        def run(path_id: int = path_id) -> None:
            with engine.begin() as conn:
                doc_id = conn.execute(
                    select(DocumentPathRow.document_id).where(DocumentPathRow.id == path_id)
                ).scalar()
                if doc_id is None:
                    return  # another run pruned it
                conn.execute(delete(DocumentPathRow).where(DocumentPathRow.id == path_id))
                if not drop_if_orphan(conn, doc_id):
                    _name_after_a_path(conn, doc_id)

        _retrying(run)
        removed.append(key)
    return removed
